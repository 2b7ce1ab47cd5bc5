"""figures: set-based reference checks on PostgreSQL, unit-first unique key

A figure's indicator and unit were checked by foreign keys, one lookup and lock per written row:
half the time of writing a million imported figures. On PostgreSQL, statement triggers now check
(and lock, FOR KEY SHARE, as a foreign key does) each distinct indicator and unit a statement
writes, once; triggers on indicator and org_unit refuse to delete (or renumber) what figures
reference, as NO ACTION did. SQLite keeps its foreign keys. The unique key leads with the unit,
which makes the separate index on org_unit_id redundant.

Revision ID: k1figures01
Revises: j1staging01
Create Date: 2026-11-25 21:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'k1figures01'
down_revision: str | None = 'j1staging01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KEY = ['indicator_id', 'org_unit_id', 'period', 'category_code']
NEW_KEY = ['org_unit_id', 'period', 'indicator_id', 'category_code']
REFERENCES = {'indicator': 'indicator_id', 'org_unit': 'org_unit_id'}

# Written rows arrive as a transition table: one pass finds the distinct ids, one statement per
# referenced table locks them; fewer locked than wanted means a reference to nothing.
CHECK_WRITTEN = """
CREATE FUNCTION qcdc_figures_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reference text[];
    wanted int[];
    locked int;
    missing int;
BEGIN
    FOREACH reference SLICE 1 IN ARRAY ARRAY[{references}] LOOP
        EXECUTE format('SELECT array_agg(c) FROM (SELECT DISTINCT %I AS c FROM new_rows) d',
                       reference[2]) INTO wanted;
        EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I WHERE id = ANY($1) FOR KEY SHARE) l',
                       reference[1]) INTO locked USING wanted;
        IF locked < coalesce(cardinality(wanted), 0) THEN
            EXECUTE format('SELECT min(w) FROM unnest($1) w WHERE NOT EXISTS '
                           '(SELECT 1 FROM %I WHERE id = w)', reference[1]) INTO missing USING wanted;
            RAISE foreign_key_violation USING TABLE = 'data_value',
                MESSAGE = format('%s %s of a figure does not exist', reference[1], missing);
        END IF;
    END LOOP;
    RETURN NULL;
END $$
""".format(references=", ".join(f"['{table}', '{column}']" for table, column in REFERENCES.items()))
# TG_ARGV[0]: the column of data_value that holds the ids of the trigger's table.
CHECK_REFERENCED = """
CREATE FUNCTION qcdc_figures_referenced_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone int;
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT min(o.id) FROM old_rows o WHERE EXISTS '
                       '(SELECT 1 FROM data_value d WHERE d.%I = o.id)', TG_ARGV[0]) INTO gone;
    ELSE
        EXECUTE format('SELECT min(o.id) FROM (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows) o '
                       'WHERE EXISTS (SELECT 1 FROM data_value d WHERE d.%I = o.id)', TG_ARGV[0])
            INTO gone;
    END IF;
    IF gone IS NOT NULL THEN
        RAISE foreign_key_violation USING TABLE = 'data_value',
            MESSAGE = format('%s %s is referenced by figures', TG_TABLE_NAME, gone);
    END IF;
    RETURN NULL;
END $$
"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    with op.batch_alter_table('data_value') as batch:
        batch.drop_constraint('uq_data_value_indicator_id_org_unit_id_period_category_code',
                              type_='unique')
        batch.create_unique_constraint('uq_data_value_org_unit_id_period_indicator_id_category_code',
                                       NEW_KEY)
        batch.drop_index('ix_data_value_org_unit_id')
    if not _postgresql():
        return
    for table, column in REFERENCES.items():
        op.drop_constraint(f'fk_data_value_{column}_{table}', 'data_value', type_='foreignkey')
    op.execute(CHECK_WRITTEN)
    op.execute(CHECK_REFERENCED)
    # A trigger with transition tables takes one event, so inserts and updates get one each.
    for event in ('INSERT', 'UPDATE'):
        op.execute(f'CREATE TRIGGER qcdc_figures_reference_check_{event.lower()} AFTER {event} '
                   'ON data_value REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                   'EXECUTE FUNCTION qcdc_figures_reference_check()')
    for table, column in REFERENCES.items():
        op.execute(f'CREATE TRIGGER qcdc_figures_referenced_delete AFTER DELETE ON {table} '
                   'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT '
                   f"EXECUTE FUNCTION qcdc_figures_referenced_check('{column}')")
        op.execute(f'CREATE TRIGGER qcdc_figures_referenced_update AFTER UPDATE ON {table} '
                   'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                   f"EXECUTE FUNCTION qcdc_figures_referenced_check('{column}')")


def downgrade() -> None:
    if _postgresql():
        for table in REFERENCES:
            op.execute(f'DROP TRIGGER qcdc_figures_referenced_delete ON {table}')
            op.execute(f'DROP TRIGGER qcdc_figures_referenced_update ON {table}')
        for event in ('insert', 'update'):
            op.execute(f'DROP TRIGGER qcdc_figures_reference_check_{event} ON data_value')
        op.execute('DROP FUNCTION qcdc_figures_reference_check()')
        op.execute('DROP FUNCTION qcdc_figures_referenced_check()')
        for table, column in REFERENCES.items():
            op.create_foreign_key(f'fk_data_value_{column}_{table}', 'data_value', table,
                                  [column], ['id'])
    with op.batch_alter_table('data_value') as batch:
        batch.create_index('ix_data_value_org_unit_id', ['org_unit_id'])
        batch.drop_constraint('uq_data_value_org_unit_id_period_indicator_id_category_code',
                              type_='unique')
        batch.create_unique_constraint('uq_data_value_indicator_id_org_unit_id_period_category_code',
                                       OLD_KEY)

"""catalogue owners: indicators owned by a unit, publications per unit

An indicator gets an owner unit (NULL: national, which every existing indicator becomes; forms
already record theirs). A publication lets a unit publish its own subtree's approved figures of an
indicator it uses, without publishing anyone else's.

SQLite alters a table by copying it, and dropping the old `indicator` would cascade to its
categories and roll-ups (foreign keys are on): there the column, with its REFERENCES clause, is
added and dropped in place by ALTER TABLE (DROP COLUMN needs SQLite 3.35).

Revision ID: l1catalogue01
Revises: k1figures01
Create Date: 2026-12-03 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'l1catalogue01'
down_revision: str | None = 'k1figures01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OWNER_FK = 'fk_indicator_owner_unit_id_org_unit'


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        op.execute(f"ALTER TABLE indicator ADD COLUMN owner_unit_id INTEGER "
                   f"CONSTRAINT {_OWNER_FK} REFERENCES org_unit (id)")
    else:
        op.add_column('indicator', sa.Column('owner_unit_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(_OWNER_FK), 'indicator', 'org_unit', ['owner_unit_id'], ['id'])
    op.create_index(op.f('ix_indicator_owner_unit_id'), 'indicator', ['owner_unit_id'],
                    unique=False)
    op.create_table(
        'indicator_publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ondelete='CASCADE',
                                name=op.f('fk_indicator_publication_indicator_id_indicator')),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'],
                                name=op.f('fk_indicator_publication_org_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_publication')),
        sa.UniqueConstraint('indicator_id', 'org_unit_id',
                            name=op.f('uq_indicator_publication_indicator_id_org_unit_id')))
    op.create_index(op.f('ix_indicator_publication_org_unit_id'), 'indicator_publication',
                    ['org_unit_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_indicator_publication_org_unit_id'), table_name='indicator_publication')
    op.drop_table('indicator_publication')
    op.drop_index(op.f('ix_indicator_owner_unit_id'), table_name='indicator')
    if _sqlite():
        op.execute("ALTER TABLE indicator DROP COLUMN owner_unit_id")
    else:
        op.drop_constraint(op.f(_OWNER_FK), 'indicator', type_='foreignkey')
        op.drop_column('indicator', 'owner_unit_id')

"""roll-ups on today's units: the carry map and its roll-ups

Revision ID: m3carry01
Revises: m2reorg01
Create Date: 2026-12-03 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm3carry01'
down_revision: str | None = 'm2reorg01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SUMS = ('value_sum', 'numerator_sum', 'denominator_sum')

# The map of today's tree (backend.aggregates.carry.carry_map on the last day), as it stands when
# the tables are created: each unit to the units at or above those succeeding it that exist.
_FILL_CARRY = """
WITH RECURSIVE chain(unit_id, heir_id, share, hops) AS (
    SELECT id, id, CAST(1 AS NUMERIC), 0 FROM org_unit
    UNION ALL
    SELECT c.unit_id, s.successor_id,
           CAST(c.share * CASE WHEN s.kind = 'split' THEN s.share ELSE 1 END AS NUMERIC), c.hops + 1
    FROM chain c
    JOIN org_unit_succession s ON s.predecessor_id = c.heir_id
    JOIN org_unit h ON h.id = c.heir_id
    WHERE h.valid_to IS NOT NULL AND c.hops < 32
)
INSERT INTO aggregate_carry (unit_id, ancestor_id, share)
SELECT c.unit_id, t.ancestor_id,
       CASE WHEN count(c.share) < count(*) THEN NULL ELSE CAST(sum(c.share) AS NUMERIC(24, 6)) END
FROM chain c
JOIN org_unit a ON a.id = c.heir_id AND a.valid_to IS NULL
JOIN org_unit_tree t ON t.descendant_id = c.heir_id AND t.valid_to IS NULL
GROUP BY c.unit_id, t.ancestor_id
"""

# The roll-ups of the values through it (backend.aggregates.rollup.apply_carried).
_FILL_CURRENT = """
INSERT INTO aggregate_current (indicator_id, period, level, org_unit_id, category_code, value_sum,
                               numerator_sum, denominator_sum, true_count, reported, partial,
                               unshared)
SELECT v.indicator_id, v.period, l.level, c.ancestor_id, v.category_code,
       sum(coalesce(v.value_numeric, 0) * coalesce(c.share, 0)),
       sum(coalesce(v.numerator, 0) * coalesce(c.share, 0)),
       sum(coalesce(v.denominator, 0) * coalesce(c.share, 0)),
       sum(CASE WHEN v.value_bool THEN 1 ELSE 0 END),
       sum(CASE WHEN v.filled = 1 THEN 1 ELSE 0 END),
       sum(CASE WHEN v.filled = 1 AND (c.share IS NULL OR c.share <> 1) THEN 1 ELSE 0 END),
       sum(CASE WHEN v.filled = 1 AND c.share IS NULL THEN 1 ELSE 0 END)
FROM (SELECT *, CASE WHEN value_numeric IS NOT NULL OR value_bool IS NOT NULL
                          OR numerator IS NOT NULL OR value_text IS NOT NULL THEN 1 ELSE 0 END
                     AS filled
      FROM data_value) v
JOIN aggregate_carry c ON c.unit_id = v.org_unit_id
JOIN (SELECT 'approved' AS level, 'approved' AS status
      UNION ALL SELECT 'submitted', 'submitted'
      UNION ALL SELECT 'submitted', 'approved') l ON l.status = v.status
GROUP BY v.indicator_id, v.period, l.level, c.ancestor_id, v.category_code
"""

_FILL_STATE = """
INSERT INTO aggregate_carry_state (id, tree_from)
SELECT 1, coalesce(max(d), '0001-01-01') FROM (
    SELECT max(valid_from) AS d FROM org_unit UNION ALL SELECT max(valid_to) FROM org_unit
    UNION ALL SELECT max(valid_from) FROM org_unit_tree UNION ALL SELECT max(valid_to) FROM org_unit_tree
    UNION ALL SELECT max(effective_date) FROM org_unit_succession) days
"""


def upgrade() -> None:
    op.create_table(
        'aggregate_carry',
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('ancestor_id', sa.Integer(), nullable=False),
        sa.Column('share', sa.Numeric(precision=24, scale=6), nullable=True),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'],
                                name=op.f('fk_aggregate_carry_unit_id_org_unit')),
        sa.ForeignKeyConstraint(['ancestor_id'], ['org_unit.id'],
                                name=op.f('fk_aggregate_carry_ancestor_id_org_unit')),
        sa.PrimaryKeyConstraint('unit_id', 'ancestor_id', name=op.f('pk_aggregate_carry')))
    op.create_index('ix_aggregate_carry_ancestor', 'aggregate_carry', ['ancestor_id'])
    op.create_table(
        'aggregate_carry_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tree_from', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aggregate_carry_state')))
    op.create_table(
        'aggregate_current',
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('level', sa.Enum('approved', 'submitted', name='aggregatelevel',
                                   native_enum=False, length=16), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('category_code', sa.String(length=64), nullable=False),
        *(sa.Column(name, sa.Numeric(precision=24, scale=6), nullable=False) for name in _SUMS),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ('true_count', 'reported', 'partial', 'unshared')),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'],
                                name=op.f('fk_aggregate_current_indicator_id_indicator'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'],
                                name=op.f('fk_aggregate_current_org_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('indicator_id', 'period', 'level', 'org_unit_id', 'category_code',
                                name=op.f('pk_aggregate_current')))
    op.execute(_FILL_CARRY)
    op.execute(_FILL_CURRENT)
    op.execute(_FILL_STATE)


def downgrade() -> None:
    op.drop_table('aggregate_current')
    op.drop_table('aggregate_carry_state')
    op.drop_index('ix_aggregate_carry_ancestor', table_name='aggregate_carry')
    op.drop_table('aggregate_carry')

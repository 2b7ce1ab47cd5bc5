"""history follows a move

Revision ID: m4seeing01
Revises: m1signed01
Create Date: 2026-12-03 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm4seeing01'
down_revision: str | None = 'm1signed01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'org_unit_history_move',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('moved_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'],
                                name=op.f('fk_org_unit_history_move_org_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit_history_move')),
        sa.UniqueConstraint('org_unit_id', 'moved_on',
                            name=op.f('uq_org_unit_history_move_org_unit_id_moved_on')),
    )


def downgrade() -> None:
    op.drop_table('org_unit_history_move')

"""names units bore before a renaming that kept their code

Revision ID: m2reorg01
Revises: m4seeing01
Create Date: 2026-12-03 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm2reorg01'
down_revision: str | None = 'm4seeing01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('org_unit_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_org_unit_name_org_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit_name'))
    )
    op.create_index('ix_org_unit_name_unit', 'org_unit_name', ['org_unit_id', 'valid_from'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_org_unit_name_unit', table_name='org_unit_name')
    op.drop_table('org_unit_name')

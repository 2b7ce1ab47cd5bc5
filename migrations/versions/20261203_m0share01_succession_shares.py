"""succession shares

Revision ID: m0share01
Revises: l7publish01
Create Date: 2026-12-03 14:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm0share01'
down_revision: str | None = 'l7publish01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('org_unit_succession') as batch:
        batch.add_column(sa.Column('share', sa.Numeric(9, 6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('org_unit_succession') as batch:
        batch.drop_column('share')

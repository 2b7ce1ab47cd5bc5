"""figure note: where a figure no one reported comes from (the demo's illustrative figures)

Revision ID: m8demo01
Revises: m8words01
Create Date: 2026-12-05 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm8demo01'
down_revision: str | None = 'm8words01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('data_value', sa.Column('note', sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column('data_value', 'note')

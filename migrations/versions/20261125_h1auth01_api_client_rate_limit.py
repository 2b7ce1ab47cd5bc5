"""a rate limit per API client

Revision ID: h1auth01
Revises: g1webhooks01
Create Date: 2026-11-25 12:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'h1auth01'
down_revision: str | None = 'g1webhooks01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('api_client', sa.Column('rate_limit_per_minute', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('api_client', 'rate_limit_per_minute')

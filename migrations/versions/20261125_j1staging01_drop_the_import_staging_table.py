"""drop the import staging table: imports stage in a temporary table of their own

Revision ID: j1staging01
Revises: i1webhooks02
Create Date: 2026-11-25 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'j1staging01'
down_revision: str | None = 'i1webhooks02'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_data_value_staging_key', table_name='data_value_staging')
    op.drop_table('data_value_staging')


def downgrade() -> None:
    op.create_table('data_value_staging',
    sa.Column('batch', sa.String(length=32), nullable=False),
    sa.Column('row_index', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('category_code', sa.String(length=64), nullable=False),
    sa.Column('value_numeric', sa.Numeric(precision=24, scale=6), nullable=True),
    sa.Column('value_bool', sa.Boolean(), nullable=True),
    sa.Column('value_text', sa.Text(), nullable=True),
    sa.Column('numerator', sa.Numeric(precision=24, scale=6), nullable=True),
    sa.Column('denominator', sa.Numeric(precision=24, scale=6), nullable=True),
    sa.PrimaryKeyConstraint('batch', 'row_index', name=op.f('pk_data_value_staging'))
    )
    op.create_index('ix_data_value_staging_key', 'data_value_staging', ['batch', 'indicator_id', 'org_unit_id', 'period', 'category_code'], unique=False)

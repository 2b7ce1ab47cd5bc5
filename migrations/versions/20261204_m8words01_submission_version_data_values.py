"""one word per concept: a submission version keeps its `data_values` (the glossary's word)

Revision ID: m8words01
Revises: m7outlier01
Create Date: 2026-12-04 04:40:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'm8words01'
down_revision: str | None = 'm7outlier01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('submission_version') as table:
        table.alter_column('figures', new_column_name='data_values')


def downgrade() -> None:
    with op.batch_alter_table('submission_version') as table:
        table.alter_column('data_values', new_column_name='figures')

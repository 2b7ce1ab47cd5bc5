"""outlier checks: a reviewer's note on an outlying figure

Revision ID: m7outlier01
Revises: m3carry01
Create Date: 2026-12-04 00:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm7outlier01'
down_revision: str | None = 'm3carry01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'outlier_check',
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.Column('category_code', sa.String(length=64), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('checked_by_id', sa.Integer(), nullable=True),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['checked_by_id'], ['user_account.id'],
                                name=op.f('fk_outlier_check_checked_by_id_user_account')),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'],
                                name=op.f('fk_outlier_check_indicator_id_indicator')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='CASCADE',
                                name=op.f('fk_outlier_check_submission_id_submission')),
        sa.PrimaryKeyConstraint('submission_id', 'indicator_id', 'category_code',
                                name=op.f('pk_outlier_check')),
    )


def downgrade() -> None:
    op.drop_table('outlier_check')

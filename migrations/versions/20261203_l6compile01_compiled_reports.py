"""compiled reports: the material gathered from the units below

Revision ID: l6compile01
Revises: l5documents01
Create Date: 2026-12-03 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'l6compile01'
down_revision: str | None = 'l5documents01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('submission_compilation',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('material', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('compiled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('compiled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['compiled_by_id'], ['user_account.id'], name=op.f('fk_submission_compilation_compiled_by_id_user_account')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_compilation_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_submission_compilation'))
    )


def downgrade() -> None:
    op.drop_table('submission_compilation')

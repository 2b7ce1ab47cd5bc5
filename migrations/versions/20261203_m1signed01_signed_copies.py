"""signed copies of report documents

Revision ID: m1signed01
Revises: m0share01
Create Date: 2026-12-03 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm1signed01'
down_revision: str | None = 'm0share01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'signed_copy',
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('signatures', sa.Integer(), nullable=False),
        sa.Column('signer_name', sa.String(length=200), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('certificate_subject', sa.String(length=500), nullable=False),
        sa.Column('certificate_issuer', sa.String(length=500), nullable=False),
        sa.Column('certificate_serial', sa.String(length=100), nullable=False),
        sa.Column('certificate_sha256', sa.String(length=64), nullable=False),
        sa.Column('certificate_pem', sa.Text(), nullable=False),
        sa.Column('trusted', sa.Boolean(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='CASCADE',
                                name=op.f('fk_signed_copy_submission_id_submission')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                                name=op.f('fk_signed_copy_uploaded_by_id_user_account')),
        sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_signed_copy')),
    )


def downgrade() -> None:
    op.drop_table('signed_copy')

"""document numbers, signers and unit profiles

Revision ID: l5documents01
Revises: l3sessions01
Create Date: 2026-12-03 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
revision: str = 'l5documents01'
down_revision: str | None = 'l3sessions01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('document_profile',
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('abbreviation', sa.String(length=32), nullable=True),
    sa.Column('place', sa.String(length=100), nullable=True),
    sa.Column('signer_authority', sa.String(length=100), nullable=True),
    sa.Column('signer_title', sa.String(length=100), nullable=True),
    sa.Column('signer_name', sa.String(length=100), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_document_profile_org_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_unit_id', name=op.f('pk_document_profile'))
    )
    op.create_table('document_register',
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_document_register_org_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_unit_id', 'doc_type', 'year', name=op.f('pk_document_register'))
    )
    op.create_table('submission_document',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('symbol', sa.String(length=64), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('signer_authority', sa.String(length=100), nullable=True),
    sa.Column('signer_title', sa.String(length=100), nullable=True),
    sa.Column('signer_name', sa.String(length=100), nullable=True),
    sa.Column('recipients', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_submission_document_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_document_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_submission_document')),
    sa.UniqueConstraint('org_unit_id', 'doc_type', 'year', 'number', name=op.f('uq_submission_document_org_unit_id_doc_type_year_number'))
    )


def downgrade() -> None:
    op.drop_table('submission_document')
    op.drop_table('document_register')
    op.drop_table('document_profile')

"""published report documents

Revision ID: l7publish01
Revises: l6compile01
Create Date: 2026-12-03 13:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'l7publish01'
down_revision: str | None = 'l6compile01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite adds a foreign key only by copying the table (nothing references it).
    with op.batch_alter_table('submission_document') as batch:
        batch.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('published_by_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_submission_document_published_at'), ['published_at'],
                           unique=False)
        batch.create_foreign_key(batch.f('fk_submission_document_published_by_id_user_account'),
                                 'user_account', ['published_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('submission_document') as batch:
        batch.drop_constraint(batch.f('fk_submission_document_published_by_id_user_account'),
                              type_='foreignkey')
        batch.drop_index(batch.f('ix_submission_document_published_at'))
        batch.drop_column('published_by_id')
        batch.drop_column('published_at')

"""notifications: in-app notices, daily e-mail digests, reminder settings

Revision ID: m8notify01
Revises: m8demo01
Create Date: 2026-12-05 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm8notify01'
down_revision: str | None = 'm8demo01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('subject', sa.String(length=160), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mailed_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE',
                                name=op.f('fk_notification_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
        sa.UniqueConstraint('user_id', 'kind', 'subject',
                            name=op.f('uq_notification_user_id_kind_subject')),
    )
    op.create_index('ix_notification_user_read', 'notification', ['user_id', 'read_at'])
    op.create_index(op.f('ix_notification_created_at'), 'notification', ['created_at'])
    op.create_table(
        'notification_digest',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE',
                                name=op.f('fk_notification_digest_user_id_user_account')),
        sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_notification_digest')),
    )
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('email', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('email_notifications', sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    with op.batch_alter_table('reporting_form') as batch:
        batch.add_column(sa.Column('remind_days_before', sa.Integer(), nullable=False,
                                   server_default='3'))


def downgrade() -> None:
    with op.batch_alter_table('reporting_form') as batch:
        batch.drop_column('remind_days_before')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('email_notifications')
        batch.drop_column('email')
    op.drop_table('notification_digest')
    op.drop_index(op.f('ix_notification_created_at'), table_name='notification')
    op.drop_index('ix_notification_user_read', table_name='notification')
    op.drop_table('notification')

"""sessions: rotating refresh tokens, sign-in locks out of the user row, API tokens that expire

A sign-in is now a row (auth_session) holding the digest of its latest refresh token. Failed sign-ins
are counted per name and client address by the rate limiter, so the user's own counter and lock go.
Every API token expires: those made without an expiry get one a year after their creation (the
default QCDC_API_TOKEN_MAX_DAYS). A token minted by an API client names it and the generation of its
credentials, which rotating the secret or disabling the client moves on.

Revision ID: l3sessions01
Revises: l2webhooks03
Create Date: 2026-12-03 09:00:00
"""
from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision: str = 'l3sessions01'
down_revision: str | None = 'l2webhooks03'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_MAX_DAYS = 365


def upgrade() -> None:
    op.create_table(
        'auth_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('refresh_digest', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_reason', sa.String(length=16), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_auth_session_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session')),
    )
    op.create_index(op.f('ix_auth_session_user_id'), 'auth_session', ['user_id'], unique=False)
    # Never copied on SQLite: dropping the old user_account would cascade to every row that
    # references it (roles, tokens, clients). SQLite drops plain columns in place since 3.35.
    with op.batch_alter_table('user_account', recreate='never') as batch:
        batch.drop_column('failed_logins')
        batch.drop_column('locked_until')
    with op.batch_alter_table('api_client') as batch:
        batch.add_column(sa.Column('token_generation', sa.Integer(), nullable=False,
                                   server_default='1'))
    _expire_every_api_token()
    with op.batch_alter_table('api_token') as batch:
        batch.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.add_column(sa.Column('api_client_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('client_generation', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_api_token_api_client_id_api_client'), 'api_client',
                                 ['api_client_id'], ['id'], ondelete='CASCADE')


def _expire_every_api_token() -> None:
    token = sa.table('api_token', sa.column('id', sa.Integer()),
                     sa.column('created_at', sa.DateTime(timezone=True)),
                     sa.column('expires_at', sa.DateTime(timezone=True)))
    bind = op.get_bind()
    # Row by row in Python: PostgreSQL and SQLite add days to a timestamp differently, and tokens
    # are few.
    for token_id, created_at in bind.execute(sa.select(token.c.id, token.c.created_at)
                                             .where(token.c.expires_at.is_(None))).all():
        bind.execute(token.update().where(token.c.id == token_id).values(
            expires_at=created_at + timedelta(days=DEFAULT_MAX_DAYS)))


def downgrade() -> None:
    with op.batch_alter_table('api_token') as batch:
        batch.drop_constraint(op.f('fk_api_token_api_client_id_api_client'), type_='foreignkey')
        batch.drop_column('client_generation')
        batch.drop_column('api_client_id')
        batch.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=True)
    with op.batch_alter_table('api_client') as batch:
        batch.drop_column('token_generation')
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False,
                                   server_default='0'))
        batch.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    op.drop_index(op.f('ix_auth_session_user_id'), table_name='auth_session')
    op.drop_table('auth_session')

"""webhooks per API client, the public event catalogue, give-up and overdue notices

Revision ID: i1webhooks02
Revises: h1auth01
Create Date: 2026-11-25 15:00:00

Subscriptions named audit actions (`plan.issue`, `submission.approve`, …); they now name events of
a fixed catalogue. Known names are translated, others dropped (a subscription left with none is
paused), and pending deliveries of retired names are given up rather than sent in a shape no
receiver expects any more.
"""
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'i1webhooks02'
down_revision: str | None = 'h1auth01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CATALOGUE = ("plan.issued", "submission.submitted", "submission.approved", "submission.returned",
              "assignment.overdue")
# Names already of the catalogue stay (an upgrade after a downgrade changes nothing).
_RENAMED = {"plan.issue": "plan.issued", "submission.submit": "submission.submitted",
            "submission.approve": "submission.approved", "submission.return": "submission.returned",
            "*": "*", **{name: name for name in _CATALOGUE}}
_PENDING = sa.text("delivered_at IS NULL AND given_up_at IS NULL")
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with _deliveries_kept(), op.batch_alter_table('webhook') as batch:
        batch.add_column(sa.Column('client_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_webhook_client_id_api_client'), 'api_client',
                                 ['client_id'], ['id'], ondelete='CASCADE')
    op.create_index(op.f('ix_webhook_client_id'), 'webhook', ['client_id'], unique=False)
    op.add_column('webhook_delivery', sa.Column('last_attempt_at', sa.DateTime(timezone=True),
                                                nullable=True))
    op.add_column('webhook_delivery', sa.Column('given_up_at', sa.DateTime(timezone=True),
                                                nullable=True))
    op.drop_index('ix_webhook_delivery_pending', table_name='webhook_delivery')
    op.create_index('ix_webhook_delivery_due', 'webhook_delivery', ['next_attempt_at'], unique=False,
                    postgresql_where=_PENDING, sqlite_where=_PENDING)
    op.create_table(
        'webhook_overdue_notice',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('notified_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['assignment_id'], ['assignment.id'], ondelete='CASCADE',
            name=op.f('fk_webhook_overdue_notice_assignment_id_assignment')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'],
                                name=op.f('fk_webhook_overdue_notice_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('assignment_id', 'unit_id', 'due_date',
                                name=op.f('pk_webhook_overdue_notice')))
    _rename_events()


@contextmanager
def _deliveries_kept() -> Iterator[None]:
    """SQLite alters `webhook` by copying it; dropping the old copy deletes every delivery of the
    outbox (foreign keys are on, ON DELETE CASCADE). They wait aside meanwhile."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMP TABLE webhook_delivery_kept AS SELECT * FROM webhook_delivery")
    yield
    if sqlite:
        op.execute("INSERT INTO webhook_delivery SELECT * FROM webhook_delivery_kept")
        op.execute("DROP TABLE webhook_delivery_kept")


def _rename_events() -> None:
    webhook = sa.table('webhook', sa.column('id', sa.Integer()), sa.column('events', _JSON),
                       sa.column('is_active', sa.Boolean()))
    delivery = sa.table('webhook_delivery', sa.column('event', sa.String()),
                        sa.column('delivered_at', sa.DateTime(timezone=True)),
                        sa.column('given_up_at', sa.DateTime(timezone=True)),
                        sa.column('last_error', sa.Text()))
    connection = op.get_bind()
    for hook_id, events, is_active in connection.execute(
            sa.select(webhook.c.id, webhook.c.events, webhook.c.is_active)).all():
        renamed = sorted({_RENAMED[e] for e in events if e in _RENAMED})
        connection.execute(webhook.update().where(webhook.c.id == hook_id).values(
            events=renamed, is_active=is_active and bool(renamed)))
    connection.execute(delivery.update().where(
        delivery.c.delivered_at.is_(None), delivery.c.given_up_at.is_(None),
        delivery.c.event.not_in(_CATALOGUE)).values(
        given_up_at=datetime.now(UTC), last_error="event retired by the event catalogue"))


def downgrade() -> None:
    op.drop_table('webhook_overdue_notice')
    op.drop_index('ix_webhook_delivery_due', table_name='webhook_delivery',
                  postgresql_where=_PENDING, sqlite_where=_PENDING)
    with op.batch_alter_table('webhook_delivery') as batch:
        batch.create_index('ix_webhook_delivery_pending', ['delivered_at', 'next_attempt_at'],
                           unique=False)
        batch.drop_column('given_up_at')
        batch.drop_column('last_attempt_at')
    op.drop_index(op.f('ix_webhook_client_id'), table_name='webhook')
    with _deliveries_kept(), op.batch_alter_table('webhook') as batch:
        batch.drop_constraint(op.f('fk_webhook_client_id_api_client'), type_='foreignkey')
        batch.drop_column('client_id')

"""delivery log outcomes: last_error keeps one word, never an exception's text

The log kept `HTTP 503`, `no answer within 10 s` or an exception's text such as `ConnectError:
[Errno 111] Connection refused`: told apart, refusal and silence mapped the network behind a URL.
Attempts now write `http_error`, `unreachable` or `target_refused`; the rows written before are
rewritten in those words. The old texts are not kept, so there is nothing to bring back.

Revision ID: l2webhooks03
Revises: l1catalogue01
Create Date: 2026-12-03 12:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'l2webhooks03'
down_revision: str | None = 'l1catalogue01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = "('http_error', 'unreachable', 'target_refused')"


def upgrade() -> None:
    op.execute(f"""
        UPDATE webhook_delivery
           SET last_error = CASE WHEN last_error LIKE 'HTTP %' THEN 'http_error'
                                 ELSE 'unreachable' END
         WHERE last_error IS NOT NULL AND last_error NOT IN {OUTCOMES}""")


def downgrade() -> None:
    pass

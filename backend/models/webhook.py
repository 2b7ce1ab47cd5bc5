from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONDocument, Timestamped, utcnow

_PENDING = text("delivered_at IS NULL AND given_up_at IS NULL")


class Webhook(Timestamped, Base):
    """An outbound subscription: the portal is told of events of a subtree as they happen."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(String(2000))
    # Signs each delivery (HMAC-SHA256); the receiver holds the same secret.
    secret: Mapped[str] = mapped_column(String(128))
    events: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # The API client (portal) the subscription serves: its service account reads it and its log.
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"),
                                                  index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    def listens_to(self, event: str) -> bool:
        return event in self.events or "*" in self.events


class WebhookDelivery(Base):
    """The outbox: written in the transaction of the change, sent after it, retried with backoff."""

    __tablename__ = "webhook_delivery"
    # The dispatcher's question, "what is due?", reads only the rows still pending.
    __table_args__ = (Index("ix_webhook_delivery_due", "next_attempt_at", postgresql_where=_PENDING,
                            sqlite_where=_PENDING),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    given_up_at: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class WebhookOverdueNotice(Base):
    """An occurrence of a task announced as `assignment.overdue`: its key makes the announcement
    happen once, however often and in however many processes the sweep runs. Occurrences have no
    row of their own until someone reports on them, so the key is spelled out here."""

    __tablename__ = "webhook_overdue_notice"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"),
                                               primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    due_date: Mapped[date] = mapped_column(primary_key=True)
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)

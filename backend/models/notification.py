from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, utcnow


class Notification(Base):
    """Something a user should know (a report due, returned, approved; a task due; a plan issued).
    Its key (user, kind, subject) makes each one happen once, however often and in however many
    processes what notices it runs: the subject names the occurrence (a period, a due date, a day)."""

    __tablename__ = "notification"
    __table_args__ = (UniqueConstraint("user_id", "kind", "subject"),
                      Index("ix_notification_user_read", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(Text)
    # The web app's path of what it is about (/submissions/12), opened from the bell.
    link: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    # The day of the e-mail digest that carried it; None: not mailed (yet, or never).
    mailed_on: Mapped[date | None]


class NotificationDigest(Base):
    """One e-mail a user a day at most: the row is claimed before the mail goes."""

    __tablename__ = "notification_digest"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int]

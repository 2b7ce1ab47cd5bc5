"""A reviewer's note that an outlying figure of a report was checked (issue 18 §3)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, utcnow


class OutlierCheck(Base):
    """One per flagged cell of a report (indicator, category): the check covers both kinds of flag,
    since the reviewer looks at the figure, not at the rule that raised it."""

    __tablename__ = "outlier_check"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    comment: Mapped[str] = mapped_column(Text)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)

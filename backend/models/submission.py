from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONDocument, Timestamped, str_enum, utcnow


class SubmissionStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"


class Submission(Timestamped, Base):
    """One unit's report for one form and period (báo cáo). `version` guards concurrent edits."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("form_id", "org_unit_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("reporting_form.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[SubmissionStatus] = mapped_column(str_enum(SubmissionStatus, 16), index=True)
    version: Mapped[int] = mapped_column(default=1)
    narrative: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    deadline: Mapped[date | None]
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    on_time: Mapped[bool | None]
    review_comment: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __mapper_args__ = {"version_id_col": version}


class SubmissionVersion(Base):
    """Every saved state of a submission, in full: nothing a reporter or reviewer did is lost."""

    __tablename__ = "submission_version"
    __table_args__ = (UniqueConstraint("submission_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))
    status: Mapped[SubmissionStatus] = mapped_column(str_enum(SubmissionStatus, 16))
    data_values: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    narrative: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, JSONDocument, Timestamped, str_enum
from backend.models.plan import PlanSection


class AssignmentRole(StrEnum):
    lead = "lead"
    support = "support"


class AssignmentMode(StrEnum):
    """`assigned` (giao) to subordinate bodies; `requested` (đề nghị) to Party and mass organisations."""

    assigned = "assigned"
    requested = "requested"


class ProgressStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    completed = "completed"
    not_applicable = "not_applicable"


class Assignment(Timestamped, Base):
    """A task → an assignee unit, or a group rule expanded to every matching unit, now and later."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id", ondelete="CASCADE"),
                                            index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    assignee_name: Mapped[str] = mapped_column(String(255), doc="the name as the plan writes it")
    # {"kinds": [...], "grassroots_types": [...]} within the issuer's subtree.
    group_rule: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    role: Mapped[AssignmentRole] = mapped_column(str_enum(AssignmentRole, 16))
    mode: Mapped[AssignmentMode] = mapped_column(str_enum(AssignmentMode, 16))
    recurrence: Mapped[str] = mapped_column(String(16))
    every_years: Mapped[int | None]
    every_years_max: Mapped[int | None]
    first_due: Mapped[date | None]
    weight: Mapped[float] = mapped_column(default=1.0)

    section: Mapped[PlanSection] = relationship(lazy="joined")


class AssignmentProgress(Timestamped, Base):
    """What one unit reported for one occurrence (one period) of an assignment."""

    __tablename__ = "assignment_progress"
    __table_args__ = (UniqueConstraint("assignment_id", "unit_id", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[str | None] = mapped_column(String(8))
    due_date: Mapped[date]
    status: Mapped[ProgressStatus] = mapped_column(str_enum(ProgressStatus, 16))
    percent: Mapped[float] = mapped_column(Numeric(5, 2))
    note: Mapped[str | None] = mapped_column(Text)
    # Document references: [{"kind": "Báo cáo", "number": "04/BC-UBND", "date": "2024-01-11"}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reported_at: Mapped[datetime | None]


class EvidenceFile(Timestamped, Base):
    """An uploaded file proving progress; stored under a content hash, never under its given name."""

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("assignment_progress.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

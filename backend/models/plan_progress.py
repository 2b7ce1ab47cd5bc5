"""Plan progress kept on write (issue 19 §1), the way roll-ups of figures are: one row per task as
one unit carries it, and running counts per plan, section, mode and role. Written only by
`backend/assignments/tally.py`; overdue changes with the calendar, so it is counted at read time
from `open_due` through its index, never stored as a count."""

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base


class PlanTaskProgress(Base):
    """An assignment as one unit carries it: its percent (mean over its occurrences, unreported
    ones at 0, not-applicable ones left out), the earliest due date still open, and its state."""

    __tablename__ = "plan_task_progress"
    __table_args__ = (Index("ix_plan_task_progress_plan_open_due", "plan_id", "open_due"),
                      Index("ix_plan_task_progress_unit_id", "unit_id"))

    # No foreign keys: a national plan's issue writes 80,000 rows and each key would check every
    # one of them. Units are never deleted, and the rows of a plan whose tasks or sections go are
    # rewritten by `tally.rebuild`, as the drift check verifies.
    assignment_id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int]
    section_id: Mapped[int]
    lead: Mapped[bool]
    requested: Mapped[bool]
    percent: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    open_due: Mapped[date | None] = mapped_column(doc="earliest due date not yet settled")
    state: Mapped[str] = mapped_column(String(16), doc="done | in_progress | not_started")


class PlanProgressCount(Base):
    """Running counts of a section's tasks, requested (đề nghị) ones and support ones apart."""

    __tablename__ = "plan_progress_count"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"),
                                         primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id", ondelete="CASCADE"),
                                            primary_key=True)
    requested: Mapped[bool] = mapped_column(primary_key=True)
    lead: Mapped[bool] = mapped_column(primary_key=True)
    tasks: Mapped[int]
    percent_sum: Mapped[Decimal] = mapped_column(Numeric(14, 1))
    done: Mapped[int]
    in_progress: Mapped[int]
    not_started: Mapped[int]

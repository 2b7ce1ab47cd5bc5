from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, JSONDocument, Timestamped, str_enum
from backend.models.indicator import Indicator
from backend.periods.rules import CutoffRule, PeriodType

_COMPILING_KINDS = frozenset({"province", "district"})


def compiled_from_below(reporters: dict[str, Any]) -> bool:
    """A form only provinces or districts report (their báo cáo tổng hợp) is compiled from the
    reports of the units below: its reporters are not the ones a figure is expected from."""
    kinds = set(reporters.get("kinds") or ())
    return not reporters.get("grassroots_types") and bool(kinds) and kinds <= _COMPILING_KINDS


class ReportingForm(Timestamped, Base):
    """What a kind of unit reports each period (mẫu báo cáo): figures, narrative outline, deadlines."""

    __tablename__ = "reporting_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    period_type: Mapped[PeriodType] = mapped_column(str_enum(PeriodType, 16), index=True)
    period_rule: Mapped[CutoffRule] = mapped_column(str_enum(CutoffRule, 16),
                                                    default=CutoffRule.decree09)
    # [{"key": "results", "title": "Kết quả đạt được"}, …]
    narrative: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    # {"grassroots_types": [...], "kinds": [...]}: a unit reports when either list names it.
    reporters: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # {"commune": 5, "district": 10, "province": 15}: working days after the period's end.
    deadline_working_days: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # [{"left": CODE, "op": "<=", "right": CODE, "message": "…"}]
    rules: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    # The unit whose subtree reports the form; None: every unit that matches `reporters`.
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # Input window: opens this many days before the period's end (None: from its start) and closes
    # this many days after the deadline (None: never; late reports are accepted and marked late).
    opens_days_before_end: Mapped[int | None]
    closes_days_after_deadline: Mapped[int | None]
    # Reporters not done are reminded this many working days before the deadline.
    remind_days_before: Mapped[int] = mapped_column(default=3, server_default="3")
    is_active: Mapped[bool] = mapped_column(default=True)

    items: Mapped[list["ReportingFormIndicator"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan",
        order_by="ReportingFormIndicator.position")


class ReportingFormIndicator(Base):
    __tablename__ = "reporting_form_indicator"
    __table_args__ = (UniqueConstraint("form_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("reporting_form.id", ondelete="CASCADE"),
                                         index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    indicator: Mapped[Indicator] = relationship(lazy="joined")

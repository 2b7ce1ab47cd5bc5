from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.models.base import Base, JSONDocument, Timestamped, str_enum


class ValueType(StrEnum):
    # Member name avoids shadowing str.count; the stored value is the plain word.
    counted = "count"
    number = "number"
    ratio = "ratio"
    yes_no = "yes_no"
    text = "text"


class UnitAggregation(StrEnum):
    """How values of the units below add up to their ancestor's value."""

    sum = "sum"
    average = "average"
    min = "min"
    max = "max"
    count_true = "count_true"


class TimeAggregation(StrEnum):
    """How the values of shorter periods make a longer one (quarters → year)."""

    sum = "sum"
    last = "last"
    average = "average"


class Indicator(Timestamped, Base):
    """A metric definition (chỉ số). Ratios keep numerator and denominator, aggregated as Σnum/Σden."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    unit_of_measure: Mapped[str | None] = mapped_column(String(64))
    value_type: Mapped[ValueType] = mapped_column(str_enum(ValueType, 16), index=True)
    aggregation: Mapped[UnitAggregation] = mapped_column(str_enum(UnitAggregation, 16))
    time_aggregation: Mapped[TimeAggregation] = mapped_column(str_enum(TimeAggregation, 16))
    numerator_name: Mapped[str | None] = mapped_column(String(255))
    denominator_name: Mapped[str | None] = mapped_column(String(255))
    numerator_le_denominator: Mapped[bool] = mapped_column(default=False)
    # Grassroots types and unit kinds the indicator applies to, e.g. ["commune", "agency"].
    applies_to: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)
    # Published by its owner, for the owner's subtree; a national indicator for the whole country.
    published: Mapped[bool] = mapped_column(default=False, index=True)
    # The unit whose administrators own the indicator, used in its subtree; None: national.
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)

    categories: Mapped[list["IndicatorCategory"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="IndicatorCategory.position")
    publications: Mapped[list["IndicatorPublication"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="IndicatorPublication.org_unit_id")

    @property
    def published_in(self) -> list[int]:
        return [p.org_unit_id for p in self.publications]


class IndicatorPublication(Base):
    """A unit published the approved figures of its own subtree for the indicator (công khai)."""

    __tablename__ = "indicator_publication"
    __table_args__ = (UniqueConstraint("indicator_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)


class IndicatorCategory(Base):
    """One option of the indicator's disaggregation (tập thể / cá nhân, kinh tế / văn hóa-xã hội …)."""

    __tablename__ = "indicator_category"
    __table_args__ = (UniqueConstraint("indicator_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(default=0)

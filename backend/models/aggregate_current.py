from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.aggregate_value import NUMERIC, AggregateLevel
from backend.models.base import Base, str_enum


class AggregateCarry(Base):
    """Where a unit's figures count on today's units: each unit of today's tree (the tree after
    every recorded change) that holds, at or above it, a unit succeeding it (transitively, through
    mergers, splits and renamings) or the unit itself while it exists.

    Kept by backend/aggregates/carry.py, which refreshes it after a reorganisation; the roll-ups
    on today's units (`aggregate_current`) are summed through it.
    """

    __tablename__ = "aggregate_carry"
    __table_args__ = (Index("ix_aggregate_carry_ancestor", "ancestor_id"),)

    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    ancestor_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    # The part of the unit's figures that reaches the ancestor: 1 through mergers and renamings,
    # the product of the declared shares through splits (summed when parts meet again); null when
    # a split on the way declared no share.
    share: Mapped[Decimal | None] = mapped_column(NUMERIC)


class AggregateCarryState(Base):
    """One row: the day from which `aggregate_carry` is the tree of every later day (the last
    dated change of units, closure rows and successions when it was refreshed). A request on
    today's units as of an earlier day is computed from the values instead."""

    __tablename__ = "aggregate_carry_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    tree_from: Mapped[date]


class AggregateCurrent(Base):
    """The running sums of an indicator on today's units: `aggregate_value`'s sums, each figure
    counted at the units `aggregate_carry` carries its unit to, multiplied by the share.

    Kept on every write of a data value by the same deltas as `aggregate_value`
    (backend/aggregates/rollup.py), so reading a figure on today's units reads one row too.
    """

    __tablename__ = "aggregate_current"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[AggregateLevel] = mapped_column(str_enum(AggregateLevel, 16), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    numerator_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    denominator_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    true_count: Mapped[int] = mapped_column(default=0)
    reported: Mapped[int] = mapped_column(default=0, doc="values counted (units with a figure)")
    partial: Mapped[int] = mapped_column(default=0, doc="of these, values only part of which "
                                         "reaches the unit (through a split)")
    unshared: Mapped[int] = mapped_column(default=0, doc="of these, values through a split "
                                          "that declared no share")

"""Aggregated indicators for any unit and period, read from the roll-ups kept on write.

Per indicator: counts and numbers add up (or average, or take the extreme) over the subtree;
ratios are Σnumerator/Σdenominator; yes/no is the count of yes over the units expected to report.
A period with no figures of its own is made of its sub-periods (quarters into a year) by the
indicator's time aggregation. Completeness comes from the reporting forms, targets from plans.

Two bases: as reported (each period on the tree as it stood at its end), or on the units of a day
(today's by default), each figure carried to the units succeeding the one that reported it
(backend/aggregates/carry.py). There, merged figures add up; yes/no reads "k of n": yes over the
units whose figures arrived; counts, numbers, numerators and denominators arriving through a split
are multiplied by its share (a ratio's parts are counts of the same units, so its percent stays the
predecessor's); what cannot be divided (yes/no, text, averages, extremes, or a split with no share)
is shown as not comparable, with no figure. Completeness is not given on today's units: who was
expected to report is a fact of the tree the period was reported in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import carry, repository
from backend.aggregates.rollup import LEVEL_STATUSES, tree_date
from backend.aggregates.schemas import AggregateRow, TargetRef
from backend.auth.principal import Principal
from backend.auth.scope import figures_readable, view_root
from backend.errors import InvalidInput, NotFound, field_error
from backend.kit import clock
from backend.models import (
    AggregateCarry,
    AggregateCurrent,
    AggregateLevel,
    AggregateValue,
    SubmissionStatus,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)
from backend.org_units.repository import get as get_unit
from backend.periods.rules import Period, PeriodError, PeriodType, parse_period, sub_periods

By = Literal["children", "period", "category"]
Basis = Literal["reported", "current"]
_ROWS = TypeAdapter(list[AggregateRow])
# Finer period types a period may be made of, most common first.
_FINER = {PeriodType.year: (PeriodType.quarter, PeriodType.month, PeriodType.semiannual),
          PeriodType.semiannual: (PeriodType.quarter, PeriodType.month),
          PeriodType.nine_months: (PeriodType.quarter, PeriodType.month),
          PeriodType.quarter: (PeriodType.month,), PeriodType.month: ()}
_SUBMISSION_STATUSES = {
    AggregateLevel.approved: (SubmissionStatus.approved,),
    AggregateLevel.submitted: (SubmissionStatus.submitted, SubmissionStatus.approved),
}


@dataclass(frozen=True)
class View:
    """Where a request reads its figures: as reported, or on the units of `day` (`sums` and
    `carry`: the stored roll-ups and map, or computed ones for a day the store does not keep)."""

    basis: Basis
    day: date | None
    sums: Any
    carry: Any | None

    def tree_day(self, period: Period) -> date:
        return self.day if self.day is not None else tree_date(period.id)


REPORTED = View("reported", None, AggregateValue.__table__, None)


async def view(session: AsyncSession, basis: Basis, as_of: date | None) -> View:
    if basis == "reported":
        if as_of is not None:
            message = "as_of chooses the units of basis=current; as reported, each period has its own."
            raise InvalidInput(message, errors=[field_error(["query", "as_of"], message)])
        return REPORTED
    day = as_of or clock.today()
    if carry.stored_for(day, await carry.tree_from(session)):
        return View("current", day, AggregateCurrent.__table__, AggregateCarry.__table__)
    return View("current", day, carry.sums_on(day), carry.map_on(day))


@dataclass
class Sums:
    value: Decimal
    numerator: Decimal
    denominator: Decimal
    yes: int
    reported: int
    partial: int = 0
    unshared: int = 0

    @classmethod
    def of(cls, row: repository.RollupSums | None) -> "Sums | None":
        # A roll-up whose figures were all taken back (return, move) counts as no figure.
        if row is None or row[4] == 0:
            return None
        return cls(*row)


def _combine(parts: list[Sums], how: TimeAggregation) -> Sums | None:
    if not parts:
        return None
    if how is TimeAggregation.last:
        return parts[-1]
    total = Sums(sum((p.value for p in parts), Decimal(0)), sum((p.numerator for p in parts), Decimal(0)),
                 sum((p.denominator for p in parts), Decimal(0)), sum(p.yes for p in parts),
                 max(p.reported for p in parts), max(p.partial for p in parts),
                 max(p.unshared for p in parts))
    if how is TimeAggregation.average:
        n = len(parts)
        total.value, total.yes = total.value / n, round(total.yes / n)
    return total


def _parse(periods: Sequence[str]) -> list[Period]:
    parsed = []
    for index, text in enumerate(periods):
        try:
            parsed.append(parse_period(text))
        except PeriodError as exc:
            raise InvalidInput(str(exc), errors=[field_error(["query", "period", index], str(exc))]) \
                from None
    return parsed


class _Reader:
    """Loads the roll-ups a request needs, then answers from memory: the period's own rows first,
    and the shorter periods only for the units that have no row of their own."""

    def __init__(self, session: AsyncSession, level: AggregateLevel, seen: View) -> None:
        self.session = session
        self.level = level
        self.view = seen
        self.rows: dict[repository.RollupKey, repository.RollupSums] = {}

    async def units(self, indicator: repository.Listed, period: Period, base: repository.Unit | None,
                    by: By | None) -> list[repository.Unit]:
        """The units that get a row (the base unit, or its children; a country admin's base is
        the country: its children are the provinces), their roll-ups loaded with them."""
        units, own = await repository.units_with_rollups(
            self.session, base.id if base is not None else None, by == "children",
            self.view.tree_day(period), indicator.id, period.id, self.level, self.view.sums)
        await self.load(indicator, period, units, own)
        return units

    async def load(self, indicator: repository.Listed, period: Period, units: list[repository.Unit],
                   own: dict[repository.RollupKey, repository.RollupSums]) -> None:
        self.rows.update(own)
        covered = {unit_id for _, _, unit_id, _ in own}
        missing = [u.id for u in units if u.id not in covered]
        finer = [p.id for kind in _FINER[period.type] for p in sub_periods(period, kind)]
        self.rows.update(await repository.rollups(self.session, indicator.id, finer, self.level,
                                                  missing, self.view.sums))

    def sums(self, indicator: repository.Listed, period: Period, unit_id: int, category: str) -> Sums | None:
        own = Sums.of(self.rows.get((indicator.id, period.id, unit_id, category)))
        if own is not None:
            return own
        for finer in _FINER[period.type]:
            parts = [Sums.of(self.rows.get((indicator.id, p.id, unit_id, category)))
                     for p in sub_periods(period, finer)]
            present = [p for p in parts if p is not None]
            if present:
                return _combine(present, indicator.time_aggregation)
        return None


async def aggregate(session: AsyncSession, principal: Principal, codes: Sequence[str],
                    org_unit: str | None, periods: Sequence[str], by: By | None,
                    level: AggregateLevel, basis: Basis = "reported",
                    as_of: date | None = None) -> list[AggregateRow]:
    listed = await repository.indicators(session, principal, codes, categories=by == "category")
    found = {entry.code: entry for entry in listed}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise InvalidInput(f"Unknown indicator(s): {', '.join(unknown)}.", errors=[
            field_error(["query", "indicator"], f"unknown indicator {code}") for code in unknown])
    parsed = _parse(periods)
    base = await _base_unit(session, principal, org_unit)
    seen = await view(session, basis, as_of)
    reader = _Reader(session, level, seen)
    rows: list[dict[str, Any]] = []
    for code in dict.fromkeys(codes):
        indicator = found[code]
        categories = list(indicator.categories) if by == "category" else [""]
        for period in parsed:
            units = await _readable(session, principal, indicator.id,
                                    await reader.units(indicator, period, base, by),
                                    seen.tree_day(period))
            forms = ([f for f in indicator.forms if f.period_type is period.type]
                     if seen.basis == "reported" else [])
            rows.extend(await _rows(session, reader, indicator, period, units, categories, level,
                                    forms, indicator.targeted))
    return _ROWS.validate_python(rows)


async def _readable(session: AsyncSession, principal: Principal, indicator_id: int,
                    units: list[repository.Unit], day: date) -> list[repository.Unit]:
    """The units whose figures of `day` the caller reads: a unit that moved away is read up to
    the move, and from it by its new line; the public reads what is published."""
    readable = await figures_readable(session, principal, indicator_id, [u.id for u in units], day)
    return [u for u in units if u.id in readable]


async def _base_unit(session: AsyncSession, principal: Principal,
                     ref: str | None) -> repository.Unit | None:
    if ref is None:
        root = view_root(principal)
        unit = await get_unit(session, root) if root is not None else None
        return repository.Unit.of(unit) if unit is not None else None
    found = await repository.unit_ref(session, principal, ref)
    if found is None:
        raise NotFound(f"No org unit {ref}.")
    return found


async def _rows(session: AsyncSession, reader: _Reader, indicator: repository.Listed, period: Period,
                units: list[repository.Unit], categories: list[str], level: AggregateLevel,
                forms: list[repository.Form], targeted: bool) -> list[dict[str, Any]]:
    """Rows of one indicator and period; `forms` are those defining who reports it then."""
    day = tree_date(period.id)
    ids = [u.id for u in units]
    counts = await repository.completeness(session, forms, period.id, _SUBMISSION_STATUSES[level],
                                           ids, day)
    targets = (await repository.targets(session, indicator.code, units, period.start(), period.end())
               if targeted else [])
    rows = []
    for unit in units:
        for category in categories:
            sums = reader.sums(indicator, period, unit.id, category)
            expected, _, on_time = counts.get(unit.id, (None, 0, 0))
            row = await _row(session, reader.view, indicator, period, unit, category, sums,
                             expected if forms else None, level, targets)
            row["on_time"] = on_time if forms else None
            rows.append(row)
    return rows


async def _row(session: AsyncSession, seen: View, indicator: repository.Listed, period: Period,
               unit: repository.Unit, category: str, sums: Sums | None, expected: int | None,
               level: AggregateLevel, targets: list[repository.TargetInfo]) -> dict[str, Any]:
    value = numerator = denominator = percent = None
    comparable = sums is None or _comparable(indicator, sums)
    if sums is not None and comparable:
        value, numerator, denominator, percent = await _figures(session, seen, indicator, period,
                                                                unit, category, sums, expected,
                                                                level)
    target = _target(unit, targets, percent if percent is not None else value)
    # A plain dict: the request's rows become AggregateRows in one validation (_ROWS), which
    # costs a fraction of building each model on its own.
    return {"org_unit": {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind},
            "period": period.id, "indicator": indicator.code, "category": category or None,
            "value": value, "numerator": numerator, "denominator": denominator, "percent": percent,
            "expected": expected, "reported": sums.reported if sums else 0, "on_time": None,
            "target": target, "basis": seen.basis, "comparable": comparable}


def _comparable(indicator: repository.Listed, sums: Sums) -> bool:
    """Whether a figure stands though part of it came through a split: only sums can be divided
    (counts, numbers, a ratio's numerator and denominator), and only by a declared share."""
    if not sums.partial:
        return True
    divisible = (indicator.value_type is ValueType.ratio
                 or (indicator.value_type in (ValueType.counted, ValueType.number)
                     and indicator.aggregation is UnitAggregation.sum))
    return divisible and not sums.unshared


def _percent(part: float, whole: float | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


async def _figures(session: AsyncSession, seen: View, indicator: repository.Listed,
                   period: Period, unit: repository.Unit, category: str, sums: Sums,
                   expected: int | None, level: AggregateLevel) -> tuple[float | None, ...]:
    if indicator.value_type is ValueType.ratio:
        num, den = float(sums.numerator), float(sums.denominator)
        return _percent(num, den), num, den, _percent(num, den)
    if indicator.value_type is ValueType.yes_no or indicator.aggregation is UnitAggregation.count_true:
        whole = expected if expected else sums.reported
        return float(sums.yes), float(sums.yes), float(whole), _percent(sums.yes, whole)
    if indicator.value_type is ValueType.text:
        return None, None, None, None
    if indicator.aggregation is UnitAggregation.average:
        return (float(sums.value) / sums.reported if sums.reported else None), None, None, None
    if indicator.aggregation in (UnitAggregation.min, UnitAggregation.max):
        statuses = [s.value for s in LEVEL_STATUSES[level]]
        return (await repository.extreme(session, indicator.id, period.id, unit.id, category,
                                         tree_date(period.id), statuses,
                                         indicator.aggregation is UnitAggregation.max, seen.carry),
                None, None, None)
    return float(sums.value), None, None, None


def _target(unit: repository.Unit, targets: list[repository.TargetInfo],
            figure: float | None) -> TargetRef | None:
    """The target set by the nearest issuer at or above the unit (its own plan before the
    province's), the most recent plan of that issuer."""
    if not targets:
        return None
    chain = [int(part) for part in unit.path.strip("/").split("/")]
    mine = [(chain.index(target.issuer_id), target) for target in targets
            if target.issuer_id in chain]
    if not mine:
        return None
    nearest = max(depth for depth, _ in mine)
    _, target = next(entry for entry in mine if entry[0] == nearest)
    goal = float(target.value)
    met = None if figure is None else {">=": figure >= goal, ">": figure > goal,
                                       "<=": figure <= goal, "=": figure == goal}.get(
        target.comparator)
    return TargetRef(value=goal, comparator=target.comparator, unit=target.unit,
                     plan_id=target.plan_id, plan_symbol=target.plan_symbol, met=met)

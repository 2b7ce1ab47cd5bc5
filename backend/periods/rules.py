"""Reporting periods under Decree 09/2019/NĐ-CP.

Every period is a run of whole calendar months (a quarter is three, a half-year six,
"9 tháng" nine, a year twelve). That single fact drives both date rules:

* ``calendar``: first day of the first month .. last day of the last month;
* ``decree09``: the decree's data cut-off, so figures gathered after the 14th belong to the
  next report: 15th of the month *before* the first month .. 14th of the last month.

Pure Python, no database: the same rules serve the API, aggregation and deadline checks.
"""

from __future__ import annotations

import calendar
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

MIN_YEAR = 1900
MAX_YEAR = 2999

_FORMS = "YYYY, YYYYS1, YYYYS2, YYYYN9, YYYYQ1..YYYYQ4 or YYYYMM"
_PATTERN = re.compile(r"(\d{4})(?:S([12])|(N9)|Q([1-4])|(\d{2}))?")


class PeriodError(ValueError):
    """An identifier or operation that does not name a valid period."""


class PeriodType(StrEnum):
    year = "year"
    semiannual = "semiannual"
    nine_months = "nine_months"
    quarter = "quarter"
    month = "month"

    @property
    def code(self) -> str:
        """Letters used in identifiers ("S", "N9", "Q"); empty for year and month."""
        return _CODES[self]

    @property
    def months(self) -> int:
        """Length in calendar months."""
        return _LENGTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this type start in one year (N9 is once a year)."""
        return 1 if self is PeriodType.nine_months else 12 // self.months


class CutoffRule(StrEnum):
    decree09 = "decree09"
    calendar = "calendar"


_CODES = {
    PeriodType.year: "",
    PeriodType.semiannual: "S",
    PeriodType.nine_months: "N9",
    PeriodType.quarter: "Q",
    PeriodType.month: "",
}
_LENGTHS = {
    PeriodType.year: 12,
    PeriodType.semiannual: 6,
    PeriodType.nine_months: 9,
    PeriodType.quarter: 3,
    PeriodType.month: 1,
}


def _canonical_id(type_: PeriodType, year: int, index: int | None) -> str:
    if type_ is PeriodType.month:
        return f"{year:04d}{index:02d}"
    if type_ in (PeriodType.semiannual, PeriodType.quarter):
        return f"{year:04d}{type_.code}{index}"
    return f"{year:04d}{type_.code}"


def _check_parts(type_: PeriodType, year: int, index: int | None) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"period year {year} outside {MIN_YEAR}..{MAX_YEAR}")
    if type_.per_year == 1:
        if index is not None:
            raise PeriodError(f"a {type_} period has no index (got {index})")
    elif index is None or not 1 <= index <= type_.per_year:
        raise PeriodError(f"a {type_} period needs an index 1..{type_.per_year} (got {index})")


def _month_start(absolute_month: int) -> date:
    return date(absolute_month // 12, absolute_month % 12 + 1, 1)


def _month_end(absolute_month: int) -> date:
    year, month = absolute_month // 12, absolute_month % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period; build it with :func:`parse_period` or :meth:`Period.of`."""

    id: str
    type: PeriodType
    year: int
    index: int | None = None

    def __post_init__(self) -> None:
        _check_parts(self.type, self.year, self.index)
        # The id is stored (it is what the database and API carry) but must never drift from
        # the parts, or two objects for the same period would compare unequal.
        if self.id != _canonical_id(self.type, self.year, self.index):
            raise PeriodError(f"period id {self.id!r} does not match its parts")

    @classmethod
    def of(cls, type_: PeriodType, year: int, index: int | None = None) -> Period:
        _check_parts(type_, year, index)
        return cls(_canonical_id(type_, year, index), type_, year, index)

    def __str__(self) -> str:
        return self.id

    # Months are counted as year * 12 + (month - 1) so period arithmetic is integer arithmetic.
    @property
    def first_month(self) -> int:
        offset = 0 if self.index is None else (self.index - 1) * self.type.months
        return self.year * 12 + offset

    @property
    def last_month(self) -> int:
        return self.first_month + self.type.months - 1

    def start(self, rule: CutoffRule = CutoffRule.decree09) -> date:
        if rule is CutoffRule.calendar:
            return _month_start(self.first_month)
        return _month_start(self.first_month - 1).replace(day=15)

    def end(self, rule: CutoffRule = CutoffRule.decree09) -> date:
        if rule is CutoffRule.calendar:
            return _month_end(self.last_month)
        return _month_start(self.last_month).replace(day=14)

    def contains(self, day: date, rule: CutoffRule = CutoffRule.decree09) -> bool:
        return self.start(rule) <= day <= self.end(rule)

    @property
    def _ordinal(self) -> int:
        return self.year * self.type.per_year + (0 if self.index is None else self.index - 1)

    @classmethod
    def _from_ordinal(cls, type_: PeriodType, ordinal: int) -> Period:
        year, slot = divmod(ordinal, type_.per_year)
        return cls.of(type_, year, None if type_.per_year == 1 else slot + 1)

    def previous(self) -> Period:
        """The same kind of period just before (2024Q1 → 2023Q4, 2024N9 → 2023N9)."""
        return Period._from_ordinal(self.type, self._ordinal - 1)

    def next(self) -> Period:
        """The same kind of period just after (2024S2 → 2025S1)."""
        return Period._from_ordinal(self.type, self._ordinal + 1)

    def parent_year(self) -> Period:
        return Period.of(PeriodType.year, self.year)


def _invalid(value: object) -> PeriodError:
    return PeriodError(f"invalid period '{value}': use {_FORMS}")


def parse_period(value: str) -> Period:
    """Parse ``2024``, ``2024S1``, ``2024N9``, ``2024Q3`` or ``202403`` (letters any case)."""
    if not isinstance(value, str):
        raise _invalid(value)
    return _parsed(value)


# Reading a report compares it with its unit's history, a parse per earlier figure; periods are
# few and a Period immutable, so each is parsed once.
@lru_cache(maxsize=4096)
def _parsed(value: str) -> Period:
    match = _PATTERN.fullmatch(value.strip().upper())
    if match is None:
        raise _invalid(value)
    year_text, half, nine, quarter, month = match.groups()
    year = int(year_text)
    try:
        if half:
            return Period.of(PeriodType.semiannual, year, int(half))
        if nine:
            return Period.of(PeriodType.nine_months, year)
        if quarter:
            return Period.of(PeriodType.quarter, year, int(quarter))
        if month:
            return Period.of(PeriodType.month, year, int(month))
        return Period.of(PeriodType.year, year)
    except PeriodError:
        # Out-of-range year or month: report it in the same words as a malformed identifier.
        raise _invalid(value) from None


def _index_for_month(type_: PeriodType, month: int) -> int | None:
    return None if type_.per_year == 1 else (month - 1) // type_.months + 1


def periods_within(
    type_: PeriodType,
    start: date,
    end: date,
    *,
    rule: CutoffRule = CutoffRule.calendar,
) -> list[Period]:
    """Periods of ``type_`` that overlap ``[start, end]`` (inclusive), oldest first.

    Overlap rather than "ends inside" so a span that begins or ends mid-period still lists the
    period it touches. The default rule is ``calendar`` because plan spans are written in
    calendar dates: under ``decree09`` a span ending 31/12/2025 would overlap year 2026
    (which starts 15/12/2025).
    """
    if end < start:
        raise ValueError(f"span end {end} is before its start {start}")
    if start.year > MAX_YEAR or end.year < MIN_YEAR:
        return []
    first = max(start, date(MIN_YEAR, 1, 1))
    current = Period.of(type_, first.year, _index_for_month(type_, first.month))
    # Under decree09 the period holding `start` may be the one before its calendar period.
    with suppress(PeriodError):
        current = current.previous()
    found: list[Period] = []
    while current.start(rule) <= end:
        if current.end(rule) >= start:
            found.append(current)
        try:
            current = current.next()
        except PeriodError:  # ran past MAX_YEAR
            break
    return found


def sub_periods(period: Period, type_: PeriodType) -> list[Period]:
    """The finer periods that exactly tile ``period`` (2024S1 → 2024Q1, 2024Q2).

    Raises PeriodError when ``type_`` is not finer or does not tile it (a year holds one N9
    but N9 does not cover the year; N9 holds S1 but not S2).
    """
    if type_.months >= period.type.months:
        raise PeriodError(f"{type_} is not finer than {period.type} ({period.id})")
    candidates = [
        Period.of(type_, period.year, _index_for_month(type_, month))
        for month in range(1, 13, type_.months)
    ]
    inside = [
        p
        for p in candidates
        if period.first_month <= p.first_month and p.last_month <= period.last_month
    ]
    if sum(p.type.months for p in inside) != period.type.months:
        raise PeriodError(f"{type_} periods do not divide {period.type} ({period.id})")
    return inside


def add_working_days(day: date, n: int, holidays: frozenset[date] = frozenset()) -> date:
    """Move ``n`` working days (Mon–Fri, not in ``holidays``) from ``day``; negative goes back.

    The start day itself is never counted, so "5 working days after the cut-off" is the fifth
    working day strictly after it, and ``n == 0`` returns ``day`` unchanged.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if day.weekday() < 5 and day not in holidays:
            remaining -= 1
    return day


def deadline(
    period: Period,
    working_days_after_end: int,
    rule: CutoffRule = CutoffRule.decree09,
    holidays: frozenset[date] = frozenset(),
) -> date:
    """Submission deadline: ``working_days_after_end`` working days after the period's end."""
    return add_working_days(period.end(rule), working_days_after_end, holidays)

"""Turn a task's recurrence into dated occurrences over a plan's span.

One occurrence is one row of assignment progress: a period to report on and a due date.
Which periods a span implies (shared by every recurrence):

* the period's due date is its end under the rule (decree09: the 14th cut-off);
* a period whose due date falls before the span starts is skipped: under the cut-off its
  data predates the plan (a plan from 15/3/2024 has no "Tháng 3/2024", which closed 14/3);
* a period is included once it has begun *by the calendar* on or before the span's end, so a
  plan ending 31/12/2025 never grows a "Năm 2026" merely because the decree's 2026 starts
  15/12/2025; its due date is then clipped to the span's end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from backend.periods.labels import label
from backend.periods.rules import (
    CutoffRule,
    Period,
    PeriodType,
    periods_within,
)

MAX_OCCURRENCES = 600  # a monthly task over 50 years; beyond that the input is a mistake


class Recurrence(StrEnum):
    continuous = "continuous"
    annual = "annual"
    monthly = "monthly"
    quarterly = "quarterly"
    semiannual = "semiannual"
    every_n_years = "every_n_years"
    once = "once"


_PERIOD_TYPE = {
    Recurrence.continuous: PeriodType.year,
    Recurrence.annual: PeriodType.year,
    Recurrence.monthly: PeriodType.month,
    Recurrence.quarterly: PeriodType.quarter,
    Recurrence.semiannual: PeriodType.semiannual,
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    period_id: str | None
    due_date: date
    label: str


def _parse_recurrence(value: str) -> Recurrence:
    try:
        return Recurrence(value.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Recurrence)
        raise ValueError(f"unknown recurrence {value!r}: use one of {allowed}") from None


def _check_every_years(recurrence: Recurrence, every_years: int | None) -> None:
    if recurrence is Recurrence.every_n_years:
        if every_years is None or every_years < 1:
            raise ValueError("every_n_years needs every_years >= 1")
    elif every_years is not None:
        # Silently ignoring it would hide a mis-typed recurrence.
        raise ValueError(f"every_years only applies to every_n_years, not {recurrence}")


def _periods_in_span(
    type_: PeriodType, span_start: date, span_end: date, rule: CutoffRule
) -> list[Period]:
    return [
        p
        for p in periods_within(type_, span_start, span_end, rule=CutoffRule.calendar)
        if p.end(rule) >= span_start
    ]


def _every_n_years(span_start: date, span_end: date, step: int) -> list[Period]:
    # Anchored on span_start's year by definition, so the first year is kept even when its
    # cut-off has passed (its due date is then raised to span_start below).
    years = range(span_start.year, span_end.year + 1, step)
    return [Period.of(PeriodType.year, y) for y in years]


def _clip(day: date, span_start: date, span_end: date) -> date:
    return min(max(day, span_start), span_end)


def _label(recurrence: Recurrence, period: Period) -> str:
    if recurrence is Recurrence.continuous:
        return f"Thường xuyên năm {period.year}"
    return label(period)


def _check_count(count: int) -> None:
    if count > MAX_OCCURRENCES:
        raise ValueError(f"{count} occurrences exceed the limit of {MAX_OCCURRENCES}")


def occurrences(
    recurrence: str,
    span_start: date,
    span_end: date,
    *,
    first_due: date | None = None,
    every_years: int | None = None,
    rule: CutoffRule = CutoffRule.decree09,
) -> list[Occurrence]:
    """Occurrences of ``recurrence`` within ``[span_start, span_end]``, in due order.

    ``first_due`` replaces the first due date as given (a plan may set its own first deadline).
    """
    return list(_occurrences(recurrence, span_start, span_end, first_due, every_years, rule))


# Every unit of a group carries the same occurrences of a task: a page of a national plan's tasks,
# or a tally of all of them, asks for the same few spans thousands of times.
@lru_cache(maxsize=4096)
def _occurrences(recurrence: str, span_start: date, span_end: date, first_due: date | None,
                 every_years: int | None, rule: CutoffRule) -> tuple[Occurrence, ...]:
    kind = _parse_recurrence(recurrence)
    _check_every_years(kind, every_years)
    if span_end < span_start:
        raise ValueError(f"span end {span_end} is before its start {span_start}")
    if kind is Recurrence.once:
        return (Occurrence(None, first_due or span_end, "Một lần"),)
    if kind is Recurrence.every_n_years:
        periods = _every_n_years(span_start, span_end, every_years or 1)
    else:
        periods = _periods_in_span(_PERIOD_TYPE[kind], span_start, span_end, rule)
    _check_count(len(periods))
    found = [
        Occurrence(p.id, _clip(p.end(rule), span_start, span_end), _label(kind, p)) for p in periods
    ]
    if first_due is not None and found:
        found[0] = Occurrence(found[0].period_id, first_due, found[0].label)
    return tuple(found)

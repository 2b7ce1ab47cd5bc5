from datetime import date

import pytest

from backend.periods.labels import label
from backend.periods.occurrences import (
    MAX_OCCURRENCES,
    Occurrence,
    Recurrence,
    occurrences,
)
from backend.periods.rules import CutoffRule, parse_period

START = date(2024, 3, 15)
END = date(2025, 12, 31)


def ids(found: list[Occurrence]) -> list[str | None]:
    return [o.period_id for o in found]


@pytest.mark.parametrize(
    ("pid", "vi", "en"),
    [
        ("2024", "Năm 2024", "Year 2024"),
        ("2024S1", "6 tháng đầu năm 2024", "First half of 2024"),
        ("2024S2", "6 tháng cuối năm 2024", "Second half of 2024"),
        ("2024N9", "9 tháng năm 2024", "First nine months of 2024"),
        ("2024Q1", "Quý I/2024", "Q1 2024"),
        ("2024Q2", "Quý II/2024", "Q2 2024"),
        ("2024Q3", "Quý III/2024", "Q3 2024"),
        ("2024Q4", "Quý IV/2024", "Q4 2024"),
        ("202403", "Tháng 3/2024", "March 2024"),
        ("202412", "Tháng 12/2024", "December 2024"),
    ],
)
def test_labels(pid: str, vi: str, en: str) -> None:
    period = parse_period(pid)
    assert label(period) == vi
    assert label(period, "en") == en


def test_annual() -> None:
    assert occurrences("annual", START, END) == [
        Occurrence("2024", date(2024, 12, 14), "Năm 2024"),
        Occurrence("2025", date(2025, 12, 14), "Năm 2025"),
    ]


def test_continuous_is_reviewed_yearly() -> None:
    assert occurrences("continuous", START, END) == [
        Occurrence("2024", date(2024, 12, 14), "Thường xuyên năm 2024"),
        Occurrence("2025", date(2025, 12, 14), "Thường xuyên năm 2025"),
    ]


def test_monthly_starts_after_the_cutoff() -> None:
    # 202403 closed 14/3/2024 under the decree, before the plan began on 15/3.
    found = occurrences("monthly", START, END)
    assert len(found) == 21
    assert found[0] == Occurrence("202404", date(2024, 4, 14), "Tháng 4/2024")
    assert found[-1] == Occurrence("202512", date(2025, 12, 14), "Tháng 12/2025")
    assert [o.due_date for o in found] == sorted(o.due_date for o in found)


def test_quarterly() -> None:
    found = occurrences("quarterly", START, END)
    assert ids(found) == ["2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert found[0].label == "Quý II/2024"
    assert found[0].due_date == date(2024, 6, 14)


def test_semiannual() -> None:
    found = occurrences("semiannual", START, END)
    assert ids(found) == ["2024S1", "2024S2", "2025S1", "2025S2"]
    assert [o.due_date for o in found] == [
        date(2024, 6, 14),
        date(2024, 12, 14),
        date(2025, 6, 14),
        date(2025, 12, 14),
    ]
    assert found[1].label == "6 tháng cuối năm 2024"


@pytest.mark.parametrize(("every", "expected"), [(1, ["2024", "2025"]), (2, ["2024"])])
def test_every_n_years(every: int, expected: list[str]) -> None:
    found = occurrences("every_n_years", START, END, every_years=every)
    assert ids(found) == expected
    assert found[0] == Occurrence("2024", date(2024, 12, 14), "Năm 2024")


def test_every_n_years_keeps_its_first_year_after_the_cutoff() -> None:
    found = occurrences("every_n_years", date(2024, 12, 20), date(2030, 6, 30), every_years=3)
    assert [(o.period_id, o.due_date) for o in found] == [
        ("2024", date(2024, 12, 20)),  # raised to the span start
        ("2027", date(2027, 12, 14)),
        ("2030", date(2030, 6, 30)),  # clipped to the span end
    ]


def test_once() -> None:
    assert occurrences("once", START, END) == [Occurrence(None, END, "Một lần")]
    assert occurrences("once", START, END, first_due=date(2024, 5, 1)) == [
        Occurrence(None, date(2024, 5, 1), "Một lần")
    ]


def test_due_dates_are_clipped_to_the_span_end() -> None:
    found = occurrences("annual", date(2024, 1, 1), date(2024, 6, 30))
    assert found == [Occurrence("2024", date(2024, 6, 30), "Năm 2024")]
    found = occurrences("quarterly", date(2024, 1, 1), date(2024, 5, 1))
    assert [(o.period_id, o.due_date) for o in found] == [
        ("2024Q1", date(2024, 3, 14)),
        ("2024Q2", date(2024, 5, 1)),
    ]


def test_a_span_ending_in_december_does_not_reach_next_year() -> None:
    # The decree's 2026 starts 15/12/2025, inside the span; the calendar's does not.
    assert ids(occurrences("annual", START, END))[-1] == "2025"
    assert ids(occurrences("monthly", START, END))[-1] == "202512"


def test_first_due_replaces_only_the_first() -> None:
    found = occurrences("quarterly", START, END, first_due=date(2024, 7, 1))
    assert found[0] == Occurrence("2024Q2", date(2024, 7, 1), "Quý II/2024")
    assert found[1].due_date == date(2024, 9, 14)


def test_calendar_rule_uses_month_ends() -> None:
    found = occurrences("quarterly", START, END, rule=CutoffRule.calendar)
    assert ids(found)[0] == "2024Q1"
    assert found[0].due_date == date(2024, 3, 31)
    assert found[-1].due_date == date(2025, 12, 31)


@pytest.mark.parametrize("recurrence", list(Recurrence))
def test_every_recurrence_accepts_enum_and_text(recurrence: Recurrence) -> None:
    every = 1 if recurrence is Recurrence.every_n_years else None
    by_enum = occurrences(recurrence, START, END, every_years=every)
    by_text = occurrences(f" {recurrence.value.upper()} ", START, END, every_years=every)
    assert by_enum == by_text
    assert by_enum
    assert all(START <= o.due_date <= END for o in by_enum)


def test_limit_of_600() -> None:
    fifty_years = occurrences("monthly", date(2000, 1, 1), date(2049, 12, 31))
    assert len(fifty_years) == MAX_OCCURRENCES == 600
    with pytest.raises(ValueError, match="exceed the limit of 600"):
        occurrences("monthly", date(2000, 1, 1), date(2050, 1, 1))


@pytest.mark.parametrize(
    ("recurrence", "every", "message"),
    [
        ("weekly", None, "unknown recurrence 'weekly'"),
        ("every_n_years", None, "every_years >= 1"),
        ("every_n_years", 0, "every_years >= 1"),
        ("annual", 2, "only applies to every_n_years"),
    ],
)
def test_bad_arguments(recurrence: str, every: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        occurrences(recurrence, START, END, every_years=every)


@pytest.mark.parametrize("recurrence", ["annual", "once", "monthly"])
def test_span_end_before_start(recurrence: str) -> None:
    with pytest.raises(ValueError, match="before its start"):
        occurrences(recurrence, END, START)


def test_single_day_span() -> None:
    day = date(2024, 6, 14)
    assert occurrences("quarterly", day, day) == [Occurrence("2024Q2", day, "Quý II/2024")]
    assert occurrences("monthly", date(2024, 6, 20), date(2024, 6, 20)) == []

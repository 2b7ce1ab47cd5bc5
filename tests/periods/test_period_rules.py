from datetime import date
from itertools import pairwise

import pytest

from backend.periods.rules import (
    CutoffRule,
    Period,
    PeriodError,
    PeriodType,
    add_working_days,
    deadline,
    parse_period,
    periods_within,
    sub_periods,
)

D = CutoffRule.decree09
C = CutoffRule.calendar
MESSAGE = "use YYYY, YYYYS1, YYYYS2, YYYYN9, YYYYQ1..YYYYQ4 or YYYYMM"


@pytest.mark.parametrize(
    ("text", "type_", "year", "index"),
    [
        ("2024", PeriodType.year, 2024, None),
        ("2024S1", PeriodType.semiannual, 2024, 1),
        ("2024S2", PeriodType.semiannual, 2024, 2),
        ("2024N9", PeriodType.nine_months, 2024, None),
        ("2024Q1", PeriodType.quarter, 2024, 1),
        ("2024Q4", PeriodType.quarter, 2024, 4),
        ("202403", PeriodType.month, 2024, 3),
        ("202412", PeriodType.month, 2024, 12),
        ("1900", PeriodType.year, 1900, None),
        ("2999Q4", PeriodType.quarter, 2999, 4),
    ],
)
def test_parse_valid(text: str, type_: PeriodType, year: int, index: int | None) -> None:
    period = parse_period(text)
    assert (period.id, period.type, period.year, period.index) == (text, type_, year, index)
    assert str(period) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [(" 2024q2 ", "2024Q2"), ("2024s1", "2024S1"), ("2024n9", "2024N9"), ("\t202403\n", "202403")],
)
def test_parse_is_lenient_on_case_and_spaces(text: str, canonical: str) -> None:
    assert parse_period(text).id == canonical


@pytest.mark.parametrize(
    "text",
    [
        "2024Q5",
        "202413",
        "24",
        "2024S3",
        "abc",
        "",
        "2024-03",
        "202400",
        "1899",
        "3000",
        "2024Q0",
        "2024N8",
        "20240",
        "2024 Q1",
    ],
)
def test_parse_invalid(text: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert str(err.value) == f"invalid period '{text}': {MESSAGE}"
    assert isinstance(err.value, ValueError)


# Each row: id, decree09 start, decree09 end, calendar start, calendar end.
BOUNDS = [
    ("2024", "2023-12-15", "2024-12-14", "2024-01-01", "2024-12-31"),
    ("2024S1", "2023-12-15", "2024-06-14", "2024-01-01", "2024-06-30"),
    ("2024S2", "2024-06-15", "2024-12-14", "2024-07-01", "2024-12-31"),
    ("2024N9", "2023-12-15", "2024-09-14", "2024-01-01", "2024-09-30"),
    ("2024Q1", "2023-12-15", "2024-03-14", "2024-01-01", "2024-03-31"),
    ("2024Q2", "2024-03-15", "2024-06-14", "2024-04-01", "2024-06-30"),
    ("2024Q3", "2024-06-15", "2024-09-14", "2024-07-01", "2024-09-30"),
    ("2024Q4", "2024-09-15", "2024-12-14", "2024-10-01", "2024-12-31"),
    ("202401", "2023-12-15", "2024-01-14", "2024-01-01", "2024-01-31"),
    ("202402", "2024-01-15", "2024-02-14", "2024-02-01", "2024-02-29"),
    ("202302", "2023-01-15", "2023-02-14", "2023-02-01", "2023-02-28"),
    ("202403", "2024-02-15", "2024-03-14", "2024-03-01", "2024-03-31"),
    ("202412", "2024-11-15", "2024-12-14", "2024-12-01", "2024-12-31"),
]


@pytest.mark.parametrize(("pid", "d_start", "d_end", "c_start", "c_end"), BOUNDS)
def test_bounds_under_both_rules(
    pid: str, d_start: str, d_end: str, c_start: str, c_end: str
) -> None:
    period = parse_period(pid)
    assert period.start() == period.start(D) == date.fromisoformat(d_start)
    assert period.end() == period.end(D) == date.fromisoformat(d_end)
    assert period.start(C) == date.fromisoformat(c_start)
    assert period.end(C) == date.fromisoformat(c_end)


def test_contains_respects_the_cutoff() -> None:
    march = parse_period("202403")
    assert march.contains(date(2024, 3, 14))
    assert not march.contains(date(2024, 3, 15))
    assert march.contains(date(2024, 3, 15), C)
    assert march.contains(date(2024, 2, 15))
    assert not march.contains(date(2024, 2, 15), C)


@pytest.mark.parametrize(
    ("pid", "previous"),
    [
        ("2024", "2023"),
        ("2024S1", "2023S2"),
        ("2024S2", "2024S1"),
        ("2024N9", "2023N9"),
        ("2024Q1", "2023Q4"),
        ("2024Q3", "2024Q2"),
        ("202401", "202312"),
        ("202410", "202409"),
    ],
)
def test_previous_and_next(pid: str, previous: str) -> None:
    period = parse_period(pid)
    assert period.previous() == parse_period(previous)
    assert parse_period(previous).next() == period


def test_previous_and_next_stop_at_year_limits() -> None:
    with pytest.raises(PeriodError):
        parse_period("190001").previous()
    with pytest.raises(PeriodError):
        parse_period("2999S2").next()


def test_parent_year() -> None:
    assert parse_period("202407").parent_year() == parse_period("2024")
    assert parse_period("2024N9").parent_year().id == "2024"


def test_period_construction_is_validated() -> None:
    assert Period.of(PeriodType.quarter, 2024, 2) == parse_period("2024Q2")
    with pytest.raises(PeriodError):
        Period("2024Q3", PeriodType.quarter, 2024, 2)
    with pytest.raises(PeriodError):
        Period.of(PeriodType.month, 2024, 13)
    with pytest.raises(PeriodError):
        Period.of(PeriodType.year, 2024, 1)


def test_periods_are_hashable_values() -> None:
    assert {parse_period("2024q1"), parse_period("2024Q1")} == {parse_period("2024Q1")}


@pytest.mark.parametrize(
    ("pid", "type_", "expected"),
    [
        ("2024", PeriodType.quarter, ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
        ("2024", PeriodType.semiannual, ["2024S1", "2024S2"]),
        ("2024", PeriodType.month, [f"2024{m:02d}" for m in range(1, 13)]),
        ("2024S1", PeriodType.quarter, ["2024Q1", "2024Q2"]),
        ("2024S2", PeriodType.quarter, ["2024Q3", "2024Q4"]),
        ("2024S2", PeriodType.month, ["202407", "202408", "202409", "202410", "202411", "202412"]),
        ("2024N9", PeriodType.quarter, ["2024Q1", "2024Q2", "2024Q3"]),
        ("2024Q2", PeriodType.month, ["202404", "202405", "202406"]),
    ],
)
def test_sub_periods(pid: str, type_: PeriodType, expected: list[str]) -> None:
    assert [p.id for p in sub_periods(parse_period(pid), type_)] == expected


def test_sub_periods_tile_the_parent_under_the_decree_rule() -> None:
    year = parse_period("2024")
    months = sub_periods(year, PeriodType.month)
    assert months[0].start() == year.start() and months[-1].end() == year.end()
    for before, after in pairwise(months):
        assert (after.start() - before.end()).days == 1


@pytest.mark.parametrize(
    ("pid", "type_"),
    [
        ("2024Q1", PeriodType.year),
        ("2024Q1", PeriodType.quarter),
        ("202401", PeriodType.month),
        ("2024S1", PeriodType.nine_months),
        ("2024N9", PeriodType.semiannual),  # holds S1 but not S2
        ("2024", PeriodType.nine_months),  # N9 does not cover the year
    ],
)
def test_sub_periods_rejects_types_that_do_not_divide(pid: str, type_: PeriodType) -> None:
    with pytest.raises(PeriodError):
        sub_periods(parse_period(pid), type_)


def test_periods_within_calendar_overlap() -> None:
    found = periods_within(PeriodType.quarter, date(2024, 3, 15), date(2025, 1, 1))
    assert [p.id for p in found] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"]


def test_periods_within_decree_overlap() -> None:
    found = periods_within(PeriodType.month, date(2024, 3, 15), date(2024, 5, 14), rule=D)
    assert [p.id for p in found] == ["202404", "202405"]
    found = periods_within(PeriodType.year, date(2024, 1, 1), date(2025, 12, 31), rule=D)
    assert [p.id for p in found] == ["2024", "2025", "2026"]


def test_periods_within_nine_months_and_edges() -> None:
    found = periods_within(PeriodType.nine_months, date(2024, 10, 1), date(2026, 1, 1))
    # 2024N9 closed 30/9; 2026N9 begins on the span's last day, so it overlaps.
    assert [p.id for p in found] == ["2025N9", "2026N9"]
    assert [p.id for p in periods_within(PeriodType.year, date(1800, 1, 1), date(1900, 6, 1))] == [
        "1900"
    ]
    assert [p.id for p in periods_within(PeriodType.year, date(2999, 6, 1), date(3500, 1, 1))] == [
        "2999"
    ]
    with pytest.raises(ValueError):
        periods_within(PeriodType.year, date(2024, 2, 1), date(2024, 1, 1))


SAT = date(2024, 3, 16)
FRI = date(2024, 3, 15)


@pytest.mark.parametrize(
    ("start", "n", "holidays", "expected"),
    [
        (date(2024, 3, 14), 1, frozenset(), FRI),  # Thu → Fri
        (FRI, 1, frozenset(), date(2024, 3, 18)),  # skips the weekend
        (SAT, 1, frozenset(), date(2024, 3, 18)),  # from a weekend day
        (FRI, 5, frozenset(), date(2024, 3, 22)),
        (FRI, 0, frozenset(), FRI),
        (date(2024, 3, 18), -1, frozenset(), FRI),
        # 30/4 and 1/5 (Reunification Day, Labour Day) pushed past with the weekend.
        (date(2024, 4, 26), 3, frozenset({date(2024, 4, 30), date(2024, 5, 1)}), date(2024, 5, 3)),
    ],
)
def test_add_working_days(start: date, n: int, holidays: frozenset[date], expected: date) -> None:
    assert add_working_days(start, n, holidays) == expected


def test_deadline_counts_from_the_cutoff() -> None:
    # 2024Q1 closes Thu 14/3/2024 under the decree; 5 working days → Thu 21/3.
    assert deadline(parse_period("2024Q1"), 5) == date(2024, 3, 21)
    # Calendar rule: closes Sun 31/3; Mon 1/4 is a holiday in this example.
    assert deadline(parse_period("2024Q1"), 1, C, frozenset({date(2024, 4, 1)})) == date(2024, 4, 2)

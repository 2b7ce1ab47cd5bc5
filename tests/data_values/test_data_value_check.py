"""One check of a figure for every path that writes one (issue 16 §1): a report's figures and the
import must accept and refuse the same values. Hypothesis draws the values; no database needed."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.data_values import check
from backend.data_values.rows import RowError, RowReader
from backend.kit.said import Said
from backend.models import Indicator, ValueType
from backend.submissions.schemas import DataValueIn
from backend.submissions.service import _columns

NUMBERS = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 0.0, 1, 13, 14, 2.5, -1, 10**18, 10**17 + 0.5]),
)
MAYBE = st.one_of(st.none(), NUMBERS)


def _indicator(kind: ValueType, le: bool = False) -> Indicator:
    indicator = Indicator(id=1, code="X", name="X", value_type=kind, numerator_le_denominator=le)
    indicator.categories = []
    return indicator


def _by_report(indicator: Indicator, **figure: Any) -> bool:
    columns = _columns(indicator, DataValueIn(indicator="X", **figure))
    return not isinstance(columns, Said)


def _by_import(indicator: Indicator, value: Any = None, numerator: Any = None,
               denominator: Any = None) -> bool:
    reader = RowReader({"X": indicator}, {"U": 1}, {1: (date(2015, 1, 1), None)}, None, "dot", {})
    try:
        reader.record(("X", "U", "2024", "", value, numerator, denominator))
    except RowError as error:
        assert error.code == "invalid_value"
        return False
    return True


@settings(deadline=None)  # the first example configures the ORM's mappers
@given(kind=st.sampled_from([ValueType.counted, ValueType.number]), value=NUMBERS)
def test_counts_and_numbers_alike(kind: ValueType, value: Any) -> None:
    indicator = _indicator(kind)
    assert _by_report(indicator, value=value) == _by_import(indicator, value=value)


@settings(deadline=None)
@given(numerator=MAYBE, denominator=MAYBE, le=st.booleans())
def test_ratios_alike(numerator: Any, denominator: Any, le: bool) -> None:
    if numerator is None and denominator is None:
        return  # an empty figure: nothing to write, a report clears it
    indicator = _indicator(ValueType.ratio, le)
    assert _by_report(indicator, numerator=numerator, denominator=denominator) == _by_import(
        indicator, numerator=numerator, denominator=denominator)


@pytest.mark.parametrize(("numerator", "denominator", "le", "part"), [
    (14, 13, True, "numerator"), (0, 0, False, "denominator"), (-1, 5, False, "numerator"),
    (None, 5, False, "numerator"), (1, None, False, "denominator")])
def test_impossible_ratios_name_the_part(numerator: Any, denominator: Any, le: bool,
                                         part: str) -> None:
    with pytest.raises(check.DataValueInvalid) as refused:
        check.ratio(None if numerator is None else Decimal(numerator),
                    None if denominator is None else Decimal(denominator), le)
    assert refused.value.part == part


def test_14_of_13_is_fine_where_the_indicator_is_not_a_part_of_a_whole() -> None:
    assert check.ratio(Decimal(14), Decimal(13), False) == (Decimal(14), Decimal(13))


def test_a_text_figure_is_short() -> None:
    assert check.text("x" * check.MAX_TEXT)
    with pytest.raises(check.DataValueInvalid):
        check.text("x" * (check.MAX_TEXT + 1))
    indicator = _indicator(ValueType.text)
    assert not _by_import(indicator, value="x" * (check.MAX_TEXT + 1))
    assert not _by_report(indicator, value="x" * (check.MAX_TEXT + 1))


def _by_rules(rules: check.DataValueRules, value: Decimal) -> bool:
    """What the web app concludes from the rules the server sends (frontend/src/lib/figures.ts)."""
    if rules.whole and value != value.to_integral_value():
        return False
    return (rules.minimum is None or value >= rules.minimum) and abs(value) < 10 ** rules.max_digits


def _accepted(call: Any, *args: Any) -> bool:
    try:
        call(*args)
    except check.DataValueInvalid:
        return False
    return True


FINITE = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                               min_value=-10**19, max_value=10**19),
                   st.sampled_from([Decimal(0), Decimal(-1), Decimal(10**18 - 1), Decimal(10**18)]))


@given(value=FINITE)
def test_the_rules_sent_to_the_web_app_say_what_a_count_and_a_number_may_hold(value: Decimal) -> None:
    assert _by_rules(check.rules(ValueType.counted, False), value) == _accepted(check.count, value)
    assert _by_rules(check.rules(ValueType.number, False), value) == _accepted(check.number, value)


@given(numerator=FINITE, denominator=FINITE, le=st.booleans())
def test_the_rules_sent_to_the_web_app_say_what_a_ratio_may_hold(numerator: Decimal,
                                                                 denominator: Decimal,
                                                                 le: bool) -> None:
    rules = check.rules(ValueType.ratio, le)
    assert rules.denominator_above is not None
    by_rules = (_by_rules(rules, numerator) and _by_rules(rules, denominator)
                and denominator > rules.denominator_above
                and not (rules.numerator_le_denominator and numerator > denominator))
    assert by_rules == _accepted(check.ratio, numerator, denominator, le)


def test_the_rules_of_a_text_and_a_yes_no_figure() -> None:
    assert check.rules(ValueType.text, False).max_length == check.MAX_TEXT
    assert check.rules(ValueType.yes_no, True) == check.DataValueRules(
        whole=False, minimum=None, denominator_above=None, numerator_le_denominator=False,
        max_digits=18, max_length=None)

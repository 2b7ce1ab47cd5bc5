"""The illustrative figures' generator (backend/demo/generated.py) and the demo's calendar, without
a database: the same figures on every call, within the rules a report's figures obey."""

from datetime import date

from backend.demo.activity import demo_reports, last_quarter
from backend.demo.generated import PARTS, figures_of, periods_until
from backend.models import Indicator, IndicatorCategory, ValueType
from backend.periods.rules import PeriodType, parse_period


def _indicator(code: str, value_type: ValueType, categories: tuple[str, ...] = ()) -> Indicator:
    return Indicator(code=code, value_type=value_type, categories=[
        IndicatorCategory(code=c, name=c, position=i) for i, c in enumerate(categories)])


INDICATORS = [
    _indicator("QCDC_DISCLOSURE_DONE", ValueType.yes_no),
    _indicator("QCDC_MEDIATION_RECEIVED", ValueType.counted),
    _indicator("QCDC_MEDIATION_SUCCESSFUL", ValueType.counted),
    _indicator("QCDC_COMPLAINTS_RECEIVED", ValueType.counted),
    _indicator("QCDC_COMPLAINTS_RESOLVED", ValueType.counted),
    _indicator("QCDC_VILLAGES_WITH_CONVENTION", ValueType.ratio),
    _indicator("QCDC_ADMIN_DOSSIERS_RESOLVED", ValueType.ratio),
    _indicator("QCDC_MODELS_BY_TYPE", ValueType.counted, ("COLLECTIVE", "INDIVIDUAL")),
]


def test_the_same_unit_and_period_give_the_same_figures() -> None:
    period = parse_period("2024")
    assert figures_of(INDICATORS, "24496", period) == figures_of(INDICATORS, "24496", period)
    assert figures_of(INDICATORS, "24496", period) != figures_of(INDICATORS, "24499", period)


def test_figures_keep_the_forms_rules_and_the_seeds_facts() -> None:
    for code in ("07345", "24496", "25357", "654-VP"):
        for period in ("2021", "2023Q2", "2025S2"):
            figures = {(f.indicator, f.category): f
                       for f in figures_of(INDICATORS, code, parse_period(period))}
            assert len(figures) == len(INDICATORS) + 1  # one per category of MODELS_BY_TYPE
            for part, whole in PARTS.items():
                assert 0 <= figures[part, None].value <= figures[whole, None].value  # type: ignore[operator]
            for ratio in ("QCDC_VILLAGES_WITH_CONVENTION", "QCDC_ADMIN_DOSSIERS_RESOLVED"):
                figure = figures[ratio, None]
                assert figure.numerator is not None and figure.denominator is not None
                assert 0 <= figure.numerator <= figure.denominator
            if code == "07345":  # Song Vân has 13 villages (seed 003)
                assert figures["QCDC_VILLAGES_WITH_CONVENTION", None].denominator == 13


def test_periods_run_from_2021_to_the_one_holding_today() -> None:
    quarters = [p.id for p in periods_until(PeriodType.quarter, date(2026, 12, 4))]
    assert quarters[0] == "2021Q1" and quarters[-1] == "2026Q4" and len(quarters) == 24
    # Under Decree 09 the year 2027 starts on 15 December 2026.
    assert [p.id for p in periods_until(PeriodType.year, date(2026, 12, 15))][-1] == "2027"


def test_the_workflow_reports_are_of_the_last_quarter_ended() -> None:
    assert last_quarter(date(2026, 12, 4)) == "2026Q3"
    assert last_quarter(date(2026, 12, 15)) == "2026Q4"
    states = {report.state for report in demo_reports(date(2026, 12, 4))}
    assert states == {"draft", "submitted", "returned", "approved"}

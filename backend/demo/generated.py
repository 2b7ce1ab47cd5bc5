"""Illustrative figures: what the demo's reporting units would have reported from 2021 to the
current period, so every dashboard, chart and compiled report has something to show.

None of these numbers comes from a document. Each is drawn from a generator seeded with the unit,
the indicator and the period (the same figure on every load, on any machine), in ranges plausible
for the unit's kind and size, and stored as approved through the figures store, as the historic
figures are, each with ILLUSTRATIVE as its note (and the import in the history). The seeds' own
figures are never touched: a key that holds a figure is skipped, and so is every unit and period
that has a report (its figures are the report's).
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.data_values import check
from backend.data_values import repository as figures_import
from backend.data_values.store import FIELDS
from backend.kit import clock
from backend.models import (
    DataValue,
    DataValueStatus,
    Indicator,
    OrgUnit,
    ReportingForm,
    Submission,
    ValueType,
)
from backend.periods.rules import Period, PeriodType
from backend.reporting_forms.repository import expected_to_report

FIRST_YEAR = 2021
ILLUSTRATIVE = "Số liệu minh họa của bản demo, sinh tự động, không phải số liệu thực tế"
# What a count is per year for a unit of average size, by indicator (a quarter draws a quarter).
YEARLY: dict[str, tuple[int, int]] = {
    "QCDC_DISCLOSURE_CONTENTS": (8, 30),
    "QCDC_DIRECT_DECISIONS": (2, 8),
    "QCDC_VOTED_DECISIONS": (2, 6),
    "QCDC_CONSULTATIONS": (4, 14),
    "QCDC_PIB_SUPERVISIONS": (1, 5),
    "QCDC_CISB_SUPERVISIONS": (1, 4),
    "QCDC_COMPLAINTS_RECEIVED": (4, 30),
    "QCDC_VILLAGE_MEETINGS": (20, 60),
    "QCDC_LEADER_DIALOGUES": (1, 4),
    "QCDC_LEADER_DIALOGUE_PARTICIPANTS": (8, 120),
    "QCDC_FRONT_SUPERVISIONS": (2, 6),
    "QCDC_FRONT_SURVEYS": (2, 9),
    "QCDC_MEDIATION_RECEIVED": (3, 20),
    "QCDC_OFFICIALS_TRAINED": (10, 60),
    "QCDC_MODELS_BY_TYPE": (0, 3),
    "QCDC_MODELS_BY_DOMAIN": (0, 2),
    "QCDC_INSPECTIONS": (1, 4),
    "QCDC_UNITS_INSPECTED": (1, 6),
    "QCDC_DOCUMENTS_ISSUED": (0, 4),
    "QCDC_STAFF_DIALOGUES": (1, 3),
    "QCDC_WORKPLACE_DIALOGUES": (1, 3),
}
# Share of units answering yes, by indicator.
YES_SHARE: dict[str, float] = {
    "QCDC_DISCLOSURE_DONE": 0.95, "QCDC_STAFF_CONF": 0.95, "QCDC_WORKERS_CONF": 0.85,
    "QCDC_CLA_SIGNED": 0.7, "QCDC_REGULATION_UPDATED": 0.3, "QCDC_NEW_RURAL_COMMUNE": 0.6,
    "QCDC_FRIENDLY_GOVERNMENT": 0.5,
}
# A figure that cannot exceed another of the same report: (part, whole).
PARTS = {"QCDC_MEDIATION_SUCCESSFUL": "QCDC_MEDIATION_RECEIVED",
         "QCDC_COMPLAINTS_RESOLVED": "QCDC_COMPLAINTS_RECEIVED"}
# A count or a denominator that belongs to the unit rather than to the period.
VILLAGES = {"07345": 13}  # Song Vân: 13 villages (seed 003)


@dataclass(frozen=True)
class Figure:
    """One illustrative figure, as a report's figure (DataValueIn) and as data_value columns."""

    indicator: str
    category: str | None
    value: int | bool | None = None
    numerator: int | None = None
    denominator: int | None = None

    def columns(self) -> dict[str, Any]:
        number = self.value if isinstance(self.value, int) and not isinstance(self.value, bool) \
            else None
        return {"value_numeric": Decimal(number) if number is not None else None,
                "value_bool": self.value if isinstance(self.value, bool) else None,
                "numerator": None if self.numerator is None else Decimal(self.numerator),
                "denominator": None if self.denominator is None else Decimal(self.denominator)}


def _size(unit_code: str) -> float:
    """How big a unit is against the average (0.6 to 1.6), the same on every load."""
    return random.Random(f"size|{unit_code}").uniform(0.6, 1.6)


def _count(rng: random.Random, code: str, unit_code: str, period: Period) -> int:
    low, high = YEARLY.get(code, (0, 5))
    share = period.type.months / 12
    return round(rng.uniform(low, high) * share * _size(unit_code))


def _ratio(rng: random.Random, indicator: Indicator, unit_code: str,
           period: Period) -> tuple[int, int]:
    if indicator.code == "QCDC_VILLAGES_WITH_CONVENTION":
        villages = VILLAGES.get(unit_code) or round(10 * _size(unit_code))
        return villages - (1 if rng.random() < 0.15 else 0), villages
    received = round(rng.uniform(300, 1500) * period.type.months / 12 * _size(unit_code))
    return received - round(received * rng.uniform(0, 0.03)), received


def figures_of(indicators: list[Indicator], unit_code: str, period: Period) -> list[Figure]:
    """A unit's illustrative figures of a period for these indicators (a form's)."""
    drawn: dict[str, int] = {}
    figures: list[Figure] = []
    for indicator in indicators:
        rng = random.Random(f"{unit_code}|{indicator.code}|{period.id}")
        categories: list[str | None] = [c.code for c in indicator.categories] or [None]
        for category in categories:
            figures.append(_figure(rng, indicator, unit_code, period, category, drawn))
    return figures


def _figure(rng: random.Random, indicator: Indicator, unit_code: str, period: Period,
            category: str | None, drawn: dict[str, int]) -> Figure:
    code = indicator.code
    if indicator.value_type is ValueType.yes_no:
        return Figure(code, category, value=rng.random() < YES_SHARE.get(code, 0.8))
    if indicator.value_type is ValueType.ratio:
        numerator, denominator = _ratio(rng, indicator, unit_code, period)
        return Figure(code, category, numerator=numerator, denominator=denominator)
    if code in PARTS:
        whole = drawn.get(PARTS[code], 0)
        return Figure(code, category, value=whole - round(whole * rng.uniform(0, 0.25)))
    value = _count(rng, code, unit_code, period)
    if category is None:
        drawn[code] = value
    return Figure(code, category, value=value)


def periods_until(type_: PeriodType, today: date) -> Iterator[Period]:
    """Every period of a type from FIRST_YEAR to the one that holds today."""
    period = Period.of(type_, FIRST_YEAR, None if type_.per_year == 1 else 1)
    while period.start() <= today:
        yield period
        period = period.next()


async def _reporters(session: AsyncSession, form: ReportingForm, period: Period) -> list[OrgUnit]:
    """The units expected to report the form for the period, as the tree stood at its end."""
    day = period.end()
    units = await session.scalars(select(OrgUnit).where(
        expected_to_report(form.reporters, form.owner_unit_id, day)).order_by(OrgUnit.code))
    return [u for u in units if check.absent(u.valid_from, u.valid_to, period) is None]


async def _records(session: AsyncSession, form: ReportingForm, stored: set[tuple[Any, ...]],
                   reported: set[tuple[int, str]]) -> list[tuple[Any, ...]]:
    """The form's missing figures up to today, as the bulk import stages its rows."""
    indicators = [item.indicator for item in form.items]
    ids = {i.code: i.id for i in indicators}
    records: list[tuple[Any, ...]] = []
    for period in periods_until(PeriodType(form.period_type), clock.today()):
        for unit in await _reporters(session, form, period):
            if (unit.id, period.id) in reported:
                continue
            for figure in figures_of(indicators, unit.code, period):
                key = (unit.id, period.id, ids[figure.indicator], figure.category or "")
                if key not in stored:
                    columns = figure.columns()
                    records.append((len(records), key[2], unit.id, period.id, key[3],
                                    *(columns.get(f) for f in FIELDS)))
    return records


async def load_generated(session: AsyncSession) -> int:
    """Figures for every reporting unit, form and period up to today that has none yet, written
    as approved in one pass of the bulk import's merge (the figures store and its roll-ups)."""
    forms = list(await session.scalars(select(ReportingForm).where(ReportingForm.is_active)
                                       .order_by(ReportingForm.code)))
    stored = {tuple(row) for row in await session.execute(select(
        DataValue.org_unit_id, DataValue.period, DataValue.indicator_id,
        DataValue.category_code))}
    reported = {(unit_id, period) for unit_id, period in await session.execute(
        select(Submission.org_unit_id, Submission.period))}
    records: list[tuple[Any, ...]] = []
    for form in forms:
        if form.reporters.get("grassroots_types"):  # else compiled from the units below
            records += [(len(records), *r[1:]) for r in
                        await _records(session, form, stored, reported)]
    if not records:
        return 0
    approved = DataValueStatus.approved
    periods = sorted({r[3] for r in records})
    await figures_import.begin(session)
    await (await figures_import.Stager.of(session)).stage(records)
    await figures_import.compare(session, approved, sorted({r[1] for r in records}), periods,
                                 staged=len(records))
    classes = await figures_import.classify(session)
    await figures_import.merge(session, approved, periods, classes, roll_up=True,
                               note=ILLUSTRATIVE)
    await figures_import.clear(session)
    # The history says where these figures come from, as it does for every import.
    await record(session, None, "import", "data_values", "demo", after={
        "created": classes.created, "periods": [periods[0], periods[-1]], "note": ILLUSTRATIVE})
    return classes.created

"""The default catalogue (backend/demo/data/catalogue.json): indicators and reporting forms.

Loaded idempotently by code: what exists stays as it is (an admin may have edited it).
"""

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.text import fold, nfc
from backend.models import (
    Indicator,
    IndicatorCategory,
    ReportingForm,
    ReportingFormIndicator,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)
from backend.periods.rules import PeriodType


def read_catalogue() -> dict[str, Any]:
    text = resources.files("backend.demo").joinpath("data", "catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _text(value: str | None) -> str | None:
    return nfc(value).strip() if value else None


def _indicator(row: dict[str, Any]) -> Indicator:
    name = nfc(row["name"]).strip()
    return Indicator(
        code=row["code"], name=name, name_en=_text(row.get("name_en")), name_folded=fold(name),
        description=_text(row.get("description")), unit_of_measure=_text(row.get("unit")),
        value_type=ValueType(row["value_type"]), aggregation=UnitAggregation(row["aggregation"]),
        time_aggregation=TimeAggregation(row["time_aggregation"]),
        numerator_name=_text(row.get("numerator_name")),
        denominator_name=_text(row.get("denominator_name")),
        numerator_le_denominator=bool(row.get("numerator_le_denominator", False)),
        applies_to=list(row.get("applies_to", [])), published=bool(row.get("published", False)),
        categories=[IndicatorCategory(code=c["code"], name=nfc(c["name"]),
                                      name_en=_text(c.get("name_en")), position=i)
                    for i, c in enumerate(row.get("categories", []))])


def _form(row: dict[str, Any], indicators: dict[str, Indicator]) -> ReportingForm:
    name = nfc(row["name"]).strip()
    return ReportingForm(
        code=row["code"], name=name, name_en=_text(row.get("name_en")), name_folded=fold(name),
        period_type=PeriodType(row["period_type"]),
        narrative=[{"key": s["key"], "title": nfc(s["title"])} for s in row.get("narrative", [])],
        reporters={"grassroots_types": list(row.get("reporters", {}).get("grassroots_types", [])),
                   "kinds": list(row.get("reporters", {}).get("kinds", []))},
        deadline_working_days=dict(row.get("deadline_working_days", {})),
        rules=[{**r, "message": nfc(r["message"])} for r in row.get("rules", [])],
        owner_unit_id=None, opens_days_before_end=row.get("opens_days_before_end"),
        closes_days_after_deadline=row.get("closes_days_after_deadline"), is_active=True,
        items=[ReportingFormIndicator(indicator=indicators[item["code"]],
                                      required=bool(item.get("required", False)), position=i)
               for i, item in enumerate(row.get("indicators", []))])


async def load_catalogue(session: AsyncSession,
                         data: dict[str, Any] | None = None) -> dict[str, int]:
    """Create the catalogue's indicators and forms that do not exist yet; counts what was created."""
    data = data if data is not None else read_catalogue()
    created = {"indicators": 0, "reporting forms": 0}
    indicators = {i.code: i for i in await session.scalars(select(Indicator))}
    for row in data.get("indicators", []):
        if row["code"] not in indicators:
            indicators[row["code"]] = _indicator(row)
            session.add(indicators[row["code"]])
            created["indicators"] += 1
    await session.flush()
    forms = set(await session.scalars(select(ReportingForm.code)))
    for row in data.get("forms", []):
        if row["code"] not in forms:
            session.add(_form(row, indicators))
            created["reporting forms"] += 1
    await session.flush()
    return {what: n for what, n in created.items() if n}

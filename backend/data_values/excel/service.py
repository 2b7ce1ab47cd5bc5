"""The template for a form, units and period: the caller's writable units, the form's indicators
and every figure already stored for them."""

from collections.abc import Sequence

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.data_values.excel import repository
from backend.data_values.excel.template import Line, Template, build, filename
from backend.errors import Forbidden, NotFound
from backend.models import Indicator, IndicatorCategory, OrgUnit, ReportingForm
from backend.periods.schemas import resolved
from backend.reporting_forms import repository as forms_repository
from backend.reporting_forms import service as forms

MAX_UNITS = 500


async def template(session: AsyncSession, principal: Principal, form_code: str,
                   unit_refs: Sequence[str], period_id: str) -> tuple[str, bytes]:
    """The workbook's file name and bytes."""
    form = await forms_repository.get_visible_by_code(session, principal, form_code)
    if form is None:
        raise NotFound(f"No reporting form {form_code}.")
    period = resolved(forms.parse_period_for(form, period_id, ["query", "period"]), form.period_rule)
    units = await _writable_units(session, principal, unit_refs)
    content = Template(form, period, await _lines(session, form, units, period.id))
    # Writing thousands of styled rows takes a moment: not on the event loop.
    return filename(form, period), await to_thread.run_sync(build, content)


async def _writable_units(session: AsyncSession, principal: Principal,
                          refs: Sequence[str]) -> list[OrgUnit]:
    refs = list(dict.fromkeys(ref.strip() for ref in refs))
    found = await repository.visible_units(session, principal, refs)
    missing = [ref for ref in refs if ref not in found]
    if missing:
        raise NotFound(f"No org unit {', '.join(missing)}.")
    units = list({unit.id: unit for unit in found.values()}.values())
    writable = await repository.writable(session, principal, [unit.id for unit in units])
    refused = [ref for ref, unit in found.items() if unit.id not in writable]
    if refused:
        raise Forbidden(f"Only a reporter of the unit writes its figures: {', '.join(refused)}.")
    return units


async def _lines(session: AsyncSession, form: ReportingForm, units: list[OrgUnit],
                 period: str) -> list[Line]:
    indicators = [item.indicator for item in form.items]
    stored = {(v.org_unit_id, v.indicator_id, v.category_code): v
              for v in await repository.stored(session, [u.id for u in units], period,
                                               [i.id for i in indicators])}
    return [Line(unit, indicator, category,
                 stored.get((unit.id, indicator.id, category.code if category else "")))
            for unit in units for indicator in indicators for category in _options(indicator)]


def _options(indicator: Indicator) -> list[IndicatorCategory | None]:
    """The category options a figure is reported for; None: the indicator is not disaggregated."""
    return list(indicator.categories) or [None]

"""Compiled reports (báo cáo tổng hợp): the report a unit owes its superior, prefilled from the
units below it.

Each compile gathers a fresh snapshot of material: the subtree's figures (live aggregates of the
approved values, by child unit and by kind of unit), who reported the period's forms on time, late
or not at all, what each unit below wrote in its approved report for each section of the outline,
and the progress of the tasks of the unit's plans. The figures are never written as the unit's own
values: the units below already roll up into it. The compiler's text is never overwritten.
"""

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import repository as aggregates_repository
from backend.aggregates.rollup import tree_date
from backend.aggregates.schemas import AggregateRow
from backend.aggregates.service import aggregate
from backend.assignments.service import plan_tasks
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import may_see
from backend.compilations import repository, schemas
from backend.compilations.errors import NothingToCompile
from backend.errors import Forbidden, NotFound, field_error
from backend.models import (
    AggregateLevel,
    Indicator,
    OrgUnit,
    ReportingForm,
    SubmissionCompilation,
    UnitAggregation,
    ValueType,
)
from backend.org_units.schemas import OrgUnitRef
from backend.periods.rules import Period
from backend.reporting_forms import service as forms
from backend.submissions import outliers
from backend.submissions import repository as submissions_repository
from backend.submissions import service as submissions
from backend.submissions.errors import FormNotForUnit, SubmissionExists
from backend.submissions.progress import task_progress_for

# Indicators whose figures add up over units, so that a kind of unit has a total of its own.
_ADDITIVE = (UnitAggregation.sum, UnitAggregation.count_true)


async def _as_compiler(session: AsyncSession, principal: Principal, unit_id: int) -> None:
    for role in submissions.COMPILERS:
        if await may_see(session, principal, unit_id, acting_as=role):
            return
    raise Forbidden("Only a planner or reviewer of the unit compiles its report from the units "
                    "below.")


async def compile_report(session: AsyncSession, principal: Principal,
                         data: schemas.CompileRequest) -> submissions.Context:
    """Create the unit's compiled draft, or refresh the material of its editable one."""
    unit = await forms.visible_unit(session, principal, data.unit_id)
    await _as_compiler(session, principal, unit.id)
    form = await forms.get_form(session, data.form_id)
    if not form.is_active:
        raise FormNotForUnit(f"The form {form.code} is no longer in use.",
                             errors=[field_error(["body", "form_id"], "not in use")])
    period = forms.parse_period_for(form, data.period, ["body", "period"])
    existing = await submissions_repository.find(session, form.id, unit.id, period.id)
    if existing is not None and not await submissions_repository.is_compiled(session, existing.id):
        raise SubmissionExists(f"{unit.name} already has a report {form.code} for {period.id} "
                               f"of its own (submission {existing.id}); it is not compiled.",
                               submission_id=existing.id)
    if existing is not None:
        submissions.check_editable(existing)
    material = await gather(session, principal, form, unit, period)
    if existing is None:
        context = await submissions.create_compiled(session, principal, form, unit, period)
    else:
        context = await submissions.get_submission(session, principal, existing.id)
    row = await repository.compilation(session, context.submission.id) \
        or SubmissionCompilation(submission_id=context.submission.id)
    row.material = material.model_dump(mode="json")
    row.compiled_at, row.compiled_by_id = datetime.now(UTC), principal.user_id
    await repository.save_compilation(session, row)
    await record(session, principal, "compile", "submission", context.submission.id,
                 after={"form_id": form.id, "period": period.id,
                        "units": sum(len(c.on_time) + len(c.late) + len(c.not_reported)
                                     for c in material.completeness)},
                 org_unit_id=unit.id)
    return context


async def get_compilation(session: AsyncSession, principal: Principal,
                          submission_id: int) -> schemas.Compilation:
    context = await submissions.get_submission(session, principal, submission_id)
    found = await compilation_of(session, context.submission.id)
    if found is None:
        raise NotFound(f"Submission {submission_id} is not a compiled report.")
    return found


async def compilation_of(session: AsyncSession, submission_id: int) -> schemas.Compilation | None:
    """The stored material of a report the caller may already see; None when it is not compiled."""
    row = await repository.compilation(session, submission_id)
    if row is None:
        return None
    names = await submissions_repository.usernames(session, (row.compiled_by_id,))
    return schemas.Compilation(submission_id=submission_id, compiled_at=row.compiled_at,
                               compiled_by=names.get(row.compiled_by_id or 0),
                               material=schemas.Material.model_validate(row.material))


# ---- gathering ----------------------------------------------------------------------------------

async def gather(session: AsyncSession, principal: Principal, form: ReportingForm, unit: OrgUnit,
                 period: Period) -> schemas.Material:
    completeness = await _completeness(session, form, unit, period)
    if not completeness:
        raise NothingToCompile(
            f"No unit below {unit.name} reports the indicators of {form.code} for "
            f"{period.id}: there is nothing to compile from.",
            errors=[field_error(["body", "form_id"], "no unit below reports its indicators")])
    return schemas.Material(data_values=await _figures(session, principal, form, unit, period),
                            completeness=completeness,
                            narrative=await _narrative(session, form, unit, period),
                            tasks=await _tasks(session, unit, period))


def _total(row: AggregateRow) -> dict[str, float | int | None]:
    return {"value": row.value, "numerator": row.numerator, "denominator": row.denominator,
            "percent": row.percent, "reported": row.reported}


def _sum(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _by_kind(rows: list[AggregateRow], value_type: ValueType,
             aggregation: UnitAggregation) -> list[schemas.KindTotal]:
    if aggregation not in _ADDITIVE and value_type is not ValueType.ratio:
        return []
    groups: dict[str, list[AggregateRow]] = defaultdict(list)
    for row in rows:
        groups[row.org_unit.kind.value].append(row)
    kinds = []
    for kind, members in groups.items():
        numerator = _sum([r.numerator for r in members])
        denominator = _sum([r.denominator for r in members])
        percent = round(100 * numerator / denominator, 1) if numerator is not None and denominator \
            else None
        kinds.append(schemas.KindTotal(
            kind=kind, units=len(members), value=_sum([r.value for r in members]),
            numerator=numerator, denominator=denominator, percent=percent,
            reported=sum(r.reported for r in members)))
    return kinds


async def _figures(session: AsyncSession, principal: Principal, form: ReportingForm,
                   unit: OrgUnit, period: Period) -> list[schemas.IndicatorMaterial]:
    indicators = [item.indicator for item in form.items]
    codes = [indicator.code for indicator in indicators]
    totals = {row.indicator: row for row in await aggregate(
        session, principal, codes, unit.code, [period.id], None, AggregateLevel.approved)}
    children: dict[str, list[AggregateRow]] = defaultdict(list)
    for row in await aggregate(session, principal, codes, unit.code, [period.id], "children",
                               AggregateLevel.approved):
        # A child that neither reports the indicator nor has a figure of it has no row to show.
        if row.reported or row.expected:
            children[row.indicator].append(row)
    day = tree_date(period.id)
    history = await _history(session, principal, indicators, unit, period)
    material = []
    for indicator in indicators:
        rows = children[indicator.code]
        no = (await repository.answered_no(session, indicator.id, period.id, unit.id, day)
              if indicator.value_type is ValueType.yes_no else [])
        material.append(schemas.IndicatorMaterial(
            indicator_id=indicator.id, indicator=indicator.code, name=indicator.name,
            value_type=indicator.value_type,
            unit_of_measure=indicator.unit_of_measure or "",
            total=schemas.Total.model_validate(_total(totals[indicator.code])),
            by_unit=[schemas.UnitTotal(unit=row.org_unit, **_total(row),
                                       outliers=_flags(indicator, row, rows, history))
                     for row in rows],
            by_kind=_by_kind(rows, indicator.value_type, indicator.aggregation),
            answered_no=[OrgUnitRef.model_validate(u) for u in no]))
    return material


# Periods of the same type before the one compiled that a unit's history is read from.
HISTORY_PERIODS = 5
History = dict[tuple[str, int], list[float]]  # (indicator, unit id) → figures, oldest first


async def _history(session: AsyncSession, principal: Principal, indicators: list[Indicator],
                   unit: OrgUnit, period: Period) -> History:
    """The approved figures of each unit below of the periods before `period`, as numbers to flag
    against (outliers.comparable)."""
    earlier = [period.previous()]
    while len(earlier) < HISTORY_PERIODS:
        earlier.insert(0, earlier[0].previous())
    by_code = {indicator.code: indicator for indicator in indicators}
    found: History = defaultdict(list)
    rows = await aggregate(session, principal, list(by_code), unit.code, [p.id for p in earlier],
                           "children", AggregateLevel.approved)
    order = {p.id: index for index, p in enumerate(earlier)}
    for row in sorted(rows, key=lambda row: order[row.period]):
        number = _comparable(by_code[row.indicator], row)
        if number is not None:
            found[(row.indicator, row.org_unit.id)].append(number)
    return found


def _comparable(indicator: Indicator, row: AggregateRow) -> float | None:
    return outliers.comparable(indicator.value_type, row.value, row.numerator, row.denominator)


def _flags(indicator: Indicator, row: AggregateRow, rows: list[AggregateRow],
           history: History) -> list[schemas.OutlierFlag]:
    """A unit's figure far from its own history or from the other units of its kind here: the
    rule that flags a report in review, on the figures compiled."""
    value = _comparable(indicator, row)
    if value is None:
        return []
    peers = [number for other in rows
             if other.org_unit.id != row.org_unit.id and other.org_unit.kind == row.org_unit.kind
             for number in [_comparable(indicator, other)] if number is not None]
    return [schemas.OutlierFlag(kind=flag.kind, reference=round(flag.reference, 2))
            for flag in outliers.flags(value, history.get((indicator.code, row.org_unit.id), []),
                                       peers)]


async def _completeness(session: AsyncSession, form: ReportingForm, unit: OrgUnit,
                        period: Period) -> list[schemas.FormCompleteness]:
    """Per form of the period holding one of the form's indicators (the form itself aside), the
    units below that were to report it, by how they did."""
    day = tree_date(period.id)
    found = []
    for other in await submissions_repository.forms_with_any(
            session, {item.indicator_id for item in form.items}, period.type.value):
        if other.id == form.id:
            continue
        expected = await repository.expected(session, aggregates_repository.Form(
            other.id, other.period_type, other.reporters, other.owner_unit_id), unit.id, day)
        if not expected:
            continue
        reports = await repository.submissions(session, other.id, period.id,
                                               [u.id for u in expected])
        sorted_units: dict[str, list[OrgUnitRef]] = {"on_time": [], "late": [], "not_reported": []}
        for below in expected:
            report = reports.get(below.id)
            state = "not_reported" if report is None or report.submitted_at is None \
                else "late" if report.on_time is False else "on_time"
            sorted_units[state].append(OrgUnitRef.model_validate(below))
        found.append(schemas.FormCompleteness(form=other.code, name=other.name,
                                              expected=len(expected), **sorted_units))
    return found


async def _narrative(session: AsyncSession, form: ReportingForm, unit: OrgUnit,
                     period: Period) -> list[schemas.NarrativeMaterial]:
    reports = await repository.approved_below(session, unit.id, period.id, tree_date(period.id))
    return [schemas.NarrativeMaterial(
        key=section["key"], title=section["title"],
        contributions=[schemas.Contribution(unit=OrgUnitRef.model_validate(below),
                                            form=below_form.code, submission_id=report.id,
                                            text=report.narrative[section["key"]])
                       for report, below, below_form in reports
                       if report.narrative.get(section["key"])])
        for section in form.narrative]


async def _tasks(session: AsyncSession, unit: OrgUnit,
                 period: Period) -> list[schemas.TaskMaterial]:
    """The unit's own tasks due in the period, then those of the plans it issued."""
    start, end = period.start(), period.end()
    me = OrgUnitRef.model_validate(unit)
    found = [schemas.TaskMaterial(unit=me, plan=task.plan, task=task.task, status=task.status,
                                  percent=task.percent, due_date=task.due_date,
                                  overdue=task.overdue)
             for task in await task_progress_for(session, unit.id, period.id)]
    for plan in await repository.issued_plans(session, unit.id, start, end):
        for _, task in await plan_tasks(session, plan):
            found.extend(schemas.TaskMaterial(
                unit=task.unit, plan=f"{plan.symbol} {plan.title}",
                task=f"{task.section_number} {task.section_title}",
                status=occurrence.status.value, percent=occurrence.percent,
                due_date=occurrence.due_date, overdue=occurrence.overdue)
                for occurrence in task.occurrences if start <= occurrence.due_date <= end)
    return found

"""The report workflow: draft → submitted → approved, or returned with a comment → resubmitted.

Reporters of a unit write its report; reviewers of a unit above it approve or return it; approval
locks the figures until a reviewer reopens. Every state is kept as a version, every step audited.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, TypeGuard

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.audit.service import record
from backend.auth import scope
from backend.auth.principal import Principal
from backend.auth.scope import may_see
from backend.compilations.errors import CompiledDataValues
from backend.data_values import check, store
from backend.documents.numbering import give_number, withdraw
from backend.errors import Forbidden, NotFound, ProblemError, field_error, said
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.said import Said
from backend.kit.unit_of_work import flush
from backend.models import (
    DataValue,
    DataValueStatus,
    Indicator,
    OrgUnit,
    OutlierCheck,
    ReportingForm,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    ValueType,
    compiled_from_below,
)
from backend.org_units.repository import get as get_unit
from backend.org_units.schemas import OrgUnitRef
from backend.periods import rules
from backend.periods.schemas import resolved
from backend.reporting_forms import service as forms
from backend.submissions import outliers, repository, schemas
from backend.submissions.errors import (
    DataValueConflict,
    FormNotForUnit,
    InputWindowClosed,
    InvalidTransition,
    OutlierNotFlagged,
    StaleVersion,
    SubmissionExists,
    SubmissionInvalid,
    SubmissionLocked,
    SubmissionUnderReview,
    UnitNotInPeriod,
)
from backend.submissions.progress import task_progress_for

EDITABLE = (SubmissionStatus.draft, SubmissionStatus.returned)
# Who compiles a unit's report from the reports of the units below it (báo cáo tổng hợp).
COMPILERS = (Role.planner, Role.reviewer)
_OPS = {"<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
        ">": lambda a, b: a > b, "==": lambda a, b: a == b}
_VALUE_STATUS = {SubmissionStatus.draft: DataValueStatus.draft,
                 SubmissionStatus.returned: DataValueStatus.draft,
                 SubmissionStatus.submitted: DataValueStatus.submitted,
                 SubmissionStatus.approved: DataValueStatus.approved}


@dataclass
class Context:
    submission: Submission
    form: ReportingForm
    unit: OrgUnit
    period: rules.Period
    # The report's figures as last read (`_values`); a write of them forgets them.
    values: list[DataValue] | None = field(default=None, repr=False)


# ---- figures ----------------------------------------------------------------------------------

@dataclass
class Row:
    indicator: Indicator
    category: str
    columns: dict[str, Any] | None  # None: the figure is cleared


def _label(indicator: Indicator) -> str:
    return f"{indicator.code} ({indicator.name})"


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimal(value: object, what: Said) -> Decimal | None:
    if value is None:
        return None
    if not _is_number(value):
        raise check.DataValueInvalid(Said(vi=f"{what.vi} phải là số", en=f"{what.en} must be a number"))
    return Decimal(str(value))


def _columns(indicator: Indicator, figure: schemas.DataValueIn) -> dict[str, Any] | Said | None:
    """The typed columns of one figure, None when it is empty, or a message saying what is wrong
    (backend/data_values/check.py, as for imported figures)."""
    try:
        return _checked_columns(indicator, figure)
    except check.DataValueInvalid as invalid:
        return invalid.message


def _checked_columns(indicator: Indicator, figure: schemas.DataValueIn) -> dict[str, Any] | None:
    value, num, den = figure.value, figure.numerator, figure.denominator
    empty = {"value_numeric": None, "value_text": None, "value_bool": None, "numerator": None,
             "denominator": None}
    if indicator.value_type is ValueType.ratio:
        if num is None and den is None and value is None:
            return None
        numerator, denominator = check.ratio(_decimal(num, Said(vi="tử số", en="the numerator")),
                                             _decimal(den, Said(vi="mẫu số", en="the denominator")),
                                             indicator.numerator_le_denominator)
        return {**empty, "numerator": numerator, "denominator": denominator}
    if num is not None or den is not None:
        raise check.DataValueInvalid(Said(
            vi="chỉ chỉ số tỷ lệ mới có tử số và mẫu số",
            en=f"only ratios have a numerator and denominator, this is a {indicator.value_type}"))
    if value is None:
        return None
    match indicator.value_type:
        case ValueType.counted:
            if not _is_number(value):
                raise check.DataValueInvalid(Said(vi="số đếm là số nguyên, từ 0 trở lên",
                                                  en="a count is a whole number, 0 or more"))
            check.count(Decimal(str(value)))
            return {**empty, "value_numeric": Decimal(int(value))}
        case ValueType.number:
            if not _is_number(value):
                raise check.DataValueInvalid(Said(vi="phải là số", en="must be a number"))
            return {**empty, "value_numeric": check.number(Decimal(str(value)))}
        case ValueType.yes_no:
            if not isinstance(value, bool):
                raise check.DataValueInvalid(Said(vi="phải là có hoặc không",
                                                  en="must be true (yes) or false (no)"))
            return {**empty, "value_bool": value}
        case _:
            if not isinstance(value, str):
                raise check.DataValueInvalid(Said(vi="phải là văn bản", en="must be text"))
            return {**empty, "value_text": check.text(value)}


def _check_figures(form: ReportingForm, figures: list[schemas.DataValueIn]) -> list[Row]:
    by_code = {item.indicator.code: item.indicator for item in form.items}
    rows, errors, seen = [], [], set()
    for figure in figures:
        loc: list[str | int] = ["body", "data_values", figure.indicator]
        indicator = by_code.get(figure.indicator)
        if indicator is None:
            errors.append(field_error(loc, Said(
                vi=f"{figure.indicator} không phải chỉ số của mẫu {form.code}",
                en=f"{figure.indicator} is not an indicator of the form {form.code}")))
            continue
        options = {c.code for c in indicator.categories}
        category = figure.category or ""
        if options and category not in options:
            errors.append(field_error(loc, Said(
                vi=f"{_label(indicator)}: chọn một phân tổ trong {', '.join(sorted(options))}",
                en=f"{_label(indicator)}: give a category of {', '.join(sorted(options))}")))
            continue
        if not options and category:
            errors.append(field_error(loc, Said(vi=f"{_label(indicator)} không có phân tổ",
                                                en=f"{_label(indicator)} has no categories")))
            continue
        if (indicator.code, category) in seen:
            errors.append(field_error(loc, Said(
                vi=f"{_label(indicator)} được nhập hai lần" + (f" cho {category}" if category else ""),
                en=f"{_label(indicator)} is given twice" + (f" for {category}" if category else ""))))
            continue
        seen.add((indicator.code, category))
        columns = _columns(indicator, figure)
        if isinstance(columns, Said):
            errors.append(field_error(loc, columns.after(f"{_label(indicator)}: "), "type_error"))
            continue
        rows.append(Row(indicator, category, columns))
    if errors:
        raise SubmissionInvalid(_summary(errors), errors=errors)
    return rows


def _summary(errors: list[dict[str, Any]]) -> str:
    return "The report has errors: " + "; ".join(str(e["msg"]) for e in errors)


def _check_narrative(form: ReportingForm, narrative: dict[str, str]) -> dict[str, str]:
    keys = [section["key"] for section in form.narrative]
    errors = [field_error(["body", "narrative", key], Said(
        vi=f"dàn ý của mẫu không có mục {key} ({', '.join(keys)})",
        en=f"no section {key} in the form's outline ({', '.join(keys)})"))
              for key in narrative if key not in keys]
    if errors:
        raise SubmissionInvalid(_summary(errors), errors=errors)
    return {key: narrative[key] for key in keys if narrative.get(key)}


async def _write_figures(session: AsyncSession, context: Context, rows: list[Row]) -> None:
    """Replace the submission's figures with `rows`; a key another report holds is a conflict."""
    submission = context.submission
    held = await store.held(session, submission.org_unit_id, submission.period)
    others = {(v.indicator_id, v.category_code): v.submission_id for v in held
              if v.submission_id not in (None, submission.id)}
    taken = [r for r in rows if r.columns is not None and (r.indicator.id, r.category) in others]
    if taken:
        errors = [field_error(["body", "data_values", r.indicator.code], Said(
            vi=f"{_label(r.indicator)}: đơn vị đã báo cáo số liệu này của kỳ này trong báo cáo "
               f"{others[(r.indicator.id, r.category)]}",
            en=f"{_label(r.indicator)}: already reported for this unit and period "
               f"by submission {others[(r.indicator.id, r.category)]}"))
                  for r in taken]
        raise DataValueConflict(_summary(errors), errors=errors)
    wanted = {(r.indicator.id, r.category): r.columns for r in rows if r.columns is not None}
    await store.replace(session, submission.org_unit_id, submission.period, wanted, held=held,
                        submission_id=submission.id, status=_VALUE_STATUS[submission.status])
    context.values = None


async def _values(session: AsyncSession, context: Context) -> list[DataValue]:
    """The report's figures, read once however many parts of a request show them."""
    if context.values is None:
        context.values = (await repository.values_of_each(session, [context.submission.id]))[
            context.submission.id]
    return context.values


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _figure(indicator: Indicator, value: DataValue) -> schemas.DataValue:
    shown: schemas.FigureValue
    match indicator.value_type:
        case ValueType.counted:
            shown = int(value.value_numeric) if value.value_numeric is not None else None
        case ValueType.number:
            shown = _number(value.value_numeric)
        case ValueType.ratio:
            shown = (round(float(value.numerator) * 100 / float(value.denominator), 2)
                     if value.numerator is not None and value.denominator else None)
        case ValueType.yes_no:
            shown = value.value_bool
        case _:
            shown = value.value_text
    return schemas.DataValue(indicator_id=indicator.id, indicator=indicator.code, name=indicator.name,
                          value_type=indicator.value_type, category=value.category_code or None,
                          value=shown, numerator=_number(value.numerator),
                          denominator=_number(value.denominator))


async def _figures(session: AsyncSession, context: Context) -> list[schemas.DataValue]:
    return _figures_of(context.form, await _values(session, context))


def _figures_of(form: ReportingForm, values: list[DataValue]) -> list[schemas.DataValue]:
    """A report's figures in the order of its form."""
    items = {item.indicator_id: (position, item.indicator)
             for position, item in enumerate(form.items)}
    known = [v for v in values if v.indicator_id in items]
    known.sort(key=lambda v: (items[v.indicator_id][0], v.category_code))
    return [_figure(items[v.indicator_id][1], v) for v in known]


# ---- outliers ---------------------------------------------------------------------------------

Cell = tuple[int, str]  # (indicator id, category code)


# A figure as outliers compare it: indicator id, category code, value, numerator, denominator.
Figure = tuple[int, str, outliers.Number, outliers.Number, outliers.Number]


def _numbers(types: dict[int, ValueType], figures: Iterable[Figure]) -> dict[Cell, list[float]]:
    """The comparable numbers of figures, by cell. A report's peers give a thousand figures and
    more, so they come as plain tuples, not rows or entities read by attribute."""
    found: dict[Cell, list[float]] = {}
    for indicator_id, category, value, numerator, denominator in figures:
        number = outliers.comparable(types[indicator_id], value, numerator, denominator)
        if number is not None:
            found.setdefault((indicator_id, category), []).append(number)
    return found


def _own(values: Iterable[DataValue]) -> Iterator[Figure]:
    return ((v.indicator_id, v.category_code, v.value_numeric, v.numerator, v.denominator)
            for v in values)


def _sent(rows: Iterable[repository.SentFigure], keep: Callable[[str], bool]) -> Iterator[Figure]:
    """The figures of sent rows whose period `keep` keeps."""
    return ((indicator_id, category, value, numerator, denominator)
            for _, period, indicator_id, category, value, numerator, denominator
            in rows if keep(period))


async def _flags(session: AsyncSession, context: Context) -> list[tuple[Cell, outliers.Flag]]:
    return (await _flags_of_each(session, [context]))[context.submission.id]


async def _flags_of_each(session: AsyncSession, contexts: list[Context]
                         ) -> dict[int, list[tuple[Cell, outliers.Flag]]]:
    """Each report's figures far from its unit's earlier periods of the same type or from its
    peers' figures of the period, as the tree stood at the period's end: a few queries for a page
    of reports, whatever its length."""
    unread = [c.submission.id for c in contexts if c.values is None]
    values = await repository.values_of_each(session, unread) if unread else {}
    for context in contexts:
        context.values = values.get(context.submission.id, context.values)
    mine = {c.submission.id: _numbers(_types(c), _own(c.values or [])) for c in contexts}
    asked = [c for c in contexts if mine[c.submission.id]]
    ids = {indicator_id for c in asked for indicator_id, _ in mine[c.submission.id]}
    history = _by_unit(await repository.sent_values(
        session, {c.submission.org_unit_id for c in asked}, ids))
    peers: dict[int, list[int]] = {}
    for day in {_day(c) for c in asked}:
        peers.update(await repository.peers_of_each(
            session, [c.unit for c in asked if _day(c) == day], day))
    peer_values = _by_unit(await repository.sent_values(
        session, {p for c in asked for p in peers[c.unit.id]}, ids, {c.period.id for c in asked}))
    found: dict[int, list[tuple[Cell, outliers.Flag]]] = {c.submission.id: [] for c in contexts}
    for context in asked:
        period, types = context.period, _types(context)
        earlier = _numbers(types, _sent(history.get(context.unit.id, []),
                                        partial(_earlier_of_type, period=period)))
        around = _numbers(types, (figure for p in peers[context.unit.id]
                                  for figure in _sent(peer_values.get(p, []), period.id.__eq__)))
        found[context.submission.id] = [
            (cell, flag) for cell, (value, *_) in mine[context.submission.id].items()
            for flag in outliers.flags(value, earlier.get(cell, []), around.get(cell, []))]
    return found


def _types(context: Context) -> dict[int, ValueType]:
    return {item.indicator_id: item.indicator.value_type for item in context.form.items}


def _day(context: Context) -> date:
    return context.period.end(context.form.period_rule)


def _by_unit(values: list[repository.SentFigure]) -> dict[int, list[repository.SentFigure]]:
    found: dict[int, list[repository.SentFigure]] = {}
    for value in values:
        found.setdefault(value.org_unit_id, []).append(value)
    return found


def _earlier_of_type(period_id: str, period: rules.Period) -> bool:
    other = rules.parse_period(period_id)
    return other.type is period.type and other.end() < period.end()


async def _outliers(session: AsyncSession, context: Context) -> list[schemas.Outlier]:
    indicators = {item.indicator_id: item.indicator for item in context.form.items}
    checks = {(c.indicator_id, c.category_code): c
              for c in await repository.outlier_checks(session, context.submission.id)}
    found = []
    for (indicator_id, category), flag in await _flags(session, context):
        note = checks.get((indicator_id, category))
        found.append(schemas.Outlier(
            indicator=indicators[indicator_id].code, category=category or None, kind=flag.kind,
            value=round(flag.value, 2), reference=round(flag.reference, 2),
            checked=note is not None, comment=note.comment if note else None))
    return found


async def check_outlier(session: AsyncSession, principal: Principal, submission_id: int,
                        indicator_code: str, data: schemas.OutlierCheckIn) -> Context:
    """A reviewer of the report notes that a flagged figure was looked at, and what was found."""
    context = await get_submission(session, principal, submission_id)
    await _as_reviewer(session, principal, context)
    category = data.category or ""
    codes = {item.indicator.code: item.indicator_id for item in context.form.items}
    flagged = {cell for cell, _ in await _flags(session, context)}
    cell = (codes.get(indicator_code, 0), category)
    if cell not in flagged:
        raise OutlierNotFlagged(f"{indicator_code}{'/' + category if category else ''} is not "
                                "flagged as an outlier in this report.")
    found = await repository.outlier_check(session, submission_id, *cell)
    before = {"comment": found.comment} if found else None
    if found is None:
        found = OutlierCheck(submission_id=submission_id, indicator_id=cell[0],
                             category_code=category, comment=data.comment)
        await repository.add_outlier_check(session, found)
    found.comment, found.checked_by_id, found.checked_at = data.comment, principal.user_id, datetime.now(UTC)
    await record(session, principal, "check_outlier", "submission", submission_id, before=before,
                 after={"indicator": indicator_code, "category": category or None,
                        "comment": data.comment}, org_unit_id=context.unit.id)
    return context


# ---- validation on submit ---------------------------------------------------------------------

def _submit_errors(form: ReportingForm, values: list[DataValue]) -> list[dict[str, Any]]:
    by_indicator: dict[int, list[DataValue]] = {}
    for value in values:
        by_indicator.setdefault(value.indicator_id, []).append(value)
    errors = []
    totals: dict[str, Decimal] = {}
    for item in form.items:
        indicator, found = item.indicator, by_indicator.get(item.indicator_id, [])
        loc: list[str | int] = ["body", "data_values", indicator.code]
        if item.required and not found:
            errors.append(field_error(loc, Said(vi=f"{_label(indicator)}: bắt buộc nhập",
                                                en=f"{_label(indicator)} is required"), "missing"))
        for value in found:
            # Checked when written; checked again as the indicator's limits stand today.
            if indicator.value_type is ValueType.ratio:
                try:
                    check.ratio(value.numerator, value.denominator,
                                indicator.numerator_le_denominator)
                except check.DataValueInvalid as invalid:
                    errors.append(field_error(loc, invalid.message.after(f"{_label(indicator)}: ")))
        numbers = [v.numerator if indicator.value_type is ValueType.ratio else v.value_numeric
                   for v in found]
        if numbers and all(n is not None for n in numbers):
            totals[indicator.code] = sum((n for n in numbers if n is not None), Decimal(0))
    names = {item.indicator.code: item.indicator for item in form.items}
    for rule in form.rules:
        left, right = totals.get(rule["left"]), totals.get(rule["right"])
        if left is None or right is None or _OPS[rule["op"]](left, right):
            continue
        indicator = names[rule["left"]]
        errors.append(field_error(["body", "data_values", indicator.code], Said(
            vi=f"{_label(indicator)}: {rule['message']} ({left:f} {rule['op']} {right:f} không đúng)",
            en=f"{_label(indicator)}: {rule['message']} ({left:f} {rule['op']} {right:f} does not hold)")))
    return errors


# ---- loading and access -----------------------------------------------------------------------

async def context_of(session: AsyncSession, submission: Submission) -> Context:
    form = await forms.get_form(session, submission.form_id)
    unit = await get_unit(session, submission.org_unit_id)
    assert unit is not None
    return Context(submission, form, unit, rules.parse_period(submission.period))


async def get_submission(session: AsyncSession, principal: Principal, submission_id: int) -> Context:
    submission = await repository.get_visible(session, principal, submission_id)
    if submission is None:
        raise NotFound(f"No submission {submission_id}.")
    return await context_of(session, submission)


async def _as_reporter(session: AsyncSession, principal: Principal, unit_id: int) -> None:
    if not await may_see(session, principal, unit_id, acting_as=Role.reporter):
        raise Forbidden("Only a reporter of the unit writes and submits its report.")


async def _as_writer(session: AsyncSession, principal: Principal, unit_id: int,
                     compiled: bool) -> None:
    """A compiled report is written by those who compile it as well as by the unit's reporters."""
    for role in COMPILERS if compiled else ():
        if await may_see(session, principal, unit_id, acting_as=role):
            return
    await _as_reporter(session, principal, unit_id)


async def _as_reviewer(session: AsyncSession, principal: Principal, context: Context) -> None:
    if not await scope.reviews(session, principal, context.submission):
        raise Forbidden("Only a reviewer of a unit above this one reviews its report; a unit does "
                        "not review its own.")


def _check_version(submission: Submission, version: int | None) -> None:
    if version is not None and version != submission.version:
        raise StaleVersion(
            f"The report changed since version {version}: it is now at version "
            f"{submission.version}. Reload it and apply your changes again; nothing was saved.",
            current_version=submission.version)


async def _bump(session: AsyncSession, submission: Submission, version: int | None) -> None:
    """Write the submission row first: its version check also locks it against a parallel edit."""
    submission.updated_at = datetime.now(UTC)
    try:
        await flush(session)
    except StaleDataError:
        raise StaleVersion(f"The report was changed by someone else since version {version}; "
                           "nothing was saved.") from None


async def _check_window(session: AsyncSession, context: Context) -> None:
    schedule = await forms.unit_schedule(session, context.form, context.period, context.unit)
    today = clock.today()
    if today < schedule.opens_on:
        raise InputWindowClosed(f"Input for {context.period.id} opens on "
                                f"{schedule.opens_on:%d/%m/%Y}.")
    if schedule.closes_on is not None and today > schedule.closes_on:
        raise InputWindowClosed(f"Input for {context.period.id} closed on "
                                f"{schedule.closes_on:%d/%m/%Y}.")


async def _keep_version(session: AsyncSession, principal: Principal, context: Context,
                        action: str, comment: str | None = None) -> None:
    await _keep_versions(session, principal, [(context.submission, context.form,
                                               await _values(session, context))], action, comment)


async def _keep_versions(session: AsyncSession, principal: Principal,
                         reports: list[tuple[Submission, ReportingForm, list[DataValue]]],
                         action: str, comment: str | None = None) -> None:
    """Keep each report's state, with its figures as they stand now, in full as its current
    version: the one rule for a form's edits and steps and for an import's changes."""
    await repository.add_versions(session, (SubmissionVersion(
        submission_id=submission.id, version=submission.version, action=action,
        status=submission.status,
        data_values=[f.model_dump(mode="json") for f in _figures_of(form, values)],
        narrative=dict(submission.narrative), comment=comment, actor_id=principal.user_id,
        actor_label=principal.username) for submission, form, values in reports))


def _audited(submission: Submission, figures: list[schemas.DataValue] | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"status": submission.status.value, "version": submission.version,
                             "form_id": submission.form_id, "period": submission.period}
    if figures is not None:
        state["data_values"] = [[f.indicator, f.category, f.value, f.numerator, f.denominator]
                            for f in figures]
        state["narrative"] = dict(submission.narrative)
    return state


# ---- the workflow -----------------------------------------------------------------------------

async def list_submissions(session: AsyncSession, principal: Principal,
                           filters: repository.SubmissionFilters,
                           page: PageParams) -> tuple[list[schemas.SubmissionSummary], Pagination]:
    rows, pagination = await fetch_page(session, repository.list_query(principal, filters), page)
    units = await repository.units(session, {s.org_unit_id for s in rows})
    form_ids = {s.form_id for s in rows}
    found = {i: await forms.get_form(session, i) for i in form_ids}
    contexts = [Context(row, found[row.form_id], units[row.org_unit_id],
                        rules.parse_period(row.period)) for row in rows]
    # Flags serve the review: counted for reports under it only.
    flagged = await _flags_of_each(session, [c for c in contexts
                                             if c.submission.status is SubmissionStatus.submitted])
    return [_summary_of(c.submission, c.form, c.unit, len(flagged[c.submission.id])
                        if c.submission.id in flagged else None) for c in contexts], pagination


def _summary_of(submission: Submission, form: ReportingForm, unit: OrgUnit,
                outlier_count: int | None) -> schemas.SubmissionSummary:
    return schemas.SubmissionSummary(
        id=submission.id, form=schemas.FormRef(id=form.id, code=form.code, name=form.name),
        unit=OrgUnitRef.model_validate(unit), period=submission.period, status=submission.status,
        version=submission.version, deadline=submission.deadline, on_time=submission.on_time,
        submitted_at=submission.submitted_at, updated_at=submission.updated_at,
        outlier_count=outlier_count)


async def create_submission(session: AsyncSession, principal: Principal,
                            data: schemas.SubmissionCreate) -> Context:
    unit = await forms.visible_unit(session, principal, data.unit_id)
    await _as_reporter(session, principal, unit.id)
    form = await forms.visible_form(session, principal, data.form_id)
    if not form.is_active or not await forms.reports_form(session, form, unit):
        raise FormNotForUnit(f"{unit.name} does not report the form {form.code}.",
                             errors=[field_error(["body", "form_id"], "not reported by this unit")])
    if compiled_from_below(form.reporters):
        # Its figures are those of the units below: stored as the unit's own they would count twice.
        raise FormNotForUnit(f"{form.code} is compiled from the units below: use POST "
                             "/submissions/compile.",
                             errors=[field_error(["body", "form_id"], "compiled from below")])
    period = forms.parse_period_for(form, data.period, ["body", "period"])
    _check_exists(unit, period)
    existing = await repository.find(session, form.id, unit.id, period.id)
    if existing is not None:
        raise SubmissionExists(f"{unit.name} already has a report {form.code} for {period.id}: "
                               f"submission {existing.id}.", submission_id=existing.id)
    schedule = await forms.unit_schedule(session, form, period, unit)
    rows = _check_figures(form, data.data_values)
    narrative = _check_narrative(form, data.narrative)
    submission = await repository.add(session, Submission(
        form_id=form.id, org_unit_id=unit.id, period=period.id, status=SubmissionStatus.draft,
        narrative=narrative, deadline=schedule.deadline, created_by_id=principal.user_id))
    context = Context(submission, form, unit, period)
    await _check_window(session, context)
    await _write_figures(session, context, rows)
    await _keep_version(session, principal, context, "create")
    await record(session, principal, "create", "submission", submission.id,
                 after=_audited(submission, await _figures(session, context)),
                 org_unit_id=unit.id)
    return context


def _check_exists(unit: OrgUnit, period: rules.Period) -> None:
    why = check.absent(unit.valid_from, unit.valid_to, period)
    if why is not None:
        raise UnitNotInPeriod(why.after(f"{unit.name}: "),
                              errors=[field_error(["body", "period"], why)])


async def create_compiled(session: AsyncSession, principal: Principal, form: ReportingForm,
                          unit: OrgUnit, period: rules.Period) -> Context:
    """The draft of a report compiled from the units below; the compiler's rights, and that
    there is something to compile, are checked by compilations.service."""
    _check_exists(unit, period)
    schedule = await forms.unit_schedule(session, form, period, unit)
    submission = await repository.add(session, Submission(
        form_id=form.id, org_unit_id=unit.id, period=period.id, status=SubmissionStatus.draft,
        narrative={}, deadline=schedule.deadline, created_by_id=principal.user_id))
    context = Context(submission, form, unit, period)
    await _check_window(session, context)
    await _keep_version(session, principal, context, "create")
    await record(session, principal, "create", "submission", submission.id,
                 after=_audited(submission, []), org_unit_id=unit.id)
    return context


async def update_submission(session: AsyncSession, principal: Principal, submission_id: int,
                            data: schemas.SubmissionUpdate) -> Context:
    context = await get_submission(session, principal, submission_id)
    submission = context.submission
    compiled = await repository.is_compiled(session, submission.id)
    await _as_writer(session, principal, submission.org_unit_id, compiled)
    check_editable(submission)
    _check_version(submission, data.version)
    if compiled and data.data_values:
        raise CompiledDataValues("A compiled report's figures are those of the units below, gathered "
                              "at each compile; only its text is written.",
                              errors=[field_error(["body", "data_values"], "not written in a "
                                                                       "compiled report")])
    rows = _check_figures(context.form, data.data_values) if data.data_values is not None else None
    narrative = _check_narrative(context.form, data.narrative) if data.narrative is not None else None
    await _check_window(session, context)
    before = _audited(submission, await _figures(session, context))
    if narrative is not None:
        submission.narrative = narrative
    await _bump(session, submission, data.version)
    if rows is not None:
        await _write_figures(session, context, rows)
    await _keep_version(session, principal, context, "save")
    await record(session, principal, "save", "submission", submission.id, before=before,
                 after=_audited(submission, await _figures(session, context)),
                 org_unit_id=submission.org_unit_id)
    return context


def check_editable(submission: Submission) -> None:
    if submission.status is SubmissionStatus.approved:
        raise SubmissionLocked("The report is approved: its figures are locked until a reviewer "
                               "reopens it.")
    if submission.status is SubmissionStatus.submitted:
        raise SubmissionUnderReview("The report is submitted and under review: it can be edited "
                                    "again once it is returned.")


async def _transition(session: AsyncSession, principal: Principal, context: Context, action: str,
                      status: SubmissionStatus, data: schemas.SubmissionAction) -> None:
    submission = context.submission
    before = _audited(submission)
    submission.status = status
    await _bump(session, submission, data.version)
    await store.set_status(session, submission.org_unit_id, submission.period, submission.id,
                           _VALUE_STATUS[status])
    context.values = None
    await _keep_version(session, principal, context, action, data.comment)
    after = _audited(submission)
    if data.comment:
        after["comment"] = data.comment
    await record(session, principal, action, "submission", submission.id, before=before,
                 after=after, org_unit_id=submission.org_unit_id)


async def submit(session: AsyncSession, principal: Principal, submission_id: int,
                 data: schemas.SubmissionAction) -> Context:
    context = await get_submission(session, principal, submission_id)
    submission = context.submission
    compiled = await repository.is_compiled(session, submission.id)
    await _as_writer(session, principal, submission.org_unit_id, compiled)
    if submission.status is SubmissionStatus.approved:
        raise SubmissionLocked("The report is already approved.")
    if submission.status is SubmissionStatus.submitted:
        raise InvalidTransition("The report is already submitted.")
    _check_version(submission, data.version)
    await _check_window(session, context)
    # A compiled report's figures are the material gathered from below, not values of its own.
    errors = [] if compiled else _submit_errors(context.form, await _values(session, context))
    if errors:
        raise SubmissionInvalid(_summary(errors), errors=errors)
    now = datetime.now(UTC)
    submission.submitted_at, submission.submitted_by_id = now, principal.user_id
    # Timeliness is that of the first submission: a report returned for correction stays on time.
    if submission.on_time is None and submission.deadline is not None:
        submission.on_time = now.astimezone(clock.VIETNAM).date() <= submission.deadline
    await _transition(session, principal, context, "submit", SubmissionStatus.submitted, data)
    return context


async def _under_review(session: AsyncSession, principal: Principal, submission_id: int,
                        expected: SubmissionStatus, refusal: str,
                        data: schemas.SubmissionAction) -> Context:
    """A report a reviewer above the unit may act on, in the status the action starts from."""
    context = await get_submission(session, principal, submission_id)
    await _as_reviewer(session, principal, context)
    if context.submission.status is not expected:
        raise InvalidTransition(f"{refusal}; this one is {context.submission.status.value}.")
    _check_version(context.submission, data.version)
    return context


async def approve(session: AsyncSession, principal: Principal, submission_id: int,
                  data: schemas.SubmissionAction) -> Context:
    context = await _under_review(session, principal, submission_id, SubmissionStatus.submitted,
                                  "Only a submitted report can be approved", data)
    submission = context.submission
    submission.approved_at, submission.approved_by_id = datetime.now(UTC), principal.user_id
    if data.comment:
        submission.review_comment = data.comment
    await _transition(session, principal, context, "approve", SubmissionStatus.approved, data)
    await give_number(session, submission, context.unit)
    return context


async def return_submission(session: AsyncSession, principal: Principal, submission_id: int,
                            data: schemas.SubmissionReturn) -> Context:
    context = await _under_review(
        session, principal, submission_id, SubmissionStatus.submitted,
        "Only a submitted report can be returned (an approved one is reopened instead)", data)
    submission = context.submission
    submission.returned_at, submission.returned_by_id = datetime.now(UTC), principal.user_id
    submission.review_comment = data.comment
    await _transition(session, principal, context, "return", SubmissionStatus.returned, data)
    return context


async def reopen(session: AsyncSession, principal: Principal, submission_id: int,
                 data: schemas.SubmissionAction) -> Context:
    context = await _under_review(session, principal, submission_id, SubmissionStatus.approved,
                                  "Only an approved report can be reopened", data)
    submission = context.submission
    submission.returned_at, submission.returned_by_id = datetime.now(UTC), principal.user_id
    submission.approved_at, submission.approved_by_id = None, None
    if data.comment:
        submission.review_comment = data.comment
    await _transition(session, principal, context, "reopen", SubmissionStatus.returned, data)
    await withdraw(session, principal, submission)
    return context


# ---- output -----------------------------------------------------------------------------------

def _history(versions: list[SubmissionVersion]) -> list[schemas.HistoryEntry]:
    return [schemas.HistoryEntry(version=v.version, action=v.action, status=v.status,
                                 actor=v.actor_label, at=v.occurred_at, comment=v.comment)
            for v in versions]


async def to_schema(session: AsyncSession, context: Context) -> schemas.Submission:
    submission, form = context.submission, context.form
    names = await repository.usernames(session, (submission.submitted_by_id,
                                                 submission.approved_by_id,
                                                 submission.returned_by_id))
    outliers = await _outliers(session, context)
    summary = _summary_of(submission, form, context.unit, len(outliers))
    return schemas.Submission(
        **summary.model_dump(), period_detail=resolved(context.period, form.period_rule),
        data_values=await _figures(session, context), outliers=outliers,
        narrative=submission.narrative,
        task_progress=await task_progress_for(session, submission.org_unit_id, submission.period),
        submitted_by=names.get(submission.submitted_by_id or 0),
        review_comment=submission.review_comment, returned_at=submission.returned_at,
        returned_by=names.get(submission.returned_by_id or 0), approved_at=submission.approved_at,
        approved_by=names.get(submission.approved_by_id or 0), created_at=submission.created_at,
        history=_history(await repository.versions_of(session, submission.id)))


async def get_version(session: AsyncSession, principal: Principal, submission_id: int,
                      version: int) -> schemas.SubmissionVersion:
    await get_submission(session, principal, submission_id)
    found = await repository.version_of(session, submission_id, version)
    if found is None:
        raise NotFound(f"Submission {submission_id} has no version {version}.")
    return schemas.SubmissionVersion(
        version=found.version, action=found.action, status=found.status, actor=found.actor_label,
        at=found.occurred_at, comment=found.comment,
        data_values=[schemas.DataValue.model_validate(f) for f in found.data_values],
        narrative=found.narrative)


# ---- reports of imported figures --------------------------------------------------------------

async def hold_for_import(session: AsyncSession, submission_ids: list[int]) -> list[Submission]:
    """The reports holding figures an import is about to change, moved to their next version as an
    edit in the form moves them: a form open on the old version is stale, and the rows stay locked
    against a parallel edit or step until the import commits. (The import refuses the figures of
    reports under review or approved, so all of them are editable, unless one moved meanwhile.)"""
    reports = await repository.next_versions(session, submission_ids, EDITABLE)
    if len(reports) < len(submission_ids):
        raise StaleVersion("A report holding some of these figures was submitted or approved while "
                           "they were imported; nothing was written. Send the import again.")
    return reports


async def keep_imported(session: AsyncSession, principal: Principal,
                        reports: list[Submission]) -> None:
    """A version of each report whose figures an import changed."""
    if reports:
        forms_of = {form_id: await forms.get_form(session, form_id)
                    for form_id in {report.form_id for report in reports}}
        values = await repository.values_of_each(session, [report.id for report in reports])
        await _keep_versions(session, principal, [(r, forms_of[r.form_id], values[r.id])
                                                  for r in reports], "import")


def _figure_in(indicator: Indicator, value: DataValue) -> schemas.DataValueIn:
    shown = _figure(indicator, value)
    ratio = indicator.value_type is ValueType.ratio
    return schemas.DataValueIn(indicator=indicator.code, category=shown.category,
                            value=None if ratio else shown.value, numerator=shown.numerator,
                            denominator=shown.denominator)


async def submit_imported(session: AsyncSession, principal: Principal, unit_id: int, period: str,
                          indicator_ids: set[int]) -> tuple[int, list[Said]]:
    """Submit the reports an import touched (import with submit=true): each form the unit reports
    for the period that holds an imported indicator gets its report created or refreshed with the
    stored figures, then submitted. Answers how many were submitted and why the others were not."""
    unit = await get_unit(session, unit_id)
    assert unit is not None
    submitted, problems = 0, []
    for form in await repository.forms_with_any(session, indicator_ids,
                                                rules.parse_period(period).type.value):
        if not await forms.reports_form(session, form, unit):
            continue
        items = {item.indicator_id: item.indicator for item in form.items}
        figures = [_figure_in(items[v.indicator_id], v)
                   for v in await repository.values_at(session, unit_id, period, items)]
        try:
            submission_id = await _report_with(session, principal, form.id, unit_id, period, figures)
            if submission_id is not None:
                await submit(session, principal, submission_id, schemas.SubmissionAction())
                submitted += 1
        except ProblemError as problem:
            problems.append(said(problem.code, problem.detail).after(
                f"{unit.code} {form.code} {period}: "))
    return submitted, problems


async def _report_with(session: AsyncSession, principal: Principal, form_id: int, unit_id: int,
                       period: str, figures: list[schemas.DataValueIn]) -> int | None:
    """The draft report holding `figures`; None when the report is already under review or locked."""
    existing = await repository.find(session, form_id, unit_id, period)
    if existing is None:
        context = await create_submission(session, principal, schemas.SubmissionCreate(
            form_id=form_id, unit_id=unit_id, period=period, data_values=figures))
        return context.submission.id
    if existing.status not in EDITABLE:
        return None
    await update_submission(session, principal, existing.id, schemas.SubmissionUpdate(
        version=existing.version, data_values=figures))
    return existing.id

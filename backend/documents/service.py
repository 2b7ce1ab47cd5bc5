"""The document of a report: what it says (built here), then written as docx, PDF or xlsx.

Numbers come from a register per issuing unit, type and year, given once at approval.
"""

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import may_see
from backend.compilations import service as compilations
from backend.compilations.schemas import FormCompleteness, IndicatorMaterial, Material, Total
from backend.documents import numbering, repository, signed, wording
from backend.documents.errors import DocumentLocked, SubmissionNotApproved
from backend.documents.schemas import (
    DocumentProfile,
    DocumentProfileUpdate,
    DocumentSettings,
    DocumentSettingsUpdate,
    PublicSubmission,
    RegisterEntry,
    SignedCopy,
)
from backend.errors import Forbidden, NotFound
from backend.indicators.repository import get_many as indicators_by_id
from backend.kit import clock
from backend.kit.pagination import Page, PageParams, fetch_page
from backend.kit.unit_of_work import flush
from backend.models import (
    DocumentProfile as ProfileRow,
)
from backend.models import (
    OrgUnit,
    OrgUnitKind,
    Role,
    Submission,
    SubmissionDocument,
    SubmissionStatus,
    ValueType,
)
from backend.models import (
    SignedCopy as SignedCopyRow,
)
from backend.org_units.repository import NamedUnit
from backend.org_units.repository import get as get_unit
from backend.org_units.schemas import OrgUnitRef
from backend.periods.labels import label as period_label
from backend.periods.rules import parse_period
from backend.submissions import service as submissions
from backend.submissions.progress import TaskProgress
from backend.submissions.schemas import DataValue

_EDITABLE = (SubmissionStatus.draft, SubmissionStatus.returned)


@dataclass(frozen=True)
class FigureLine:
    code: str
    name: str
    unit_of_measure: str
    value: str  # as the document writes it: "13/13 (100%)", "52.620", "Có"
    figure: DataValue


@dataclass(frozen=True)
class Tasks:
    due: int
    completed: int
    in_progress: int
    overdue: list[TaskProgress]


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    figures: list[FigureLine]
    tasks: Tasks | None
    notes: list[str] = dataclasses.field(default_factory=list)  # a compiled report's completeness, units


@dataclass(frozen=True)
class UnitLine:
    """A compiled report's figure of one unit below, for the annex."""

    indicator: str
    unit: str
    value: str
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class Report:
    """Everything a rendering writes, in the words of the document."""

    managing_body: str
    issuing_body: str
    number_line: str
    date_line: str
    summary: str
    sections: list[Section]
    recipients: list[str]
    signer_authority: str
    signer_title: str
    signer_name: str
    draft: bool
    unit_name: str
    form_name: str
    period_label: str
    figures: list[FigureLine]
    filename: str
    by_unit: list[UnitLine] = dataclasses.field(default_factory=list)


# ---- the unit's profile -------------------------------------------------------------------------

async def _unit(session: AsyncSession, principal: Principal, unit_id: int,
                acting_as: Role | None = None) -> OrgUnit:
    unit = await get_unit(session, unit_id)
    if unit is None or not await may_see(session, principal, unit_id):
        raise NotFound(f"No unit {unit_id}.")
    if acting_as is not None and not await may_see(session, principal, unit_id, acting_as=acting_as):
        raise Forbidden("Only an administrator of the unit sets how its documents are signed.")
    return unit


async def get_profile(session: AsyncSession, principal: Principal, unit_id: int) -> DocumentProfile:
    unit = await _unit(session, principal, unit_id)
    return await numbering.unit_profile(session, unit, clock.today())


async def update_profile(session: AsyncSession, principal: Principal, unit_id: int,
                         data: DocumentProfileUpdate) -> DocumentProfile:
    unit = await _unit(session, principal, unit_id, acting_as=Role.admin)
    superior = await repository.parent_on(session, unit_id, clock.today())
    row = await repository.profile(session, unit_id) or ProfileRow(org_unit_id=unit_id)
    before = numbering.profile_of(unit, row, superior).model_dump()
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(row, field, value or None)
    await repository.save_profile(session, row)
    after = numbering.profile_of(unit, row, superior)
    await record(session, principal, "update", "document_profile", unit_id, before=before,
                 after=after.model_dump(), org_unit_id=unit_id)
    return after


# ---- numbers ------------------------------------------------------------------------------------

def _settings(row: SubmissionDocument | None, profile: DocumentProfile, superior: str | None,
              copy: SignedCopyRow | None) -> DocumentSettings:
    default_recipients = [f"{superior};"] if superior else []
    return DocumentSettings(
        number=row.number if row else None,
        symbol=(row.symbol if row and row.symbol else f"{numbering.REPORT}-{profile.abbreviation}"),
        issued_on=row.issued_on if row else None,
        signer_authority=profile.signer_authority if row is None or row.signer_authority is None
        else row.signer_authority,
        signer_title=(row and row.signer_title) or profile.signer_title,
        signer_name=(row and row.signer_name) or profile.signer_name,
        recipients=(row.recipients if row and row.recipients is not None
                    else [*default_recipients, "Lưu: VT."]),
        published_at=row.published_at if row else None,
        signed_copy=SignedCopy.model_validate(copy, from_attributes=True) if copy else None)


async def get_settings(session: AsyncSession, principal: Principal,
                       submission_id: int) -> DocumentSettings:
    context = await submissions.get_submission(session, principal, submission_id)
    return await _settings_of(session, context.submission, context.unit)


async def _signing(session: AsyncSession, submission: Submission, unit: OrgUnit,
                   ) -> tuple[DocumentSettings, NamedUnit | None, DocumentProfile]:
    """The report's document settings, with the superior and the unit's profile as they stood on
    the document's date (the day of its number; today for a draft)."""
    row = await repository.document(session, submission.id)
    superior = await repository.parent_on(session, unit.id, (row and row.issued_on) or clock.today())
    profile = numbering.profile_of(unit, await repository.profile(session, unit.id), superior)
    addressee = wording.addressee(superior.kind, superior.name) if superior else None
    copy = await repository.signed_copy(session, submission.id)
    return _settings(row, profile, addressee, copy), superior, profile


async def _settings_of(session: AsyncSession, submission: Submission,
                       unit: OrgUnit) -> DocumentSettings:
    return (await _signing(session, submission, unit))[0]


async def update_settings(session: AsyncSession, principal: Principal, submission_id: int,
                          data: DocumentSettingsUpdate) -> DocumentSettings:
    context = await submissions.get_submission(session, principal, submission_id)
    submission = context.submission
    if not await may_see(session, principal, submission.org_unit_id, acting_as=Role.reporter):
        raise Forbidden("Only a reporter of the unit sets who signs its report and who receives it.")
    if submission.status not in _EDITABLE:
        raise DocumentLocked("The signer and recipients change only while the report is a draft "
                             f"or returned; this one is {submission.status.value}.")
    before = (await _settings_of(session, submission, context.unit)).model_dump(mode="json")
    row = await numbering.document_row(session, submission)
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(row, field, value)
    await flush(session)
    after = await _settings_of(session, submission, context.unit)
    await record(session, principal, "update_document", "submission", submission.id, before=before,
                 after=after.model_dump(mode="json"), org_unit_id=submission.org_unit_id)
    return after


async def _publishes(session: AsyncSession, principal: Principal, unit_id: int) -> bool:
    return (await may_see(session, principal, unit_id, acting_as=Role.reviewer)
            or await may_see(session, principal, unit_id, acting_as=Role.admin))


async def _publisher(session: AsyncSession, principal: Principal, submission_id: int,
                     ) -> submissions.Context:
    context = await submissions.get_submission(session, principal, submission_id)
    if not await _publishes(session, principal, context.submission.org_unit_id):
        raise Forbidden("Only a reviewer or an administrator of the unit or above publishes its "
                        "report.")
    return context


def _approved(submission: Submission, rule: str) -> None:
    if submission.status is not SubmissionStatus.approved:
        raise SubmissionNotApproved(f"{rule}; this one is {submission.status.value}.")


async def publish(session: AsyncSession, principal: Principal, submission_id: int,
                  ) -> DocumentSettings:
    """Công khai: the approved report's PDF at a stable public address, until it is withdrawn or
    the report reopened."""
    context = await _publisher(session, principal, submission_id)
    submission = context.submission
    _approved(submission, "Only an approved report is published")
    row = await numbering.document_row(session, submission)
    if row.published_at is None:
        row.published_at, row.published_by_id = datetime.now(UTC), principal.user_id
        await flush(session)
        await record(session, principal, "publish", "submission", submission.id,
                     after={"published_at": row.published_at.isoformat()},
                     org_unit_id=submission.org_unit_id)
    return await _settings_of(session, submission, context.unit)


async def unpublish(session: AsyncSession, principal: Principal, submission_id: int,
                    ) -> DocumentSettings:
    context = await _publisher(session, principal, submission_id)
    row = await repository.document(session, submission_id)
    if row is not None and row.published_at is not None:
        before = {"published_at": row.published_at.isoformat()}
        row.published_at, row.published_by_id = None, None
        await flush(session)
        await record(session, principal, "unpublish", "submission", submission_id, before=before,
                     org_unit_id=context.submission.org_unit_id)
    return await _settings_of(session, context.submission, context.unit)


async def published(session: AsyncSession, page: PageParams, unit_code: str | None,
                    ) -> Page[PublicSubmission]:
    reports, pagination = await fetch_page(session, repository.published(unit_code), page)
    found = await repository.documents_of(session, [report.id for report in reports])
    items = []
    for submission in reports:
        row, form, unit = found[submission.id]
        items.append(PublicSubmission(
            id=submission.id, unit=unit.name, unit_code=unit.code, period=submission.period,
            number=f"{(row.number or 0):02d}/{row.symbol}", issued_on=row.issued_on,
            summary=wording.summary(form.name, period_label(parse_period(submission.period))),
            published_at=cast(datetime, row.published_at),  # the query keeps published ones only
            document_url=f"/api/v1/public/submissions/{submission.id}.pdf"))
    return Page(items=items, pagination=pagination)


async def list_register(session: AsyncSession, principal: Principal, unit_id: int,
                        year: int | None, page: PageParams) -> Page[RegisterEntry]:
    await _unit(session, principal, unit_id)
    rows, pagination = await fetch_page(session, repository.register(principal, unit_id, year), page)
    found = await repository.reports_of(session, [row.submission_id for row in rows])
    items = []
    for row in rows:
        submission, form, signed_copy = found[row.submission_id]
        items.append(RegisterEntry(
            number=row.number or 0, symbol=row.symbol or "", year=row.year or 0,
            issued_on=row.issued_on, submission_id=submission.id, period=submission.period,
            summary=wording.summary(form.name, period_label(parse_period(submission.period))),
            status=submission.status, signed=signed_copy, published=row.published_at is not None))
    return Page(items=items, pagination=pagination)


# ---- the PDF and its signed copy ----------------------------------------------------------------

async def upload_signed_copy(session: AsyncSession, principal: Principal, submission_id: int,
                             upload: UploadFile) -> DocumentSettings:
    """The signed PDF of an approved report, from a reviewer or administrator of the unit or above,
    or a reporter of the unit; verified (signed.py), audited, replacing any before."""
    context = await submissions.get_submission(session, principal, submission_id)
    submission = context.submission
    unit_id = submission.org_unit_id
    if not (await may_see(session, principal, unit_id, acting_as=Role.reporter)
            or await _publishes(session, principal, unit_id)):
        raise Forbidden("Only the unit's reporters, or a reviewer or administrator of the unit or "
                        "above, upload its signed report.")
    _approved(submission, "Only an approved report has a signed copy")
    report = await report_of(session, context)
    await signed.accept(session, principal, submission, {
        "number": report.number_line, "date": report.date_line,
        "issuing body": report.issuing_body, "title": report.summary}, upload)
    return await _settings_of(session, submission, context.unit)


async def signed_copy_file(session: AsyncSession, principal: Principal,
                           submission_id: int) -> tuple[bytes, str]:
    await submissions.get_submission(session, principal, submission_id)  # 404 unless visible
    copy = await repository.signed_copy(session, submission_id)
    if copy is None:
        raise NotFound(f"Report {submission_id} has no signed copy.")
    return signed.content(copy), copy.filename


async def remove_signed_copy(session: AsyncSession, principal: Principal,
                             submission_id: int) -> DocumentSettings:
    """By those who publish: to take back a wrong upload; audited."""
    context = await _publisher(session, principal, submission_id)
    await signed.remove(session, principal, context.submission)
    return await _settings_of(session, context.submission, context.unit)


# ---- content ------------------------------------------------------------------------------------

def _value(figure: DataValue) -> str:
    if figure.value_type is ValueType.ratio and figure.denominator is not None:
        return wording.ratio(figure.numerator or 0, figure.denominator)
    if figure.value is None:
        return ""
    if isinstance(figure.value, bool):
        return "Có" if figure.value else "Không"
    if isinstance(figure.value, int | float):
        return wording.number(figure.value)
    return str(figure.value)


async def _figure_lines(session: AsyncSession, figures: list[DataValue]) -> list[FigureLine]:
    indicators = await indicators_by_id(session, {figure.indicator_id for figure in figures})
    lines = []
    for figure in figures:
        indicator = indicators[figure.indicator_id]
        labels = {c.code: c.name for c in indicator.categories}
        name = figure.name if figure.category is None else \
            f"{figure.name}: {labels.get(figure.category, figure.category)}"
        lines.append(FigureLine(figure.indicator, name, indicator.unit_of_measure or "",
                                _value(figure), figure))
    return lines


def _tasks(progress: list[TaskProgress]) -> Tasks:
    states = Counter(task.status for task in progress)
    return Tasks(due=len(progress), completed=states["completed"],
                 in_progress=states["in_progress"],
                 overdue=[task for task in progress if task.overdue])


async def report(session: AsyncSession, principal: Principal, submission_id: int) -> Report:
    return await report_of(session, await submissions.get_submission(session, principal,
                                                                      submission_id))


def filename(context: submissions.Context) -> str:
    return f"bao-cao-{context.unit.code}-{context.submission.period}"


async def report_of(session: AsyncSession, context: submissions.Context) -> Report:
    submission, unit, form = context.submission, context.unit, context.form
    content = await submissions.to_schema(session, context)
    settings, superior, profile = await _signing(session, submission, unit)
    issued = settings.issued_on if settings.number is not None else None
    label = period_label(context.period)
    compiled = await compilations.compilation_of(session, submission.id)
    figures = (_compiled_lines(compiled.material) if compiled is not None
               else await _figure_lines(session, content.data_values))
    notes = _compiled_notes(compiled.material) if compiled is not None else []
    outline = form.narrative or [{"key": "results", "title": "Kết quả thực hiện"}]
    sections = [Section(title=f"{wording.roman(index)}. {entry['title'].upper()}",
                        text=content.narrative.get(entry["key"], ""),
                        figures=figures if index == 1 else [],
                        tasks=_tasks(content.task_progress) if index == 1 else None,
                        notes=notes if index == 1 else [])
                for index, entry in enumerate(outline, start=1)]
    number = f"{settings.number:02d}" if settings.number is not None else "      "
    return Report(
        managing_body=wording.body_name(superior.kind, superior.name, managing=True)
        if superior else "",
        issuing_body=wording.body_name(unit.kind, unit.name),
        number_line=f"Số: {number}/{settings.symbol}",
        date_line=wording.dated(profile.place, issued, (issued or clock.today()).year),
        summary=wording.summary(form.name, label), sections=sections,
        recipients=settings.recipients, signer_authority=settings.signer_authority,
        signer_title=settings.signer_title, signer_name=settings.signer_name,
        draft=settings.number is None, unit_name=unit.name, form_name=form.name,
        period_label=label, figures=figures,
        filename=filename(context),
        by_unit=_unit_lines(compiled.material) if compiled is not None else [])


# ---- a compiled report: the material gathered from the units below -------------------------------

def _shown(total: Total) -> str:
    if total.denominator is not None:
        return wording.ratio(total.numerator or 0, total.denominator)
    return wording.number(total.value) if total.value is not None else ""


def _compiled_figure(item: IndicatorMaterial) -> DataValue:
    """The subtree's total as a figure; a share of units (yes/no) is written as a ratio."""
    total = item.total
    share = total.denominator is not None
    return DataValue(indicator_id=item.indicator_id, indicator=item.indicator, name=item.name,
                  value_type=ValueType.ratio if share else item.value_type, category=None,
                  value=total.percent if share else total.value, numerator=total.numerator,
                  denominator=total.denominator)


def _compiled_lines(material: Material) -> list[FigureLine]:
    return [FigureLine(item.indicator, item.name, item.unit_of_measure, _shown(item.total),
                       _compiled_figure(item)) for item in material.data_values]


def _names(units: list[OrgUnitRef]) -> str:
    return ", ".join(unit.name for unit in units)


def _completeness_note(entry: FormCompleteness) -> str:
    note = (f"{entry.name}: {entry.expected} đơn vị phải báo cáo; đúng hạn {len(entry.on_time)}; "
            f"trễ hạn {len(entry.late)}")
    note += f" ({_names(entry.late)})" if entry.late else ""
    note += f"; chưa báo cáo {len(entry.not_reported)}"
    return note + (f" ({_names(entry.not_reported)})." if entry.not_reported else ".")


def _compiled_notes(material: Material) -> list[str]:
    notes = [f"{wording.not_done(item.name)}: {_names(item.answered_no)}."
             for item in material.data_values if item.answered_no]
    for item in material.data_values:
        kinds = [kind for kind in item.by_kind if _shown(kind)]
        if len(kinds) > 1:  # a single kind would only repeat the total
            notes.append(f"{item.name}, theo loại đơn vị: " + "; ".join(
                f"{wording.KIND_LABELS.get(OrgUnitKind(kind.kind), kind.kind)} {_shown(kind)}"
                for kind in kinds) + ".")
    return notes + [_completeness_note(entry) for entry in material.completeness]


def _unit_lines(material: Material) -> list[UnitLine]:
    return [UnitLine(item.name, row.unit.name, _shown(row), row.numerator, row.denominator)
            for item in material.data_values for row in item.by_unit
            if row.reported or row.denominator]

"""Bulk import of figures (streamed JSON or CSV, or a workbook) for scripts and Excel-driven units.

Rows are read and checked one by one (RowReader) and staged in the database in batches (each batch is
written while the next one is read), then compared with the stored values once and merged in a few
set-based statements, so memory stays flat and the roll-ups stay exact. Approved (locked) values are
never overwritten.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import country_wide, holds
from backend.config import get_settings
from backend.data_values import repository
from backend.data_values.csvstream import Batch, csv_batches
from backend.data_values.errors import ImportRejected
from backend.data_values.excel.layout import XLSX
from backend.data_values.excel.reader import FilledWorkbook, read_body
from backend.data_values.jsonstream import json_batches
from backend.data_values.rows import NumberFormat, RowError, RowReader
from backend.data_values.schemas import ImportConflict, ImportSummary
from backend.errors import Forbidden
from backend.kit.idempotency import HashingStream, earlier_answer, remember
from backend.kit.said import Said, spoken
from backend.models import DataValueStatus, Role
from backend.org_units.repository import ids_in_scope
from backend.submissions.service import hold_for_import, keep_imported, submit_imported

MAX_CONFLICTS = 1000
CSV_TYPES = ("text/csv", "application/csv", "text/plain")
Batches = AsyncIterator[Batch]


@dataclass
class Options:
    dry_run: bool = False
    submit: bool = False
    atomic: bool = False
    number_format: NumberFormat = "dot"


@dataclass
class _Tally:
    rows: int = 0
    rejected: int = 0
    conflicts: list[ImportConflict] = field(default_factory=list)
    periods: set[str] = field(default_factory=set)
    indicator_ids: set[int] = field(default_factory=set)

    def reject(self, index: int | None, code: str, detail: Said,
               field: str | None = None) -> None:
        self.rejected += 1
        if len(self.conflicts) <= MAX_CONFLICTS:
            self.conflicts.append(ImportConflict(index=index, code=code, field=field,
                                                 detail=detail.in_(spoken.get())))


async def _writable(session: AsyncSession, principal: Principal) -> set[int] | None:
    """Units whose figures the caller writes: the same rule as for reports (None: all)."""
    if not holds(principal, Role.reporter):
        raise Forbidden("Importing figures needs the role reporter (or a country admin).")
    if country_wide(principal):
        return None
    return await ids_in_scope(session, principal, acting_as=Role.reporter)


async def replayed(session: AsyncSession, principal: Principal, idempotency_key: str,
                   body: HashingStream) -> dict[str, Any] | None:
    """The answer an import gave earlier under this Idempotency-Key (a rejection raised again),
    or None if it is a new request. Figure and reorganisation imports answer retries alike."""
    earlier = await earlier_answer(session, principal, idempotency_key, body)
    if earlier is None:
        return None
    status_code, answer = earlier
    if status_code == ImportRejected.status:
        raise ImportRejected(answer)
    return answer


async def import_body(session: AsyncSession, principal: Principal, body: HashingStream,
                      media_type: str, options: Options,
                      idempotency_key: str | None) -> tuple[dict[str, Any], bool]:
    """An import request's answer, and whether it is the answer given earlier to the same
    request under the same Idempotency-Key (then nothing is done again)."""
    if idempotency_key and (answer := await replayed(session, principal, idempotency_key,
                                                      body)) is not None:
        return answer, True
    workbook = (FilledWorkbook(await read_body(aiter(body), get_settings().max_body_bytes))
                if media_type == XLSX else None)
    batches = (workbook.batches() if workbook else
               csv_batches(aiter(body)) if media_type in CSV_TYPES else json_batches(aiter(body)))
    summary = await import_values(session, principal, batches, options)
    if workbook:
        summary = workbook.located(summary)
    answer = summary.model_dump(mode="json")
    refused = options.atomic and summary.rejected > 0
    if idempotency_key:
        remember(session, principal, idempotency_key, body,
                 ImportRejected.status if refused else 200, answer)
    if refused:
        raise ImportRejected(answer)
    return answer, False


async def import_values(session: AsyncSession, principal: Principal, batches: Batches,
                        options: Options) -> ImportSummary:
    indicators, unit_codes, spans = await repository.lookups(session, principal)
    reader = RowReader(indicators, unit_codes, spans,
                       await _writable(session, principal), options.number_format,
                       await repository.where_used(session, indicators))
    batch = uuid.uuid4().hex
    tally = _Tally()
    await repository.begin(session)
    await _stage(session, reader, batches, tally)
    status = DataValueStatus.submitted if options.submit else DataValueStatus.draft
    await repository.compare(session, status, sorted(tally.indicator_ids), sorted(tally.periods),
                             staged=tally.rows - tally.rejected)
    await _refuse(session, tally, indicators)
    if options.atomic and tally.rejected:
        await repository.clear(session)
        return _summary(tally, options, (0, 0, 0), rejected_all=True)
    classes = await repository.classify(session)
    counts = (classes.created, classes.updated, classes.unchanged)
    submitted = 0
    if not options.dry_run:
        # Drafts count in no roll-up: only figures that were or become submitted move them.
        roll_up = status is not DataValueStatus.draft or classes.counted_changed > 0
        # Held before the figures change, so no report is submitted half-way through the import.
        reports = (await hold_for_import(session, await repository.changed_reports(session))
                   if classes.in_reports else [])
        await repository.merge(session, status, sorted(tally.periods), classes, roll_up=roll_up)
        await keep_imported(session, principal, reports)
        if options.submit:
            submitted = await _submit_reports(session, principal, tally)
    await repository.clear(session)
    summary = _summary(tally, options, counts).model_copy(update={"submitted": submitted})
    if not options.dry_run:
        await record(session, principal, "import", "data_values", batch,
                     org_unit_id=principal.unit_id, after=summary.model_dump(
                         include={"created", "updated", "unchanged", "rejected", "submitted"}))
    return summary


async def _stage(session: AsyncSession, reader: RowReader, batches: Batches, tally: _Tally) -> None:
    """Read and check the rows, and stage them: each batch is written while the next is read
    (the database and Python work side by side), so `batches` must not use the session."""
    stager = await repository.Stager.of(session)
    writing: asyncio.Future[None] | None = None
    periods, indicator_ids = tally.periods, tally.indicator_ids
    try:
        async for rows in batches:
            staged = []
            for index, raw in rows:
                try:
                    parsed = reader.record(raw)
                except RowError as error:
                    tally.reject(index, error.code, error.detail, error.field)
                    continue
                staged.append((index, *parsed))
                indicator_ids.add(parsed[0])
                periods.add(parsed[2])
            tally.rows += len(rows)
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(stager.stage(staged))
    finally:
        if writing is not None:
            # Never leave the connection half-way through a COPY, even when reading failed.
            await writing


async def _submit_reports(session: AsyncSession, principal: Principal, tally: _Tally) -> int:
    submitted = 0
    for (unit_id, period), indicator_ids in sorted((await repository.staged_keys(session)).items()):
        count, problems = await submit_imported(session, principal, unit_id, period, indicator_ids)
        submitted += count
        for problem in problems:
            tally.conflicts.append(ImportConflict(index=None, code="not_submitted",
                                                  detail=problem.in_(spoken.get())))
    return submitted


def _refusal(refusal: repository.Refusal, codes: dict[int, str]) -> Said:
    code = codes[refusal.indicator_id]
    if refusal.code == "locked":
        return Said(vi=f"{code}: số liệu đã được duyệt và khóa; đề nghị người duyệt mở lại báo cáo",
                    en=f"{code}: the figure is approved and locked; ask the reviewer to reopen "
                       "the report")
    if refusal.code == "under_review":
        return Said(vi=f"{code}: số liệu thuộc báo cáo {refusal.submission_id} đang được duyệt; "
                       "sửa được khi người duyệt trả lại báo cáo",
                    en=f"{code}: the figure belongs to report {refusal.submission_id}, which is "
                       "under review; it can be changed once the reviewer returns the report")
    return Said(vi="số liệu này còn xuất hiện ở dòng sau trong tệp; dùng dòng sau",
                en="the same figure comes again later in this import; the later row is used")


async def _refuse(session: AsyncSession, tally: _Tally, indicators: dict[str, Any]) -> None:
    codes = {i.id: code for code, i in indicators.items()}
    for refusal in await repository.refused(session):
        tally.reject(refusal.index, refusal.code, _refusal(refusal, codes))
    tally.conflicts.sort(key=lambda c: (c.index is None, c.index or 0))


def _summary(tally: _Tally, options: Options, counts: tuple[int, int, int], *,
             rejected_all: bool = False) -> ImportSummary:
    created, updated, unchanged = counts
    return ImportSummary(
        created=created, updated=updated, unchanged=unchanged,
        rejected=tally.rows if rejected_all else tally.rejected,
        conflicts=tally.conflicts[:MAX_CONFLICTS],
        conflicts_truncated=len(tally.conflicts) > MAX_CONFLICTS, dry_run=options.dry_run)

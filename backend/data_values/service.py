"""Bulk import of figures (JSON or streamed CSV) for scripts and Excel-driven units.

Rows are read and checked one by one (RowReader), staged in the database in batches, then compared
with the stored values and merged in a few set-based statements, so memory stays flat and the
roll-ups stay exact. Approved (locked) values are never overwritten.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import unit_filter
from backend.data_values import repository
from backend.data_values.rows import NumberFormat, RowError, RowReader
from backend.data_values.schemas import ImportConflict, ImportSummary
from backend.errors import Forbidden
from backend.models import DataValueStatus, OrgUnit, Role
from backend.submissions.service import submit_imported

MAX_CONFLICTS = 1000
Batches = AsyncIterator[list[tuple[int, dict[str, Any]]]]


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

    def reject(self, index: int | None, code: str, detail: str) -> None:
        self.rejected += 1
        if len(self.conflicts) <= MAX_CONFLICTS:
            self.conflicts.append(ImportConflict(index=index, code=code, detail=detail))


async def _writable(session: AsyncSession, principal: Principal) -> set[int] | None:
    """Units whose figures the caller writes: the same rule as for reports (None: all)."""
    if not principal.has_any(Role.reporter):
        raise Forbidden("Importing figures needs the role reporter (or a country admin).")
    if principal.sees_everything:
        return None
    return set(await session.scalars(select(OrgUnit.id).where(
        unit_filter(principal, OrgUnit.id, acting_as=Role.reporter))))


async def import_values(session: AsyncSession, principal: Principal, batches: Batches,
                        options: Options) -> ImportSummary:
    indicators, unit_codes = await repository.lookups(session)
    reader = RowReader(indicators, unit_codes, set(unit_codes.values()),
                       await _writable(session, principal), options.number_format)
    batch = uuid.uuid4().hex
    tally = _Tally()
    async for rows in batches:
        staged = []
        for index, raw in rows:
            tally.rows += 1
            try:
                parsed = reader.read(raw)
            except RowError as error:
                tally.reject(index, error.code, error.detail)
                continue
            staged.append((index, parsed))
            tally.periods.add(parsed.period)
        await repository.stage(session, batch, staged)
    await repository.analyze(session)
    await _refuse_locked_and_repeated(session, batch, tally, indicators)
    status = DataValueStatus.submitted if options.submit else DataValueStatus.draft
    if options.atomic and tally.rejected:
        await repository.clear(session, batch)
        return _summary(tally, options, (0, 0, 0), rejected_all=True)
    classes = await repository.classify(session, batch, status)
    counts = (classes.created, classes.updated, classes.unchanged)
    submitted = 0
    if not options.dry_run:
        # Drafts count in no roll-up: only figures that were or become submitted move them.
        roll_up = status is not DataValueStatus.draft or classes.counted_changed > 0
        await repository.merge(session, batch, status, sorted(tally.periods), roll_up=roll_up)
        if options.submit:
            submitted = await _submit_reports(session, principal, batch, tally)
    await repository.clear(session, batch)
    summary = _summary(tally, options, counts).model_copy(update={"submitted": submitted})
    if not options.dry_run:
        await record(session, principal, "import", "data_values", batch,
                     org_unit_id=principal.unit_id, after=summary.model_dump(
                         include={"created", "updated", "unchanged", "rejected", "submitted"}))
    return summary


async def _submit_reports(session: AsyncSession, principal: Principal, batch: str,
                          tally: _Tally) -> int:
    submitted = 0
    for (unit_id, period), indicator_ids in sorted((await repository.staged_keys(session,
                                                                                 batch)).items()):
        count, problems = await submit_imported(session, principal, unit_id, period, indicator_ids)
        submitted += count
        for problem in problems:
            tally.conflicts.append(ImportConflict(index=None, code="not_submitted", detail=problem))
    return submitted


async def _refuse_locked_and_repeated(session: AsyncSession, batch: str, tally: _Tally,
                                      indicators: dict[str, Any]) -> None:
    codes = {i.id: code for code, i in indicators.items()}
    locked = await repository.locked(session, batch)
    for index, indicator_id in locked:
        tally.reject(index, "locked", f"{codes[indicator_id]}: the figure is approved and locked; "
                                      "ask the reviewer to reopen the report")
    repeated = await repository.duplicates(session, batch)
    for index in repeated:
        tally.reject(index, "duplicate_key", "the same figure comes again later in this import; "
                                             "the later row is used")
    await repository.drop(session, batch, [index for index, _ in locked] + repeated)
    tally.conflicts.sort(key=lambda c: (c.index is None, c.index or 0))


def _summary(tally: _Tally, options: Options, counts: tuple[int, int, int], *,
             rejected_all: bool = False) -> ImportSummary:
    created, updated, unchanged = counts
    return ImportSummary(
        created=created, updated=updated, unchanged=unchanged,
        rejected=tally.rows if rejected_all else tally.rejected,
        conflicts=tally.conflicts[:MAX_CONFLICTS],
        conflicts_truncated=len(tally.conflicts) > MAX_CONFLICTS, dry_run=options.dry_run)

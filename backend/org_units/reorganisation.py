"""A reorganisation imported in one request (issue 15): a batch of events (create, rename, move,
merge, split, close) applied in order, each by the same rules and code as the single endpoints.

A national reform makes, closes and merges ten thousand units, so the batch does once what a
single change does each time: the figures are re-rolled once (`service.rerolled` around every
unit the batch names, with its subtree); the units it names are read once, with their units
below and their accounts, and each event is checked against them in memory; the units it makes,
closes and joins by successions are written in a few statements per kind at the end
(`repository.holding`), like its audit events. An event that writes as it goes (a renaming, a
move of several units) or reads a unit the batch made first writes what is held, then runs in a
savepoint. A refused event leaves nothing half-done, and the events after it are checked in the
database; a refusal of rights refuses the whole request. When plans run, tasks are handed over as
each event writes: the batch then writes every event as it goes.
"""

import csv
import io
import json
from collections.abc import Iterator, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import handover
from backend.audit.service import in_bulk
from backend.auth.principal import Principal
from backend.data_values.errors import ImportRejected
from backend.data_values.schemas import ImportConflict
from backend.data_values.service import replayed
from backend.errors import Forbidden, InvalidInput, NotFound, ProblemError, field_error, said
from backend.kit.idempotency import HashingStream, remember
from backend.kit.said import Said, spoken
from backend.models import AuditEvent, GrassrootsType, OrgUnit, OrgUnitKind, SuccessionKind
from backend.org_units import repository, service
from backend.org_units.errors import InvalidEvent, UnknownUnitCode
from backend.org_units.schemas import (
    AccountsChoice,
    OrgUnitClose,
    OrgUnitCreate,
    ReorganisationEvent,
    ReorganisationEventKind,
    ReorganisationSummary,
)

CSV_TYPES = ("text/csv", "application/csv", "text/plain")
MAX_CONFLICTS = 1000
Kind = ReorganisationEventKind


@dataclass
class Options:
    dry_run: bool = False
    atomic: bool = False


@dataclass
class _Tally:
    applied: int = 0
    units_changed: int = 0
    accounts_moved: int = 0
    accounts_disabled: int = 0
    conflicts: list[ImportConflict] = field(default_factory=list)

    def reject(self, index: int, code: str, detail: Said) -> None:
        """A refused event, said in the request's language as the figures import says its rows."""
        self.conflicts.append(ImportConflict(index=index, code=code,
                                             detail=detail.in_(spoken.get())))

    def summary(self, options: Options) -> ReorganisationSummary:
        return ReorganisationSummary(
            applied=self.applied, rejected=len(self.conflicts), units_changed=self.units_changed,
            accounts_moved=self.accounts_moved, accounts_disabled=self.accounts_disabled,
            conflicts=self.conflicts[:MAX_CONFLICTS], dry_run=options.dry_run)

    def refused(self, options: Options, events: int) -> ReorganisationSummary:
        """An atomic batch with a refused event: nothing applied, every event rejected."""
        return ReorganisationSummary(
            applied=0, rejected=events, units_changed=0, accounts_moved=0, accounts_disabled=0,
            conflicts=self.conflicts[:MAX_CONFLICTS], dry_run=options.dry_run)


async def import_body(session: AsyncSession, principal: Principal, body: HashingStream,
                      media_type: str, options: Options,
                      idempotency_key: str | None) -> tuple[dict[str, Any], bool]:
    """The answer to a reorganisation request, and whether it is the one given earlier to the same
    request under the same Idempotency-Key (then nothing is done again)."""
    if idempotency_key and (answer := await replayed(session, principal, idempotency_key,
                                                      body)) is not None:
        return answer, True
    raw = b"".join([chunk async for chunk in body])
    rows = csv_rows(raw) if media_type in CSV_TYPES else _json_rows(raw)
    summary = await reorganise(session, principal, rows, options)
    answer = summary.model_dump(mode="json")
    refused = options.atomic and summary.rejected > 0
    if idempotency_key:
        remember(session, principal, idempotency_key, body,
                 ImportRejected.status if refused else 200, answer)
    if refused:
        raise ImportRejected(answer)
    return answer, False


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(Said(vi="Nội dung gửi lên không phải văn bản UTF-8. Hãy lưu tệp CSV với "
                                   "bảng mã UTF-8 rồi gửi lại.",
                                en="The body is not UTF-8 text."), errors=[
            field_error(["body"], Said(vi=f"Sai bảng mã UTF-8 tại byte {exc.start}.",
                                       en=f"invalid UTF-8 at byte {exc.start}"))]) from None


def csv_rows(raw: bytes) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(_text(raw)))
    if not reader.fieldnames or "event" not in [name.strip() for name in reader.fieldnames]:
        raise InvalidInput(Said(vi="Tệp CSV cần dòng đầu là tên các cột, trong đó có cột event.",
                                en="The CSV needs a header line with the column event."), errors=[
            field_error(["body", "header"], Said(vi="Thiếu cột event.", en="missing column event"))])
    return [{(key or "").strip().lower(): value for key, value in row.items()} for row in reader]


def _json_rows(raw: bytes) -> list[Any]:
    try:
        body = json.loads(_text(raw))
    except json.JSONDecodeError as exc:
        raise InvalidInput(Said(vi="Nội dung gửi lên không phải JSON hợp lệ.",
                                en="The request body is not valid JSON."), errors=[
            field_error(["body"], Said(vi=f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}.",
                                       en=f"invalid JSON: {exc.msg}"))]) from None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise InvalidInput(Said(vi='Hãy gửi {"events": [...]} với danh sách các sự kiện.',
                                en='Send {"events": [...]}.'), errors=[
            field_error(["body", "events"], Said(vi="Cần danh sách các sự kiện.",
                                                 en="a list of events is required"))])
    return events


def _parsed(rows: list[Any], tally: _Tally) -> Iterator[tuple[int, ReorganisationEvent]]:
    for index, row in enumerate(rows):
        try:
            yield index, ReorganisationEvent.model_validate(row)
        except ValidationError as exc:
            tally.reject(index, InvalidEvent.code, _lacking(exc.errors()))


def _most(model: type[BaseModel], column: str) -> int:
    """The most items or characters a column takes, as its schema limits it."""
    return next(limit.max_length for limit in model.model_fields[column].metadata
                if hasattr(limit, "max_length"))


def _one_of(values: list[str]) -> Said:
    return Said(vi=f"{', '.join(values[:-1])} hoặc {values[-1]}",
                en=f"{', '.join(values[:-1])} or {values[-1]}")


def _vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


_EVENTS = _one_of([kind.value for kind in Kind])
_KINDS = _one_of([kind.value for kind in OrgUnitKind])
_TYPES = _one_of([type_.value for type_ in GrassrootsType])
_CODES, _NEW_CODES, _NAMES = (_most(ReorganisationEvent, column)
                              for column in ("old_codes", "new_code", "new_name"))
_PARENT, _SHARES, _NOTE = (_most(ReorganisationEvent, column)
                           for column in ("new_parent", "shares", "note"))
# What each column of an event needs: the reason given for a row whose column does not give it,
# whatever pydantic found wrong there (missing, too long, not a date…).
_NEEDS: dict[str, Said] = {
    "event": Said(vi=f"cột event phải là {_EVENTS.vi}", en=f"event must be {_EVENTS.en}"),
    "effective_date": Said(
        vi="cột effective_date cần ngày hiệu lực dạng năm-tháng-ngày, ví dụ 2025-07-01",
        en="effective_date needs the first day of the new state as year-month-day, "
           "e.g. 2025-07-01"),
    "old_codes": Said(
        vi=f"cột old_codes ghi tối đa {_vi(_CODES)} mã đơn vị, không trùng nhau, cách nhau bằng "
           "dấu chấm phẩy",
        en=f"old_codes lists up to {_CODES:,} unit codes, none twice, separated by ';'"),
    "new_code": Said(
        vi=f"cột new_code ghi tối đa {_vi(_NEW_CODES)} mã đơn vị, không trùng nhau, cách nhau bằng "
           "dấu chấm phẩy",
        en=f"new_code lists up to {_NEW_CODES:,} unit codes, none twice, separated by ';'"),
    "new_name": Said(
        vi=f"cột new_name ghi tối đa {_vi(_NAMES)} tên đơn vị, cách nhau bằng dấu chấm phẩy",
        en=f"new_name lists up to {_NAMES:,} unit names, separated by ';'"),
    "kind": Said(vi=f"cột kind phải là một loại đơn vị: {_KINDS.vi}",
                 en=f"kind must be a kind of unit: {_KINDS.en}"),
    "grassroots_type": Said(vi=f"cột grassroots_type phải là {_TYPES.vi}, hoặc để trống",
                            en=f"grassroots_type must be {_TYPES.en}, or empty"),
    "new_parent": Said(vi=f"cột new_parent ghi mã đơn vị cấp trên, dài tối đa {_vi(_PARENT)} ký tự",
                       en=f"new_parent is the parent unit's code, of {_PARENT:,} characters at most"),
    "shares": Said(
        vi=f"cột shares ghi tỷ lệ của từng đơn vị kế thừa (tối đa {_vi(_SHARES)}) bằng số thập phân "
           "với dấu chấm, ví dụ 0.6;0.4",
        en=f"shares lists each successor's part (up to {_SHARES:,}) as a decimal number written "
           "with a point, e.g. 0.6;0.4"),
    "accounts": Said(vi="cột accounts phải là move, move:<mã đơn vị kế thừa> hoặc disable",
                     en="accounts must be move, move:<successor code> or disable"),
    "note": Said(vi=f"cột note dài tối đa {_vi(_NOTE)} ký tự",
                 en=f"note has {_NOTE:,} characters at most"),
}
_NOT_AN_EVENT = Said(
    vi="mỗi sự kiện là một đối tượng JSON có các cột của định dạng CSV (event, effective_date…)",
    en="each event is a JSON object with the columns of the CSV form (event, effective_date…)")
# A closing's fields are said as the columns of the event they come from.
_CLOSING_NEEDS = {"valid_to": _NEEDS["effective_date"], "shares": _NEEDS["shares"],
                  "accounts": _NEEDS["accounts"], "note": _NEEDS["note"]}


def _lacking(errors: list[ErrorDetails], needs: Mapping[str, Said] = _NEEDS) -> Said:
    """What an event lacks: the need of each column at fault, once each, in their order."""
    columns = dict.fromkeys(str(error["loc"][0]) if error["loc"] else "" for error in errors)
    reasons = [needs.get(column) or (Said(vi=f"cột {column} không hợp lệ", en=f"{column} is invalid")
                                     if column else _NOT_AN_EVENT) for column in columns]
    return Said(vi="; ".join(reason.vi for reason in reasons),
                en="; ".join(reason.en for reason in reasons))


def _new_unit_lacks(code: str, exc: ValidationError) -> Said:
    """What a unit the event creates lacks, by the fields of the single endpoint's body."""
    most_code, most_name = _most(OrgUnitCreate, "code"), _most(OrgUnitCreate, "name")
    return _lacking(exc.errors(), {
        "code": Said(
            vi=f"mã đơn vị mới {code} chỉ được gồm chữ cái không dấu, chữ số và các dấu . _ -, "
               f"phải bắt đầu bằng chữ cái hoặc chữ số và dài tối đa {_vi(most_code)} ký tự",
            en=f"the new unit's code {code} may hold only unaccented letters, digits and . _ -, "
               f"must begin with a letter or a digit, and has {most_code:,} characters at most"),
        "name": Said(vi=f"tên của đơn vị mới {code} chỉ được dài tối đa {_vi(most_name)} ký tự",
                     en=f"the name of the new unit {code} has {most_name:,} characters at most"),
        "kind": _NEEDS["kind"], "grassroots_type": _NEEDS["grassroots_type"],
        "parent_id": _NEEDS["new_parent"], "valid_from": _NEEDS["effective_date"]})


async def reorganise(session: AsyncSession, principal: Principal, rows: list[Any],
                     options: Options) -> ReorganisationSummary:
    tally = _Tally()
    events = list(_parsed(rows, tally))
    batch = _Batch(session, principal, tally)
    await batch.load(events)
    savepoint = await session.begin_nested()
    async with AsyncExitStack() as stack:
        # Once for the batch: audit rows written together, whether plans run, the re-roll.
        batch.held = await stack.enter_async_context(in_bulk(session))
        if events:
            since = min(event.effective_date for _, event in events)
            running = await stack.enter_async_context(handover.batch(session, since))
            if not options.dry_run:
                await stack.enter_async_context(
                    service.rerolled(session, await batch.moving(events), since))
                batch.rerolled = True
            if not running:
                await stack.enter_async_context(repository.holding(
                    session, {unit.id for unit in batch.units.values()}, len(batch.missing)))
        for index, event in events:
            await batch.apply(index, event)
    tally.conflicts.sort(key=lambda c: c.index or 0)
    if options.dry_run or (options.atomic and tally.conflicts):
        await savepoint.rollback()
    else:
        await savepoint.commit()
    if options.atomic and tally.conflicts:
        return tally.refused(options, len(rows))
    return tally.summary(options)


class _Batch:
    """The units of a batch by code, loaded once, and the events applied to them."""

    def __init__(self, session: AsyncSession, principal: Principal, tally: _Tally) -> None:
        self.session = session
        self.principal = principal
        self.tally = tally
        self.units: dict[str, OrgUnit] = {}
        # Codes the batch names that no unit had when it was loaded, and none has taken since.
        self.missing: set[str] = set()
        # The units named that the caller manages, asked once; a unit the batch changes is asked
        # again when named again, as its place or life may have changed who manages it.
        self.manageable: set[int] = set()
        self.held: list[AuditEvent] = []
        # Inside service.rerolled, whose carry.refresh() places the units created.
        self.rerolled = False

    async def load(self, events: list[tuple[int, ReorganisationEvent]]) -> None:
        codes = {code for _, e in events for code in (*e.old_codes, *e.new_code, e.new_parent,
                                                        _account_target(e)) if code}
        self.units = await repository.get_by_codes(self.session, codes)
        self.missing = codes - self.units.keys()
        self.manageable = await service.units_to_manage(self.session, self.principal,
                                                        list(self.units.values()))

    async def moving(self, events: list[tuple[int, ReorganisationEvent]]) -> set[int]:
        """The units whose place in the tree the batch may change: the ones it names, with the
        units below them. Units it creates have no figures yet."""
        named: dict[Any, set[int]] = {}
        for _, event in events:
            ids = {self.units[c].id for c in event.old_codes if c in self.units}
            named.setdefault(event.effective_date, set()).update(ids)
        moving: set[int] = set()
        for day, ids in named.items():
            moving |= await repository.subtrees(self.session, ids, day)
        return moving

    async def apply(self, index: int, event: ReorganisationEvent) -> None:
        held = len(self.held)
        counted = (self.tally.units_changed, self.tally.accounts_moved, self.tally.accounts_disabled)
        writes = repository.held_writes(self.session)
        as_it_goes = writes is None or self.writes_as_it_goes(event, writes)
        if as_it_goes:
            await repository.write_held(self.session)
        mark = writes.mark() if writes is not None else None
        try:
            if as_it_goes:
                async with self.session.begin_nested():
                    await _HANDLERS[event.event](self, event)
            else:
                with self.session.no_autoflush:
                    await _HANDLERS[event.event](self, event)
        except (Forbidden, NotFound) as refused:
            # Codes resolve across the country; a unit named outside the caller's scope is
            # one the caller may not reorganise, whatever else the batch does.
            reason = said(refused.code, refused.detail)
            raise Forbidden(Said(vi=f"Sự kiện số {index} (đánh số từ 0): {reason.vi}",
                                 en=f"Event {index}: {reason.en}")) from None
        except ProblemError as error:
            # The savepoint's rollback expired what it had changed, and the event may have changed
            # what the batch knew before it was refused: look the units up again.
            if writes is not None and mark is not None:
                writes.drop(self.session, mark)
                await repository.write_held(self.session)
            self.units.clear()
            self.missing.clear()
            del self.held[held:]
            (self.tally.units_changed, self.tally.accounts_moved,
             self.tally.accounts_disabled) = counted
            self.tally.reject(index, error.code, said(error.code, error.detail))
            return
        self.tally.applied += 1

    def writes_as_it_goes(self, event: ReorganisationEvent, writes: repository.Held) -> bool:
        """A renaming or a move of several units writes the tree as it goes (a move of one unit
        writes once, after its checks: nothing to undo if they refuse it); after a refused event,
        the batch knows the tree no more and each event is checked in the database; an event naming
        a unit the batch made reads it from there; a successor found and given a new name is
        renamed."""
        if event.event is Kind.renaming or (event.event is Kind.moving
                                             and len(event.old_codes) != 1):
            return True
        if not writes.known:
            return True
        if any(writes.holds(code) for code in (*event.old_codes, *event.new_code,
                                               event.new_parent, _account_target(event)) if code):
            return True
        return any(code in self.units and name and name != self.units[code].name
                   for code, name in zip(event.new_code, event.new_name, strict=False))

    async def find(self, code: str) -> OrgUnit | None:
        if code in self.missing:
            return None
        unit = self.units.get(code) or await repository.get_by_code(self.session, code)
        if unit is not None:
            self.units[code] = unit
        return unit

    async def unit(self, code: str) -> OrgUnit:
        unit = await self.find(code)
        if unit is None:
            raise UnknownUnitCode(Said(vi=f"Không có đơn vị nào mang mã '{code}'.",
                                       en=f"No org unit with code '{code}'."))
        return unit

    async def managed(self, code: str) -> OrgUnit:
        unit = await self.unit(code)
        if unit.id in self.manageable:
            return unit
        return await service.unit_to_manage(self.session, self.principal, unit.id)

    async def create(self, event: ReorganisationEvent, code: str, name: str | None,
                     like: OrgUnit | None) -> OrgUnit:
        """A new unit; a successor takes by default the kind, type and parent of `like`."""
        kind = event.kind or (like.kind if like else None)
        if not name or kind is None:
            raise InvalidEvent(Said(vi=f"Đơn vị mới {code} cần có tên (new_name) và loại đơn vị "
                                       "(kind).",
                                    en=f"The new unit {code} needs new_name and kind."))
        parent = (await self.unit(event.new_parent)).id if event.new_parent else (
            like.parent_id if like else None)
        try:
            data = OrgUnitCreate(code=code, name=name, kind=kind, parent_id=parent,
                                 grassroots_type=event.grassroots_type or (
                                     like.grassroots_type if like else None),
                                 valid_from=event.effective_date)
        except ValidationError as exc:
            raise InvalidEvent(_new_unit_lacks(code, exc)) from None
        unit = await service.create_unit(self.session, self.principal, data,
                                         rerolled_after=self.rerolled,
                                         code_free=code in self.missing)
        self.units[code] = unit
        self.manageable.add(unit.id)  # made below a unit the caller manages
        self.missing.discard(code)
        self.tally.units_changed += 1
        return unit

    async def successor(self, event: ReorganisationEvent, code: str, name: str | None,
                        like: OrgUnit) -> OrgUnit:
        found = await self.find(code)
        if found is None:
            return await self.create(event, code, name, like)
        if name and name != found.name:
            await self.rename(await self.managed(code), name, event)
        return found

    async def rename(self, unit: OrgUnit, name: str, event: ReorganisationEvent) -> None:
        self.manageable.discard(unit.id)
        async with service.audited(self.session, self.principal, unit):
            await service.rename(self.session, unit, name, event.effective_date)
        self.tally.units_changed += 1

    async def move(self, unit: OrgUnit, parent: OrgUnit, event: ReorganisationEvent) -> None:
        self.manageable.discard(unit.id)
        async with service.audited(self.session, self.principal, unit):
            await service.move(self.session, self.principal, unit, parent.id,
                               event.effective_date)
        self.tally.units_changed += 1

    async def close(self, units: list[OrgUnit], successors: list[OrgUnit],
                    event: ReorganisationEvent, kind: SuccessionKind | None = None) -> None:
        choice, target = await self.accounts(event)
        try:
            data = OrgUnitClose(valid_to=event.effective_date,
                                successor_ids=[s.id for s in successors],
                                shares=event.shares or None, accounts=choice, accounts_to=target,
                                note=event.note)
        except ValidationError as exc:
            raise InvalidEvent(_lacking(exc.errors(), _CLOSING_NEEDS)) from None
        self.manageable.difference_update(unit.id for unit in units)
        successors = [s if s.id in self.manageable
                      else await service.get_unit(self.session, self.principal, s.id)
                      for s in successors]
        handed = await service.close(self.session, self.principal, units, successors, data, kind)
        self.tally.units_changed += len(units)
        if choice is AccountsChoice.move:
            self.tally.accounts_moved += handed
        elif choice is AccountsChoice.disable:
            self.tally.accounts_disabled += handed

    async def accounts(self, event: ReorganisationEvent) -> tuple[AccountsChoice | None, int | None]:
        if event.accounts is None:
            return None, None
        choice, _, code = event.accounts.partition(":")
        return AccountsChoice(choice), (await self.unit(code)).id if code else None


def _account_target(event: ReorganisationEvent) -> str | None:
    return event.accounts.partition(":")[2] or None if event.accounts else None


_NEW_CODE = Said(vi="mã ở cột new_code", en="new_code")
_NEW_NAME = Said(vi="tên ở cột new_name", en="new_name")
_OLD_CODE = Said(vi="mã ở cột old_codes", en="old code")


def _one(values: list[str], what: Said) -> str:
    if len(values) != 1:
        raise InvalidEvent(Said(vi=f"Sự kiện này cần đúng một {what.vi}, nhưng có {len(values)}.",
                                en=f"This event takes one {what.en}, not {len(values)}."))
    return values[0]


async def _create(batch: _Batch, event: ReorganisationEvent) -> None:
    names = event.new_name or [""]
    await batch.create(event, _one(event.new_code, _NEW_CODE), _one(names, _NEW_NAME), None)


async def _rename(batch: _Batch, event: ReorganisationEvent) -> None:
    """Code kept: the same unit under a new name from the date. New code: the old code is
    retired with a unit that closes, and a unit with the new code succeeds it (a renaming),
    taking its units below."""
    unit = await batch.managed(_one(event.old_codes, _OLD_CODE))
    code = event.new_code[0] if event.new_code else unit.code
    name = _one(event.new_name, _NEW_NAME) if event.new_name else unit.name
    if code == unit.code:
        await batch.rename(unit, name, event)
        return
    successor = await batch.create(event, _one(event.new_code, _NEW_CODE), name, unit)
    for child in await repository.children_on(batch.session, unit, event.effective_date):
        await batch.move(child, successor, event)
    await batch.close([unit], [successor], event, SuccessionKind.renaming)


async def _move(batch: _Batch, event: ReorganisationEvent) -> None:
    if not event.new_parent or not event.old_codes:
        raise InvalidEvent(Said(vi="Sự kiện chuyển (move) cần mã các đơn vị được chuyển (old_codes) "
                                   "và mã đơn vị cấp trên mới (new_parent).",
                                en="A move names the units (old_codes) and where they go "
                                   "(new_parent)."))
    parent = await batch.unit(event.new_parent)
    for code in event.old_codes:
        await batch.move(await batch.managed(code), parent, event)


async def _merge(batch: _Batch, event: ReorganisationEvent) -> None:
    code = _one(event.new_code, _NEW_CODE)
    if not [old for old in event.old_codes if old != code]:
        raise InvalidEvent(Said(vi="Sự kiện sáp nhập (merge) cần mã các đơn vị được sáp nhập "
                                   "(old_codes) vào một đơn vị khác (new_code).",
                                en="A merge names the units merged (old_codes) into another."))
    first = await batch.managed(event.old_codes[0])
    into = await batch.successor(event, code, event.new_name[0] if event.new_name else None, first)
    await batch.close([await batch.managed(old) for old in event.old_codes if old != code], [into],
                      event)


async def _split(batch: _Batch, event: ReorganisationEvent) -> None:
    unit = await batch.managed(_one(event.old_codes, _OLD_CODE))
    if len(event.new_code) < 2 or len(event.shares) != len(event.new_code):
        raise InvalidEvent(Said(vi="Sự kiện chia tách (split) cần từ hai đơn vị kế thừa trở lên "
                                   "(new_code) và tỷ lệ của từng đơn vị (shares).",
                                en="A split names two successors or more (new_code) and a share "
                                   "for each."))
    if event.new_name and len(event.new_name) != len(event.new_code):
        raise InvalidEvent(Said(vi="Cột new_name cần một tên cho mỗi mã ở cột new_code, theo cùng "
                                   "thứ tự.",
                                en="new_name gives a name for each code of new_code, in the same "
                                   "order."))
    names = event.new_name or [""] * len(event.new_code)
    successors = [await batch.successor(event, code, name or None, unit)
                  for code, name in zip(event.new_code, names, strict=True)]
    await batch.close([unit], successors, event)


async def _close(batch: _Batch, event: ReorganisationEvent) -> None:
    if not event.old_codes or event.new_code:
        raise InvalidEvent(Said(vi="Sự kiện ngừng hoạt động (close) chỉ ghi mã các đơn vị ngừng hoạt "
                                   "động (old_codes), không có đơn vị kế thừa: để chuyển dữ liệu "
                                   "sang đơn vị khác, hãy dùng sáp nhập (merge) hoặc chia tách "
                                   "(split).",
                                en="A closing names the units closed (old_codes) and no successor: "
                                   "merge or split hand a unit's data on."))
    await batch.close([await batch.managed(code) for code in event.old_codes], [], event)


_HANDLERS = {Kind.creation: _create, Kind.renaming: _rename, Kind.moving: _move,
             Kind.merger: _merge, Kind.division: _split, Kind.closing: _close}

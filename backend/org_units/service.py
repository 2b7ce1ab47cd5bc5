"""Rules of the hierarchy: who may change which unit, and how history is kept when it changes."""

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import carry, rollup
from backend.assignments.handover import UnitChange, reorganising, unit_added
from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.auth.scope import country_wide, visible_units
from backend.errors import Forbidden, NotFound
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.said import Said
from backend.kit.text import fold
from backend.kit.unit_of_work import flush
from backend.models import OrgUnit, OrgUnitSuccession, Role, SuccessionKind, User
from backend.org_units import repository, schemas
from backend.org_units.errors import (
    AccountsChoiceNeeded,
    DuplicateUnitCode,
    InvalidClosure,
    InvalidMove,
    InvalidRename,
    InvalidShares,
    UnitHasOpenChildren,
)
from backend.users.service import active_accounts, hand_over_accounts

AUDITED = ("code", "name", "kind", "grassroots_type", "parent_id", "valid_from", "valid_to")
# Units re-rolled per statement: one array parameter on PostgreSQL; elsewhere a bound parameter
# each, below SQLite's 32,766. A national reform (11,000 units) re-rolls in one statement.
REROLL_CHUNK = 30_000


async def list_units(session: AsyncSession, principal: Principal, filters: repository.UnitFilters,
                     page: PageParams) -> tuple[list[schemas.OrgUnit], Pagination]:
    units, pagination = await fetch_page(session, repository.list_query(principal, filters), page)
    return await with_child_counts(session, units, filters.as_of or clock.today()), pagination


async def with_child_counts(session: AsyncSession, units: list[OrgUnit],
                            day: date) -> list[schemas.OrgUnit]:
    counts = await repository.child_counts(session, [u.id for u in units], day)
    return [schemas.OrgUnit.model_validate(u).model_copy(update={"child_count": counts.get(u.id, 0)})
            for u in units]


async def get_unit(session: AsyncSession, principal: Principal, unit_id: int) -> OrgUnit:
    unit = await repository.get_visible(session, principal, unit_id)
    if unit is None:
        raise NotFound(Said(vi=f"Không tìm thấy đơn vị số {unit_id}, hoặc bạn không có quyền xem "
                                "đơn vị này.",
                             en=f"No org unit {unit_id}."))
    return unit


async def ancestors(session: AsyncSession, principal: Principal, unit_id: int) -> list[OrgUnit]:
    return await repository.ancestors(session, await get_unit(session, principal, unit_id))


async def unit_to_manage(session: AsyncSession, principal: Principal, unit_id: int) -> OrgUnit:
    """Admins and planners manage units strictly below their own (a country admin: all)."""
    unit = await get_unit(session, principal, unit_id)
    if unit.id not in await _managed(session, principal, [unit]):
        raise Forbidden(Said(vi="Chỉ tài khoản có vai trò Quản trị hoặc Lập kế hoạch ở đơn vị cấp "
                                "trên mới được thay đổi đơn vị này.",
                             en="Only admins and planners above this unit may change it."))
    return unit


async def units_to_manage(session: AsyncSession, principal: Principal,
                          units: Collection[OrgUnit]) -> set[int]:
    """Which of `units` unit_to_manage would return, in a query or two whatever their number (a
    reform's batch asks once for all the units it names)."""
    seen = await visible_units(session, principal, {unit.id for unit in units})
    return await _managed(session, principal, [unit for unit in units if unit.id in seen])


async def _managed(session: AsyncSession, principal: Principal,
                   units: Collection[OrgUnit]) -> set[int]:
    if country_wide(principal):
        return {unit.id for unit in units}
    by_day: dict[date, set[int]] = {}
    for unit in units:
        by_day.setdefault(_managed_on(unit), set()).add(unit.id)
    manageable: set[int] = set()
    for day, ids in by_day.items():
        manageable |= await visible_units(session, principal, ids, acting_as=Role.planner, on=day,
                                          strictly_below=True)
    return manageable


def _managed_on(unit: OrgUnit) -> date:
    """A closed unit is managed by whoever managed it on its last day."""
    last_day = unit.valid_to - timedelta(days=1) if unit.valid_to else clock.today()
    return min(last_day, clock.today())


async def _parent_to_manage(session: AsyncSession, principal: Principal,
                            parent_id: int | None) -> OrgUnit | None:
    if parent_id is None:
        if not country_wide(principal):
            raise Forbidden(Said(vi="Chỉ quản trị viên toàn quốc mới được thêm đơn vị cấp cao nhất.",
                                 en="Only a country-wide admin may create a top-level unit."))
        return None
    parent = await get_unit(session, principal, parent_id)
    if await repository.get_visible(session, principal, parent_id, acting_as=Role.planner) is None:
        raise Forbidden(Said(vi="Chỉ tài khoản có vai trò Quản trị hoặc Lập kế hoạch của đơn vị này "
                                "hoặc đơn vị cấp trên mới được thêm đơn vị trực thuộc.",
                             en="Only admins and planners of this subtree may add units to it."))
    return parent


async def create_unit(session: AsyncSession, principal: Principal, data: schemas.OrgUnitCreate,
                      *, rerolled_after: bool = False, code_free: bool = False) -> OrgUnit:
    """A new unit. Its place in the carry map is written here unless the caller creates it inside
    `rerolled`, whose carry.refresh() at the end places every unit created; `code_free`: the
    caller has just found no unit with the code (a reform's batch looks all its codes up at once).
    """
    parent = await _parent_to_manage(session, principal, data.parent_id)
    if not code_free and await repository.get_by_code(session, data.code) is not None:
        raise DuplicateUnitCode(Said(
            vi=f"Mã đơn vị {data.code} đã được dùng; mã đơn vị không bao giờ được dùng lại.",
            en=f"The code {data.code} is already used; codes are never reused."))
    if parent is not None and not parent.is_valid_on(data.valid_from):
        raise InvalidMove(Said(vi=f"Đơn vị cấp trên chưa thành lập hoặc đã ngừng hoạt động vào ngày "
                                  f"{data.valid_from:%d/%m/%Y}.",
                               en=f"The parent does not exist on {data.valid_from:%d/%m/%Y}."))
    unit = await repository.add(session, OrgUnit(
        code=data.code, name=data.name, name_folded=fold(data.name), kind=data.kind,
        grassroots_type=data.grassroots_type, parent_id=data.parent_id,
        valid_from=data.valid_from, valid_to=None, path="", depth=0), parent)
    if not rerolled_after:
        await carry.place(session, unit)
    await unit_added(session, unit.id, unit.valid_from)
    await record(session, principal, "create", "org_unit", unit.id,
                 after=snapshot(unit, AUDITED), org_unit_id=unit.id)
    return unit


@asynccontextmanager
async def rerolled(session: AsyncSession, unit_ids: Collection[int],
                   since: date) -> AsyncIterator[None]:
    """Around changes of the tree: the figures of `unit_ids` of periods ending on or after `since`
    leave the roll-ups along the tree as it was, and come back along the tree as it is after.
    A move, a closing or a whole reform re-rolls once: `unit_ids` must hold every unit whose
    place changes inside (with its subtree); a unit that stays put is taken out and put back.
    The figures on today's units follow in one carry.refresh() at the end."""
    ids = sorted(unit_ids)
    if len(ids) * 2 > await repository.count_units(session):
        # Most units change place (a national reform): the roll-ups they reach are computed
        # afresh once after, where taking each figure out and putting it back touches it twice;
        # so are those on today's units, as refresh() would conclude after comparing the maps.
        yield
        await flush(session)
        await rollup.recompute_since(session, since)
        await carry.rebuild(session)
        return
    chunks = [ids[start:start + REROLL_CHUNK] for start in range(0, len(ids), REROLL_CHUNK)]
    for chunk in chunks:
        await rollup.reroll(session, chunk, since, -1)
    yield
    for chunk in chunks:
        await rollup.reroll(session, chunk, since, +1)
    await carry.refresh(session)


async def update_unit(session: AsyncSession, principal: Principal, unit_id: int,
                      data: schemas.OrgUnitUpdate) -> OrgUnit:
    unit = await unit_to_manage(session, principal, unit_id)
    async with audited(session, principal, unit):
        changes = data.model_dump(
            exclude_unset=True,
            exclude={"parent_id", "moved_on", "history_follows", "name", "renamed_on"})
        for name, value in changes.items():
            setattr(unit, name, value)
        if data.name is not None:
            await rename(session, unit, data.name, data.renamed_on)
        if data.parent_id is not None and data.parent_id != unit.parent_id:
            on = data.moved_on or clock.today()
            async with rerolled(session, await repository.current_subtree(session, unit, on), on):
                await move(session, principal, unit, data.parent_id, on,
                           history_follows=data.history_follows)
    return unit


@asynccontextmanager
async def audited(session: AsyncSession, principal: Principal,
                  unit: OrgUnit) -> AsyncIterator[None]:
    """One audit event for what changes of the unit inside."""
    before = snapshot(unit, AUDITED)
    yield
    await record(session, principal, "update", "org_unit", unit.id, before=before,
                 after=snapshot(unit, AUDITED), org_unit_id=unit.id)


async def rename(session: AsyncSession, unit: OrgUnit, name: str, on: date | None) -> None:
    """A new name for a unit that keeps its code. From `on`, the old name is kept for the days
    before it; without `on`, the name is corrected for all time."""
    if name == unit.name:
        return
    if on is not None:
        since = await repository.named_since(session, unit)
        if not (since < on and unit.is_valid_on(on)):
            raise InvalidRename(Said(
                vi=f"Ngày đổi tên {on:%d/%m/%Y} phải sau ngày đơn vị bắt đầu mang tên hiện tại "
                   f"({since:%d/%m/%Y}) và trước ngày đơn vị ngừng hoạt động.",
                en=f"A renaming on {on:%d/%m/%Y} must fall after the unit's last one "
                   f"({since:%d/%m/%Y}) and before it closes."))
        await repository.keep_name(session, unit, since, on)
    unit.name = name
    unit.name_folded = fold(name)


async def move(session: AsyncSession, principal: Principal, unit: OrgUnit, parent_id: int,
               on: date, *, history_follows: bool = False) -> None:
    """Re-parent `unit` with its subtree from `on`, inside `rerolled` around its subtree; the new
    line reads its past too if `history_follows`."""
    parent = await _parent_to_manage(session, principal, parent_id)
    assert parent is not None
    if parent.path.startswith(unit.path):
        raise InvalidMove(Said(vi="Không thể chuyển một đơn vị về trực thuộc chính nó hoặc một đơn vị "
                                  "trực thuộc nó.",
                               en="A unit cannot be moved under itself or one of its own units."))
    if not parent.is_valid_on(on) or not unit.is_valid_on(on):
        raise InvalidMove(Said(vi=f"Ngày chuyển {on:%d/%m/%Y} nằm ngoài thời gian hoạt động của đơn vị "
                                  "được chuyển hoặc của đơn vị cấp trên mới.",
                               en=f"The move date {on:%d/%m/%Y} is outside the life of a unit."))
    async with reorganising(session, principal, [UnitChange(unit.id, on)]):
        await repository.move(session, unit, parent, on, history_follows=history_follows)


async def close_unit(session: AsyncSession, principal: Principal, unit_id: int,
                     data: schemas.OrgUnitClose) -> OrgUnit:
    unit = await unit_to_manage(session, principal, unit_id)
    successors = [await get_unit(session, principal, sid) for sid in data.successor_ids]
    async with rerolled(session, [unit.id], data.valid_to):
        await close(session, principal, [unit], successors, data)
    return unit


async def close(session: AsyncSession, principal: Principal, units: list[OrgUnit],
                successors: list[OrgUnit], data: schemas.OrgUnitClose,
                kind: SuccessionKind | None = None) -> int:
    """Close units the caller manages on the same day into the same successors (the units a
    merger joins; units of `data.successor_ids` the caller sees), in a few statements whatever
    their number, inside `rerolled` around them: from the closing day they are in no tree, so
    their figures of periods ending then or later leave the roll-ups above them, as rebuild()
    would leave them out. Successors inherit their data; their accounts follow the choice. The
    number of accounts moved or disabled."""
    for unit in units:
        if unit.valid_to is not None:
            raise InvalidClosure(Said(
                vi=f"Đơn vị {unit.code} đã ngừng hoạt động từ ngày {unit.valid_to:%d/%m/%Y}.",
                en=f"{unit.code} was already closed on {unit.valid_to:%d/%m/%Y}."))
        if data.valid_to <= unit.valid_from:
            raise InvalidClosure(Said(
                vi=f"Đơn vị {unit.code}: ngày ngừng hoạt động phải sau ngày thành lập "
                   f"({unit.valid_from:%d/%m/%Y}).",
                en=f"{unit.code}: a unit closes after the day it was created "
                   f"({unit.valid_from:%d/%m/%Y})."))
    if await repository.open_children(session, [u.id for u in units], data.valid_to):
        raise UnitHasOpenChildren(Said(
            vi="Hãy chuyển hoặc cho ngừng hoạt động các đơn vị trực thuộc trước.",
            en="Move or close the units under it first."))
    if any(s in units or not s.is_valid_on(data.valid_to) for s in successors):
        raise InvalidClosure(Said(
            vi="Mỗi đơn vị kế thừa phải là một đơn vị khác, đang hoạt động vào ngày ngừng hoạt động.",
            en="Each successor must be another unit that exists on the closing day."))
    shares = _shares(data, len(successors))
    accounts, accounts_to = await _accounts(session, units, data)
    before = {unit.id: snapshot(unit, AUDITED) for unit in units}
    kind = kind or (SuccessionKind.merger if len(successors) == 1 else SuccessionKind.division)
    # Open tasks pass to the successors from the closing day (assignments.handover).
    async with reorganising(session, principal, [UnitChange(u.id, data.valid_to) for u in units]):
        await repository.close(session, units, data.valid_to)
        await repository.add_successions(session, [
            OrgUnitSuccession(predecessor_id=unit.id, successor_id=s.id, kind=kind,
                              effective_date=data.valid_to, share=share, note=data.note)
            for unit in units for s, share in zip(successors, shares, strict=True)])
    for unit in units:
        await record(session, principal, "close", "org_unit", unit.id, before=before[unit.id],
                     after={**snapshot(unit, AUDITED), "successor_ids": data.successor_ids,
                            **({"accounts": data.accounts.value} if data.accounts else {})},
                     org_unit_id=unit.id)
    await hand_over_accounts(session, principal, accounts, accounts_to)
    if (held := repository.held_writes(session)) is not None:
        held.handed_over(units, accounts, accounts_to)
    return len(accounts)


async def _active_accounts(session: AsyncSession, unit_ids: list[int]) -> list[User]:
    """The units' active accounts: as a reform's batch keeps them when it knows the units."""
    held = repository.held_writes(session)
    if held is None or not held.covers(unit_ids):
        await repository.write_held(session)
        return await active_accounts(session, unit_ids)
    return sorted((user for unit_id in unit_ids for user in held.accounts[unit_id]),
                  key=lambda user: user.id)


def _shares(data: schemas.OrgUnitClose, successors: int) -> list[Decimal | None]:
    """Each successor's part: the whole for a merger; the declared parts of a split."""
    if data.shares is None:
        return [None] * successors
    if len(data.shares) != successors or successors < 2:
        raise InvalidShares(Said(
            vi="Chia tách cần từ hai đơn vị kế thừa trở lên, mỗi đơn vị kế thừa một tỷ lệ.",
            en="A split gives one share per successor, and has two successors or more."))
    if any(not 0 < share < 1 for share in data.shares) or sum(data.shares) != 1:
        raise InvalidShares(Said(
            vi=f"Tỷ lệ của mỗi đơn vị kế thừa khi chia tách phải lớn hơn 0 và nhỏ hơn 1, tổng các tỷ "
               f"lệ phải bằng 1 (đang là {sum(data.shares)}).",
            en=f"The shares of a split lie between 0 and 1 and sum to 1, not {sum(data.shares)}."))
    return list(data.shares)


async def _accounts(session: AsyncSession, units: list[OrgUnit],
                    data: schemas.OrgUnitClose) -> tuple[list[User], int | None]:
    """The units' active accounts and the successor they move to (None: they are disabled), as
    the closing chose."""
    accounts = await _active_accounts(session, [unit.id for unit in units])
    if data.accounts is None:
        if accounts:
            raise AccountsChoiceNeeded(Said(
                vi=f"Đơn vị ngừng hoạt động còn {len(accounts)} tài khoản đang hoạt động: hãy chọn "
                   "chuyển các tài khoản này sang đơn vị kế thừa hoặc khóa chúng (accounts: move "
                   "hoặc disable).",
                en=f"{len(accounts)} active account(s) belong to the unit closing: choose to move "
                   "them to the successor or to disable them (accounts: move|disable)."))
        return [], None
    if data.accounts is schemas.AccountsChoice.disable:
        return accounts, None
    target = data.accounts_to or (data.successor_ids[0] if len(data.successor_ids) == 1 else None)
    if target is None or target not in data.successor_ids:
        raise InvalidClosure(Said(
            vi="Tài khoản chỉ được chuyển sang một đơn vị kế thừa: đơn vị kế thừa duy nhất, hoặc đơn "
               "vị ghi ở accounts_to (trong đợt sắp xếp: move:<mã đơn vị>).",
            en="Accounts move to a successor: the only one, or the one named in accounts_to "
               "(in a reorganisation: move:<code>)."))
    return accounts, target


async def successions(session: AsyncSession, principal: Principal,
                      unit_id: int) -> list[schemas.OrgUnitSuccession]:
    """The mergers and splits of a visible unit whose other side the caller may see as well."""
    await get_unit(session, principal, unit_id)
    rows = await repository.successions_of(session, unit_id)
    readable = await visible_units(session, principal,
                                   {i for r in rows for i in (r.predecessor_id, r.successor_id)})
    rows = [r for r in rows if r.predecessor_id in readable and r.successor_id in readable]
    units = await repository.get_many(session, readable)
    return [schemas.OrgUnitSuccession(
        id=r.id, predecessor=schemas.OrgUnitRef.model_validate(units[r.predecessor_id]),
        successor=schemas.OrgUnitRef.model_validate(units[r.successor_id]), kind=r.kind,
        effective_date=r.effective_date, share=r.share, note=r.note) for r in rows]

"""The one place that decides which org units a caller may see or act for.

Every query of unit-scoped data filters through `unit_filter` (or `plan_visible` for plans);
nothing else reasons about scope. Rights apply to the caller's unit and its subtree as the tree
stands on the given day; a reporter acts for its own unit only. A unit's work (figures, reports,
tasks, progress notes, evidence) is seen by the unit itself and the units above it, so siblings
never see each other's.

Seeing follows time: work is dated (a figure or report by its period's end, a task occurrence or
progress note by its due date) and is seen by the units the worker was below on that date. A
commune that moves from province A to province B stays A's for what it did before the move and is
B's from the move on. A successor (merger, split, renaming) inherits its predecessors' history:
whoever sees the successor on the day it took over sees what the predecessors' line saw before
that day; a move marked `OrgUnitHistoryMove` passes the unit's history to its new line the same
way. The units themselves (names, the tree as it stood) stay readable as history to whoever may
see some of their work.

The catalogue (indicators, reporting forms) is scoped by its owner unit: a national entry (no
owner) is everyone's and only administrators of the whole country change it; a unit's entry is
seen along its line (its subtree and the units above it, never a sibling), used in its subtree,
and changed by those acting for the owner. Published figures (công khai) are those of the subtree
of a publication: the owner's (the whole country for a national indicator), or a unit's own.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Select,
    True_,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, QueryableAttribute, aliased

from backend.auth.principal import Principal
from backend.kit import clock
from backend.models import (
    AuditEvent,
    Indicator,
    IndicatorPublication,
    OrgUnit,
    OrgUnitHistoryMove,
    OrgUnitSuccession,
    OrgUnitTree,
    Plan,
    PlanStatus,
    Role,
    Submission,
)
from backend.org_units.lineage import successors
from backend.periods.sql import period_end

# A draft plan is still the issuer's working paper: those who write, review or administer it.
DRAFT_READERS = (Role.planner, Role.reviewer, Role.admin)


# A day, or an expression giving each row's day (a due date, `period_end(period)`).
Day = date | ColumnElement[date] | QueryableAttribute[date]


def valid_on(table: type[OrgUnitTree], day: Day) -> ColumnElement[bool]:
    return and_(table.valid_from <= day, or_(table.valid_to.is_(None), table.valid_to > day))


def subtree_ids(unit_id: int, day: date | None) -> Select[int]:
    """Units below `unit_id` on `day`; with no day, every unit that was ever below it."""
    query = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id == unit_id)
    return query.where(valid_on(OrgUnitTree, day)) if day is not None else query


UnitColumn = QueryableAttribute[int] | QueryableAttribute[int | None] | ColumnElement[int]


def _viewpoints(unit_id: int) -> CTE:
    """Rows (unit_id, until): the caller reads what `unit_id`'s line saw of work dated before
    `until` (null: any day). Its own unit; then, again and again, the predecessors of each unit it
    saw on the day that unit inherited their history (a moved unit whose history follows it
    inherits its own)."""
    start = select(literal(unit_id, Integer).label("unit_id"), cast(null(), Date).label("until"))
    viewpoints = start.cte(recursive=True)
    heirs = union_all(
        select(OrgUnitSuccession.predecessor_id.label("heir_of"),
               OrgUnitSuccession.successor_id.label("heir"),
               OrgUnitSuccession.effective_date.label("since")),
        select(OrgUnitHistoryMove.org_unit_id, OrgUnitHistoryMove.org_unit_id,
               OrgUnitHistoryMove.moved_on)).subquery()
    tree = aliased(OrgUnitTree)
    inherited = (
        select(heirs.c.heir_of, heirs.c.since).select_from(heirs)
        .join(tree, tree.descendant_id == heirs.c.heir)
        .join(viewpoints, viewpoints.c.unit_id == tree.ancestor_id)
        .where(valid_on(tree, heirs.c.since),
               or_(viewpoints.c.until.is_(None), heirs.c.since < viewpoints.c.until)))
    return viewpoints.union(inherited)


def _seen(unit_id: int, column: UnitColumn, at: Day | None) -> ColumnElement[bool]:
    """`column`'s work dated `at` is seen from `unit_id`; with no `at`, some of its work is."""
    if (isinstance(column, InstrumentedAttribute) and not column.parent.is_aliased_class
            and (at is None or isinstance(at, date))):
        return _seen_on(unit_id, column, at)
    return _seen_built(unit_id, column, at)


# As `_plan_visible`: a dashboard's reads ask this of the same caller, a mapped column and a day
# again and again, and building the walk through successions was most of their Python. An
# alias's column or a per-row `at` is made afresh for each statement, so that is built each time.
@lru_cache(maxsize=1024)
def _seen_on(unit_id: int, column: UnitColumn, at: date | None) -> ColumnElement[bool]:
    return _seen_built(unit_id, column, at)


def _seen_built(unit_id: int, column: UnitColumn, at: Day | None) -> ColumnElement[bool]:
    viewpoints = _viewpoints(unit_id)
    tree = aliased(OrgUnitTree)
    dated = at if at is not None else tree.valid_from
    return exists().where(
        tree.ancestor_id == viewpoints.c.unit_id, tree.descendant_id == column,
        valid_on(tree, at) if at is not None else true(),
        or_(viewpoints.c.until.is_(None), dated < viewpoints.c.until))


def unit_filter(principal: Principal, column: UnitColumn, *, acting_as: Role | None = None,
                on: date | None = None, at: Day | None = None,
                strictly_below: bool = False) -> ColumnElement[bool]:
    """SQL condition: `column` (an org unit id) is one the caller may see, or act for as `acting_as`.

    Acting follows the tree of `on` (default today); so does seeing with `on` (the units as of a
    day). Reading work passes `at`, the work's day (a date or a per-row expression such as
    `period_end(DataValue.period)`): the caller sees it if the worker was below the caller's unit,
    or below a unit whose history the caller inherits, on that day; acting with `at` acts on that
    work, from the line that reads it. With neither, the unit itself: one whose work the caller
    sees on some day, readable as history.
    `strictly_below` leaves out the caller's own unit: what the level above does (review a report,
    change a unit), a unit does not do to itself; a country-wide admin has no level above.
    """
    if acting_as is not None and not principal.has_any(acting_as):
        return false()
    if principal.sees_everything:
        return true()
    if principal.unit_id is None:
        return false()
    if acting_as is Role.reporter:
        return false() if strictly_below else column == principal.unit_id
    within: ColumnElement[bool]
    if at is None and (acting_as is not None or on is not None):
        within = column.in_(subtree_ids(principal.unit_id, on or clock.today()))
    else:
        within = _seen(principal.unit_id, column, at)
    return and_(within, column != principal.unit_id) if strictly_below else within


# Built once per caller, as `_plan_visible`: the walk through successions is most of the Python of
# listing reports, and it depends on nothing but the caller.
@lru_cache(maxsize=512)
def reports_visible(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on Submission: reviewers, planners and viewers see their subtree's reports
    of each period as the tree stood at its end; a reporter only its own unit's."""
    if principal.roles <= {Role.reporter}:
        return unit_filter(principal, Submission.org_unit_id, acting_as=Role.reporter)
    return unit_filter(principal, Submission.org_unit_id, at=period_end(Submission.period))


async def reviews(session: AsyncSession, principal: Principal, submission: Submission) -> bool:
    """Whether the caller reviews this report: a reviewer of a unit above it in the line that
    reads the report's period (reports_visible), so a report of a period before a unit moved is
    reviewed where it was written, and one after in the new line."""
    return await may_see(session, principal, submission.org_unit_id, acting_as=Role.reviewer,
                         at=period_end(literal(submission.period)), strictly_below=True)


def audit_visible(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on AuditEvent: administrators read the audit of the units whose work they read
    on the event's day, so a unit's record stays with the line it was in then."""
    if not principal.has_any(Role.admin):
        return false()
    return unit_filter(principal, AuditEvent.org_unit_id, at=func.date(AuditEvent.occurred_at))


def holds(principal: Principal, role: Role) -> bool:
    """The caller has `role` somewhere (an admin holds every role)."""
    return principal.has_any(role)


def country_wide(principal: Principal) -> bool:
    """An administrator of the whole country: top-level units, users without a unit, national
    catalogue entries and country-wide subscriptions are its alone."""
    return principal.is_admin and principal.sees_everything


def view_root(principal: Principal) -> int | None:
    """Where the caller's view starts when it names no unit: its own unit (None: the country)."""
    if principal.sees_everything:
        return None
    assert principal.unit_id is not None, "only a country-wide principal has no unit"
    return principal.unit_id


def top_of_scope(principal: Principal, column: UnitColumn,
                 parent_column: UnitColumn) -> ColumnElement[bool]:
    """The roots of what the caller sees: the country's top units, or the caller's own unit."""
    if principal.sees_everything:
        return parent_column.is_(None)
    return column == principal.unit_id


def acting_for(principal: Principal, column: UnitColumn, roles: Iterable[Role], *,
               on: date | None = None) -> ColumnElement[bool]:
    """SQL condition: the caller acts for `column`'s unit in at least one of `roles`."""
    return or_(false(), *(unit_filter(principal, column, acting_as=role, on=on) for role in roles))


async def may_see(session: AsyncSession, principal: Principal, unit_id: int | None, *,
                  acting_as: Role | None = None, on: date | None = None, at: Day | None = None,
                  strictly_below: bool = False) -> bool:
    """The caller sees the unit (None: the whole country), or acts for it as `acting_as`."""
    if unit_id is None:
        return principal.sees_everything and (acting_as is None or principal.has_any(acting_as))
    found = await session.scalar(
        select(OrgUnit.id).where(OrgUnit.id == unit_id,
                                 unit_filter(principal, OrgUnit.id, acting_as=acting_as, on=on,
                                             at=at, strictly_below=strictly_below)))
    return found is not None


# Ids per query: a bound parameter each, far below PostgreSQL's limit of 32,767.
_IDS_PER_QUERY = 10_000


async def visible_units(session: AsyncSession, principal: Principal, unit_ids: Iterable[int], *,
                        at: date | None = None, acting_as: Role | None = None,
                        on: date | None = None, strictly_below: bool = False) -> set[int]:
    """Which of `unit_ids` pass `unit_filter` with these arguments: the caller sees them as units
    (some of their work, on some day), or with `at`, reads their work of that day; with
    `acting_as`, acts for them on the tree of `on`. A few queries whatever their number."""
    condition = unit_filter(principal, OrgUnit.id, acting_as=acting_as, on=on, at=at,
                            strictly_below=strictly_below)
    return await _passing(session, unit_ids, condition)


async def figures_readable(session: AsyncSession, principal: Principal, indicator_id: int,
                           unit_ids: Iterable[int], day: date) -> set[int]:
    """Which of `unit_ids` have figures of the indicator, of work dated `day`, that the caller
    reads: the public reads the published ones (`published_at`), anyone else the work it sees."""
    if principal.is_public:
        return await _passing(session, unit_ids, published_at(indicator_id, OrgUnit.id, day))
    return await visible_units(session, principal, unit_ids, at=day)


async def _passing(session: AsyncSession, unit_ids: Iterable[int],
                   condition: ColumnElement[bool]) -> set[int]:
    wanted = set(unit_ids)
    if not wanted or isinstance(condition, True_):
        return wanted
    listed, found = sorted(wanted), set[int]()
    for start in range(0, len(listed), _IDS_PER_QUERY):
        found.update(await session.scalars(select(OrgUnit.id).where(
            OrgUnit.id.in_(listed[start:start + _IDS_PER_QUERY]), condition)))
    return found


@dataclass(frozen=True)
class Sight:
    """The days on which the caller reads each unit's work, for work dated in Python (a task's
    occurrences): the same rule as `unit_filter(..., at=...)`."""

    everything: bool
    spans: dict[int, list[tuple[date, date | None]]]

    def sees(self, unit_id: int, day: date) -> bool:
        return self.everything or any(start <= day and (end is None or day < end)
                                      for start, end in self.spans.get(unit_id, ()))


async def sight(session: AsyncSession, principal: Principal, unit_ids: Iterable[int]) -> Sight:
    if principal.sees_everything or principal.unit_id is None:
        return Sight(everything=principal.sees_everything, spans={})
    viewpoints = _viewpoints(principal.unit_id)
    tree = aliased(OrgUnitTree)
    rows = await session.execute(
        select(tree.descendant_id, tree.valid_from, tree.valid_to, viewpoints.c.until).where(
            tree.ancestor_id == viewpoints.c.unit_id, tree.descendant_id.in_(set(unit_ids))))
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for unit_id, start, end, until in rows:
        end = until if end is None else min(end, until or end)
        if end is None or start < end:
            spans[unit_id].append((start, end))
    return Sight(everything=False, spans=dict(spans))


def units_above(unit_id: int) -> Select[int]:
    """Every unit that ever had `unit_id` below it: their plans concern it."""
    return select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == unit_id,
                                                 OrgUnitTree.depth > 0)


def issuer_or_successor(condition: Callable[[UnitColumn], ColumnElement[bool]],
                        name: str) -> ColumnElement[bool]:
    """SQL condition on Plan: `condition` holds for its issuer or, once the issuer closed, for a unit
    that took over from it. A plan outlives the district that issued it: the successor's planners
    amend and close it, and the successor's line reads it. `name` names the walk (see
    `successors`)."""
    issuing, issuer = aliased(Plan), aliased(OrgUnit)
    closed = select(issuing.issuer_id.label("unit_id"), cast(null(), Date).label("since")).join(
        issuer, issuer.id == issuing.issuer_id).where(issuer.valid_to.is_not(None))
    chain = successors(closed, name)
    return or_(condition(Plan.issuer_id),
               Plan.issuer_id.in_(select(chain.c.origin_id).where(condition(chain.c.unit_id))))


def plan_visible(principal: Principal) -> ColumnElement[bool]:
    """An issued plan: its issuer's subtree and the units above the issuer (it concerns the units
    below, and the units above see the issuer's work). A draft: the issuer's planners, reviewers
    and admins, who act for the issuer from it or from above. A closed issuer's successors stand
    in for it."""
    return _plan_visible(principal, clock.today())


# Building the condition (its walks through successions and the tree) took 60-90 ms of Python on
# every plan request; it depends only on the caller and on today (the tree acted on), and an
# expression is immutable, so one built is reused (issue 19: a progress report's p95 ≤ 50 ms).
@lru_cache(maxsize=512)
def _plan_visible(principal: Principal, today: date) -> ColumnElement[bool]:
    draft = and_(Plan.status == PlanStatus.draft, issuer_or_successor(
        lambda issuer: acting_for(principal, issuer, DRAFT_READERS), "draft_keepers"))
    if principal.sees_everything:
        issued = unit_filter(principal, Plan.issuer_id)
    elif principal.unit_id is None:
        issued = false()
    else:
        unit_id = principal.unit_id
        issued = issuer_or_successor(lambda issuer: or_(unit_filter(principal, issuer),
                                                        issuer.in_(units_above(unit_id))),
                                     "plan_keepers")
    return or_(draft, and_(Plan.status != PlanStatus.draft, issued))


def catalogue_visible(principal: Principal, owner: UnitColumn) -> ColumnElement[bool]:
    """SQL condition: the caller sees a catalogue entry owned by the unit in `owner` (None:
    national): the owner's subtree and the units above it do, siblings never."""
    if principal.sees_everything:
        return true()
    if principal.unit_id is None:
        return owner.is_(None)
    return or_(owner.is_(None), owner.in_(units_above(principal.unit_id)),
               unit_filter(principal, owner))


async def may_change_catalogue(session: AsyncSession, principal: Principal, owner_unit_id: int | None,
                               *, acting_as: Role) -> bool:
    """National entries: administrators of the whole country only. A unit's entries: whoever acts
    for the unit as `acting_as` (an admin for indicators; a planner too for forms)."""
    if owner_unit_id is None:
        return country_wide(principal)
    return await may_see(session, principal, owner_unit_id, acting_as=acting_as)


def used_at(owner: UnitColumn, unit_id: int | None, day: date | None = None) -> ColumnElement[bool]:
    """SQL condition: an entry owned by the unit in `owner` may be used at `unit_id` (None: by a
    national form, everywhere): a national one anywhere, a unit's own in its subtree on `day`."""
    if unit_id is None:
        return owner.is_(None)
    above = select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == unit_id,
                                                  valid_on(OrgUnitTree, day or clock.today()))
    return or_(owner.is_(None), owner.in_(above))


def indicators_visible(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on Indicator: the public reads those published somewhere, anyone else the
    catalogue it sees."""
    if principal.is_public:
        return published_anywhere()
    return catalogue_visible(principal, Indicator.owner_unit_id)


def published_anywhere() -> ColumnElement[bool]:
    """SQL condition on Indicator: some publication makes part of its figures public."""
    return or_(Indicator.published, exists().where(
        IndicatorPublication.indicator_id == Indicator.id))


def published_at(indicator_id: int, column: UnitColumn, day: date) -> ColumnElement[bool]:
    """SQL condition: the approved figures of the unit in `column` are public for the indicator,
    a publication covering the unit on `day`."""
    national = exists().where(Indicator.id == indicator_id, Indicator.published,
                              Indicator.owner_unit_id.is_(None))
    publishers: CompoundSelect[tuple[int | None]] = union_all(
        select(Indicator.owner_unit_id).where(Indicator.id == indicator_id, Indicator.published),
        select(IndicatorPublication.org_unit_id).where(
            IndicatorPublication.indicator_id == indicator_id))
    below = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id.in_(publishers),
                                                    valid_on(OrgUnitTree, day))
    return or_(national, column.in_(below))

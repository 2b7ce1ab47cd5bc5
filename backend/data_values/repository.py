"""The SQL of a bulk import: stage the rows, compare them with the stored values once, merge.

The rows go into a temporary table (`COPY` on PostgreSQL: no WAL, no index, nothing shared), which
is joined with `data_value` once into a second temporary table, the *work* table: each row beside
the stored figure of its key, whether a later row repeats its key, and whether it changes anything.
Every later step (locked rows, repeated keys, counts, roll-up deltas, the writes) reads only the
work table, never the big `data_value` again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import catalogue_visible, subtree_ids
from backend.data_values import store
from backend.data_values.rows import Span
from backend.data_values.store import FIELDS, KEY
from backend.kit import clock
from backend.kit.sql import is_postgresql
from backend.models import DataValue, DataValueStatus, Indicator, OrgUnit
from backend.submissions.repository import under_review

# In the order of RowReader's records.
STAGED = ("row_index", "indicator_id", "org_unit_id", "period", "category_code", *FIELDS)
OLD = tuple(f"old_{f}" for f in FIELDS)
NUMERIC = Numeric(24, 6)
# A request's temporary tables: private to its connection, gone with its transaction.
_TEMPORARY: dict[str, Any] = {"prefixes": ["TEMPORARY"], "postgresql_on_commit": "DROP"}
_metadata = MetaData()


def _staged_columns() -> list[Column[Any]]:
    return [Column("row_index", Integer, nullable=False),
            Column("indicator_id", Integer, nullable=False),
            Column("org_unit_id", Integer, nullable=False),
            Column("period", String(16), nullable=False),
            Column("category_code", String(64), nullable=False),
            Column("value_numeric", NUMERIC), Column("value_bool", Boolean),
            Column("value_text", Text), Column("numerator", NUMERIC), Column("denominator", NUMERIC)]


ROWS = Table("qcdc_import_rows", _metadata, *_staged_columns(), **_TEMPORARY)
WORK = Table(
    "qcdc_import_work", _metadata, *_staged_columns(),
    Column("old_id", Integer),  # the stored figure of the key, if any
    Column("old_status", String(16)),
    Column("old_value_numeric", NUMERIC), Column("old_value_bool", Boolean),
    Column("old_value_text", Text), Column("old_numerator", NUMERIC),
    Column("old_denominator", NUMERIC),
    Column("old_submission_id", Integer),  # the report holding the stored figure, if any
    # ... and that report is under review, and the row changes the figure
    Column("under_review", Boolean, nullable=False),
    Column("repeated", Boolean, nullable=False),  # a later row of the request has the same key
    Column("same", Boolean, nullable=False),  # stored already, with the same status and figures
    **_TEMPORARY)
# Looking each row up in data_value's unique index costs about as much as reading a few stored
# rows of the same indicators and periods; past this many stored rows per staged row, look up.
_READ_ALL_RATIO = 4


async def lookups(session: AsyncSession, principal: Principal,
                  ) -> tuple[dict[str, Indicator], dict[str, int], dict[int, Span]]:
    """The indicators the caller sees, by code; every unit's id by code, and its span."""
    indicators = {i.code: i for i in await session.scalars(
        select(Indicator).where(catalogue_visible(principal, Indicator.owner_unit_id)))}
    codes: dict[str, int] = {}
    spans: dict[int, Span] = {}
    for code, unit_id, valid_from, valid_to in await session.execute(
            select(OrgUnit.code, OrgUnit.id, OrgUnit.valid_from, OrgUnit.valid_to)):
        codes[code] = unit_id
        spans[unit_id] = (valid_from, valid_to)
    return indicators, codes, spans


async def where_used(session: AsyncSession,
                     indicators: dict[str, Indicator]) -> dict[str, frozenset[int]]:
    """The units where each owned indicator is used today: its owner's subtree (national
    indicators, used anywhere, are left out)."""
    owners = {i.owner_unit_id for i in indicators.values() if i.owner_unit_id is not None}
    subtrees = {owner: frozenset(await session.scalars(subtree_ids(owner, clock.today())))
                for owner in owners}
    return {code: subtrees[i.owner_unit_id] for code, i in indicators.items()
            if i.owner_unit_id is not None}


async def begin(session: AsyncSession) -> None:
    """The request's staging table, empty."""
    await _drop(session)
    connection = await session.connection()
    await connection.run_sync(lambda sync: ROWS.create(sync))
    if is_postgresql(session):
        # For this transaction only: sort and hash a million staged rows in memory rather than
        # in temporary files, and spare the JIT compiler, whose work (seconds on a busy machine)
        # these single passes over the rows never pay back.
        await session.execute(text("SET LOCAL work_mem = '64MB'"))
        await session.execute(text("SET LOCAL jit = off"))


class Stager:
    """Writes staged rows, one batch at a time, with the connection taken once."""

    def __init__(self, session: AsyncSession, driver: Any) -> None:
        self.session = session
        self.driver = driver  # asyncpg's connection on PostgreSQL, else None

    @classmethod
    async def of(cls, session: AsyncSession) -> "Stager":
        if not is_postgresql(session):
            return cls(session, None)
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        return cls(session, raw.driver_connection)

    async def stage(self, records: Sequence[tuple[Any, ...]]) -> None:
        """`records`: (row index, indicator id, unit id, period, category, value_numeric,
        value_bool, value_text, numerator, denominator)."""
        if not records:
            return
        if self.driver is not None:
            # COPY: the fastest way in; the rows never exist as Python objects of the ORM.
            await self.driver.copy_records_to_table(ROWS.name, records=records, columns=STAGED)
            return
        await self.session.execute(insert(ROWS), [dict(zip(STAGED, r, strict=True))
                                                  for r in records])


async def _reads_stored_rows(session: AsyncSession, indicator_ids: Sequence[int],
                             periods: Sequence[str], staged: int) -> bool:
    """Whether the stored rows of the staged indicators and periods are few enough to read them
    all (a new period: none) rather than look each staged row up."""
    if not periods or not indicator_ids:
        return True
    limit = _READ_ALL_RATIO * staged + 1
    found = select(DataValue.id).where(DataValue.indicator_id.in_(indicator_ids),
                                       DataValue.period.in_(periods)).limit(limit).subquery()
    stored = await session.scalar(select(func.count()).select_from(found))
    return (stored or 0) < limit


async def compare(session: AsyncSession, status: DataValueStatus, indicator_ids: Sequence[int],
                  periods: Sequence[str], staged: int) -> None:
    """Build the work table: each staged row (`staged` of them) beside the stored figure of its
    key."""
    postgres = is_postgresql(session)
    if await _reads_stored_rows(session, indicator_ids, periods, staged):
        stored: Any = select(DataValue.id, DataValue.status, DataValue.submission_id,
                             *(getattr(DataValue, k) for k in KEY),
                             *(getattr(DataValue, f) for f in FIELDS)).where(
            DataValue.indicator_id.in_(indicator_ids), DataValue.period.in_(periods))
        stored = stored.cte("stored")
        if postgres:
            stored = stored.prefix_with("MATERIALIZED", dialect="postgresql")
    else:
        if postgres:
            await session.execute(text(f"ANALYZE {ROWS.name}"))
        stored = DataValue.__table__
    s = ROWS
    key = [s.c[k] for k in KEY]
    same_figures = and_(*(stored.c[f].is_not_distinct_from(s.c[f]) for f in FIELDS))
    # Most stored figures belong to no report: NULL, found in no list, in no time.
    held = func.coalesce(stored.c.submission_id.in_(under_review()), False)
    # A figure under review is left as it is: a row giving it again changes nothing (a template
    # sent back untouched), a row giving another figure is refused.
    same = and_(stored.c.id.is_not(None), same_figures,
                or_(stored.c.status == status.value, held))
    repeated = s.c.row_index != func.max(s.c.row_index).over(partition_by=key)
    rows = (select(*(s.c[c] for c in STAGED), stored.c.id, stored.c.status,
                   *(stored.c[f] for f in FIELDS), stored.c.submission_id,
                   and_(held, not_(same_figures)), repeated, same)
            .select_from(s.outerjoin(stored, and_(*(stored.c[k] == s.c[k] for k in KEY))))
            .order_by(*key))
    connection = await session.connection()
    await connection.run_sync(lambda sync: WORK.create(sync))
    await session.execute(insert(WORK).from_select([c.name for c in WORK.c], rows))
    await session.execute(text(f"DROP TABLE {ROWS.name}"))


def _locked() -> Any:
    return WORK.c.old_status == DataValueStatus.approved.value


def _eligible() -> Any:
    """Rows to take: the last of their key, on a figure that is neither locked nor under review."""
    return and_(not_(WORK.c.repeated), not_(WORK.c.under_review),
                or_(WORK.c.old_status.is_(None), not_(_locked())))


@dataclass(frozen=True)
class Refusal:
    """A row not taken: why (locked, under_review or duplicate_key), and what it would write."""

    index: int
    code: str
    indicator_id: int
    submission_id: int | None


async def refused(session: AsyncSession) -> list[Refusal]:
    """The rows not taken, one reason each: the stored figure is approved, hence locked; or its
    report is under review; or the row's key comes again later in the request (the last wins)."""
    w = WORK
    rows = await session.execute(select(w.c.row_index, w.c.indicator_id, w.c.old_submission_id,
                                        _locked(), w.c.under_review)
                                 .where(or_(_locked(), w.c.under_review, w.c.repeated))
                                 .order_by(w.c.row_index))
    return [Refusal(index, "locked" if locked else "under_review" if held else "duplicate_key",
                    indicator_id, submission_id)
            for index, indicator_id, submission_id, locked, held in rows.all()]


async def clear(session: AsyncSession) -> None:
    await _drop(session)


async def _drop(session: AsyncSession) -> None:
    for table in (WORK, ROWS):
        await session.execute(text(f"DROP TABLE IF EXISTS {table.name}"))


@dataclass(frozen=True)
class Classes:
    created: int
    updated: int
    unchanged: int
    # Changed rows whose stored figure counts in a roll-up now (submitted): theirs must leave it.
    counted_changed: int
    # Changed rows whose stored figure a (draft or returned) report holds: it gets a new version.
    in_reports: int


async def classify(session: AsyncSession) -> Classes:
    """How many rows would be created, updated, or are unchanged."""
    w = WORK
    created = func.count().filter(w.c.old_id.is_(None))
    unchanged = func.count().filter(w.c.same)
    counted = func.count().filter(w.c.old_status == DataValueStatus.submitted.value,
                                  not_(w.c.same))
    in_reports = func.count().filter(w.c.old_submission_id.is_not(None), not_(w.c.same))
    row = (await session.execute(select(created, unchanged, counted, in_reports, func.count())
                                 .where(_eligible()))).one()
    return Classes(created=row[0], updated=row[4] - row[0] - row[1], unchanged=row[1],
                   counted_changed=row[2], in_reports=row[3])


def _changed() -> Any:
    return and_(_eligible(), not_(WORK.c.same))


async def merge(session: AsyncSession, status: DataValueStatus, periods: Sequence[str],
                classes: Classes, *, roll_up: bool, note: str | None = None) -> None:
    """Write the rows that change a figure, with their roll-up (figures.store)."""
    w = WORK
    changed = select(*(w.c[k] for k in (*KEY, *FIELDS, "old_id", "old_status", *OLD))).where(
        _changed()).subquery("changed")
    await store.merge(session, changed, status, periods, creates=classes.created > 0,
                      updates=classes.updated > 0, roll_up=roll_up, note=note)


async def changed_reports(session: AsyncSession) -> list[int]:
    """The reports holding a stored figure the import changes."""
    w = WORK
    return list(await session.scalars(select(w.c.old_submission_id).where(
        _changed(), w.c.old_submission_id.is_not(None)).distinct().order_by(w.c.old_submission_id)))


async def staged_keys(session: AsyncSession) -> dict[tuple[int, str], set[int]]:
    """The indicators taken per (unit, period)."""
    w = WORK
    rows = await session.execute(select(w.c.org_unit_id, w.c.period, w.c.indicator_id).where(
        _eligible()).distinct())
    found: dict[tuple[int, str], set[int]] = {}
    for unit_id, period, indicator_id in rows.all():
        found.setdefault((unit_id, period), set()).add(indicator_id)
    return found

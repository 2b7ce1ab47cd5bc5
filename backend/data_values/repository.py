"""The SQL of a bulk import: stage the rows, compare them with the stored values, merge."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    delete,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates.rollup import apply_deltas, level_deltas_of_values
from backend.data_values.rows import ParsedRow
from backend.models import DataValue, DataValueStaging, DataValueStatus, Indicator, OrgUnit

KEY = ("indicator_id", "org_unit_id", "period", "category_code")
FIELDS = ("value_numeric", "value_bool", "value_text", "numerator", "denominator")
STAGED = ("batch", "row_index", *KEY, *FIELDS)


async def lookups(session: AsyncSession) -> tuple[dict[str, Indicator], dict[str, int]]:
    indicators = {i.code: i for i in await session.scalars(select(Indicator))}
    units = dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())
    return indicators, units


async def stage(session: AsyncSession, batch: str, rows: Sequence[tuple[int, ParsedRow]]) -> None:
    records = [(batch, index, row.indicator_id, row.org_unit_id, row.period, row.category_code,
                row.value_numeric, row.value_bool, row.value_text, row.numerator, row.denominator)
               for index, row in rows]
    if not records:
        return
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        # COPY: the fastest way in; the rows never exist as Python objects of the ORM.
        raw = await connection.get_raw_connection()
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            DataValueStaging.__tablename__, records=records, columns=STAGED)
        return
    await session.execute(insert(DataValueStaging), [dict(zip(STAGED, r, strict=True))
                                                     for r in records])


def _joined(batch: str) -> Any:
    staged = select(DataValueStaging).where(DataValueStaging.batch == batch).subquery("s")
    return staged, and_(*(getattr(DataValue, k) == staged.c[k] for k in KEY))


async def locked(session: AsyncSession, batch: str) -> list[tuple[int, int]]:
    """(row index, indicator id) of staged rows whose stored value is approved, hence locked."""
    staged, on = _joined(batch)
    rows = await session.execute(select(staged.c.row_index, staged.c.indicator_id)
                                 .join(DataValue, on)
                                 .where(DataValue.status == DataValueStatus.approved)
                                 .order_by(staged.c.row_index))
    return [(index, indicator) for index, indicator in rows.all()]


async def analyze(session: AsyncSession) -> None:
    """Fresh statistics for the staged rows: the table is empty between imports, and a plan made
    for an empty table walks a million rows one index page at a time."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"ANALYZE {DataValueStaging.__tablename__}"))


async def duplicates(session: AsyncSession, batch: str) -> list[int]:
    """Rows whose key comes again later in the same request: the last one wins."""
    s = DataValueStaging
    keys = [getattr(s, k) for k in KEY]
    repeated = (select(*keys, func.max(s.row_index).label("last")).where(s.batch == batch)
                .group_by(*keys).having(func.count() > 1).subquery("repeated"))
    rows = await session.scalars(
        select(s.row_index).join(repeated, and_(*(getattr(s, k) == repeated.c[k] for k in KEY)))
        .where(s.batch == batch, s.row_index != repeated.c.last).order_by(s.row_index))
    return list(rows)


async def drop(session: AsyncSession, batch: str, indices: Sequence[int]) -> None:
    for start in range(0, len(indices), 5000):
        await session.execute(delete(DataValueStaging).where(
            DataValueStaging.batch == batch,
            DataValueStaging.row_index.in_(indices[start:start + 5000])))


async def clear(session: AsyncSession, batch: str) -> None:
    await session.execute(delete(DataValueStaging).where(DataValueStaging.batch == batch))


def _same(staged: Any, status: DataValueStatus) -> Any:
    return and_(DataValue.status == status,
                *(getattr(DataValue, f).is_not_distinct_from(staged.c[f]) for f in FIELDS))


@dataclass(frozen=True)
class Classes:
    created: int
    updated: int
    unchanged: int
    # Changed rows whose stored figure counts in a roll-up now (submitted): theirs must leave it.
    counted_changed: int


async def classify(session: AsyncSession, batch: str, status: DataValueStatus) -> Classes:
    """How many staged rows would be created, updated, or are unchanged."""
    staged, on = _joined(batch)
    created = func.count().filter(DataValue.id.is_(None))
    unchanged = func.count().filter(DataValue.id.is_not(None), _same(staged, status))
    counted = func.count().filter(DataValue.status == DataValueStatus.submitted,
                                  not_(_same(staged, status)))
    row = (await session.execute(select(created, unchanged, counted, func.count())
                                 .select_from(staged).outerjoin(DataValue, on))).one()
    return Classes(created=row[0], updated=row[3] - row[0] - row[1], unchanged=row[1],
                   counted_changed=row[2])


async def merge(session: AsyncSession, batch: str, status: DataValueStatus,
                periods: Sequence[str], *, roll_up: bool) -> None:
    """Roll up the differences (when any roll-up counts them), then write the changed rows: one
    statement each, any size."""
    staged, on = _joined(batch)
    changed = (select(staged).outerjoin(DataValue, on)
               .where(or_(DataValue.id.is_(None), not_(_same(staged, status)))).subquery("c"))
    old = (select(DataValue.__table__).join(changed, and_(*(getattr(DataValue, k) == changed.c[k]
                                                           for k in KEY))).subquery("old"))
    new = select(*(changed.c[k] for k in (*KEY, *FIELDS)),
                 literal(status.value).label("status")).subquery("new")
    if roll_up:
        deltas: Select[Any] = select(*union_all(level_deltas_of_values(old, -1),
                                                level_deltas_of_values(new, +1)).subquery().c)
        await apply_deltas(session, deltas, periods)
    now = datetime.now(UTC)
    source = select(*(changed.c[k] for k in (*KEY, *FIELDS)), literal(status.value),
                    literal(now), literal(now)).where(literal(1) == 1)
    dialect = session.get_bind().dialect.name
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(DataValue)
    statement = upsert.from_select([*KEY, *FIELDS, "status", "created_at", "updated_at"], source)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={**{f: getattr(statement.excluded, f) for f in FIELDS},
              "status": statement.excluded.status, "updated_at": statement.excluded.updated_at})
    await session.execute(statement)


async def staged_keys(session: AsyncSession, batch: str) -> dict[tuple[int, str], set[int]]:
    """The indicators staged per (unit, period)."""
    s = DataValueStaging
    rows = await session.execute(select(s.org_unit_id, s.period, s.indicator_id).where(
        s.batch == batch).distinct())
    found: dict[tuple[int, str], set[int]] = {}
    for unit_id, period, indicator_id in rows.all():
        found.setdefault((unit_id, period), set()).add(indicator_id)
    return found

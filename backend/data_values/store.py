"""Every write to `data_value`, each with its roll-up delta.

A report's figures, their status as the report moves, a bulk import (JSON, CSV, Excel) and the
demo all write through here, so no writer can change a figure and forget the roll-ups that count
it (tests/data_values/test_one_writer.py: nothing else writes `data_value`).
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, String, Subquery, delete, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import rollup
from backend.errors import sqlstate
from backend.kit import sql
from backend.models import DataValue, DataValueStatus

# A figure's key, in the order of data_value's unique index: rows written in this order go into
# it one after the other, not all over it.
KEY = ("org_unit_id", "period", "indicator_id", "category_code")
FIELDS = ("value_numeric", "value_bool", "value_text", "numerator", "denominator")
# A figure of one unit and period: (indicator id, category code), and its typed columns' values.
Key = tuple[int, str]
Columns = Mapping[str, Any]


async def held(session: AsyncSession, unit_id: int, period: str) -> list[DataValue]:
    """The stored figures of a unit and period as they stand (an import writes them without the
    ORM): what `replace` starts from, and what tells a writer which keys other reports hold."""
    return list(await session.scalars(select(DataValue).where(
        DataValue.org_unit_id == unit_id, DataValue.period == period)
        .execution_options(populate_existing=True)))


async def replace(session: AsyncSession, unit_id: int, period: str, wanted: Mapping[Key, Columns],
                  *, held: Sequence[DataValue], submission_id: int | None,
                  status: DataValueStatus) -> None:
    """Make the figures of a unit and period that `submission_id` holds exactly `wanted`, from
    what is `held` (read by `held` in this transaction, before any other write): its own stored
    figures at other keys are deleted; an imported one (held by no report) at a wanted key is
    taken over rather than duplicated. The caller has refused keys that other reports hold."""
    before = rollup.snapshot_of(held)
    own = {(v.indicator_id, v.category_code): v for v in held
           if submission_id is not None and v.submission_id == submission_id}
    adoptable = {(v.indicator_id, v.category_code): v for v in held if v.submission_id is None}
    stale = [value.id for key, value in own.items() if key not in wanted]
    if stale:
        await session.execute(delete(DataValue).where(DataValue.id.in_(stale)))
    for key, columns in wanted.items():
        value = own.get(key) or adoptable.get(key)
        if value is None:
            value = DataValue(indicator_id=key[0], org_unit_id=unit_id, period=period,
                              category_code=key[1])
            session.add(value)
        for name, column_value in columns.items():
            setattr(value, name, column_value)
        # What a report writes is the report's figure, whatever an import had noted on it.
        value.submission_id, value.status, value.note = submission_id, status, None
    await _settle(session, unit_id, period, before)


async def set_status(session: AsyncSession, unit_id: int, period: str, submission_id: int,
                     status: DataValueStatus) -> None:
    """A report's figures take the status of the report (draft, submitted, approved)."""
    before = rollup.snapshot_of(await held(session, unit_id, period))
    await session.execute(update(DataValue).where(DataValue.submission_id == submission_id)
                          .values(status=status).execution_options(synchronize_session="fetch"))
    await _settle(session, unit_id, period, before)


async def _settle(session: AsyncSession, unit_id: int, period: str,
                  before: rollup.Snapshot) -> None:
    """Roll up what a write changed: the unit's figures of the period now, against `before`."""
    await session.flush()
    await rollup.settle(session, unit_id, period, before,
                        rollup.snapshot_of(await held(session, unit_id, period)))


async def merge(session: AsyncSession, changed: Subquery, status: DataValueStatus,
                periods: Sequence[str], *, creates: bool, updates: bool, roll_up: bool,
                note: str | None = None) -> None:
    """Write a bulk import's changed rows, with `note` on each: `changed` has a figure's KEY and
    FIELDS, and the stored figure it replaces (`old_id`, `old_status`, `old_<field>`; `old_id`
    null for a new key).
    Roll up the differences (when any roll-up counts them), then write the new keys with an
    insert and the stored ones with an upsert: one statement each, any size, none where
    `creates`/`updates` say there is nothing to write."""
    if roll_up:
        old = select(*(changed.c[k] for k in KEY), changed.c.old_status.label("status"),
                     *(changed.c[f"old_{f}"].label(f) for f in FIELDS)).where(
            changed.c.old_id.is_not(None)).subquery("old")
        new = select(*(changed.c[k] for k in (*KEY, *FIELDS)),
                     literal(status.value).label("status")).subquery("new")
        deltas: Select[Any] = select(*rollup.level_deltas_of_values(old, -1).union_all(
            rollup.level_deltas_of_values(new, +1)).subquery().c)
        await rollup.apply_deltas(session, deltas, periods)
    now = datetime.now(UTC)
    if creates:
        await _insert_new(session, _written(changed, status, now, note,
                                            changed.c.old_id.is_(None)))
    if updates:
        await session.execute(_upsert(session, _written(changed, status, now, note,
                                                        changed.c.old_id.is_not(None))))


_WRITTEN = [*KEY, *FIELDS, "status", "note", "created_at", "updated_at"]
_UNIQUE_VIOLATION = "23505"


def _written(changed: Subquery, status: DataValueStatus, now: datetime, note: str | None,
             stored: Any) -> Select[Any]:
    """The changed rows to write (new keys or stored ones, by `stored`), as data_value rows."""
    return select(*(changed.c[k] for k in (*KEY, *FIELDS)), literal(status.value),
                  literal(note, String()), literal(now), literal(now)).where(stored)


async def _insert_new(session: AsyncSession, rows: Select[Any]) -> None:
    """Rows whose key was not stored when compared: a plain insert, which PostgreSQL does in about
    four fifths of the time of an upsert (no speculative insertion). If another request stored one
    of these keys since, the insert fails and the upsert writes them all instead."""
    try:
        async with session.begin_nested():
            await session.execute(insert(DataValue).from_select(_WRITTEN, rows))
    except IntegrityError as error:
        # Only a key stored meanwhile (unique_violation; SQLite names no SQLSTATE) is the upsert's
        # to write: a missing unit or indicator would fail it again, after a second full write.
        if sqlstate(error) not in (None, _UNIQUE_VIOLATION):
            raise
        await session.execute(_upsert(session, rows))


def _upsert(session: AsyncSession, rows: Select[Any]) -> Any:
    statement = sql.upsert(session, DataValue).from_select(_WRITTEN, rows)
    return statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={**{f: getattr(statement.excluded, f) for f in FIELDS},
              "status": statement.excluded.status, "note": statement.excluded.note,
              "updated_at": statement.excluded.updated_at})

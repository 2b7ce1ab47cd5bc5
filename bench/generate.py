"""Build a national-scale QCDC database for the benchmarks (bench/run.py).

    .venv/bin/python -m bench.generate [--scale 1.0] [--seed 42] [--url postgresql://…/qcdc_bench]

The database is dropped, created and migrated with Alembic (as tests/testdb.py does), then filled
set-based, never row by row through the ORM:

* the default catalogue (backend.indicators.catalogue) and a country-wide admin (bench-admin);
* the tree of today (since the 2025 reform: province → commune, no districts) under a national
  root (the central steering committee, code VN): 34 provinces with
  10 departments each; 3,321 communes spread unevenly over them, each with 7 villages and 2-3
  agencies (schools, mass organisations, enterprises); 33,000 units below communes and provinces
  in all; paths, depths and the closure table (org_unit_tree) written by COPY;
* 10 million approved values of 20 indicators (14 counts, 2 ratios, 4 yes/no) over 14 periods
  (2021..2024, 2024Q1..Q4, 2024S1/S2, 202401..04), deterministic for a seed, written by COPY with
  the table's indexes and constraints dropped during the load and rebuilt after;
* the roll-ups (aggregate_value) computed from the values in set-based INSERT … SELECT statements
  equal to backend.aggregates.rollup.rebuild (`--verify-rollups` checks that at small scale), and
  those on today's units (aggregate_current, with the carry map aggregate_carry), equal to
  backend.aggregates.carry.rebuild;
* the national plan of 2026, a draft issued by the root: a monthly, a quarterly and an annual
  task for every commune and village (a group), which bench/run.py issues and amends;
  then VACUUM ANALYZE.

`--scale 0.1` makes a tenth of everything (units and values) for a quick run.
"""

import argparse
import asyncio
import json
import random
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from backend.aggregates.rollup import tree_date
from backend.kit.text import fold

from .common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DEFAULT_URL,
    INDICATORS,
    PERIODS,
    admin_url,
    dataset_info,
    db_name,
    plain_url,
)

PROVINCES = 34
COMMUNES = 3_321
BELOW = 33_000  # agencies and villages
VALUES = 10_000_000
VILLAGES_PER_COMMUNE = 7
AGENCIES_PER_PROVINCE = 10
VALID_FROM = date(2020, 1, 1)
NATIONAL_ROOT = "VN"
# The national plan of 2026: three tasks for every commune and village (its group), one a month,
# one a quarter and one a year; left a draft, which bench/run.py issues and amends.
PLAN_YEAR = 2026
PLAN_TASKS = (("1", "monthly", "Hằng tháng, tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền "
                               "với Nhân dân."),
              ("2", "quarterly", "Hằng quý, công khai thông tin theo quy định của Luật Thực hiện "
                                 "dân chủ ở cơ sở."),
              ("3", "annual", "Hằng năm, tổ chức hội nghị thôn, tổ dân phố bàn và quyết định trực "
                              "tiếp các nội dung theo quy định."))
CHUNK_ROWS = 50_000


@dataclass
class Unit:
    id: int
    code: str
    name: str
    kind: str
    grassroots: str | None
    parent: "Unit | None"
    ancestors: list[int] = field(default_factory=list)  # nearest first

    @property
    def path(self) -> str:
        return "/" + "".join(f"{a}/" for a in reversed(self.ancestors)) + f"{self.id}/"


class Clock:
    """Prints each step with its duration; keeps them for the summary."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self.start = time.perf_counter()

    async def step(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        print(f"  {name} …", end="", flush=True)
        began = time.perf_counter()
        result = await work()
        took = time.perf_counter() - began
        self.steps[name] = round(took, 2)
        print(f" {took:7.1f} s" + (f"  ({result})" if isinstance(result, str) else ""), flush=True)
        return result


def build_tree(scale: float, rng: random.Random) -> list[Unit]:
    """The national root first, then provinces, their departments, communes (unevenly spread),
    villages and commune agencies."""
    n_provinces = max(2, round(PROVINCES * scale))
    n_communes = max(n_provinces, round(COMMUNES * scale))
    n_below = max(n_communes * (VILLAGES_PER_COMMUNE + 1), round(BELOW * scale))
    n_commune_agencies = n_below - n_communes * VILLAGES_PER_COMMUNE - n_provinces * AGENCIES_PER_PROVINCE
    units: list[Unit] = []

    def add(code: str, name: str, kind: str, grassroots: str | None, parent: Unit | None) -> Unit:
        unit = Unit(len(units) + 1, code, name, kind, grassroots, parent)
        if parent is not None:
            unit.ancestors = [parent.id, *parent.ancestors]
        units.append(unit)
        return unit

    # The national root: a national plan is issued here and reaches every commune and village.
    root = add(NATIONAL_ROOT, "Ban Chỉ đạo Trung ương thực hiện dân chủ ở cơ sở",
               "steering_committee", None, None)
    provinces = [add(f"P{p + 1:02d}", f"Tỉnh Thử Nghiệm {p + 1:02d}", "province", None, root)
                 for p in range(n_provinces)]
    for province in provinces:
        for a in range(AGENCIES_PER_PROVINCE):
            add(f"{province.code}-S{a + 1:02d}", f"Sở số {a + 1} {province.name}", "department",
                "agency", province)
    # Provinces differ in size (from about 40 to about 160 communes at full scale).
    weights = [0.4 + 1.2 * rng.random() for _ in provinces]
    bounds, acc, total = [], 0.0, sum(weights)
    for w in weights:
        acc += w
        bounds.append(round(n_communes * acc / total))
    communes, start = [], 0
    for province, end in zip(provinces, bounds, strict=True):
        for c in range(start, end):
            communes.append(add(f"X{c + 1:05d}", f"Xã Đồng Thuận {c + 1:05d}", "commune", "commune",
                                province))
        start = end
    extra = set(rng.sample(range(n_communes), n_commune_agencies % n_communes))
    per_commune = n_commune_agencies // n_communes
    kinds = [("public_service", "agency", "Trường Tiểu học"), ("mass_org", "agency", "Hội Nông dân"),
             ("enterprise", "employer", "Công ty TNHH"), ("public_service", "agency", "Trạm Y tế")]
    for index, commune in enumerate(communes):
        for v in range(VILLAGES_PER_COMMUNE):
            add(f"{commune.code}-T{v + 1}", f"Thôn {v + 1} {commune.name}", "village", None, commune)
        for a in range(per_commune + (1 if index in extra else 0)):
            kind, grassroots, label = kinds[a % len(kinds)]
            add(f"{commune.code}-A{a + 1}", f"{label} {commune.name}", kind, grassroots, commune)
    return units


async def create_database(url: str) -> str:
    connection = await asyncpg.connect(admin_url(url))
    try:
        name = db_name(url)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name


def migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from backend.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    config.attributes["database_url"] = url
    command.upgrade(config, "head")


async def catalogue_and_admin(url: str) -> str:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from backend.db import build_engine
    from backend.indicators.catalogue import load_catalogue
    from backend.kit.security import hash_password
    from backend.models import Role, User, UserRole

    engine = build_engine(url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            created = await load_catalogue(session)
            session.add(User(username=ADMIN_USER, full_name="Bench admin (country)", unit_id=None,
                             password_hash=hash_password(ADMIN_PASSWORD), is_active=True,
                             role_rows=[UserRole(role=Role.admin)]))
    finally:
        await engine.dispose()
    return ", ".join(f"{n} {what}" for what, n in created.items()) + f", user {ADMIN_USER}"


async def national_plan(url: str) -> str:
    """The national plan of PLAN_YEAR as a draft, written through the ORM (one plan, a few rows):
    its group tasks name communes and villages, which the group rule expands at issue."""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from backend.db import build_engine
    from backend.models import (
        Assignment,
        AssignmentMode,
        AssignmentRole,
        OrgUnit,
        Plan,
        PlanSection,
        SectionKind,
    )

    title = f"Kế hoạch thực hiện dân chủ ở cơ sở năm {PLAN_YEAR}"
    engine = build_engine(url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            root = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == NATIONAL_ROOT))
            assert root is not None
            part = PlanSection(number="I", label="I.", title="TỔ CHỨC THỰC HIỆN",
                               text="TỔ CHỨC THỰC HIỆN", kind=SectionKind.heading, depth=0,
                               position=0)
            plan = Plan(issuer_id=root, number="1", type_code="KH", issuer_code="BCĐ",
                        place="Hà Nội", issue_date=date(PLAN_YEAR, 1, 2), title=title,
                        title_folded=fold(title), span_start=date(PLAN_YEAR, 1, 1),
                        span_end=date(PLAN_YEAR, 12, 31), sections=[part])
            session.add(plan)
            await session.flush()
            for position, (number, recurrence, text) in enumerate(PLAN_TASKS, start=1):
                section = PlanSection(plan_id=plan.id, parent_id=part.id, number=f"I.{number}",
                                      label=f"{number}.", title=text, text=text,
                                      kind=SectionKind.task, depth=1, position=position)
                plan.sections.append(section)
                await session.flush()
                session.add(Assignment(
                    plan_id=plan.id, section_id=section.id,
                    assignee_name="Ủy ban nhân dân các xã, thôn, tổ dân phố",
                    group_rule={"kinds": ["commune", "village"], "grassroots_types": []},
                    role=AssignmentRole.lead, mode=AssignmentMode.assigned, recurrence=recurrence))
            plan_id = plan.id
    finally:
        await engine.dispose()
    return f"plan {plan_id}: {len(PLAN_TASKS)} group tasks for every commune and village"


async def load_units(connection: asyncpg.Connection, units: list[Unit]) -> str:
    now = datetime.now(UTC)
    await connection.copy_records_to_table(
        "org_unit", columns=["id", "code", "name", "name_folded", "kind", "grassroots_type",
                             "parent_id", "path", "depth", "valid_from", "valid_to", "created_at",
                             "updated_at"],
        records=[(u.id, u.code, u.name, fold(u.name), u.kind, u.grassroots,
                  u.parent.id if u.parent else None, u.path, len(u.ancestors), VALID_FROM, None, now,
                  now) for u in units])
    await connection.execute("SELECT setval('org_unit_id_seq', (SELECT max(id) FROM org_unit))")
    closure = [(u.id, u.id, 0, VALID_FROM, None) for u in units]
    closure += [(ancestor, u.id, depth + 1, VALID_FROM, None)
                for u in units for depth, ancestor in enumerate(u.ancestors)]
    await connection.copy_records_to_table(
        "org_unit_tree", columns=["ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"],
        records=closure)
    kinds: dict[str, int] = {}
    for u in units:
        kinds[u.kind] = kinds.get(u.kind, 0) + 1
    return f"{len(units):,} units ({', '.join(f'{n:,} {k}' for k, n in kinds.items())}), " \
           f"{len(closure):,} closure rows"


async def _drop_indexes(connection: asyncpg.Connection, table: str) -> list[str]:
    """Drop a table's constraints and indexes; return the statements that put them back."""
    constraints = await connection.fetch(
        "SELECT conname, contype::text AS contype, pg_get_constraintdef(oid) AS def FROM pg_constraint "
        "WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f')",
        table)
    indexes = await connection.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)", table)
    restore = [f'ALTER TABLE {table} ADD CONSTRAINT "{c["conname"]}" {c["def"]}'
               for c in sorted(constraints, key=lambda c: "puf".index(c["contype"]))]
    restore[1:1] = [i["indexdef"] for i in indexes]  # after the primary key, before the rest
    for c in sorted(constraints, key=lambda c: "fup".index(c["contype"])):
        await connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{c["conname"]}"')
    for i in indexes:
        await connection.execute(f'DROP INDEX "{i["indexname"]}"')
    return restore


def value_rows(units: list[Unit], indicator_ids: dict[str, int], target: int,
               rng: random.Random, periods: list[str] = PERIODS,
               ) -> tuple[int, Callable[[], AsyncIterator[bytes]]]:
    """CSV lines of data_value, in the order reports come in: period, unit, indicator."""
    kinds = [(indicator_ids[code], kind) for code, kind in INDICATORS.items()]
    slots = len(periods) * len(units) * len(kinds)
    target = min(target, slots)
    skipped = set(rng.sample(range(slots), slots - target))
    stamp = datetime.now(UTC).isoformat()
    tail = f",approved,,{stamp},{stamp}\n"

    async def chunks() -> AsyncIterator[bytes]:
        rand = rng.random
        lines: list[str] = []
        slot = 0
        row_id = 0
        for period in periods:
            for unit in units:
                prefix_unit = f",{unit.id},{period},\"\","
                for indicator_id, kind in kinds:
                    slot += 1
                    if slot - 1 in skipped:
                        continue
                    row_id += 1
                    head = f"{row_id},{indicator_id}{prefix_unit}"
                    if kind == "count":
                        lines.append(f"{head}{int(rand() * 20)},,,,{tail}")
                    elif kind == "yes_no":
                        lines.append(f"{head},,{'t' if rand() < 0.85 else 'f'},,{tail}")
                    else:
                        den = 1 + int(rand() * 40)
                        lines.append(f"{head},,,{int(rand() * (den + 1))},{den}{tail}")
                    if len(lines) >= CHUNK_ROWS:
                        yield "".join(lines).encode()
                        lines = []
        if lines:
            yield "".join(lines).encode()

    return target, chunks


async def load_values(connection: asyncpg.Connection, units: list[Unit], target: int,
                      rng: random.Random, periods: list[str] = PERIODS) -> str:
    ids = dict(await connection.fetch("SELECT code, id FROM indicator"))
    count, chunks = value_rows(units, ids, target, rng, periods)
    await connection.copy_to_table(
        "data_value", source=chunks(), format="csv",
        columns=["id", "indicator_id", "org_unit_id", "period", "category_code", "value_numeric",
                 "value_text", "value_bool", "numerator", "denominator", "status", "submission_id",
                 "created_at", "updated_at"])
    await connection.execute("SELECT setval('data_value_id_seq', (SELECT max(id) FROM data_value))")
    return f"{count:,} values"


def period_dates_sql(periods: list[str] = PERIODS) -> str:
    rows = ", ".join(f"('{p}', DATE '{tree_date(p).isoformat()}')" for p in periods)
    return f"(VALUES {rows}) AS pd(period, tree_date)"


ROLLUP_SUMS = """
    coalesce(dv.value_numeric, 0), coalesce(dv.numerator, 0), coalesce(dv.denominator, 0),
    CASE WHEN dv.value_bool THEN 1 ELSE 0 END,
    CASE WHEN dv.value_numeric IS NOT NULL OR dv.value_bool IS NOT NULL OR dv.numerator IS NOT NULL
              OR dv.value_text IS NOT NULL THEN 1 ELSE 0 END"""
INNER = "SELECT ancestor_id FROM org_unit_tree WHERE depth > 0"
TREE_JOIN = """
    JOIN {pd} ON pd.period = dv.period
    JOIN org_unit_tree t ON t.descendant_id = dv.org_unit_id AND t.valid_from <= pd.tree_date
         AND (t.valid_to IS NULL OR t.valid_to > pd.tree_date)"""


async def build_rollups(connection: asyncpg.Connection, periods: list[str] = PERIODS) -> str:
    """The roll-ups rebuild() makes, in three set-based statements: a leaf's own figure (one value
    per key, nothing to group), the sums of the subtree of every unit with units below (grouped),
    and the same rows for the `submitted` level (approved values count at both levels). The
    generated tree has a single version, so which units have units below does not depend on the
    period."""
    restore = await _drop_indexes(connection, "aggregate_value")
    join = TREE_JOIN.format(pd=period_dates_sql(periods))
    columns = ("indicator_id, period, level, org_unit_id, category_code, value_sum, numerator_sum, "
               "denominator_sum, true_count, reported")
    await connection.execute(f"""
        INSERT INTO aggregate_value ({columns})
        SELECT dv.indicator_id, dv.period, 'approved', t.ancestor_id, dv.category_code, {ROLLUP_SUMS}
        FROM data_value dv {join}
        WHERE t.depth = 0 AND dv.status = 'approved' AND t.ancestor_id NOT IN ({INNER})""")
    await connection.execute(f"""
        INSERT INTO aggregate_value ({columns})
        SELECT dv.indicator_id, dv.period, 'approved', t.ancestor_id, dv.category_code,
               sum(coalesce(dv.value_numeric, 0)), sum(coalesce(dv.numerator, 0)),
               sum(coalesce(dv.denominator, 0)), sum(CASE WHEN dv.value_bool THEN 1 ELSE 0 END),
               sum(CASE WHEN dv.value_numeric IS NOT NULL OR dv.value_bool IS NOT NULL
                             OR dv.numerator IS NOT NULL OR dv.value_text IS NOT NULL THEN 1 ELSE 0 END)
        FROM data_value dv {join}
        WHERE t.ancestor_id IN ({INNER}) AND dv.status = 'approved'
        GROUP BY dv.indicator_id, dv.period, t.ancestor_id, dv.category_code""")
    await connection.execute(f"""
        INSERT INTO aggregate_value ({columns})
        SELECT indicator_id, period, 'submitted', org_unit_id, category_code, value_sum,
               numerator_sum, denominator_sum, true_count, reported
        FROM aggregate_value WHERE level = 'approved'""")
    for statement in restore:
        await connection.execute(statement)
    count = await connection.fetchval("SELECT count(*) FROM aggregate_value")
    return f"{count:,} roll-up rows"


async def build_current(connection: asyncpg.Connection) -> str:
    """The roll-ups on today's units, as backend.aggregates.carry.rebuild() makes them. The
    generated tree has a single version and no successions: every unit carries its figures, whole,
    to itself and its ancestors (its open closure rows), so each roll-up on today's units is the
    roll-up as reported, with nothing in part."""
    await connection.execute("""
        INSERT INTO aggregate_carry (unit_id, ancestor_id, share)
        SELECT descendant_id, ancestor_id, 1 FROM org_unit_tree WHERE valid_to IS NULL""")
    await connection.execute("""
        UPDATE aggregate_carry_state SET tree_from = (SELECT max(valid_from) FROM org_unit_tree)""")
    restore = await _drop_indexes(connection, "aggregate_current")
    await connection.execute("""
        INSERT INTO aggregate_current (indicator_id, period, level, org_unit_id, category_code,
                                       value_sum, numerator_sum, denominator_sum, true_count,
                                       reported, partial, unshared)
        SELECT indicator_id, period, level, org_unit_id, category_code, value_sum, numerator_sum,
               denominator_sum, true_count, reported, 0, 0
        FROM aggregate_value""")
    for statement in restore:
        await connection.execute(statement)
    count = await connection.fetchval("SELECT count(*) FROM aggregate_current")
    return f"{count:,} roll-up rows on current units"


async def verify_rollups(url: str) -> str:
    """Run backend.aggregates.rollup.rebuild (both stores) in a transaction and compare, and
    carry.drift() (the map on today's units); roll back."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from backend.aggregates.carry import drift
    from backend.aggregates.rollup import rebuild
    from backend.db import build_engine

    engine = build_engine(url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            differ = 0
            for table in ("aggregate_value", "aggregate_current"):
                await session.execute(text(f"CREATE TEMP TABLE mine_{table} AS SELECT * FROM {table}"))
            began = time.perf_counter()
            await rebuild(session)
            took = time.perf_counter() - began
            for table in ("aggregate_value", "aggregate_current"):
                mine = f"mine_{table}"
                differ += await session.scalar(text(
                    f"SELECT (SELECT count(*) FROM (SELECT * FROM {mine} EXCEPT SELECT * FROM {table}) a)"
                    f" + (SELECT count(*) FROM (SELECT * FROM {table} EXCEPT SELECT * FROM {mine}) b)"))
            await session.rollback()
        async with async_sessionmaker(engine)() as session, session.begin():
            differ += len(await drift(session))
            await session.rollback()
    finally:
        await engine.dispose()
    if differ:
        raise SystemExit(f"roll-ups differ from rebuild() in {differ} rows")
    return f"identical to rebuild(), which took {took:.1f} s"


async def generate(url: str, scale: float, seed: int, verify: bool) -> dict[str, Any]:
    rng = random.Random(seed)
    clock = Clock()
    name = await clock.step(f"create database {db_name(url)}", lambda: create_database(url))
    await clock.step("migrate (alembic upgrade head)", lambda: asyncio.to_thread(migrate, url))
    await clock.step("catalogue and admin user", lambda: catalogue_and_admin(url))
    units = build_tree(scale, rng)
    connection = await asyncpg.connect(plain_url(url))
    try:
        for setting in ("work_mem = '1GB'", "maintenance_work_mem = '1GB'", "synchronous_commit = off"):
            await connection.execute(f"SET {setting}")
        await clock.step("org units and closure (COPY)", lambda: load_units(connection, units))
        restore: list[str] = []

        async def drop() -> str:
            restore.extend(await _drop_indexes(connection, "data_value"))
            # The values are made with the ids of existing units and indicators: no need to check
            # ten million references at the end of the COPY.
            await connection.execute("ALTER TABLE data_value DISABLE TRIGGER USER")
            restore.append("ALTER TABLE data_value ENABLE TRIGGER USER")
            return f"{len(restore) - 1} indexes and constraints"

        await clock.step("drop data_value indexes", drop)
        # The national root reports no figures of its own: it is the country's sum.
        await clock.step("data values (COPY)", lambda: load_values(
            connection, units[1:], round(VALUES * scale), rng))

        async def rebuild_indexes() -> None:
            for statement in restore:
                await connection.execute(statement)

        await clock.step("data_value indexes and constraints", rebuild_indexes)
        # Fresh tables have no statistics: without them the roll-up statements plan nested loops.
        await clock.step("ANALYZE", lambda: connection.execute("ANALYZE"))
        await clock.step("roll-ups (INSERT … SELECT)", lambda: build_rollups(connection))
        await clock.step("roll-ups on current units (INSERT … SELECT)", lambda: build_current(connection))
        await clock.step("national plan (a draft)", lambda: national_plan(url))
        await clock.step("VACUUM ANALYZE", lambda: connection.execute("VACUUM ANALYZE"))
        counts = {table: await connection.fetchval(f"SELECT count(*) FROM {table}")
                  for table in ("org_unit", "org_unit_tree", "data_value", "aggregate_value",
                                "aggregate_current")}
    finally:
        await connection.close()
    if verify:
        await clock.step("verify roll-ups against rebuild()", lambda: verify_rollups(url))
    total = round(time.perf_counter() - clock.start, 1)
    info = {"complete": True, "scale": scale, "seed": seed, "counts": counts, "steps_s": clock.steps,
            "total_s": total, "generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    admin = await asyncpg.connect(admin_url(url))
    try:
        await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(info)}'")
    finally:
        await admin.close()
    print(f"  total {total:.1f} s: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="the bench database (dropped and recreated)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national scale")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--if-missing", action="store_true",
                        help="do nothing when the database already holds complete data of this scale")
    parser.add_argument("--verify-rollups", action="store_true",
                        help="compare the roll-ups with backend rebuild() (slow at full scale)")
    args = parser.parse_args(argv)
    if args.if_missing:
        info = asyncio.run(dataset_info(args.url))
        if info is not None and info.get("scale") == args.scale:
            print(f"{db_name(args.url)} holds scale {args.scale} data of {info['generated_at']}: kept "
                  "(regenerate: `make bench REGENERATE=1` or `python -m bench.generate`)")
            return 0
    print(f"generating {db_name(args.url)} at scale {args.scale} (seed {args.seed})")
    asyncio.run(generate(args.url, args.scale, args.seed, args.verify_rollups))
    return 0


if __name__ == "__main__":
    sys.exit(main())

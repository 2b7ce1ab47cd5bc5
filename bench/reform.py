"""The national reform of 1 July 2025 imported as one batch (issue 15 §2), on a tree as it stood
before it.

    .venv/bin/python -m bench.reform [--url postgresql://…/qcdc_bench_reform] [--scale 1.0]
                                     [--seed 42] [--regenerate]

* **Data** (`qcdc_bench_reform`, made once, `--regenerate` to redo it): the three-tier tree of
  2024, 63 provinces with 10 departments each, 705 districts and 10,035 communes spread unevenly
  over them, written with bench/generate.py's COPY; approved values of the 20 benchmark
  indicators for every commune and department over 2024, 2025Q2 and 2025Q3 (the last ends after
  the reform, so its figures follow the new tree), and their roll-ups. Communes carry no villages:
  the reform's batch would have to move them one by one, and the real batches of the provinces
  do not list them.
* **Batch** (`reform_batch`, deterministic for a seed): the CSV a ministry would send. Within each
  district, communes are merged by two to four into new communes (new codes) under the province
  that succeeds theirs; one in ten stays whole and moves there; one in two hundred is split in two
  (shares 0.6 and 0.4). Then every district closes, the departments of the 29 provinces that merge
  are merged into those of the province receiving them, and the provinces merge: 63 → 34,
  10,035 → about 3,300 communes.
* **Run**: `POST /org-units/reorganisations`' service (`reorganise`), in process, as the country
  admin, in a transaction rolled back at the end so runs repeat; then `rollup.drift()` and
  `carry.drift()` (the roll-ups on today's units) in the same transaction must be empty. Writes
  bench/results/reform.json.
"""

import argparse
import asyncio
import csv
import io
import json
import random
import sys
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from .common import DEFAULT_URL, RESULTS_DIR, admin_url, dataset_info, db_name, plain_url
from .generate import (
    Clock,
    Unit,
    build_current,
    build_rollups,
    catalogue_and_admin,
    create_database,
    load_units,
    load_values,
    migrate,
)

REFORM_URL = make_url(DEFAULT_URL).set(database="qcdc_bench_reform").render_as_string(
    hide_password=False)
PROVINCES, NEW_PROVINCES, DISTRICTS, COMMUNES = 63, 34, 705, 10_035
DEPARTMENTS = 10
PERIODS = ["2024", "2025Q2", "2025Q3"]
REFORM = "2025-07-01"
GOAL_S = 60
COLUMNS = ("event", "effective_date", "old_codes", "new_code", "new_name", "new_parent", "shares",
           "note")


def old_tree(scale: float, rng: random.Random) -> list[Unit]:
    """Provinces with their departments and districts, communes unevenly spread over districts."""
    units: list[Unit] = []

    def add(code: str, name: str, kind: str, grassroots: str | None, parent: Unit | None) -> Unit:
        unit = Unit(len(units) + 1, code, name, kind, grassroots, parent)
        if parent is not None:
            unit.ancestors = [parent.id, *parent.ancestors]
        units.append(unit)
        return unit

    n_provinces = max(2, round(PROVINCES * scale))
    provinces = [add(f"OP{p + 1:02d}", f"Tỉnh Cũ {p + 1:02d}", "province", None, None)
                 for p in range(n_provinces)]
    for province in provinces:
        for d in range(DEPARTMENTS):
            add(f"{province.code}-S{d + 1:02d}", f"Sở số {d + 1} {province.name}", "department",
                "agency", province)
    n_districts = max(n_provinces, round(DISTRICTS * scale))
    districts = [add(f"OH{d + 1:03d}", f"Huyện Cũ {d + 1:03d}", "district", None,
                     provinces[d % n_provinces]) for d in range(n_districts)]
    weights = [0.5 + rng.random() for _ in districts]
    n_communes, total, acc, start = max(n_districts, round(COMMUNES * scale)), sum(weights), 0.0, 0
    for district, weight in zip(districts, weights, strict=True):
        acc += weight
        end = round(n_communes * acc / total)
        for c in range(start, end):
            add(f"OX{c + 1:05d}", f"Xã Cũ {c + 1:05d}", "commune", "commune", district)
        start = end
    return units


def reform_batch(units: list[Unit], scale: float, rng: random.Random) -> str:
    provinces = [u for u in units if u.kind == "province"]
    n_new = max(1, round(NEW_PROVINCES * scale))
    target = {p.code: provinces[i if i < n_new else (i - n_new) % n_new].code
              for i, p in enumerate(provinces)}
    below: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.parent is not None:
            below.setdefault(unit.parent.code, []).append(unit)
    rows: list[dict[str, str]] = []
    serial = 0

    def new_code() -> str:
        nonlocal serial
        serial += 1
        return f"NX{serial:05d}"

    for province in provinces:
        into = target[province.code]
        for district in (u for u in below[province.code] if u.kind == "district"):
            communes = list(below.get(district.code, []))
            while communes:
                size = min(len(communes), rng.choice((1, 2, 3, 3, 3, 3, 4, 4, 2, 3)))
                group, communes = communes[:size], communes[size:]
                codes = ";".join(c.code for c in group)
                if size == 1 and rng.random() < 0.05:
                    a, b = new_code(), new_code()
                    rows.append({"event": "split", "old_codes": codes, "new_code": f"{a};{b}",
                                 "new_name": f"Xã Mới {a};Xã Mới {b}", "new_parent": into,
                                 "shares": "0.6;0.4"})
                elif size == 1:
                    rows.append({"event": "move", "old_codes": codes, "new_parent": into})
                else:
                    code = new_code()
                    rows.append({"event": "merge", "old_codes": codes, "new_code": code,
                                 "new_name": f"Xã Mới {code}", "new_parent": into})
    for district in (u for u in units if u.kind == "district"):
        rows.append({"event": "close", "old_codes": district.code})
    for province in provinces:
        if target[province.code] != province.code:
            for department in (u for u in below[province.code] if u.kind == "department"):
                rows.append({"event": "merge", "old_codes": department.code,
                             "new_code": target[province.code] + department.code[4:]})
            rows.append({"event": "merge", "old_codes": province.code,
                         "new_code": target[province.code], "note": "Nghị quyết 202/2025/QH15"})
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="")
    writer.writeheader()
    writer.writerows({**row, "effective_date": REFORM} for row in rows)
    return out.getvalue()


async def generate(url: str, scale: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    clock = Clock()
    name = await clock.step(f"create database {db_name(url)}", lambda: create_database(url))
    await clock.step("migrate (alembic upgrade head)", lambda: asyncio.to_thread(migrate, url))
    await clock.step("catalogue and admin user", lambda: catalogue_and_admin(url))
    units = old_tree(scale, rng)
    leaves = [u for u in units if u.kind in ("commune", "department")]
    connection = await asyncpg.connect(plain_url(url))
    try:
        await connection.execute("SET synchronous_commit = off")
        await clock.step("org units and closure (COPY)", lambda: load_units(connection, units))
        await clock.step("data values (COPY)", lambda: load_values(
            connection, leaves, len(leaves) * 20 * len(PERIODS), rng, PERIODS))
        await clock.step("ANALYZE", lambda: connection.execute("ANALYZE"))
        await clock.step("roll-ups (INSERT … SELECT)", lambda: build_rollups(connection, PERIODS))
        await clock.step("roll-ups on current units (INSERT … SELECT)",
                         lambda: build_current(connection))
        await clock.step("VACUUM ANALYZE", lambda: connection.execute("VACUUM ANALYZE"))
    finally:
        await connection.close()
    info = {"complete": True, "scale": scale, "seed": seed, "steps_s": clock.steps,
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    admin = await asyncpg.connect(admin_url(url))
    try:
        await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(info)}'")
    finally:
        await admin.close()
    return info


async def apply(url: str, batch: str) -> dict[str, Any]:
    """The batch through the service of POST /org-units/reorganisations, timed, then drift();
    everything rolled back."""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from backend.aggregates import carry, rollup
    from backend.auth.principal import Principal
    from backend.db import build_engine
    from backend.models import User
    from backend.org_units.reorganisation import Options, csv_rows, reorganise

    engine = build_engine(url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            admin = await session.scalar(select(User).where(User.unit_id.is_(None)))
            assert admin is not None
            principal = Principal.of(admin)
            began = time.perf_counter()
            summary = await reorganise(session, principal, csv_rows(batch.encode()), Options())
            await session.flush()
            took = time.perf_counter() - began
            began = time.perf_counter()
            drift = [*await rollup.drift(session), *await carry.drift(session)]
            drift_s = time.perf_counter() - began
            await session.rollback()
    finally:
        await engine.dispose()
    return {"events": batch.count("\n") - 1, "applied": summary.applied,
            "rejected": summary.rejected, "units_changed": summary.units_changed,
            "conflicts": [c.model_dump() for c in summary.conflicts[:5]],
            "seconds": round(took, 1), "drift_rows": len(drift), "drift_check_s": round(drift_s, 1),
            "goal_s": GOAL_S, "met": took <= GOAL_S and not drift and not summary.rejected}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=REFORM_URL, help="the database (dropped and recreated)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national scale")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--output", default=str(RESULTS_DIR / "reform.json"))
    args = parser.parse_args(argv)
    info = asyncio.run(dataset_info(args.url))
    if args.regenerate or info is None or info.get("scale") != args.scale:
        print(f"generating {db_name(args.url)} at scale {args.scale} (seed {args.seed})")
        info = asyncio.run(generate(args.url, args.scale, args.seed))
    units = old_tree(args.scale, random.Random(args.seed))
    batch = reform_batch(units, args.scale, random.Random(args.seed))
    result = {"scale": args.scale, "data": info, "measured_at": datetime.now(UTC).isoformat(
        timespec="seconds"), **asyncio.run(apply(args.url, batch))}
    print(json.dumps({k: v for k, v in result.items() if k != "data"}, indent=2,
                     ensure_ascii=False))
    with open(args.output, "w") as out:
        json.dump(result, out, indent=2, ensure_ascii=False)
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""The deadline day (issue 19 §3): thousands of communes submitting within hours while their
superiors watch, as a locust load on the benchmark database against the production server setup
(`qcdc serve --workers N`, Redis for the shared limits), with one worker process and with N, each
run with accounts of its own.

    python -m bench.deadline_day [--url …/qcdc_bench] [--users 200] [--duration 60] [--workers 2]
                                 [--think 5,15] [--rush 1,3]

Two loads. The day: the users of bench/deadline_locust.py act as people do in the web app, a page
at a time with `--think` seconds between actions; its goals are the latency ones. The rush: the
same users with `--rush` seconds, far more than the server can answer, which measures what one
and N workers serve when saturated (throughput growing with the workers) and that writes hold
under overload. Before each run the accounts are made through the API as the bench admin (commune
reporters of communes with no report of the period yet, a reviewer and a planner per province, a
script's planner) and signed in. After it, every report a commune wrote is read back from the
database: its version, state and figures must be what the commune was last answered (nothing
lost), and there is one report per commune (nothing doubled).
Goals: in the day, with the production setup (N workers), p95 ≤ 200 ms for reads and ≤ 500 ms
for writes, printed beside the single process's as a ratio, and no errors in any run; in the
rush, throughput growing with workers; in both, no lost or doubled write.
"""

import argparse
import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.periods.rules import PeriodType, parse_period

from .common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DEFAULT_URL,
    RESULTS_DIR,
    dataset_info,
    plain_url,
    vacuumed_if_no_autovacuum,
)
from .run import QCDC, Server

GOALS = {"read_p95_ms": 200, "write_p95_ms": 500}
FORM = "QCDC_COMMUNE_QUARTERLY"
PASSWORD = "load-test-password-1"
IMPORT_PERIOD = "2025Q4"  # bench.run's import clears its periods, this one among them
AGGREGATE_PERIOD = "2024"
INDICATORS = ["QCDC_DIRECT_DECISIONS", "QCDC_VILLAGES_WITH_CONVENTION", "QCDC_DISCLOSURE_DONE"]
SCRIPT_UNITS = 100  # × 5 indicators: the script's batch of 500 figures


def last_ended_quarter(today: date) -> str:
    current = parse_period(f"{today.year}Q{(today.month - 1) // 3 + 1}")
    assert current.type is PeriodType.quarter
    return current.previous().id


async def _form(db: asyncpg.Connection) -> dict[str, Any]:
    """The commune form, its indicators by type (a report fills them all, so it can be submitted)
    and the period due now."""
    form = await db.fetchrow("SELECT id FROM reporting_form WHERE code = $1", FORM)
    items = await db.fetch(
        "SELECT i.code, i.value_type FROM reporting_form_indicator f "
        "JOIN indicator i ON i.id = f.indicator_id WHERE f.form_id = $1 "
        "AND NOT EXISTS (SELECT 1 FROM indicator_category c WHERE c.indicator_id = i.id) "
        "ORDER BY f.position", form["id"])
    by_type: dict[str, list[str]] = {}
    for item in items:
        by_type.setdefault(item["value_type"], []).append(item["code"])
    return {"id": form["id"], "counts": by_type.get("count", []), "types": by_type,
            "period": last_ended_quarter(date.today())}


async def _plan_id(db: asyncpg.Connection) -> int:
    return await db.fetchval("SELECT id FROM plan WHERE status = 'issued' ORDER BY id DESC LIMIT 1")


async def _units(db: asyncpg.Connection, form: dict[str, Any], communes: int,
                 provinces: int) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    """The largest provinces, and communes of theirs with no report of the form and period yet,
    dealt round the provinces."""
    chosen = await db.fetch(
        "SELECT p.id, p.code, count(c.id) AS communes FROM org_unit p "
        "JOIN org_unit c ON c.parent_id = p.id AND c.kind = 'commune' AND c.valid_to IS NULL "
        "WHERE p.kind = 'province' AND p.valid_to IS NULL GROUP BY p.id, p.code "
        "ORDER BY communes DESC, p.code LIMIT $1", provinces)
    free = await db.fetch(
        "SELECT c.id, c.code, c.parent_id FROM org_unit c WHERE c.kind = 'commune' "
        "AND c.valid_to IS NULL AND c.parent_id = ANY($1::int[]) AND NOT EXISTS ("
        "  SELECT 1 FROM submission s WHERE s.org_unit_id = c.id AND s.form_id = $2"
        "  AND s.period = $3) ORDER BY c.id", [p["id"] for p in chosen], form["id"], form["period"])
    by_province: dict[int, list[asyncpg.Record]] = {p["id"]: [] for p in chosen}
    for commune in free:
        by_province[commune["parent_id"]].append(commune)
    dealt: list[asyncpg.Record] = []
    for round_ in range(max((len(v) for v in by_province.values()), default=0)):
        dealt += [units[round_] for units in by_province.values() if round_ < len(units)]
    return list(chosen), dealt[:communes]


async def _sign_in(http: httpx.AsyncClient, username: str, password: str) -> str:
    answer = await http.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": username, "password": password})
    answer.raise_for_status()
    return str(answer.json()["access_token"])


async def _accounts(base: str, db: asyncpg.Connection, run: str, users: int) -> dict[str, Any]:
    form = await _form(db)
    shares = {"communes": math.ceil(users * 6 / 11) + 5, "reviewers": users // 11 + 2,
              "officials": math.ceil(users * 2 / 11) + 2}
    provinces, communes = await _units(db, form, shares["communes"],
                                       max(shares["reviewers"], shares["officials"]))
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        admin = {"Authorization": f"Bearer {await _sign_in(http, ADMIN_USER, ADMIN_PASSWORD)}"}
        gate = asyncio.Semaphore(4)

        async def account(name: str, unit_id: int, role: str, **extra: Any) -> dict[str, Any]:
            async with gate:
                made = await http.post("/api/v1/users", headers=admin, json={
                    "username": name, "full_name": "Tài khoản thử tải", "unit_id": unit_id,
                    "roles": [role], "password": PASSWORD})
                made.raise_for_status()
                return {"token": await _sign_in(http, name, PASSWORD), "unit_id": unit_id, **extra}

        made = await asyncio.gather(
            *(account(f"load-{run}-c{i}", c["id"], "reporter") for i, c in enumerate(communes)),
            *(account(f"load-{run}-r{i}", p["id"], "reviewer")
              for i, p in enumerate(provinces[:shares["reviewers"]])),
            *(account(f"load-{run}-o{i}", p["id"], "planner", unit_code=p["code"])
              for i, p in enumerate(provinces[:shares["officials"]])))
        script_province = provinces[-1]
        script_units = [row["code"] for row in await db.fetch(
            "SELECT code FROM org_unit WHERE parent_id = $1 AND kind = 'commune' AND valid_to IS NULL"
            " ORDER BY id LIMIT $2", script_province["id"], SCRIPT_UNITS)]
        script = await account(f"load-{run}-s", script_province["id"], "reporter", units=script_units)
    counts = [len(communes), shares["reviewers"], shares["officials"]]
    return {"form": form, "plan_id": await _plan_id(db), "indicators": INDICATORS,
            "aggregate_period": AGGREGATE_PERIOD, "import_period": IMPORT_PERIOD,
            "accounts": {"communes": made[:counts[0]],
                         "reviewers": made[counts[0]:counts[0] + counts[1]],
                         "officials": made[counts[0] + counts[1]:], "scripts": [script]}}


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0


def _locust(base: str, files: dict[str, Path], users: int, duration: int, think: str,
            log: Path) -> None:
    env = {"QCDC_LOAD_ACCOUNTS": str(files["accounts"]), "QCDC_LOAD_WRITTEN": str(files["written"]),
           "QCDC_LOAD_TIMINGS": str(files["timings"]), "QCDC_LOAD_THINK": think}
    with log.open("w") as out:
        subprocess.run([str(QCDC.parent / "locust"), "-f", str(Path(__file__).with_name(
            "deadline_locust.py")), "--headless", "--users", str(users), "--spawn-rate",
            str(max(1, users // 10)), "--run-time", f"{duration}s", "--host", base,
            "--only-summary", "--stop-timeout", "10"], env={**os.environ, **env}, stdout=out,
            stderr=out, check=False, timeout=duration + 300)


async def _check_writes(db: asyncpg.Connection, written: dict[str, Any],
                        form: dict[str, Any], communes: list[int]) -> dict[str, int]:
    """What the communes were last answered, against what the database holds."""
    rows = {row["id"]: row for row in await db.fetch(
        "SELECT s.id, s.version, s.status, (SELECT count(*) FROM data_value v "
        "WHERE v.submission_id = s.id) AS values FROM submission s "
        "WHERE s.form_id = $1 AND s.period = $2 AND s.org_unit_id = ANY($3::int[])",
        form["id"], form["period"], communes)}
    lost = unanswered = 0
    for key, last in written.items():
        row = rows.get(int(key))
        if row is None or row["version"] < last["version"] or (
                last["submitted"] and row["status"] not in ("submitted", "approved")):
            lost += 1
        elif row["version"] > last["version"]:
            # A later write the server made whose answer the stopping run never read (a save, a
            # submit, a reviewer's approval): held, not lost.
            unanswered += 1
        elif row["values"] != last["values"]:
            lost += 1
    return {"reports": len(rows), "answered": len(written), "lost": lost,
            "unanswered": unanswered, "doubled": len(rows) - len({int(k) for k in written})}


async def one_run(url: str, load: str, think: str, users: int, duration: int, workers: int,
                  out: Path) -> dict[str, Any]:
    run = f"{load}-{workers}"
    db = await asyncpg.connect(plain_url(url))
    vacuumed = await vacuumed_if_no_autovacuum(db)
    server = Server(url, out / f"server-{run}.log", workers=workers, env={
        "QCDC_REDIS_URL": "redis://127.0.0.1:6379/14",
        "QCDC_SIGN_IN_PER_ADDRESS_PER_MINUTE": "100000", "QCDC_SIGN_IN_PER_NAME_PER_MINUTE": "1000"})
    try:
        server.wait_ready()
        stamp = f"{load}{workers}w{int(time.time())}"
        accounts = await _accounts(server.base, db, stamp, users)
        files = {name: out / f"{name}-{run}.json" for name in ("accounts", "written", "timings")}
        files["accounts"].write_text(json.dumps(accounts), "utf-8")
        _locust(server.base, files, users, duration, think, out / f"locust-{run}.log")
        timings = json.loads(files["timings"].read_text("utf-8"))
        written = json.loads(files["written"].read_text("utf-8"))
        checked = await _check_writes(db, written, accounts["form"],
                                      [a["unit_id"] for a in accounts["accounts"]["communes"]])
    finally:
        await db.close()
        server.stop()
    return {"load": load, "think_s": think, "vacuumed_before": vacuumed,
            **_summary(workers, duration, timings, checked)}


def _summary(workers: int, duration: int, timings: list[list[Any]],
             checked: dict[str, int]) -> dict[str, Any]:
    by_kind: dict[str, list[float]] = {"read": [], "write": [], "import": []}
    by_name: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for name, elapsed_ms, failed in timings:
        by_kind[name.split(":")[0]].append(elapsed_ms)
        by_name.setdefault(name, []).append(elapsed_ms)
        if failed:
            errors[name] = errors.get(name, 0) + 1
    return {
        "by_name_p95_ms": {name: round(_percentile(samples, 0.95), 1)
                           for name, samples in sorted(by_name.items())},
        "workers": workers, "requests": len(timings), "per_s": round(len(timings) / duration, 1),
        **{f"{kind}_p95_ms": round(_percentile(samples, 0.95), 1)
           for kind, samples in by_kind.items()},
        **{f"{kind}_p50_ms": round(statistics.median(samples), 1) if samples else 0.0
           for kind, samples in by_kind.items()},
        "errors": errors, **checked}


def _p95_beside(kind: str) -> Callable[[dict[str, Any], dict[str, Any]], str]:
    """A kind's p50 / p95, and the p95 as a ratio of the single process's beside the others."""
    def cell(run: dict[str, Any], single: dict[str, Any]) -> str:
        shown = f"{run[f'{kind}_p50_ms']} / {run[f'{kind}_p95_ms']}"
        if run is single or not single[f"{kind}_p95_ms"]:
            return shown
        return f"{shown} ({run[f'{kind}_p95_ms'] / single[f'{kind}_p95_ms']:.2f})"
    return cell


def table(runs: list[dict[str, Any]], load: str) -> str:
    """The runs of one load side by side, the single process first and each other run's figures
    as a ratio of its, each measure beside its goal where this load has one. The latency goals
    are those of the production setup, the run with the most workers."""
    first, day = runs[0], load == "day"
    production = f"{runs[-1]['workers']} workers"
    lines = ["| measure | " + " | ".join(f"{r['workers']} worker(s)" for r in runs) + " | goal |",
             "|---|" + "---|" * len(runs) + "---|"]
    rows = [("reads p50 / p95, ms (p95 ratio to 1 worker)", _p95_beside("read"),
             f"p95 ≤ {GOALS['read_p95_ms']} with {production}" if day else ""),
            ("writes p50 / p95, ms (p95 ratio to 1 worker)", _p95_beside("write"),
             f"p95 ≤ {GOALS['write_p95_ms']} with {production}" if day else ""),
            ("import of 500 figures p50 / p95, ms", _p95_beside("import"), ""),
            ("requests/s (ratio to 1 worker)",
             lambda r, single: f"{r['per_s']} ({r['per_s'] / single['per_s']:.2f})",
             "" if day else "grows with workers"),
            ("errors", lambda r, _: str(sum(r["errors"].values())), "0" if day else ""),
            ("reports written / lost / doubled (held, answer not read)",
             lambda r, _: f"{r['reports']} / {r['lost']} / {r['doubled']} ({r['unanswered']})",
             "lost 0, doubled 0")]
    for label, cell, goal in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r, first) for r in runs) + f" | {goal} |")
    return "\n".join(lines)


def verdicts(day: list[dict[str, Any]], rush: list[dict[str, Any]]) -> dict[str, bool]:
    """The latency goals are the production setup's (several workers, the last run), the single
    process measured beside it; errors, lost and doubled writes count in every run."""
    production = day[-1]
    return {"reads": production["read_p95_ms"] <= GOALS["read_p95_ms"],
            "writes": production["write_p95_ms"] <= GOALS["write_p95_ms"],
            "no errors": not any(r["errors"] for r in day),
            "no lost or doubled write": not any(r["lost"] or r["doubled"] for r in day + rush),
            "throughput grows": not rush or rush[-1]["per_s"] > rush[0]["per_s"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds of each run")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the second run")
    parser.add_argument("--think", default="5,15",
                        help="the day: seconds between a person's actions, low,high")
    parser.add_argument("--rush", default="1,3",
                        help="the rush: seconds between actions, low,high ('' for no rush)")
    parser.add_argument("--output", default=str(RESULTS_DIR / "deadline_day.json"))
    args = parser.parse_args(argv)
    if asyncio.run(dataset_info(args.url)) is None:
        raise SystemExit(f"no benchmark data at {args.url}: run python -m bench.generate first")
    out = Path(tempfile.mkdtemp(prefix="qcdc-deadline-"))
    workers = sorted({1, args.workers})
    loads = {"day": args.think, **({"rush": args.rush} if args.rush else {})}
    runs = {load: [asyncio.run(one_run(args.url, load, think, args.users, args.duration, n, out))
                   for n in workers] for load, think in loads.items()}
    print(f"\nThe deadline day: {args.users} users for {args.duration} s a run (logs in {out})")
    if any(r["vacuumed_before"] for load in runs.values() for r in load):
        print("PostgreSQL's autovacuum is off: each run was preceded by VACUUM ANALYZE")
    for load, think in loads.items():
        print(f"\n{load}: {think} s between a user's actions\n")
        print(table(runs[load], load))
    met = verdicts(runs["day"], runs.get("rush", []))
    print("\ngoals met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in met.items()))
    Path(args.output).write_text(json.dumps({"users": args.users, "duration": args.duration,
                                             "runs": runs, "met": met}, indent=2) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The national plan's benchmark (issue 19), run by bench/run.py on the data of bench/generate.py.

The plan generate.py leaves (a draft of the national root: a monthly, a quarterly and an annual
task for every commune and village) is put back to a draft, its reports and amendments removed,
so runs repeat. Then, as the country admin over one keep-alive connection:

* issue: `POST /plans/{id}/issue`, which writes every task's stored progress;
* amend: `POST /plans/{id}/amendments` moving the span's end to 30/11 and back, 4 times: each
  recomputes the stored progress and rewrites the rows that differ;
* progress reports: reporters of 20 communes report occurrences of the three tasks in turn;
* reads: `GET /plans/{id}`, `/plans/{id}/sections`, `/plans/{id}/assignments?limit=200`,
  `/public/plans` and `/public/plans/{id}`, p50/p95 after 10 warm-ups, beside the raw SQL reading
  the same counts (`plan_progress_count` and the indexed overdue count);
* export: `GET /plans/{id}/assignments/export`, every task as CSV, streamed: the first bytes, the
  last, and the server's memory meanwhile.
"""

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import asyncpg
import httpx

from backend.periods.occurrences import occurrences

from .common import ADMIN_PASSWORD, vacuumed_if_no_autovacuum
from .generate import NATIONAL_ROOT, PLAN_TASKS, PLAN_YEAR

REPORTERS = 20
# Amendments move the span's end to 30/11 and back: an even number leaves the plan as issued.
AMENDMENTS = 4
SPAN_ENDS = (date(PLAN_YEAR, 11, 30), date(PLAN_YEAR, 12, 31))
GOALS = {"plan_read_p95_ms": 50, "plan_issue_s": 2.0, "plan_amend_s": 2.0,
         "progress_report_p95_ms": 50}
RAW_PROGRESS = ("SELECT section_id, requested, lead, tasks, percent_sum, done FROM plan_progress_count "
                "WHERE plan_id = $1")
RAW_OVERDUE = "SELECT count(*) FROM plan_task_progress WHERE plan_id = $1 AND open_due < $2"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _spread(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 0.95), 2), "max_ms": round(max(samples), 2)}


async def _reset(db: asyncpg.Connection) -> int:
    """The national plan back to the draft generate.py wrote: runs repeat."""
    plan_id: int | None = await db.fetchval(
        "SELECT p.id FROM plan p JOIN org_unit u ON u.id = p.issuer_id WHERE u.code = $1 "
        "AND p.span_start = $2", NATIONAL_ROOT, date(PLAN_YEAR, 1, 1))
    if plan_id is None:
        raise SystemExit("no national plan in the bench data: regenerate it (python -m bench.generate)")
    async with db.transaction():
        await db.execute("DELETE FROM assignment_progress WHERE assignment_id IN "
                         "(SELECT id FROM assignment WHERE plan_id = $1)", plan_id)
        await db.execute("DELETE FROM plan_amendment WHERE plan_id = $1", plan_id)
        # What the issue writes again (the bench data, not the application, is reset here).
        await db.execute("DELETE FROM plan_progress_count WHERE plan_id = $1", plan_id)
        await db.execute("DELETE FROM plan_task_progress WHERE plan_id = $1", plan_id)
        title = f"Kế hoạch thực hiện dân chủ ở cơ sở năm {PLAN_YEAR}"
        await db.execute("UPDATE plan SET status = 'draft', revision = 1, title = $2, span_end = $3 "
                         "WHERE id = $1", plan_id, title, SPAN_ENDS[-1])
    return plan_id


async def _timed(call: Callable[[], Awaitable[httpx.Response]]) -> tuple[float, httpx.Response]:
    began = time.perf_counter()
    response = await call()
    took = (time.perf_counter() - began) * 1000
    if response.status_code >= 400:
        raise SystemExit(f"{response.request.method} {response.request.url.path} answered "
                         f"{response.status_code}: {response.text[:300]}")
    return took, response


async def _reporters(client: httpx.AsyncClient, admin: dict[str, str],
                     db: asyncpg.Connection) -> list[tuple[int, dict[str, str]]]:
    """A reporter of each of the first REPORTERS communes (made once, then reused)."""
    communes = await db.fetch("SELECT id, code FROM org_unit WHERE kind = 'commune' ORDER BY id "
                              "LIMIT $1", REPORTERS)
    found = []
    for commune in communes:
        username = f"bench-reporter-{commune['code'].lower()}"
        created = await client.post("/api/v1/users", headers=admin, json={
            "username": username, "full_name": "Bench reporter (commune)", "unit_id": commune["id"],
            "roles": ["reporter"], "password": ADMIN_PASSWORD})
        if created.status_code not in (201, 409):
            raise SystemExit(f"creating {username} answered {created.status_code}: {created.text[:300]}")
        signed = await client.post("/api/v1/auth/token", data={
            "grant_type": "password", "username": username, "password": ADMIN_PASSWORD})
        signed.raise_for_status()
        found.append((commune["id"], {"Authorization": f"Bearer {signed.json()['access_token']}"}))
    return found


async def _reports(client: httpx.AsyncClient, db: asyncpg.Connection, plan_id: int,
                   admin: dict[str, str], requests: int) -> list[float]:
    assignments = [r["id"] for r in await db.fetch(
        "SELECT a.id FROM assignment a JOIN plan_section s ON s.id = a.section_id "
        "WHERE a.plan_id = $1 ORDER BY s.position", plan_id)]
    dues = {a: [o.due_date.isoformat() for o in occurrences(
        recurrence, date(PLAN_YEAR, 1, 1), date(PLAN_YEAR, 12, 31))]
        for a, (_, recurrence, _) in zip(assignments, PLAN_TASKS, strict=True)}
    reporters = await _reporters(client, admin, db)
    statuses = ["in_progress", "completed", "not_started", "not_applicable"]
    took: list[float] = []
    for i in range(requests + 10):
        unit_id, headers = reporters[i % len(reporters)]
        assignment = assignments[i % len(assignments)]
        due = dues[assignment][(i // len(reporters)) % len(dues[assignment])]
        ms, _ = await _timed(lambda a=assignment, h=headers, u=unit_id, d=due, s=i: client.post(
            f"/api/v1/assignments/{a}/progress", headers=h,
            json={"due_date": d, "unit_id": u, "status": statuses[s % len(statuses)]}))
        if i >= 10:
            took.append(ms)
    return took


async def _reads(client: httpx.AsyncClient, db: asyncpg.Connection, plan_id: int,
                 admin: dict[str, str], requests: int) -> dict[str, Any]:
    urls = {"plan": f"/api/v1/plans/{plan_id}", "sections": f"/api/v1/plans/{plan_id}/sections",
            "assignments_page": f"/api/v1/plans/{plan_id}/assignments?limit=200",
            "public_plans": "/api/v1/public/plans", "public_plan": f"/api/v1/public/plans/{plan_id}"}
    progress, overdue = await db.prepare(RAW_PROGRESS), await db.prepare(RAW_OVERDUE)
    results: dict[str, Any] = {}
    for name, url in urls.items():
        http, raw = [], []
        headers = {} if name.startswith("public") else admin
        for i in range(requests + 10):
            ms, _ = await _timed(lambda u=url, h=headers: client.get(u, headers=h))
            began = time.perf_counter()
            await progress.fetch(plan_id)
            await overdue.fetchval(plan_id, date.today())
            if i >= 10:
                http.append(ms)
                raw.append((time.perf_counter() - began) * 1000)
        results[name] = {"http": _spread(http), "sql": _spread(raw)}
    return results


RAW_EXPORT = ("SELECT s.number, s.title, u.code, u.name, a.role, a.mode, a.recurrence, t.state, "
              "t.percent, t.open_due FROM plan_task_progress t "
              "JOIN plan_section s ON s.id = t.section_id JOIN assignment a ON a.id = t.assignment_id "
              "JOIN org_unit u ON u.id = t.unit_id WHERE t.plan_id = $1 "
              "ORDER BY s.position, t.assignment_id, u.name, u.id")


async def _export(client: httpx.AsyncClient, db: asyncpg.Connection, plan_id: int,
                  admin: dict[str, str], rss_kb: Callable[[], int]) -> dict[str, Any]:
    """The plan's tasks as the CSV file, streamed: time to the first bytes and to the last, and
    the server's memory while it streams (read between chunks); beside the raw SQL reading the
    stored rows the file is made from, with their units and sections, in its order."""
    before = peak = rss_kb()
    began = time.perf_counter()
    first_ms, size, lines = 0.0, 0, 0
    async with client.stream("GET", f"/api/v1/plans/{plan_id}/assignments/export",
                             headers={**admin, "Accept-Language": "vi"}) as response:
        if response.status_code != 200:
            raise SystemExit(f"the export answered {response.status_code}")
        async for chunk in response.aiter_bytes():
            first_ms = first_ms or (time.perf_counter() - began) * 1000
            size += len(chunk)
            lines += chunk.count(b"\n")
            peak = max(peak, rss_kb())
    took = time.perf_counter() - began
    began = time.perf_counter()
    raw = await db.fetch(RAW_EXPORT, plan_id)
    raw_s = time.perf_counter() - began
    if len(raw) != lines - 1:
        raise SystemExit(f"the export has {lines - 1} rows, the stored tasks {len(raw)}")
    return {"rows": lines - 1, "mb": round(size / 2**20, 1), "first_byte_ms": round(first_ms, 1),
            "total_s": round(took, 2), "raw_s": round(raw_s, 2),
            "server_rss_before_mb": round(before / 1024, 1),
            "server_rss_peak_mb": round(peak / 1024, 1)}


async def bench_plans(base: str, db: asyncpg.Connection, token: Callable[[httpx.AsyncClient],
                      Awaitable[dict[str, str]]], requests: int,
                      rss_kb: Callable[[], int]) -> dict[str, Any]:
    plan_id = await _reset(db)
    vacuumed = await vacuumed_if_no_autovacuum(db)  # the rows the reset and earlier runs left
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        admin = await token(client)
        issue_ms, _ = await _timed(lambda: client.post(f"/api/v1/plans/{plan_id}/issue", headers=admin))
        carried = await db.fetchval("SELECT count(DISTINCT unit_id) FROM plan_task_progress "
                                    "WHERE plan_id = $1", plan_id)
        tasks = await db.fetchval("SELECT count(*) FROM plan_task_progress WHERE plan_id = $1",
                                  plan_id)
        amend_ms = []
        for n in range(AMENDMENTS):
            ms, _ = await _timed(lambda n=n: client.post(
                f"/api/v1/plans/{plan_id}/amendments", headers=admin, json={
                    "reason": f"Điều chỉnh thời hạn lần {n + 1}",
                    "changes": {"span_end": SPAN_ENDS[n % 2].isoformat()}}))
            amend_ms.append(ms)
        reports = await _reports(client, db, plan_id, admin, requests)
        admin = await token(client)  # the reports outlive a token on a busy machine
        reads = await _reads(client, db, plan_id, admin, requests)
        export = await _export(client, db, plan_id, admin, rss_kb)
    return {"plan_id": plan_id, "units": carried, "tasks": tasks, "requests": requests,
            "export": export, "vacuumed_before": vacuumed,
            "issue_s": round(issue_ms / 1000, 2), "amend_max_s": round(max(amend_ms) / 1000, 2),
            "amend_s": [round(ms / 1000, 2) for ms in amend_ms], "reports": _spread(reports),
            "reads": reads}


READS = (("plan", "GET /plans/{id}"), ("sections", "GET /plans/{id}/sections"),
         ("public_plans", "GET /public/plans"), ("public_plan", "GET /public/plans/{id}"),
         ("assignments_page", "GET /plans/{id}/assignments, 200 a page"))
GOALED_READS = ("plan", "sections", "public_plans", "public_plan")


def rows(plans: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The table lines of the plans' figures: measure, QCDC, raw, ratio, goal."""
    vacuumed = ", vacuumed first" if plans.get("vacuumed_before") else ""
    label = f"national plan ({plans['units']:,} units, {plans['tasks']:,} tasks{vacuumed})"
    found = [(f"{label}: issue", f"{plans['issue_s']:.2f} s", "", "", "≤ 2 s"),
             (f"{label}: amend, worst of {len(plans['amend_s'])}", f"{plans['amend_max_s']:.2f} s",
              "", "", "≤ 2 s"),
             (f"{label}: progress report, p50 / p95",
              f"{plans['reports']['p50_ms']:.1f} / {plans['reports']['p95_ms']:.1f} ms", "", "",
              "p95 ≤ 50 ms")]
    for name, what in READS:
        read = plans["reads"][name]
        found.append((f"{label}: {what}, p50 / p95",
                      f"{read['http']['p50_ms']:.1f} / {read['http']['p95_ms']:.1f} ms",
                      f"{read['sql']['p50_ms']:.1f} / {read['sql']['p95_ms']:.1f} ms (counts)",
                      f"{read['sql']['p95_ms'] / read['http']['p95_ms']:.2f}",
                      "p95 ≤ 50 ms" if name in GOALED_READS else ""))
    export = plans["export"]
    found.append((f"{label}: the tasks as CSV, streamed ({export['rows']:,} rows, "
                  f"{export['mb']} MB): first bytes / all",
                  f"{export['first_byte_ms']:.0f} ms / {export['total_s']:.1f} s",
                  f"{export['raw_s']:.1f} s (the rows)",
                  f"{export['raw_s'] / export['total_s']:.2f}", ""))
    found.append((f"{label}: server RSS while streaming the CSV",
                  f"{export['server_rss_before_mb']:.0f} → {export['server_rss_peak_mb']:.0f} MB",
                  "", "", ""))
    return found


def verdicts(plans: dict[str, Any]) -> dict[str, bool]:
    return {"plan_read_p95_ms": all(plans["reads"][n]["http"]["p95_ms"] <= GOALS["plan_read_p95_ms"]
                                    for n in GOALED_READS),
            "plan_issue_s": plans["issue_s"] <= GOALS["plan_issue_s"],
            "plan_amend_s": plans["amend_max_s"] <= GOALS["plan_amend_s"],
            "progress_report_p95_ms": plans["reports"]["p95_ms"] <= GOALS["progress_report_p95_ms"]}

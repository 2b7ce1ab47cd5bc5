"""QCDC beside the raw database, on the data of bench/generate.py.

    .venv/bin/python -m bench.run [--url postgresql://…/qcdc_bench] [--rows 1000000] [--requests 200]

Starts `qcdc serve` (QCDC_ENV=production) against the bench database, then measures:

* import: a CSV of new figures (periods not in the data, for existing units) POSTed streaming to
  /api/v1/data-values/import → values/s and the server's peak RSS, beside `COPY` of the same rows
  (ids resolved) into a copy of data_value (CREATE TABLE … (LIKE data_value INCLUDING ALL));
  the imported periods are deleted afterwards, so runs repeat;
* documents: the compiled semi-annual report (báo cáo tổng hợp) of the largest province, compiled
  by a planner of the province, then GET /api/v1/submissions/{id}/document as docx and as PDF
  (LibreOffice), sequentially → median and worst, beside the raw GROUP BY of the figures the
  document writes (each indicator of the form by child unit);
* plans: the national plan issued and amended, progress reported, and its pages read (see
  bench/plans.py), each beside its goal;
* aggregates: p50/p95 of GET /api/v1/aggregates, sequentially over one keep-alive connection, as
  the country admin: national by province (org_unit=the national root VN, by=children: a row per
  province) and
  province by commune (org_unit=the largest province, by=children: a row per commune and per
  provincial department; since the 2025 reform communes sit directly under provinces), cycling
  over a count, a ratio and a yes/no indicator for period 2024, beside the raw SQL GROUP BY over
  data_value joined with the closure table computing the same sums; and both again on today's
  units (basis=current), beside the GROUP BY over data_value joined with the carry map.

Prints a table and writes bench/results/latest.json.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from backend.aggregates.rollup import tree_date

from . import plans
from .common import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DEFAULT_URL,
    INDICATORS,
    RESULTS_DIR,
    dataset_info,
    db_name,
    plain_url,
)
from .generate import NATIONAL_ROOT, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# As the browser tests do: QCDC_BIN names another installation (a worktree's wrapper).
QCDC = Path(os.environ.get("QCDC_BIN", PROJECT_ROOT / ".venv" / "bin" / "qcdc"))
# Periods the generator never writes; the import takes as many as it needs, in this order.
IMPORT_PERIODS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", *(f"2025{m:02d}" for m in range(1, 13))]
AGGREGATE_INDICATORS = ["QCDC_DIRECT_DECISIONS", "QCDC_VILLAGES_WITH_CONVENTION", "QCDC_DISCLOSURE_DONE"]
AGGREGATE_PERIOD = "2024"
DOCUMENT_FORM = "QCDC_PROVINCE_SEMIANNUAL"
DOCUMENT_PERIOD = "2024S1"
COMPILER = "bench-province-planner"
GOALS = {"import_values_per_s": 60_000, "import_ratio": 0.25, "import_peak_rss_mb": 300,
         "aggregates_p95_ms": 50, "document_docx_s": 2.0, "document_pdf_s": 10.0, **plans.GOALS}


# ---------------------------------------------------------------------------------------- server

class Server:
    """`qcdc serve` on a free port, as production runs it; its memory watched from /proc."""

    def __init__(self, url: str, log: Path, workers: int = 1,
                 env: dict[str, str] | None = None) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "QCDC_ENV": "production", "QCDC_DATABASE_URL": url,
               "QCDC_SECRET_KEY": "bench-secret-key-of-sufficient-length-0123456789",
               "QCDC_DATA_DIR": tempfile.mkdtemp(prefix="qcdc-bench-"), **(env or {})}
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [str(QCDC), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers",
             str(workers)], env=env, stdout=self.log, stderr=self.log)

    def wait_ready(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                raise SystemExit(f"qcdc serve exited with {self.process.returncode}; see {self.log.name}")
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise SystemExit("qcdc serve did not answer /api/v1/health in 30 s")

    def memory_kb(self, field: str) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class PeakRss:
    """Polls the server's resident memory every 20 ms while a block runs."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.peak_kb = 0
        self.before_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self.server.memory_kb("VmRSS"))
            time.sleep(0.02)

    def __enter__(self) -> "PeakRss":
        self.before_kb = self.server.memory_kb("VmRSS")
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        # VmHWM is the kernel's own high-water mark: nothing between two polls is missed.
        self.peak_kb = max(self.peak_kb, self.server.memory_kb("VmHWM"))


async def token(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": ADMIN_USER, "password": ADMIN_PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


# ---------------------------------------------------------------------------------------- import

def write_import_files(units: list[tuple[int, str]], indicators: dict[str, int], rows: int,
                       directory: Path) -> tuple[Path, Path, list[str]]:
    """The CSV the API gets (codes) and the CSV COPY gets (ids), row for row the same figures."""
    api_path, copy_path = directory / "import.csv", directory / "copy.csv"
    stamp = datetime.now(UTC).isoformat()
    periods: list[str] = []
    written = 0
    with api_path.open("w", newline="") as api, copy_path.open("w", newline="") as raw:
        api.write("indicator,org_unit,period,category,value,numerator,denominator\n")
        for period in IMPORT_PERIODS:
            if written >= rows:
                break
            periods.append(period)
            for unit_id, code in units:
                for n, (indicator, kind) in enumerate(INDICATORS.items()):
                    if written >= rows:
                        break
                    seed = (unit_id * 31 + n * 7 + len(periods)) % 97
                    ind_id = indicators[indicator]
                    if kind == "count":
                        api.write(f"{indicator},{code},{period},,{seed % 20},,\n")
                        raw.write(f"{ind_id},{unit_id},{period},\"\",{seed % 20},,,,draft,{stamp},{stamp}\n")
                    elif kind == "yes_no":
                        flag = "true" if seed % 7 else "false"
                        api.write(f"{indicator},{code},{period},,{flag},,\n")
                        raw.write(f"{ind_id},{unit_id},{period},\"\",,{flag},,,draft,{stamp},{stamp}\n")
                    else:
                        den = 1 + seed % 40
                        num = seed % (den + 1)
                        api.write(f"{indicator},{code},{period},,,{num},{den}\n")
                        raw.write(f"{ind_id},{unit_id},{period},\"\",,,{num},{den},draft,{stamp},{stamp}\n")
                    written += 1
    if written < rows:
        raise SystemExit(f"only {written} new figures fit the units and periods; use fewer --rows")
    return api_path, copy_path, periods


async def file_chunks(path: Path, size: int = 256 * 1024) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(size):
            yield chunk


async def delete_periods(db: asyncpg.Connection, periods: list[str]) -> None:
    await db.execute("DELETE FROM data_value WHERE period = ANY($1::text[])", periods)
    await db.execute("DELETE FROM aggregate_value WHERE period = ANY($1::text[])", periods)
    await db.execute("DELETE FROM aggregate_current WHERE period = ANY($1::text[])", periods)
    await db.execute("VACUUM ANALYZE data_value")
    await db.execute("VACUUM ANALYZE aggregate_value")
    await db.execute("VACUUM ANALYZE aggregate_current")


async def bench_import(server: Server, db: asyncpg.Connection, rows: int) -> dict[str, Any]:
    units = [(r["id"], r["code"]) for r in await db.fetch("SELECT id, code FROM org_unit ORDER BY id")]
    indicators = dict(await db.fetch("SELECT code, id FROM indicator"))
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-import-") as tmp:
        api_csv, copy_csv, periods = write_import_files(units, indicators, rows, Path(tmp))
        await delete_periods(db, periods)  # a previous run that stopped half-way
        await db.execute("CHECKPOINT")
        async with httpx.AsyncClient(base_url=server.base, timeout=None) as client:
            headers = await token(client)
            with PeakRss(server) as memory:
                began = time.perf_counter()
                response = await client.post(
                    "/api/v1/data-values/import", content=file_chunks(api_csv),
                    headers={**headers, "Content-Type": "text/csv"})
                http_s = time.perf_counter() - began
        if response.status_code != 200:
            raise SystemExit(f"import answered {response.status_code}: {response.text[:500]}")
        summary = response.json()
        if summary["created"] != rows or summary["rejected"]:
            raise SystemExit(f"import did not create every row: {summary}")
        stored = await db.fetchval("SELECT count(*) FROM data_value WHERE period = ANY($1::text[])",
                                   periods)
        await delete_periods(db, periods)

        # The same rows into the same table, with its 10M rows, indexes and foreign keys: the
        # database's own fastest way to do what the import does (less its checks and roll-ups).
        await db.execute("CHECKPOINT")
        began = time.perf_counter()
        await db.copy_to_table(
            "data_value", source=str(copy_csv), format="csv",
            columns=["indicator_id", "org_unit_id", "period", "category_code", "value_numeric",
                     "value_bool", "numerator", "denominator", "status", "created_at", "updated_at"])
        copy_s = time.perf_counter() - began
        await delete_periods(db, periods)
        size_mb = api_csv.stat().st_size / 1e6
    http_rate, copy_rate = rows / http_s, rows / copy_s
    return {"rows": rows, "periods": periods, "csv_mb": round(size_mb, 1), "stored": stored,
            "http_s": round(http_s, 2), "http_values_per_s": round(http_rate),
            "copy_s": round(copy_s, 2), "copy_values_per_s": round(copy_rate),
            "ratio": round(http_rate / copy_rate, 3),
            "server_rss_before_mb": round(memory.before_kb / 1024, 1),
            "server_peak_rss_mb": round(memory.peak_kb / 1024, 1), "summary": {
                k: summary[k] for k in ("created", "updated", "unchanged", "rejected")}}


# ------------------------------------------------------------------------------------ aggregates

RAW_SQL = """
SELECT t.ancestor_id, sum(dv.value_numeric) AS value, sum(dv.numerator) AS numerator,
       sum(dv.denominator) AS denominator, count(*) FILTER (WHERE dv.value_bool) AS yes,
       count(*) AS reported
FROM org_unit_tree t
JOIN data_value dv ON dv.org_unit_id = t.descendant_id
WHERE t.ancestor_id IN ({units})
  AND t.valid_from <= $3 AND (t.valid_to IS NULL OR t.valid_to > $3)
  AND dv.indicator_id = $1 AND dv.period = $2 AND dv.status = 'approved'
GROUP BY t.ancestor_id
"""
# The same on today's units: each value counted at every unit its unit's figures are carried to,
# multiplied by the share (the units' rows below are those of today, $3).
RAW_CURRENT_SQL = """
SELECT c.ancestor_id, sum(dv.value_numeric * c.share) AS value,
       sum(dv.numerator * c.share) AS numerator, sum(dv.denominator * c.share) AS denominator,
       count(*) FILTER (WHERE dv.value_bool) AS yes, count(*) AS reported
FROM aggregate_carry c
JOIN data_value dv ON dv.org_unit_id = c.unit_id
WHERE c.ancestor_id IN ({units}) AND $3::date IS NOT NULL
  AND dv.indicator_id = $1 AND dv.period = $2 AND dv.status = 'approved'
GROUP BY c.ancestor_id
"""
# The units that get a row, as the API picks them: the roots (provinces), or a unit's children.
CHILD_UNITS = ("SELECT c.descendant_id FROM org_unit_tree c WHERE c.ancestor_id = $4 AND c.depth = 1 "
               "AND c.valid_from <= $3 AND (c.valid_to IS NULL OR c.valid_to > $3)")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def figure(kind: str, row: dict[str, Any]) -> float:
    """What the API reports as `value` (ratio: Σnum/Σden in %, yes/no: the count of yes)."""
    if kind == "ratio":
        return round(100 * float(row["numerator"]) / float(row["denominator"]), 1)
    if kind == "yes_no":
        return float(row["yes"])
    return float(row["value"])


async def bench_aggregates(server: Server, db: asyncpg.Connection, requests: int) -> dict[str, Any]:
    ids = dict(await db.fetch("SELECT code, id FROM indicator"))
    province = await largest_province(db)
    day, today = tree_date(AGGREGATE_PERIOD), date.today()
    current = {"basis": "current"}
    # The provinces are the children of the national root (the central steering committee).
    national = {"org_unit": NATIONAL_ROOT}
    root = await db.fetchval("SELECT id FROM org_unit WHERE code = $1", NATIONAL_ROOT)
    queries = {
        "national_by_province": (national, await db.prepare(RAW_SQL.format(units=CHILD_UNITS)), day,
                                 (root,)),
        "province_by_commune": ({"org_unit": province["code"]},
                                await db.prepare(RAW_SQL.format(units=CHILD_UNITS)), day,
                                (province["id"],)),
        "national_by_province_current": ({**current, **national}, await db.prepare(
            RAW_CURRENT_SQL.format(units=CHILD_UNITS)), today, (root,)),
        "province_by_commune_current": ({**current, "org_unit": province["code"]},
                                        await db.prepare(RAW_CURRENT_SQL.format(units=CHILD_UNITS)),
                                        today, (province["id"],)),
    }
    results: dict[str, Any] = {"province": {"code": province["code"], "communes": province["communes"]},
                               "indicators": AGGREGATE_INDICATORS, "period": AGGREGATE_PERIOD}
    async with httpx.AsyncClient(base_url=server.base, timeout=60) as client:
        for name, (params, statement, on, extra) in queries.items():
            # A token per query: on a busy machine the four together outlive one token.
            headers = await token(client)
            http_ms: list[float] = []
            sql_ms: list[float] = []
            rows = 0
            for i in range(requests + 10):  # the first 10 of each warm up and are not counted
                code = AGGREGATE_INDICATORS[i % len(AGGREGATE_INDICATORS)]
                query = {"indicator": code, "period": AGGREGATE_PERIOD, "by": "children", **params}
                began = time.perf_counter()
                response = await client.get("/api/v1/aggregates", params=query, headers=headers)
                took_http = (time.perf_counter() - began) * 1000
                response.raise_for_status()
                began = time.perf_counter()
                raw = await statement.fetch(ids[code], AGGREGATE_PERIOD, on, *extra)
                took_sql = (time.perf_counter() - began) * 1000
                if i < len(AGGREGATE_INDICATORS):
                    check(name, code, response.json(), raw)
                if i >= 10:
                    http_ms.append(took_http)
                    sql_ms.append(took_sql)
                    rows = len(response.json())
            results[name] = {
                "requests": requests, "rows": rows,
                "http_p50_ms": round(statistics.median(http_ms), 2),
                "http_p95_ms": round(percentile(http_ms, 0.95), 2),
                "sql_p50_ms": round(statistics.median(sql_ms), 2),
                "sql_p95_ms": round(percentile(sql_ms, 0.95), 2)}
            results[name]["ratio_p95"] = round(results[name]["sql_p95_ms"] / results[name]["http_p95_ms"], 2)
    return results


def check(name: str, code: str, answer: list[dict[str, Any]], raw: list[asyncpg.Record]) -> None:
    """The API and the raw GROUP BY must agree, unit by unit. (A unit with no figure of its own for
    the year gets one from its quarters in the API, by the indicator's time aggregation: those
    extra rows are not compared.)"""
    kind = INDICATORS[code]
    expected = {r["ancestor_id"]: figure(kind, dict(r)) for r in raw}
    got = {row["org_unit"]["id"]: row["value"] for row in answer if row["value"] is not None}
    if any(got.get(k) is None or abs(got[k] - v) > 0.05 for k, v in expected.items()):
        raise SystemExit(f"{name} {code}: the API and the raw SQL disagree")


# ------------------------------------------------------------------------------------- documents

async def largest_province(db: asyncpg.Connection) -> asyncpg.Record:
    return await db.fetchrow(
        "SELECT p.id, p.code, count(*) AS communes FROM org_unit p JOIN org_unit c ON c.parent_id = p.id "
        "AND c.kind = 'commune' WHERE p.kind = 'province' GROUP BY p.id, p.code "
        "ORDER BY count(*) DESC, p.code LIMIT 1")


async def compiler(client: httpx.AsyncClient, province_id: int) -> dict[str, str]:
    """A planner of the province (the country admin does not compile): made once, then reused."""
    created = await client.post("/api/v1/users", headers=await token(client), json={
        "username": COMPILER, "full_name": "Bench planner (province)", "unit_id": province_id,
        "roles": ["planner"], "password": ADMIN_PASSWORD})
    if created.status_code not in (201, 409):
        raise SystemExit(f"creating {COMPILER} answered {created.status_code}: {created.text[:300]}")
    response = await client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": COMPILER, "password": ADMIN_PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def timed_document(client: httpx.AsyncClient, headers: dict[str, str], sid: int,
                         fmt: str) -> tuple[float, bytes]:
    began = time.perf_counter()
    response = await client.get(f"/api/v1/submissions/{sid}/document", params={"format": fmt},
                                headers=headers)
    took = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"document {fmt} answered {response.status_code}: {response.text[:300]}")
    return took, response.content


async def bench_documents(server: Server, db: asyncpg.Connection, runs: int) -> dict[str, Any]:
    province = await largest_province(db)
    form_id = await db.fetchval("SELECT id FROM reporting_form WHERE code = $1", DOCUMENT_FORM)
    indicators = [r["indicator_id"] for r in await db.fetch(
        "SELECT indicator_id FROM reporting_form_indicator WHERE form_id = $1", form_id)]
    raw = await db.prepare(RAW_SQL.format(units=CHILD_UNITS))
    day = tree_date(DOCUMENT_PERIOD)
    async with httpx.AsyncClient(base_url=server.base, timeout=300) as client:
        headers = await compiler(client, province["id"])
        began = time.perf_counter()
        compiled = await client.post("/api/v1/submissions/compile", headers=headers, json={
            "form_id": form_id, "unit_id": province["id"], "period": DOCUMENT_PERIOD})
        compile_s = time.perf_counter() - began
        if compiled.status_code != 200:
            raise SystemExit(f"compile answered {compiled.status_code}: {compiled.text[:300]}")
        sid = compiled.json()["submission"]["id"]
        timings: dict[str, list[float]] = {"docx": [], "pdf": [], "raw": []}
        sizes: dict[str, int] = {}
        for i in range(runs + 1):  # the first of each warms up and is not counted
            for fmt in ("docx", "pdf"):
                took, content = await timed_document(client, headers, sid, fmt)
                sizes[fmt] = len(content)
                if i:
                    timings[fmt].append(took)
            began = time.perf_counter()
            for indicator_id in indicators:
                await raw.fetch(indicator_id, DOCUMENT_PERIOD, day, province["id"])
            if i:
                timings["raw"].append(time.perf_counter() - began)
    result: dict[str, Any] = {
        "province": {"code": province["code"], "communes": province["communes"]},
        "form": DOCUMENT_FORM, "period": DOCUMENT_PERIOD, "indicators": len(indicators),
        "runs": runs, "compile_s": round(compile_s, 2),
        "docx_bytes": sizes["docx"], "pdf_bytes": sizes["pdf"]}
    for name, samples in timings.items():
        result[f"{name}_median_s"] = round(statistics.median(samples), 3)
        result[f"{name}_max_s"] = round(max(samples), 3)
    return result


# ------------------------------------------------------------------------------------------ main

# The aggregate queries measured: as reported and on today's units (basis=current).
MODES = (("national_by_province", "national by province"),
         ("province_by_commune", "province by commune ({province})"),
         ("national_by_province_current", "national by province, today's units"),
         ("province_by_commune_current", "province by commune ({province}), today's units"))


def table(results: dict[str, Any]) -> str:
    imp, agg, doc = results["import"], results["aggregates"], results.get("documents")
    lines = [("measure", "QCDC (HTTP)", "PostgreSQL (raw)", "ratio", "goal")]
    if results.get("plans"):
        lines += plans.rows(results["plans"])
    if doc:
        label = f"compiled report of {doc['province']['code']} ({doc['province']['communes']} communes)"
        raw = f"{doc['raw_median_s'] * 1000:.1f} ms (GROUP BY ×{doc['indicators']})"
        for fmt, goal in (("docx", "≤ 2 s"), ("pdf", "≤ 10 s")):
            lines.append((f"{label}: {fmt}, median / worst",
                          f"{doc[f'{fmt}_median_s']:.2f} / {doc[f'{fmt}_max_s']:.2f} s", raw,
                          f"{doc['raw_median_s'] / doc[f'{fmt}_median_s']:.3f}", goal))
    if imp:
        lines += [
            (f"import {imp['rows']:,} CSV rows: values/s", f"{imp['http_values_per_s']:,}",
             f"{imp['copy_values_per_s']:,} (COPY)", f"{imp['ratio']:.2f}", "≥ 60,000/s, ratio ≥ 0.25"),
            ("import: time", f"{imp['http_s']:.1f} s", f"{imp['copy_s']:.1f} s", "", ""),
            ("import: server peak RSS", f"{imp['server_peak_rss_mb']:.0f} MB", "", "", "< 300 MB")]
    if agg:
        for name, label in MODES:
            label = label.format(province=agg["province"]["code"])
            a = agg[name]
            lines += [(f"{label}: p50", f"{a['http_p50_ms']:.1f} ms", f"{a['sql_p50_ms']:.1f} ms (GROUP BY)",
                       f"{a['sql_p50_ms'] / a['http_p50_ms']:.2f}", ""),
                      (f"{label}: p95", f"{a['http_p95_ms']:.1f} ms", f"{a['sql_p95_ms']:.1f} ms (GROUP BY)",
                       f"{a['ratio_p95']:.2f}", "p95 ≤ 50 ms")]
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    out = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(out)


def verdicts(results: dict[str, Any]) -> dict[str, bool]:
    imp, agg, doc = results["import"], results["aggregates"], results.get("documents")
    found = plans.verdicts(results["plans"]) if results.get("plans") else {}
    if doc:
        found["document_docx_s"] = doc["docx_max_s"] <= GOALS["document_docx_s"]
        found["document_pdf_s"] = doc["pdf_max_s"] <= GOALS["document_pdf_s"]
    if imp:
        found["import_values_per_s"] = imp["http_values_per_s"] >= GOALS["import_values_per_s"]
        found["import_ratio"] = imp["ratio"] >= GOALS["import_ratio"]
        found["import_peak_rss_mb"] = imp["server_peak_rss_mb"] < GOALS["import_peak_rss_mb"]
    if agg:
        found["aggregates_p95_ms"] = all(agg[n]["http_p95_ms"] <= GOALS["aggregates_p95_ms"]
                                         for n, _ in MODES)
    return found


async def run(url: str, rows: int, requests: int, documents: int, skip: set[str]) -> dict[str, Any]:
    info = await dataset_info(url)
    if info is None:
        raise SystemExit(f"no bench data in {db_name(url)}: run `python -m bench.generate` first")
    RESULTS_DIR.mkdir(exist_ok=True)
    load = [round(x, 2) for x in os.getloadavg()]  # 2 cores: anything else running skews the figures
    if load[0] > 1.0:
        print(f"note: load average {load[0]} before the run: other work shares the CPUs", flush=True)
    # The code may have moved on since the data was generated: bring the schema to head (cheap
    # when the new migrations only add tables).
    await asyncio.to_thread(migrate, url)
    server = Server(url, Path(tempfile.gettempdir()) / "qcdc-bench-server.log")
    db = await asyncpg.connect(plain_url(url))
    results: dict[str, Any] = {"dataset": {k: info[k] for k in ("scale", "seed", "counts")},
                               "import": None, "aggregates": None, "documents": None,
                               "plans": None}
    try:
        server.wait_ready()
        if "plans" not in skip:
            print(f"plans: issue and amend the national plan, {requests} progress reports and "
                  f"{requests} requests of each read …", flush=True)
            results["plans"] = await plans.bench_plans(server.base, db, token, requests,
                                                          lambda: server.memory_kb("VmRSS"))
        if "aggregates" not in skip:
            print(f"aggregates: {requests} requests of each query through HTTP and raw SQL …", flush=True)
            results["aggregates"] = await bench_aggregates(server, db, requests)
        if "documents" not in skip:
            print(f"documents: the compiled report of the largest province, {documents} times each "
                  "as docx and PDF …", flush=True)
            results["documents"] = await bench_documents(server, db, documents)
        if "import" not in skip:
            print(f"import: {rows:,} CSV rows through HTTP, then COPY …", flush=True)
            results["import"] = await bench_import(server, db, rows)
    finally:
        server.stop()
        await db.close()
    results["goals"] = GOALS
    results["met"] = verdicts(results)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "load_average_at_start": load}
    results["command"] = "python -m bench.run " + " ".join(sys.argv[1:])
    results["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--rows", type=int, default=1_000_000, help="CSV rows of the import")
    parser.add_argument("--requests", type=int, default=200,
                        help="requests per aggregate query, plan read and progress reports")
    parser.add_argument("--documents", type=int, default=5, help="renderings of each document format")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["import", "aggregates", "documents", "plans"])
    parser.add_argument("--output", default=str(RESULTS_DIR / "latest.json"))
    args = parser.parse_args(argv)
    results = asyncio.run(run(args.url, args.rows, args.requests, args.documents, set(args.skip)))
    counts = results["dataset"]["counts"]
    print(f"\nQCDC benchmark on {db_name(args.url)} (scale {results['dataset']['scale']}): "
          f"{counts['org_unit']:,} units, {counts['data_value']:,} values, "
          f"{counts['aggregate_value']:,} roll-up rows\n")
    print(table(results))
    print("\ngoals met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in results["met"].items()))
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

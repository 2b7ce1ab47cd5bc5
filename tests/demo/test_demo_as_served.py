"""The demo as `qcdc demo load` gives it (issue 15 §1): the seeds' units as they stood, with the
reform of 1 July 2025 applied over them through the reorganisation import, served by a real
`qcdc serve` on a PostgreSQL database of its own. The shared test database keeps the 2024 tree
(tests/conftest.py), so this module is where the demo's today is checked.
"""

import asyncio
import os
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, timedelta
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import carry, rollup
from backend.config import PROJECT_ROOT
from backend.data_values import check
from backend.db import build_engine
from backend.demo.activity import DEPARTMENTS, PROVINCE_PLAN_NUMBER, demo_reports
from backend.demo.generated import ILLUSTRATIVE, periods_until
from backend.demo.loader import load_demo
from backend.demo.users import DEMO_PASSWORD, DEMO_USERS
from backend.kit import clock
from backend.models import DataValue, OrgUnit
from backend.periods.rules import PeriodType, parse_period
from tests.helpers import QCDC, served
from tests.testdb import TEST_URL, admin_sql

T = TypeVar("T")
DEMO_DB = TEST_URL.rsplit("/", 1)[1] + "_demo"
DEMO_URL = TEST_URL.rsplit("/", 1)[0] + "/" + DEMO_DB
REFORM_DAY, EVE = "2025-07-01", "2025-06-30"
DISTRICTS = {"216", "694", "654", "178", "180", "181", "182", "183", "184", "185", "186", "187",
             "188", "189"}
SONG_VAN_2023 = [  # Báo cáo số 04/BC-UBND ngày 11/01/2024 của UBND xã Song Vân (seed 003)
    ("QCDC_DISCLOSURE_DONE", {"value": True}),
    ("QCDC_LEADER_DIALOGUES", {"value": 2}),
    ("QCDC_LEADER_DIALOGUE_PARTICIPANTS", {"value": 8}),
    ("QCDC_FRONT_SUPERVISIONS", {"value": 3}),
    ("QCDC_FRONT_SURVEYS", {"value": 7}),
    ("QCDC_VILLAGES_WITH_CONVENTION", {"numerator": 13, "denominator": 13}),
    ("QCDC_INSPECTIONS", {"value": 1}),
    ("QCDC_UNITS_INSPECTED", {"value": 2}),
]


def _qcdc(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([*QCDC, *args], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def demo_env() -> Iterator[dict[str, str]]:
    asyncio.run(admin_sql(f'CREATE DATABASE "{DEMO_DB}"'))
    env = {**os.environ, "QCDC_DATABASE_URL": DEMO_URL}
    try:
        _qcdc("db", "upgrade", env=env)
        yield env
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{DEMO_DB}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def first_load(demo_env: dict[str, str]) -> str:
    return _qcdc("demo", "load", env=demo_env)


@pytest.fixture(scope="module")
def api(demo_env: dict[str, str], first_load: str) -> Iterator[httpx.Client]:
    with served(demo_env) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


def _as(api: httpx.Client, username: str) -> dict[str, str]:
    response = api.post("/auth/token", data={"grant_type": "password", "username": username,
                                             "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _units(api: httpx.Client, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = api.get("/org-units", headers=headers, params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def _unit(api: httpx.Client, headers: dict[str, str], code: str) -> dict[str, Any]:
    [unit] = [u for u in _units(api, headers, q=code) if u["code"] == code]
    return unit


def _aggregate(api: httpx.Client, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = api.get("/aggregates", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return list(response.json())


def test_the_load_applies_the_reform_once(demo_env: dict[str, str], first_load: str) -> None:
    assert "22 reform events" in first_load
    assert "Tỉnh Bắc Ninh" in first_load  # the logins print the unit each acts for today
    assert "demo data loaded: nothing new" in _qcdc("demo", "load", env=demo_env)


def test_todays_tree_has_no_district(api: httpx.Client) -> None:
    admin = _as(api, "admin")
    assert _units(api, admin, kind="district") == []
    before = {u["code"] for u in _units(api, admin, kind="district", as_of=EVE)}
    assert before == DISTRICTS
    provinces = {u["code"]: u["name"] for u in _units(api, admin, kind="province")}
    assert provinces == {"24": "Tỉnh Bắc Ninh", "66": "Tỉnh Đắk Lắk", "75": "Tỉnh Đồng Nai",
                         "20": "Tỉnh Lạng Sơn"}
    song_van = _unit(api, admin, "07345")
    assert song_van["parent_id"] == _unit(api, admin, "24")["id"]


def test_illustrative_merges_say_so(api: httpx.Client) -> None:
    admin = _as(api, "admin")
    ngoc_van = _units(api, admin, q="07351", as_of=EVE)[0]
    [succession] = api.get(f"/org-units/{ngoc_van['id']}/successions", headers=admin).json()
    assert succession["successor"]["code"] == "07348"
    assert "Minh họa" in succession["note"]
    hon_quan = _units(api, admin, q="694", kind="district", as_of=EVE)[0]
    [closing] = api.get(f"/org-units/{hon_quan['id']}/successions", headers=admin).json()
    assert closing["successor"]["code"] == "75" and closing["effective_date"] == REFORM_DAY


def test_every_login_of_a_closed_unit_was_moved(api: httpx.Client) -> None:
    admin = _as(api, "admin")
    open_units = {u["id"] for kind in ("province", "commune", "department")
                  for u in _units(api, admin, kind=kind)}
    users = api.get("/users", headers=admin, params={"limit": 200}).json()["items"]
    demo = {u["username"]: u for u in users if u["username"] in {d.username for d in DEMO_USERS}}
    assert len(demo) == len(DEMO_USERS)
    for user in demo.values():
        assert user["unit"] is None or user["unit"]["id"] in open_units, user
    assert demo["krongpac.planner"]["unit"]["code"] == "66"
    assert demo["honquan.phongnoivu.reporter"]["unit"]["code"] == "75-SNV"
    # A moved account acts in its new unit: the former district's planner sees the province.
    planner = _as(api, "krongpac.planner")
    assert {u["code"] for u in _units(api, planner)} == {"66"}


def test_krong_pac_2021_as_reported_and_on_todays_units(api: httpx.Client) -> None:
    """Seed 004: 24/24 agencies held the staff conference, 13/15 enterprises the workers'."""
    viewer = _as(api, "krongpac.reviewer")
    for indicator, figure in (("QCDC_STAFF_CONF", (24, 24)), ("QCDC_WORKERS_CONF", (13, 15))):
        [reported] = _aggregate(api, viewer, indicator=indicator, period="2021S1",
                                org_unit="654")
        assert reported["org_unit"]["code"] == "654"
        assert (reported["value"], reported["expected"]) == figure
        [today] = _aggregate(api, viewer, indicator=indicator, period="2021S1", org_unit="66",
                             basis="current")
        assert (today["numerator"], today["denominator"]) == figure
        assert today["org_unit"]["name"] == "Tỉnh Đắk Lắk" and today["comparable"]
        by_unit = _aggregate(api, viewer, indicator=indicator, period="2021S1", org_unit="66",
                             by="children", basis="current")
        assert "654" not in {row["org_unit"]["code"] for row in by_unit}


def test_song_van_2023_waits_for_review_then_counts_inside_bac_ninh(api: httpx.Client) -> None:
    """Song Vân's 2023 report, entered and submitted by its reporter with the seed's figures,
    waits in the former Tân Yên reviewer's queue (who acts for the province since the reform)."""
    reviewer = _as(api, "tanyen.reviewer")
    [report] = api.get("/submissions", headers=reviewer, params={
        "unit_id": _unit(api, reviewer, "07345")["id"], "period": "2023",
        "status": "submitted"}).json()["items"]
    detail = api.get(f"/submissions/{report['id']}", headers=reviewer).json()
    entered = {f["indicator"]: f for f in detail["data_values"] if f["value"] is not None
               or f.get("numerator") is not None}
    assert set(entered) == {code for code, _ in SONG_VAN_2023}
    for code, figure in SONG_VAN_2023:
        assert {k: entered[code][k] for k in figure} == figure, code
    approved = api.post(f"/submissions/{report['id']}/approve", headers=reviewer, json={})
    assert approved.status_code == 200, approved.text
    for basis in ("reported", "current"):
        [song_van] = _aggregate(api, reviewer, indicator="QCDC_FRONT_SURVEYS", period="2023",
                                org_unit="07345", basis=basis)
        assert song_van["value"] == 7, basis
    [today] = _aggregate(api, reviewer, indicator="QCDC_FRONT_SURVEYS", period="2023",
                         org_unit="24", basis="current")
    assert today["org_unit"]["name"] == "Tỉnh Bắc Ninh"


def test_counts_are_conserved_and_roll_ups_equal_a_rebuild(api: httpx.Client) -> None:
    admin = _as(api, "admin")
    for indicator, period in (("QCDC_UNITS_INSPECTED", "2021"), ("QCDC_STAFF_CONF", "2021S1")):
        totals = {basis: sum(row["numerator"] if row["numerator"] is not None else row["value"] or 0
                             for row in _aggregate(api, admin, indicator=indicator, period=period,
                                                   by="children", basis=basis))
                  for basis in ("reported", "current")}
        assert totals["reported"] == totals["current"] > 0, (indicator, totals)

    async def drift(session: AsyncSession) -> list[Any]:
        return [*await rollup.drift(session), *await carry.drift(session)]

    assert _in_demo_db(drift) == []


def _current_year() -> str:
    return [*periods_until(PeriodType.year, clock.today())][-1].id


def test_every_login_sees_figures_of_the_current_year(api: httpx.Client) -> None:
    """The dashboard's key indicators open on the current year: each login's unit (the admin's:
    each province) has figures in it, reported by every unit expected to."""
    year = _current_year()
    for demo in DEMO_USERS:
        headers = _as(api, demo.username)
        me = api.get("/auth/me", headers=headers).json()
        units = [me["unit"]] if me["unit"] else _units(api, headers, kind="province")
        for unit in units:
            [row] = _aggregate(api, headers, indicator="QCDC_DISCLOSURE_DONE", period=year,
                               org_unit=unit["id"])
            assert row["reported"] > 0, (demo.username, unit["code"], row)
            assert row["expected"] in (None, row["reported"]), (demo.username, row)


def test_seed_001_is_issued_with_progress_some_overdue(api: httpx.Client) -> None:
    planner = _as(api, "honquan.planner")
    [plan] = api.get("/plans", headers=planner).json()["items"]
    assert (plan["number"], plan["status"], plan["issue_date"]) == ("45", "issued", "2024-03-20")
    listed = api.get("/assignments", headers=planner, params={"plan_id": plan["id"], "limit": 200})
    tasks = listed.json()["items"]
    assert len(tasks) == listed.json()["pagination"]["total"]
    occurrences = [o for task in tasks for o in task["occurrences"]]
    completed = [o for o in occurrences if o["status"] == "completed"]
    assert completed and all(o["documents"] for o in completed)
    assert any(o["status"] == "in_progress" for o in occurrences)
    assert any(o["overdue"] for o in occurrences)
    # The extension carries the plan to today: its agencies' successors have tasks due now.
    reporter = _as(api, "honquan.phongnoivu.reporter")
    mine = api.get("/assignments", headers=reporter, params={"limit": 200}).json()["items"]
    assert any(o["due_date"] >= f"{clock.today().year}-01-01" for task in mine
               for o in task["occurrences"])


def _plans_of_bac_ninh(api: httpx.Client) -> list[dict[str, Any]]:
    listed = api.get("/plans", headers=_as(api, "bacgiang.planner"), params={"limit": 200})
    assert listed.status_code == 200, listed.text
    return [plan for plan in listed.json()["items"] if plan["issuer"]["code"] == "24"]


def test_the_province_plan_of_the_year_reaches_its_communes_and_departments(
        api: httpx.Client) -> None:
    """The demo's illustration of Bắc Ninh's plan of the current year, issued by its planner on
    today's tree: its tasks go to every commune of the province as a group and to the two
    departments."""
    year = clock.today().year
    [plan] = _plans_of_bac_ninh(api)
    assert (plan["number"], plan["status"]) == (PROVINCE_PLAN_NUMBER, "issued")
    assert plan["issue_date"].startswith(str(year)) and f"năm {year}" in plan["title"]
    assert "minh họa" in plan["title"]
    tasks = api.get("/assignments", headers=_as(api, "bacgiang.planner"),
                    params={"plan_id": plan["id"], "limit": 200}).json()["items"]
    carriers = {task["unit"]["code"] for task in tasks}
    assert carriers == {"07339", "07342", "07345", "07348", *(code for code, _ in DEPARTMENTS)}


def test_a_second_load_adds_no_province_plan_nor_progress(demo_env: dict[str, str],
                                                           api: httpx.Client) -> None:
    before = api.get("/assignments", headers=_as(api, "songvan.reporter"),
                     params={"limit": 200}).json()["items"]
    assert "demo data loaded: nothing new" in _qcdc("demo", "load", env=demo_env)
    assert len(_plans_of_bac_ninh(api)) == 1
    after = api.get("/assignments", headers=_as(api, "songvan.reporter"),
                    params={"limit": 200}).json()["items"]
    assert after == before


def _calendar_quarter(day: date) -> tuple[str, str]:
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    following = date(day.year + first.month // 10, (first.month + 2) % 12 + 1, 1)
    return first.isoformat(), (following - timedelta(days=1)).isoformat()


def test_a_commune_reporter_has_the_province_tasks_of_the_current_period(
        api: httpx.Client) -> None:
    """The issue "a system in use from the first minute": songvan.reporter's My tasks hold the
    province plan's tasks for the communes, a quarterly one falling due in this quarter, and its
    progress on those due before today, drawn as seed 001's is: some reported, some overdue."""
    today = clock.today()
    [plan] = _plans_of_bac_ninh(api)
    listed = api.get("/assignments", headers=_as(api, "songvan.reporter"), params={"limit": 200})
    tasks = [task for task in listed.json()["items"] if task["plan"]["id"] == plan["id"]]
    assert tasks and {task["unit"]["code"] for task in tasks} == {"07345"}
    assert {task["role"] for task in tasks} == {"lead"}
    start, end = _calendar_quarter(today)
    assert any(start <= occurrence["due_date"] <= end for task in tasks
               if task["recurrence"] == "quarterly" for occurrence in task["occurrences"])
    past = [occurrence for task in tasks for occurrence in task["occurrences"]
            if occurrence["due_date"] < today.isoformat()]
    assert all(occurrence["due_date"].startswith(str(today.year)) for occurrence in past)
    if len(past) >= 10:  # by spring: a draw of seven in ten reported leaves some of ten open
        assert any(occurrence["progress_id"] for occurrence in past)
        assert any(occurrence["overdue"] for occurrence in past)


def test_reports_in_every_state_wait_where_they_should(api: httpx.Client) -> None:
    admin = _as(api, "admin")
    for status in ("draft", "submitted", "returned", "approved"):
        found = api.get("/submissions", headers=admin, params={"status": status}).json()
        assert found["pagination"]["total"] >= 1, status
    returned = api.get("/submissions", headers=_as(api, "songvan.reporter"),
                       params={"status": "returned"}).json()["items"]
    assert returned and "rà soát" in api.get(f"/submissions/{returned[0]['id']}", headers=_as(
        api, "songvan.reporter")).json()["review_comment"]
    for reviewer in ("tanyen.reviewer", "honquan.reviewer", "krongpac.reviewer"):
        waiting = api.get("/submissions", headers=_as(api, reviewer),
                          params={"status": "submitted"}).json()
        assert waiting["pagination"]["total"] >= 1, reviewer


def _in_demo_db(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction on the demo's database, rolled back: the tests of this module
    share that database, each leaves it as it found it."""
    async def run() -> T:
        engine = build_engine(DEMO_URL)
        try:
            async with AsyncSession(engine) as session:
                try:
                    return await work(session)
                finally:
                    await session.rollback()
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_no_figure_sits_on_a_unit_that_did_not_exist_at_its_period_end(first_load: str) -> None:
    async def misplaced(session: AsyncSession) -> list[tuple[str, str]]:
        pairs = (await session.execute(select(OrgUnit.code, OrgUnit.valid_from, OrgUnit.valid_to,
                                              DataValue.period).join(
            DataValue, DataValue.org_unit_id == OrgUnit.id).distinct())).all()
        return [(code, period) for code, start, end, period in pairs
                if check.absent(start, end, parse_period(period)) is not None]

    assert _in_demo_db(misplaced) == []


def test_illustrative_figures_say_so_and_no_other_does(first_load: str) -> None:
    async def notes(session: AsyncSession) -> dict[tuple[str | None, bool], int]:
        rows = await session.execute(select(DataValue.note, DataValue.submission_id.is_(None),
                                            func.count()).group_by(DataValue.note,
                                                                   DataValue.submission_id.is_(None)))
        counted: dict[tuple[str | None, bool], int] = {}
        for note, unreported, n in rows:
            counted[note, unreported] = counted.get((note, unreported), 0) + n
        return counted

    counted = _in_demo_db(notes)
    assert counted[ILLUSTRATIVE, True] > 10_000
    assert counted[None, True] == 41  # the seeds' historic figures
    assert (ILLUSTRATIVE, False) not in counted  # a report's figures are its own


def test_a_later_day_adds_its_periods_and_keeps_the_rest(first_load: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded again a season later: the new periods get their figures and reports, nothing that
    exists changes, and the roll-ups still equal a rebuild; loaded once more, nothing is new. In
    a transaction rolled back, so the other tests keep the demo's today."""
    today = clock.today()
    later = today + timedelta(days=120)
    monkeypatch.setattr(clock, "today", lambda: later)

    async def load_twice(session: AsyncSession) -> tuple[dict[str, int], int, list[Any],
                                                         dict[str, int]]:
        before = await session.scalar(select(func.count()).select_from(DataValue).where(
            DataValue.period == "2023"))
        created = (await load_demo(session, activity=True)).created
        after = await session.scalar(select(func.count()).select_from(DataValue).where(
            DataValue.period == "2023"))
        drift = [*await rollup.drift(session), *await carry.drift(session)]
        again = (await load_demo(session, activity=True)).created
        return created, (after or 0) - (before or 0), drift, again

    created, changed_2023, drift, again = _in_demo_db(load_twice)
    assert created["illustrative figures"] > 0, created
    # A new year brings the province's plan of that year; seed 001's is never loaded again.
    assert created.get("plans", 0) == later.year - today.year, created
    assert created["reports"] == len(demo_reports(later)) - 1  # Song Vân's 2023 report stays
    assert changed_2023 == 0 and drift == [] and again == {}

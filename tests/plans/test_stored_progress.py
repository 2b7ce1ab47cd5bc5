"""Plan progress kept on write (issue 19 §1): whatever is reported, amended or moved, the stored
rows and counts equal a recomputation from the reports, and the plan's answer reads them.

Huyện Tính Thử (E19) issues a 2024 plan: a quarterly task for its Phòng Nội vụ, a monthly one for
every commune below it and an annual request to its Mặt trận. Hypothesis draws progress reports,
amendments of the span, communes moving between the district and its neighbour, and communes
created; after each draw the store is compared with `tally.drift`.
"""

from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from backend.assignments import tally
from backend.db import get_sessionmaker
from backend.models import Plan, PlanProgressCount, PlanTaskProgress
from tests import factories

PLAN = """KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

2. Ủy ban nhân dân các xã

Hằng tháng, tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân.

3. Đề nghị Ủy ban Mặt trận Tổ quốc huyện

Hằng năm, giám sát việc thực hiện dân chủ ở cơ sở.
"""
UNITS = "/api/v1/org-units"
SPAN_ENDS = ["2024-12-31", "2024-09-30", "2025-03-31"]
STATUSES = ["not_started", "in_progress", "completed", "not_applicable"]
_days = count(1)


async def _unit(client, admin, key, name, kind, parent=None, grassroots=None,
                since="2019-01-01") -> int:
    return await factories.unit(client, admin, code=f"E19-{key}", name=name, kind=kind,
                                parent_id=parent, grassroots=grassroots, since=since)


async def _user(client, login, unit_id: int, role: str) -> dict[str, str]:
    return await factories.signed_in(client, login, unit_id, role, prefix="e19")


@pytest.fixture(scope="module")
async def world(client, login) -> dict:
    admin = await login("admin")
    ids = {"P": await _unit(client, admin, "P", "Tỉnh Tính Thử", "province")}
    for key in ("D", "D2"):
        ids[key] = await _unit(client, admin, key, f"Huyện {key}", "district", ids["P"])
    communes = [await _unit(client, admin, f"C{n}", f"Xã Thử {n}", "commune",
                            ids["D" if n < 3 else "D2"], "commune") for n in range(4)]
    ids["A"] = await _unit(client, admin, "PNV", "Phòng Nội vụ", "department", ids["D"], "agency")
    ids["M"] = await _unit(client, admin, "MT", "Ủy ban Mặt trận Tổ quốc huyện", "mass_org",
                           ids["D"])
    planner = await _user(client, login, ids["D"], "planner")
    imported = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": PLAN, "issuer_id": ids["D"], "dry_run": False, "span_start": "2024-01-01",
        "span_end": SPAN_ENDS[0], "mapping": {"Ủy ban Mặt trận Tổ quốc huyện": ids["M"]}})
    assert imported.status_code == 200, imported.text
    assert imported.json()["unmatched"] == []
    plan_id = imported.json()["plan_id"]
    url = f"/api/v1/plans/{plan_id}"
    await client.patch(url, headers=planner, json={"number": "19", "issue_date": "2024-01-02"})
    assert (await client.post(f"{url}/issue", headers=planner)).status_code == 200
    reporters = {unit: await _user(client, login, unit, "reporter")
                 for unit in [ids["A"], ids["M"], *communes]}
    return {"ids": ids, "communes": communes, "planner": planner, "reporters": reporters,
            "plan_id": plan_id, "admin": admin}


async def _drift(plan_id: int) -> tuple[set, set]:
    async with get_sessionmaker()() as session:
        plan = await session.get(Plan, plan_id)
        assert plan is not None
        return await tally.drift(session, plan)


async def _tasks(client, headers, plan_id) -> list[dict]:
    found, page = [], 1
    while True:
        response = await client.get(f"/api/v1/plans/{plan_id}/assignments", headers=headers,
                                    params={"limit": 200, "page": page})
        assert response.status_code == 200, response.text
        found += response.json()["items"]
        if len(found) >= response.json()["pagination"]["total"]:
            return found
        page += 1


async def _report(client, world, pick: int, status: str) -> None:
    tasks = [t for t in await _tasks(client, world["planner"], world["plan_id"])
             if t["unit"]["id"] in world["reporters"] and t["occurrences"]]
    task = tasks[pick % len(tasks)]
    occurrence = task["occurrences"][pick % len(task["occurrences"])]
    response = await client.post(
        f"/api/v1/assignments/{task['assignment_id']}/progress",
        headers=world["reporters"][task["unit"]["id"]],
        json={"due_date": occurrence["due_date"], "status": status, "unit_id": task["unit"]["id"]})
    assert response.status_code in (200, 403, 422), response.text


async def _amend(client, world, pick: int) -> None:
    response = await client.post(f"/api/v1/plans/{world['plan_id']}/amendments",
                                 headers=world["planner"], json={
                                     "reason": "Điều chỉnh thời gian thực hiện",
                                     "changes": {"span_end": SPAN_ENDS[pick % len(SPAN_ENDS)]}})
    assert response.status_code == 201, response.text


def _next_day() -> str:
    return (date(2024, 2, 1) + timedelta(days=3 * next(_days))).isoformat()


async def _move(client, world, pick: int) -> None:
    commune = world["communes"][pick % len(world["communes"])]
    unit = (await client.get(f"{UNITS}/{commune}", headers=world["admin"])).json()
    parent = world["ids"]["D2"] if unit["parent_id"] == world["ids"]["D"] else world["ids"]["D"]
    moved = await client.patch(f"{UNITS}/{commune}", headers=world["admin"],
                               json={"parent_id": parent, "moved_on": _next_day()})
    assert moved.status_code == 200, moved.text


async def _add(client, world, pick: int) -> None:
    n = len(world["communes"])
    world["communes"].append(await _unit(client, world["admin"], f"N{n}", f"Xã Mới {n}", "commune",
                                         world["ids"]["D"], "commune", since=_next_day()))


STEPS = st.lists(st.tuples(st.sampled_from(["report", "report", "report", "amend", "move", "add"]),
                           st.integers(0, 10_000), st.sampled_from(STATUSES)),
                 min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
async def test_stored_progress_equals_a_recomputation(client, world, steps):
    for action, pick, status in steps:
        if action == "report":
            await _report(client, world, pick, status)
        elif action == "amend":
            await _amend(client, world, pick)
        elif action == "move":
            await _move(client, world, pick)
        elif len(world["communes"]) < 8:
            await _add(client, world, pick)
        assert await _drift(world["plan_id"]) == (set(), set()), action


async def test_the_plan_reads_what_is_stored(client, world):
    plan_id = world["plan_id"]
    commune = world["communes"][0]
    monthly = next(t for t in await _tasks(client, world["planner"], plan_id)
                   if t["section_number"] == "II.2" and t["unit"]["id"] == commune)
    for occurrence in monthly["occurrences"]:
        response = await client.post(
            f"/api/v1/assignments/{monthly['assignment_id']}/progress",
            headers=world["reporters"][commune],
            json={"due_date": occurrence["due_date"], "status": "completed", "unit_id": commune})
        assert response.status_code == 200, response.text
    # The country's administrator reads every carrier's work, which the roll-ups count (the
    # district's planner no longer reads a commune's work once it moved away).
    tasks = await _tasks(client, world["admin"], plan_id)
    plan = (await client.get(f"/api/v1/plans/{plan_id}", headers=world["planner"])).json()
    sections = (await client.get(f"/api/v1/plans/{plan_id}/sections",
                                 headers=world["planner"])).json()
    # What the pages showed when it was computed on every read: the mean of the lead tasks.
    group = [t["percent"] for t in tasks if t["section_number"] == "II.2"]
    assert next(s for s in sections if s["number"] == "II.2")["progress"] == round(
        sum(group) / len(group), 1)
    assert plan["overdue"] == sum(1 for t in tasks if t["overdue"])
    assert await _drift(plan_id) == (set(), set())


async def test_a_rebuild_of_every_plan_writes_what_the_writes_kept(world):
    async with get_sessionmaker()() as session:
        plan = await session.get(Plan, world["plan_id"])
        assert plan is not None
        before = await tally.plan_progress(session, plan, date.today())
        assert await tally.rebuild_all(session) >= 1
        assert await tally.drift(session, plan) == (set(), set())
        assert await tally.plan_progress(session, plan, date.today()) == before
        await session.rollback()


async def test_plans_issued_before_progress_was_stored_get_it_on_upgrade(world):
    """`qcdc db upgrade` rebuilds only the plans with no stored progress (as after m8progress01)."""
    async with get_sessionmaker()() as session:
        plan = await session.get(Plan, world["plan_id"])
        assert plan is not None
        before = await tally.plan_progress(session, plan, date.today())
        await session.execute(delete(PlanProgressCount).where(
            PlanProgressCount.plan_id == plan.id))
        await session.execute(delete(PlanTaskProgress).where(PlanTaskProgress.plan_id == plan.id))
        assert await tally.rebuild_all(session, missing_only=True) >= 1
        assert await tally.drift(session, plan) == (set(), set())
        assert await tally.plan_progress(session, plan, date.today()) == before
        await session.rollback()

"""A plan's tasks as one CSV file (issue 19 §2): every task the paged list holds, in its order,
filtered alike, only what the caller may see, in the caller's language, and safe to open in Excel.

Huyện Xuất Thử issues a 2024 plan: a quarterly task for its Phòng Nội vụ and a monthly one for
every commune below it, one of them named like a spreadsheet formula.
"""

import csv
import io

import pytest

from backend.assignments import service
from tests import factories

PLAN = """KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2024

I. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

2. Ủy ban nhân dân các xã

Hằng tháng, tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân.
"""
FORMULA = '=HYPERLINK("http://x.invalid","Xã")'
EN_HEADER = ["section_number", "section_title", "unit_code", "unit_name", "role", "mode",
             "recurrence", "state", "percent", "occurrences", "settled", "overdue", "next_due"]


async def _plan(client, planner: dict, issuer: int, *, issue: bool) -> int:
    imported = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": PLAN, "issuer_id": issuer, "dry_run": False, "span_start": "2024-01-01",
        "span_end": "2024-12-31"})
    assert imported.status_code == 200 and imported.json()["unmatched"] == [], imported.text
    plan_id = imported.json()["plan_id"]
    if issue:
        url = f"/api/v1/plans/{plan_id}"
        await client.patch(url, headers=planner, json={"number": "21", "issue_date": "2024-01-02"})
        assert (await client.post(f"{url}/issue", headers=planner)).status_code == 200
    return plan_id


@pytest.fixture(scope="module")
async def world(client, login) -> dict:
    admin = await login("admin")
    province = await factories.unit(client, admin, code="X19-P", name="Tỉnh Xuất Thử",
                                    kind="province")
    district = await factories.unit(client, admin, code="X19-D", name="Huyện Xuất Thử",
                                    kind="district", parent_id=province)
    communes = [await factories.unit(client, admin, code=f"X19-C{n}", name=name, kind="commune",
                                     parent_id=district, grassroots="commune")
                for n, name in enumerate(["Xã Xuất Một", "Xã Xuất Hai", FORMULA])]
    agency = await factories.unit(client, admin, code="X19-PNV", name="Phòng Nội vụ",
                                  kind="department", parent_id=district, grassroots="agency")
    planner = await factories.signed_in(client, login, district, "planner", prefix="x19")
    plan_id = await _plan(client, planner, district, issue=True)
    reporter = await factories.signed_in(client, login, communes[0], "reporter", prefix="x19")
    tasks = await _tasks(client, planner, plan_id)
    mine = next(t for t in tasks if t["unit"]["id"] == communes[0])
    reported = await client.post(f"/api/v1/assignments/{mine['assignment_id']}/progress",
                                 headers=reporter, json={
                                     "due_date": mine["occurrences"][0]["due_date"],
                                     "status": "completed"})
    assert reported.status_code == 200, reported.text
    return {"planner": planner, "reporter": reporter, "plan_id": plan_id, "communes": communes,
            "agency": agency, "district": district}


async def _tasks(client, headers, plan_id, **filters) -> list[dict]:
    found, page = [], 1
    while True:
        response = await client.get(f"/api/v1/plans/{plan_id}/assignments", headers=headers,
                                    params={"limit": 200, "page": page, **filters})
        assert response.status_code == 200, response.text
        found += response.json()["items"]
        if len(found) >= response.json()["pagination"]["total"]:
            return found
        page += 1


async def _export(client, headers, plan_id, language: str = "en", **filters) -> list[list[str]]:
    response = await client.get(f"/api/v1/plans/{plan_id}/assignments/export", params=filters,
                                headers={**headers, "Accept-Language": language})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 by it
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _keys(tasks: list[dict]) -> list[tuple[str, str]]:
    return [(t["section_number"], t["unit"]["code"]) for t in tasks]


async def test_the_export_holds_every_task_of_the_list_in_its_order(client, world, monkeypatch):
    monkeypatch.setattr(service, "_BATCH", 2)  # batches end inside the list
    tasks = await _tasks(client, world["planner"], world["plan_id"])
    header, *rows = await _export(client, world["planner"], world["plan_id"])
    assert header == EN_HEADER
    assert [(r[0], r[2]) for r in rows] == _keys(tasks) and len(tasks) == 4
    by_unit = {r[2]: dict(zip(header, r, strict=True)) for r in rows}
    for task in tasks:
        row = by_unit[task["unit"]["code"]]
        occurrences = task["occurrences"]
        assert row["unit_name"] == (f"'{FORMULA}" if task["unit"]["name"] == FORMULA
                                    else task["unit"]["name"])
        assert (row["role"], row["mode"], row["recurrence"]) == (
            task["role"], task["mode"], task["recurrence"])
        assert float(row["percent"]) == task["percent"]
        assert int(row["occurrences"]) == len(occurrences)
        assert int(row["overdue"]) == sum(o["overdue"] for o in occurrences)
        assert int(row["settled"]) == sum(o["status"] == "completed" for o in occurrences)
        assert row["next_due"] == (task["next_due"] or "")
    # The commune that reported one month of twelve: begun, one settled, 1/12 done.
    begun = by_unit[next(t["unit"]["code"] for t in tasks
                         if t["unit"]["id"] == world["communes"][0])]
    assert (begun["state"], begun["settled"], begun["occurrences"]) == ("in_progress", "1", "12")
    assert {r["state"] for code, r in by_unit.items() if r is not begun} == {"not_started"}


async def test_the_export_filters_as_the_list_does(client, world):
    for filters in ({"status": "in_progress"}, {"status": "not_started"}, {"status": "overdue"},
                    {"unit_id": world["agency"]}):
        tasks = await _tasks(client, world["planner"], world["plan_id"], **filters)
        _, *rows = await _export(client, world["planner"], world["plan_id"], **filters)
        assert [(r[0], r[2]) for r in rows] == _keys(tasks), filters
    _, *done = await _export(client, world["planner"], world["plan_id"], status="done")
    assert done == []


async def test_the_export_speaks_the_callers_language(client, world):
    header, *rows = await _export(client, world["planner"], world["plan_id"], "vi")
    assert header == ["Mục", "Nhiệm vụ", "Mã đơn vị", "Đơn vị thực hiện", "Vai trò", "Hình thức",
                      "Tần suất", "Tình trạng", "Tiến độ (%)", "Số kỳ", "Số kỳ đã xong",
                      "Số kỳ quá hạn", "Hạn tiếp theo"]
    agency = next(r for r in rows if r[3] == "Phòng Nội vụ")
    assert agency[4:8] == ["Chủ trì", "Giao", "Hằng quý", "Chưa thực hiện"]
    assert {r[6] for r in rows if r[3] != "Phòng Nội vụ"} == {"Hằng tháng"}
    assert {r[7] for r in rows} == {"Chưa thực hiện", "Đang thực hiện"}
    # The span ended with 2024: no next due date; had it one, it would read dd/mm/yyyy.
    assert {r[12] for r in rows} == {""}


async def test_a_unit_named_as_a_formula_stays_text(client, world):
    _, *rows = await _export(client, world["planner"], world["plan_id"])
    names = [r[3] for r in rows]
    assert f"'{FORMULA}" in names and FORMULA not in names


async def test_the_export_holds_only_what_the_caller_may_see(client, world, login):
    _, *rows = await _export(client, world["reporter"], world["plan_id"])
    own = [t for t in await _tasks(client, world["reporter"], world["plan_id"])]
    assert [(r[0], r[2]) for r in rows] == _keys(own) and len(own) == 1
    assert own[0]["unit"]["id"] == world["communes"][0]
    # Another province's planner does not see the plan, nor its tasks; nobody anonymous does.
    other = await login("bacgiang.planner")
    url = f"/api/v1/plans/{world['plan_id']}/assignments/export"
    assert (await client.get(f"/api/v1/plans/{world['plan_id']}", headers=other)).status_code \
        == (refused := (await client.get(url, headers=other)).status_code)
    assert refused == 404
    assert (await client.get(url)).status_code == 401
    assert (await client.get("/api/v1/plans/999999999/assignments/export",
                             headers=world["planner"])).status_code == 404


async def test_a_draft_exports_its_tasks_to_its_planners(client, world):
    plan_id = await _plan(client, world["planner"], world["district"], issue=False)
    tasks = await _tasks(client, world["planner"], plan_id)
    _, *rows = await _export(client, world["planner"], plan_id)
    assert [(r[0], r[2]) for r in rows] == _keys(tasks) and len(rows) == 4

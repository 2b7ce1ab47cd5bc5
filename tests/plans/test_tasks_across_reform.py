"""Plans and tasks across a reorganisation (issue 15 §4, issue 16 §3), on units of its own.

Tỉnh Kiểm Thử (E15) has two districts. Huyện Một (E15-D) issues a plan for 2020–2021 with a
quarterly task for its Phòng Nội vụ and one for every commune below it. On 2020-07-01 Xã Hai moves
to Huyện Hai. On 2021-01-01 the district level goes: Xã Một moves up to the province, Xã Ba
merges into Xã Một, the Phòng Nội vụ splits between two provincial departments, and Huyện Một
closes into the province.
"""

import pytest

from tests.helpers import assert_problem, every_item

PLAN = """KẾ HOẠCH
Thực hiện dân chủ ở cơ sở giai đoạn 2020 - 2021

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

2. Ủy ban nhân dân các xã

Hằng quý, tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân.
"""
PASSWORD = "reform-test-pass-1"
UNITS = "/api/v1/org-units"
Q2020 = ["2020-03-14", "2020-06-14", "2020-09-14", "2020-12-14"]
Q2021 = ["2021-03-14", "2021-06-14", "2021-09-14", "2021-12-14"]
UNTIL_MOVE = Q2020[:2]
C2_NOTE = "Xã Hai: đã đối thoại quý I trước khi chuyển huyện"


async def _unit(client, admin, code, name, kind, parent=None, grassroots=None) -> int:
    response = await client.post(UNITS, headers=admin, json={
        "code": code, "name": name, "kind": kind, "grassroots_type": grassroots,
        "parent_id": parent, "valid_from": "2019-01-01"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _user(client, login, unit_id: int, username: str, role: str) -> dict[str, str]:
    created = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Kiểm thử sắp xếp", "unit_id": unit_id,
        "roles": [role], "password": PASSWORD})
    assert created.status_code == 201, created.text
    return await login(username, PASSWORD)


async def _tasks(client, headers, plan_id) -> list[dict]:
    return await every_item(client, f"/api/v1/plans/{plan_id}/assignments", headers)


def _due(tasks, section, code) -> list[str]:
    found = [t for t in tasks if t["section_number"] == section and t["unit"]["code"] == code]
    return [o["due_date"] for t in found for o in t["occurrences"]]


async def _report(client, headers, assignment_id, due, unit_id=None, note=None):
    return await client.post(f"/api/v1/assignments/{assignment_id}/progress", headers=headers,
                             json={"due_date": due, "status": "completed", "note": note,
                                   "unit_id": unit_id})


@pytest.fixture(scope="module")
async def reform(client, login) -> dict:
    admin = await login("admin")
    ids = {"P": await _unit(client, admin, "E15", "Tỉnh Kiểm Thử", "province")}
    ids["D"] = await _unit(client, admin, "E15-D", "Huyện Một", "district", ids["P"])
    ids["D2"] = await _unit(client, admin, "E15-D2", "Huyện Hai", "district", ids["P"])
    for key, name in (("C1", "Xã Một"), ("C2", "Xã Hai"), ("C3", "Xã Ba")):
        ids[key] = await _unit(client, admin, f"E15-{key}", name, "commune", ids["D"], "commune")
    ids["A"] = await _unit(client, admin, "E15-D-PNV", "Phòng Nội vụ", "department", ids["D"],
                           "agency")
    for key, name in (("S1", "Sở Nội vụ"), ("S2", "Ban Tổ chức")):
        ids[key] = await _unit(client, admin, f"E15-{key}", name, "department", ids["P"], "agency")
    users = {
        "d_planner": await _user(client, login, ids["D"], "e15.d.planner", "planner"),
        "d2_planner": await _user(client, login, ids["D2"], "e15.d2.planner", "planner"),
        "p_planner": await _user(client, login, ids["P"], "e15.p.planner", "planner"),
        "p_reviewer": await _user(client, login, ids["P"], "e15.p.reviewer", "reviewer"),
        "c1": await _user(client, login, ids["C1"], "e15.c1.reporter", "reporter"),
        "c2": await _user(client, login, ids["C2"], "e15.c2.reporter", "reporter"),
        "a": await _user(client, login, ids["A"], "e15.pnv.reporter", "reporter"),
        "s1": await _user(client, login, ids["S1"], "e15.s1.reporter", "reporter"),
    }
    imported = await client.post("/api/v1/plans/import", headers=users["d_planner"], json={
        "text": PLAN, "issuer_id": ids["D"], "dry_run": False,
        "span_start": "2020-01-01", "span_end": "2021-12-31"})
    assert imported.status_code == 200, imported.text
    assert imported.json()["unmatched"] == []
    plan_id = imported.json()["plan_id"]
    url = f"/api/v1/plans/{plan_id}"
    await client.patch(url, headers=users["d_planner"], json={"number": "15",
                                                               "issue_date": "2020-01-02"})
    assert (await client.post(f"{url}/issue", headers=users["d_planner"])).status_code == 200
    tasks = await _tasks(client, users["d_planner"], plan_id)
    assignment = {t["section_number"]: t["assignment_id"] for t in tasks}
    # Before anything moves: the agency and every commune carry all eight quarters.
    assert _due(tasks, "II.1", "E15-D-PNV") == Q2020 + Q2021
    assert all(_due(tasks, "II.2", f"E15-{c}") == Q2020 + Q2021 for c in ("C1", "C2", "C3"))
    reported = await _report(client, users["c2"], assignment["II.2"], Q2020[0], note=C2_NOTE)
    assert reported.status_code == 200, reported.text
    assert (await _report(client, users["a"], assignment["II.1"], Q2020[0])).status_code == 200

    moved = await client.patch(f"{UNITS}/{ids['C2']}", headers=admin,
                               json={"parent_id": ids["D2"], "moved_on": "2020-07-01"})
    assert moved.status_code == 200, moved.text
    moved = await client.patch(f"{UNITS}/{ids['C1']}", headers=admin,
                               json={"parent_id": ids["P"], "moved_on": "2021-01-01"})
    assert moved.status_code == 200, moved.text
    for unit, successors in (("C3", ["C1"]), ("A", ["S1", "S2"]), ("D", ["P"])):
        closed = await client.post(f"{UNITS}/{ids[unit]}/close", headers=admin, json={
            "valid_to": "2021-01-01", "successor_ids": [ids[s] for s in successors],
            "accounts": "move", "accounts_to": ids[successors[0]]})
        assert closed.status_code == 200, closed.text
    return {"ids": ids, "users": users, "plan_id": plan_id, "assignment": assignment}


async def test_occurrences_after_the_reform_belong_to_the_successors(client, reform):
    tasks = await _tasks(client, reform["users"]["p_reviewer"], reform["plan_id"])
    # The named task: the agency keeps 2020; both parts of its split carry 2021.
    assert _due(tasks, "II.1", "E15-D-PNV") == Q2020
    assert _due(tasks, "II.1", "E15-S1") == Q2021 and _due(tasks, "II.1", "E15-S2") == Q2021
    # The group: Xã Một carries on under the province (it also stands for Xã Ba, merged into it);
    # Xã Ba keeps its 2020, Xã Hai what fell due before it moved away.
    assert _due(tasks, "II.2", "E15-C1") == Q2020 + Q2021
    assert _due(tasks, "II.2", "E15-C3") == Q2020
    assert _due(tasks, "II.2", "E15-C2") == UNTIL_MOVE
    # The history stays where it was reported.
    agency = next(t for t in tasks if t["unit"]["code"] == "E15-D-PNV")
    assert agency["occurrences"][0]["status"] == "completed"


async def test_the_reorganisation_records_each_task_it_hands_over(client, login, reform):
    ids, assignment = reform["ids"], reform["assignment"]
    recorded = {}
    for section in ("II.1", "II.2"):
        response = await client.get("/api/v1/audit-events", headers=await login("admin"), params={
            "entity_type": "assignment", "entity_id": str(assignment[section]), "limit": 50})
        assert response.status_code == 200, response.text
        recorded[section] = sorted(
            (e["after"]["unit_id"], e["after"]["on"], e["after"]["carries"], e["after"]["carried_by"])
            for e in response.json()["items"] if e["action"] == "handover")
    assert recorded["II.1"] == [(ids["A"], "2021-01-01", False, sorted([ids["S1"], ids["S2"]]))]
    # Moved one at a time, Xã Một left a district that still stood, then carried on once the
    # district closed; a reorganisation written as one batch records neither.
    assert recorded["II.2"] == sorted([(ids["C2"], "2020-07-01", False, []),
                                       (ids["C1"], "2021-01-01", False, []),
                                       (ids["C1"], "2021-01-01", True, []),
                                       (ids["C3"], "2021-01-01", False, [])])


async def test_the_moved_commune_reports_under_its_new_parent(client, reform):
    users, assignment = reform["users"], reform["assignment"]
    response = await _report(client, users["c1"], assignment["II.2"], Q2021[0])
    assert response.status_code == 200, response.text
    seen = await _tasks(client, users["p_reviewer"], reform["plan_id"])
    c1 = next(t for t in seen if t["section_number"] == "II.2" and t["unit"]["code"] == "E15-C1")
    assert next(o for o in c1["occurrences"] if o["due_date"] == Q2021[0])["status"] == "completed"
    # The successor of the split agency reports 2021, and not what stayed with the agency.
    s1 = await _report(client, users["s1"], assignment["II.1"], Q2021[1])
    assert s1.status_code == 200, s1.text
    assert [o["due_date"] for o in s1.json()["occurrences"]] == Q2021
    assert_problem(await _report(client, users["s1"], assignment["II.1"], Q2020[3]), 422)


async def test_a_unit_that_moved_away_gets_nothing_new(client, reform):
    users, assignment = reform["users"], reform["assignment"]
    mine = await every_item(client, "/api/v1/assignments", users["c2"],
                            plan_id=reform["plan_id"])
    # Xã Hai sees only what is still its own: what fell due while it was Huyện Một's.
    assert [o["due_date"] for t in mine for o in t["occurrences"]] == UNTIL_MOVE
    assert_problem(await _report(client, users["c2"], assignment["II.2"], Q2020[2]), 422)
    assert_problem(await _report(client, users["c2"], assignment["II.2"], Q2021[0]), 422)
    # What it reported before it left is still read along the old line.
    seen = await _tasks(client, users["p_reviewer"], reform["plan_id"])
    c2 = next(t for t in seen if t["unit"]["code"] == "E15-C2")
    assert c2["occurrences"][0]["note"] == C2_NOTE


async def test_the_successors_planner_manages_the_closed_districts_plan(client, reform):
    users, url = reform["users"], f"/api/v1/plans/{reform['plan_id']}"
    # Huyện Hai reads it (the province stands in for its issuer) but does not manage it.
    assert_problem(await client.post(f"{url}/amendments", headers=users["d2_planner"], json={
        "reason": "Không phải kế hoạch của huyện này", "changes": {"title": "Sai"}}), 403)
    amended = await client.post(f"{url}/amendments", headers=users["p_planner"], json={
        "reason": "Huyện Một đã giải thể: tỉnh tiếp tục theo dõi",
        "changes": {"title": "Kế hoạch thực hiện dân chủ ở cơ sở (tỉnh tiếp tục theo dõi)"}})
    assert amended.status_code == 201, amended.text
    assert amended.json()["revision"] == 2
    progress = await client.get(url, headers=users["p_reviewer"])
    assert progress.status_code == 200 and progress.json()["completion"] > 0
    closed = await client.post(f"{url}/close", headers=users["p_planner"])
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"

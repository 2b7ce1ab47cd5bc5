"""Seeing follows time (issue 15 §4): a unit's work is read by the line it was in when it did it.

Two provinces of this test's own, Tỉnh Thời Gian A and Tỉnh Thời Gian B, and their communes, all
reporting quarters of 2014 (a year no other test uses). On 2014-07-01 the communes of A change:
- Thời Gian moves to B: A keeps reading its 2014Q2 report, B reads its 2014Q3 one; neither reads
  the other's;
- Hằng Nhớ moves to B and its history follows it: B reads its 2014Q2 report as well, A still does;
- Sáp Nhập merges into Hợp Nhất, a new commune of B: B inherits its history, A keeps it;
- Bên Cạnh, a sibling that stays in A, never reads any of it.
The units themselves stay readable as history."""

import itertools
from datetime import UTC, datetime

import pytest

from backend.db import get_sessionmaker
from backend.models import AuditEvent
from tests.helpers import assert_problem, every_item

UNITS = "/api/v1/org-units"
SUBMISSIONS = "/api/v1/submissions"
AGG = "/api/v1/aggregates"
PASSWORD = "seeing-time-pass-1"
MOVE = "2014-07-01"
FORM = "QCDC_COMMUNE_QUARTERLY"
PLAN = """KẾ HOẠCH
Kiểm thử xem theo thời gian năm 2014

I. MỤC ĐÍCH, YÊU CẦU

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Xã Thời Gian

Hằng quý, báo cáo tình hình thực hiện dân chủ ở cơ sở.
"""
BEFORE_NOTE = "Quý I: đã niêm yết công khai dự toán"
AFTER_NOTE = "Quý III: đã lấy ý kiến Nhân dân về quy hoạch"
_serial = itertools.count(1)


def _figures(decisions: int) -> list[dict]:
    counts = ("QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
              "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
              "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS")
    return [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
            *({"indicator": code, "value": decisions} for code in counts)]


async def _unit(client, admin, code: str, name: str, kind: str, parent_id: int | None,
                valid_from: str = "2010-01-01") -> dict:
    created = await client.post(UNITS, headers=admin, json={
        "code": code, "name": name, "kind": kind, "parent_id": parent_id, "valid_from": valid_from,
        "grassroots_type": "commune" if kind == "commune" else None})
    assert created.status_code == 201, created.text
    return created.json()


async def _user(client, login, admin, unit_id: int, role: str) -> dict[str, str]:
    username = f"seeing.{role}{next(_serial)}"
    created = await client.post("/api/v1/users", headers=admin, json={
        "username": username, "full_name": "Kiểm thử xem theo thời gian", "unit_id": unit_id,
        "roles": [role], "password": PASSWORD})
    assert created.status_code == 201, created.text
    return await login(username, PASSWORD)


async def _submitted(client, admin, form_id: int, unit_id: int, period: str,
                     decisions: int = 7) -> str:
    """A report of the unit for the period, written and submitted: its URL."""
    created = await client.post(SUBMISSIONS, headers=admin, json={
        "form_id": form_id, "unit_id": unit_id, "period": period, "data_values": _figures(decisions),
        "narrative": {}})
    assert created.status_code == 201, created.text
    url = f"{SUBMISSIONS}/{created.json()['id']}"
    assert (await client.post(f"{url}/submit", headers=admin, json={})).status_code == 200
    return url


async def _report(client, admin, form_id: int, unit_id: int, period: str, reviewer) -> int:
    url = await _submitted(client, admin, form_id, unit_id, period)
    approved = await client.post(f"{url}/approve", headers=reviewer, json={})
    assert approved.status_code == 200, approved.text
    return int(url.rsplit("/", 1)[1])


async def _plan(client, planner, issuer_id: int) -> int:
    imported = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": PLAN, "issuer_id": issuer_id, "dry_run": False, "span_start": "2014-01-01",
        "span_end": "2014-12-31"})
    assert imported.status_code == 200, imported.text
    url = f"/api/v1/plans/{imported.json()['plan_id']}"
    await client.patch(url, headers=planner, json={"number": "2014", "issue_date": "2014-01-05"})
    assert (await client.post(f"{url}/issue", headers=planner)).status_code == 200
    return int(imported.json()["plan_id"])


async def _progress(client, reporter, plan_id: int, due_index: int, note: str) -> None:
    tasks = await every_item(client, "/api/v1/assignments", reporter, plan_id=plan_id)
    task = tasks[0]
    due = task["occurrences"][due_index]["due_date"]
    response = await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                 headers=reporter, json={"due_date": due, "status": "in_progress",
                                                         "note": note})
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
async def world(client, login) -> dict:
    admin = await login("admin")
    a = await _unit(client, admin, "SEE-A", "Tỉnh Thời Gian A", "province", None)
    b = await _unit(client, admin, "SEE-B", "Tỉnh Thời Gian B", "province", None)
    units = {"a": a, "b": b}
    for key, name in (("moved", "Xã Thời Gian"), ("follows", "Xã Hằng Nhớ"),
                      ("merged", "Xã Sáp Nhập"), ("sibling", "Xã Bên Cạnh")):
        units[key] = await _unit(client, admin, f"SEE-{key.upper()}", name, "commune", a["id"])
    users = {"a.viewer": await _user(client, login, admin, a["id"], "viewer"),
             "a.reviewer": await _user(client, login, admin, a["id"], "reviewer"),
             "b.viewer": await _user(client, login, admin, b["id"], "viewer"),
             "b.reviewer": await _user(client, login, admin, b["id"], "reviewer"),
             "sibling": await _user(client, login, admin, units["sibling"]["id"], "viewer"),
             "moved.reporter": await _user(client, login, admin, units["moved"]["id"], "reporter")}
    form_id = next(f["id"] for f in (await client.get("/api/v1/reporting-forms", headers=admin,
                                                      params={"q": FORM})).json()["items"]
                   if f["code"] == FORM)
    hook = await client.post("/api/v1/webhooks", headers=await _user(
        client, login, admin, a["id"], "admin"), json={
        "name": "Cổng tỉnh A", "url": "https://seeing.invalid/hook", "unit_id": units["moved"]["id"],
        "events": ["submission.approved"]})
    assert hook.status_code == 201, hook.text
    reports = {key: await _report(client, admin, form_id, units[key]["id"], "2014Q2",
                                  users["a.reviewer"])
               for key in ("moved", "follows", "merged", "sibling")}
    plan_id = await _plan(client, await _user(client, login, admin, a["id"], "planner"), a["id"])
    await _progress(client, users["moved.reporter"], plan_id, 0, BEFORE_NOTE)

    moved = await client.patch(f"{UNITS}/{units['moved']['id']}", headers=admin,
                               json={"parent_id": b["id"], "moved_on": MOVE})
    assert moved.status_code == 200, moved.text
    follows = await client.patch(f"{UNITS}/{units['follows']['id']}", headers=admin,
                                 json={"parent_id": b["id"], "moved_on": MOVE,
                                       "history_follows": True})
    assert follows.status_code == 200, follows.text
    units["successor"] = await _unit(client, admin, "SEE-SUCCESSOR", "Xã Hợp Nhất", "commune",
                                     b["id"], valid_from=MOVE)
    closed = await client.post(f"{UNITS}/{units['merged']['id']}/close", headers=admin, json={
        "valid_to": MOVE, "successor_ids": [units["successor"]["id"]]})
    assert closed.status_code == 200, closed.text

    reports["moved.after"] = await _report(client, admin, form_id, units["moved"]["id"], "2014Q3",
                                           users["b.reviewer"])
    await _progress(client, users["moved.reporter"], plan_id, 2, AFTER_NOTE)
    # Its receiver is not there: paused, the subscription's deliveries stay unsent.
    paused = await client.patch(f"/api/v1/webhooks/{hook.json()['id']}", headers=admin,
                                json={"is_active": False})
    assert paused.status_code == 200, paused.text
    return {"units": units, "users": users, "reports": reports, "plan_id": plan_id,
            "hook_id": hook.json()["id"], "form_id": form_id}


async def _periods(client, headers, unit_id: int) -> set[str]:
    response = await client.get(SUBMISSIONS, headers=headers,
                                params={"unit_id": unit_id, "limit": 100})
    assert response.status_code == 200, response.text
    return {s["period"] for s in response.json()["items"]}


async def _reads(client, headers, submission_id: int) -> bool:
    """Whether the caller reads the report and its document; a report it may not read is not
    there for it at all (404)."""
    response = await client.get(f"{SUBMISSIONS}/{submission_id}", headers=headers)
    document = await client.get(f"{SUBMISSIONS}/{submission_id}/document-settings", headers=headers)
    if response.status_code == 404:
        assert_problem(response, 404)
        assert_problem(document, 404)
        return False
    assert response.status_code == 200 and document.status_code == 200, response.text
    return True


async def _value(client, headers, unit: dict, period: str, below: dict | None = None,
                 ) -> float | None:
    """The caller's aggregate of the unit for the period, or of its row among the children of
    `below`: None when it has no row to read."""
    params = {"indicator": "QCDC_DIRECT_DECISIONS", "period": period,
              "org_unit": (below or unit)["code"]}
    response = await client.get(AGG, headers=headers,
                                params={**params, "by": "children"} if below else params)
    assert response.status_code == 200, response.text
    rows = [r for r in response.json() if r["org_unit"]["code"] == unit["code"]]
    return rows[0]["value"] if rows else None


async def test_the_old_line_reads_a_moved_units_work_up_to_the_move(client, world):
    moved, a = world["units"]["moved"], world["units"]["a"]
    for who in ("a.viewer", "a.reviewer"):
        headers = world["users"][who]
        assert await _periods(client, headers, moved["id"]) == {"2014Q2"}, who
        assert await _reads(client, headers, world["reports"]["moved"])
        assert not await _reads(client, headers, world["reports"]["moved.after"])
        assert await _value(client, headers, moved, "2014Q2") == 7
        assert await _value(client, headers, moved, "2014Q3") is None
        assert await _value(client, headers, moved, "2014Q2", below=a) == 7
        assert await _value(client, headers, moved, "2014Q3", below=a) is None
        # The unit itself stays readable as history.
        assert (await client.get(f"{UNITS}/{moved['id']}", headers=headers)).status_code == 200


async def test_the_new_line_reads_a_moved_units_work_from_the_move_on(client, world):
    moved = world["units"]["moved"]
    for who in ("b.viewer", "b.reviewer"):
        headers = world["users"][who]
        assert await _periods(client, headers, moved["id"]) == {"2014Q3"}, who
        assert not await _reads(client, headers, world["reports"]["moved"])
        assert await _reads(client, headers, world["reports"]["moved.after"])
        assert await _value(client, headers, moved, "2014Q2") is None
        assert await _value(client, headers, moved, "2014Q3") == 7
        assert await _value(client, headers, moved, "2014Q3", below=world["units"]["b"]) == 7


async def test_a_move_whose_history_follows_passes_it_to_the_new_line_as_well(client, world):
    follows = world["units"]["follows"]
    for who in ("a.viewer", "b.viewer"):
        headers = world["users"][who]
        assert await _periods(client, headers, follows["id"]) == {"2014Q2"}, who
        assert await _reads(client, headers, world["reports"]["follows"])
        assert await _value(client, headers, follows, "2014Q2") == 7


async def test_a_successor_inherits_the_history_of_the_units_it_merged(client, world):
    merged = world["units"]["merged"]
    for who in ("a.viewer", "b.viewer", "b.reviewer"):
        headers = world["users"][who]
        assert await _periods(client, headers, merged["id"]) == {"2014Q2"}, who
        assert await _reads(client, headers, world["reports"]["merged"])
        assert await _value(client, headers, merged, "2014Q2") == 7
    successions = await client.get(f"{UNITS}/{merged['id']}/successions",
                                   headers=world["users"]["b.viewer"])
    assert [s["successor"]["code"] for s in successions.json()] == ["SEE-SUCCESSOR"]


async def test_the_new_line_does_not_read_the_old_lines_other_work(client, world):
    headers = world["users"]["b.viewer"]
    assert not await _reads(client, headers, world["reports"]["sibling"])
    listed = await client.get(SUBMISSIONS, headers=headers, params={"period": "2014Q2",
                                                                   "limit": 100})
    assert {s["unit"]["code"] for s in listed.json()["items"]} == {"SEE-FOLLOWS", "SEE-MERGED"}
    assert_problem(await client.get(AGG, headers=headers, params={
        "indicator": "QCDC_DIRECT_DECISIONS", "period": "2014Q2", "org_unit": "SEE-A"}), 404)


async def test_a_sibling_never_reads_any_of_it(client, world):
    headers = world["users"]["sibling"]
    for key in ("moved", "moved.after", "follows", "merged"):
        assert not await _reads(client, headers, world["reports"][key]), key
    for key in ("moved", "follows", "merged", "successor"):
        unit = world["units"][key]
        assert await _periods(client, headers, unit["id"]) == set(), key
        assert_problem(await client.get(AGG, headers=headers, params={
            "indicator": "QCDC_DIRECT_DECISIONS", "period": "2014Q2", "org_unit": unit["code"]}),
            404)


async def _notes(client, headers, **params) -> list[str]:
    listed = await every_item(client, "/api/v1/assignments", headers, **params)
    return [o["note"] for t in listed for o in t["occurrences"] if o["note"]]


async def test_task_occurrences_follow_the_line_of_their_due_date(client, world):
    moved = world["units"]["moved"]
    a_viewer, b_viewer = world["users"]["a.viewer"], world["users"]["b.viewer"]
    assert await _notes(client, a_viewer, plan_id=world["plan_id"]) == [BEFORE_NOTE]
    assert await _notes(client, a_viewer, assignee_id=moved["id"]) == [BEFORE_NOTE]
    assert await _notes(client, b_viewer, assignee_id=moved["id"]) == [AFTER_NOTE]
    # The unit's own reporter reads all of its work.
    assert await _notes(client, world["users"]["moved.reporter"], plan_id=world["plan_id"]) == [
        BEFORE_NOTE, AFTER_NOTE]
    assert await _notes(client, world["users"]["sibling"], plan_id=world["plan_id"]) == []



async def test_a_subscription_of_the_old_line_gets_no_event_after_the_move(client, login, world):
    """A's admin subscribed to Thời Gian's events: the 2014Q2 approval reaches A's receiver, the
    2014Q3 one, which B approved after the move, does not."""
    response = await client.get(f"/api/v1/webhooks/{world['hook_id']}/deliveries",
                                headers=await login("admin"))
    assert response.status_code == 200, response.text
    assert [d["event"] for d in response.json()["items"]] == ["submission.approved"]


async def test_inherited_history_passes_on_down_a_chain_of_successions(client, login, world):
    """Hợp Nhất itself merges into a commune of a third province on 2014-10-01: that province
    reads Sáp Nhập's history through both mergers; B keeps it, the sibling still never reads it."""
    admin = await login("admin")
    third = await _unit(client, admin, "SEE-THIRD", "Tỉnh Thời Gian C", "province", None)
    last = await _unit(client, admin, "SEE-LAST", "Xã Sau Cùng", "commune", third["id"],
                       valid_from="2014-10-01")
    closed = await client.post(f"{UNITS}/{world['units']['successor']['id']}/close", headers=admin,
                               json={"valid_to": "2014-10-01", "successor_ids": [last["id"]]})
    assert closed.status_code == 200, closed.text
    viewer = await _user(client, login, admin, third["id"], "viewer")
    assert await _reads(client, viewer, world["reports"]["merged"])
    assert await _value(client, viewer, world["units"]["merged"], "2014Q2") == 7
    assert await _reads(client, world["users"]["b.viewer"], world["reports"]["merged"])
    for key in ("moved", "moved.after", "follows", "sibling"):
        assert not await _reads(client, viewer, world["reports"][key]), key


async def test_the_audit_of_a_moved_unit_stays_with_the_line_of_its_day(client, login, world):
    """Admins read the record of the work they read: what happened to Thời Gian before the move
    is A's admins', what happened after is B's."""
    moved = world["units"]["moved"]
    async with get_sessionmaker()() as session, session.begin():
        session.add_all(AuditEvent(occurred_at=datetime(2014, month, 2, 9, tzinfo=UTC),
                                   actor_label="seeing", action="approve",
                                   entity_type="submission", entity_id=f"seeing-{month}",
                                   org_unit_id=moved["id"]) for month in (5, 8))
    admin = await login("admin")
    for province, month in (("a", 5), ("b", 8)):
        headers = await _user(client, login, admin, world["units"][province]["id"], "admin")
        response = await client.get("/api/v1/audit-events", headers=headers,
                                    params={"entity_type": "submission", "limit": 200})
        assert response.status_code == 200, response.text
        ids = {e["entity_id"] for e in response.json()["items"]}
        assert {i for i in ids if i.startswith("seeing-")} == {f"seeing-{month}"}, province


async def test_a_report_is_reviewed_by_the_line_of_its_period(client, login, world):
    """Reports written after the move: the one of a quarter before it goes to A's reviewer, the
    one of a quarter after it to B's; neither is stuck between the two lines, and neither line
    reviews the other's."""
    admin, moved = await login("admin"), world["units"]["moved"]
    a, b = world["users"]["a.reviewer"], world["users"]["b.reviewer"]
    for period, line, other in (("2014Q1", a, b), ("2014Q4", b, a)):
        url = await _submitted(client, admin, world["form_id"], moved["id"], period, decisions=3)
        refused = await client.post(f"{url}/return", headers=other, json={"comment": "Xem lại"})
        assert refused.status_code in (403, 404), (period, refused.text)
        approved = await client.post(f"{url}/approve", headers=line, json={})
        assert approved.status_code == 200, (period, approved.text)

"""Plans through HTTP: import of seed 001, access rules, amendments, progress and roll-ups."""

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from backend.kit import clock
from tests.helpers import assert_problem, every_item

TEXTS = Path(__file__).parent / "texts"
SEED_001 = (TEXTS / "seed_001.txt").read_text("utf-8")


async def _import(client, headers, issuer_id, text=SEED_001, **extra):
    return await client.post("/api/v1/plans/import", headers=headers, json={
        "text": text, "issuer_id": issuer_id, **extra})


@pytest.fixture(scope="module")
async def seed_plan(client, login, unit_ids):
    response = await _import(client, await login("honquan.planner"), unit_ids["694"],
                             dry_run=False, span_start="2024-03-15", span_end="2025-12-31")
    assert response.status_code == 200, response.text
    return response.json()


async def test_seed_001_preview_gives_the_plan_structure(client, login, unit_ids):
    response = await _import(client, await login("honquan.planner"), unit_ids["694"])
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["plan_id"] is None
    assert preview["header"]["symbol"] == "/KH-UBND" and preview["year"] == 2024
    assert [s["number"] for s in preview["sections"] if s["parent_number"] is None] == ["I", "II", "III"]
    assert len({t["section_number"] for t in preview["targets"]}) == 6
    assert {t["section_number"] for t in preview["targets"]} == {
        f"II.2.{letter}" for letter in ("a", "b", "c", "d", "đ", "e")}
    leads = [a for a in preview["assignments"] if a["role"] == "lead"]
    per_body = Counter(a["section_number"].split(".")[1] for a in leads)
    assert [per_body[str(n)] for n in range(1, 10)] == [5, 3, 3, 1, 3, 1, 1, 2, 11]
    assert len(leads) == 30
    requested = {a["assignee_name"] for a in leads if a["mode"] == "requested"}
    assert requested == {"Liên đoàn Lao động huyện", "Ban Dân vận Huyện ủy",
                         "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"}
    body_9 = [a for a in leads if a["section_number"].startswith("III.9.")]
    assert all(a["group"] and a["assignee"] is None for a in body_9)
    assert set(body_9[0]["group"]["kinds"]) == {"department", "public_service", "commune"}
    assert body_9[0]["group"]["units_now"] >= 13 + 4 + 1
    named = {a["assignee_name"]: a["assignee"] for a in leads if not a["group"]}
    assert all(named.values()), named
    assert named["Phòng Tài chính – Kế hoạch"]["code"] == "694-PTCKH"
    by_number = {a["section_number"]: a for a in leads}
    assert by_number["III.1.a"]["recurrence"] == "annual"
    assert (by_number["III.2.a"]["recurrence"], by_number["III.2.a"]["every_years"],
            by_number["III.2.a"]["every_years_max"]) == ("every_n_years", 3, 5)
    assert by_number["III.6"]["recurrence"] == "continuous"
    bases = [b["number"] for b in preview["legal_bases"]]
    assert bases == ["31/2023/NQ-HĐND", "53/KH-UBND", "205/TTr-NV"]
    supports = {(a["section_number"], a["assignee_name"]) for a in preview["assignments"]
                if a["role"] == "support"}
    assert ("III.1.d", "Ban Dân vận Huyện ủy") in supports
    assert "Đài truyền thanh cấp xã, thị trấn" in preview["unmatched"]


async def test_dry_run_changes_nothing(client, login, unit_ids):
    headers = await login("honquan.planner")
    before = (await client.get("/api/v1/plans", headers=headers)).json()["pagination"]["total"]
    await _import(client, headers, unit_ids["694"])
    after = (await client.get("/api/v1/plans", headers=headers)).json()["pagination"]["total"]
    assert before == after


async def test_saved_plan_reads_back_with_sections_targets_and_tasks(client, login, seed_plan):
    headers = await login("honquan.planner")
    plan = (await client.get(f"/api/v1/plans/{seed_plan['plan_id']}", headers=headers)).json()
    assert plan["status"] == "draft" and plan["issuer"]["code"] == "694"
    assert len({t["section_number"] for t in plan["targets"]}) == 6
    staff_conference = [t for t in plan["targets"] if t["section_number"] == "II.2.c"]
    assert staff_conference[0]["indicator_code"] == "QCDC_STAFF_CONF"
    assert plan["completion"] == 0 and plan["requested_completion"] == 0
    sections = (await client.get(f"/api/v1/plans/{seed_plan['plan_id']}/sections",
                                 headers=headers)).json()
    assert {s["number"]: s["parent_number"] for s in sections}["III.8.-2"] == "III.8"
    tasks = await every_item(client, f"/api/v1/plans/{seed_plan['plan_id']}/assignments",
                             headers)
    assert {t["unit"]["code"] for t in tasks} >= {"694-PNV", "25357", "694-LDLD"}


async def test_group_task_reaches_a_unit_created_later(client, login, unit_ids, seed_plan):
    admin = await login("admin")
    created = await client.post("/api/v1/org-units", headers=admin, json={
        "code": "694-PYT", "name": "Phòng Y tế huyện Hớn Quản", "kind": "department",
        "grassroots_type": "agency", "parent_id": unit_ids["694"], "valid_from": "2025-01-01"})
    assert created.status_code == 201
    tasks = await every_item(client, f"/api/v1/plans/{seed_plan['plan_id']}/assignments",
                             admin)
    joined = [t for t in tasks if t["unit"]["code"] == "694-PYT"]
    assert len(joined) == 11
    # It carries what falls due from the day it exists, not the plan's earlier occurrences.
    due = [o["due_date"] for t in joined for o in t["occurrences"]]
    assert due and min(due) >= "2025-01-01"


@pytest.fixture(scope="module")
async def issued_plan(client, login, unit_ids):
    """Seed 001 issued: its tasks have reached the units."""
    headers = await login("honquan.planner")
    response = await _import(client, headers, unit_ids["694"], dry_run=False,
                             span_start="2024-03-15", span_end="2025-12-31")
    assert response.status_code == 200, response.text
    url = f"/api/v1/plans/{response.json()['plan_id']}"
    await client.patch(url, headers=headers, json={"number": "119", "issue_date": "2024-03-15"})
    assert (await client.post(f"{url}/issue", headers=headers)).status_code == 200
    return response.json()


async def test_a_reporter_reports_progress_on_its_own_tasks_only(client, login, issued_plan):
    reporter = await login("honquan.phongnoivu.reporter")
    mine = await every_item(client, "/api/v1/assignments", reporter)
    own = [t for t in mine if t["plan"]["id"] == issued_plan["plan_id"]]
    assert {t["section_number"] for t in own} >= {"III.1.a", "III.1.đ", "III.9.a"}
    task = next(t for t in own if t["section_number"] == "III.1.a")
    first = task["occurrences"][0]
    assert first["period"] == "2024" and first["due_date"] == "2024-12-14"
    assert first["overdue"] is (date.fromisoformat(first["due_date"]) < clock.today())
    response = await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                 headers=reporter, json={
                                     "due_date": first["due_date"], "status": "completed",
                                     "note": "Đã tham mưu ban hành kế hoạch",
                                     "documents": [{"kind": "Kế hoạch", "number": "12/KH-UBND"}]})
    assert response.status_code == 200, response.text
    reported = response.json()["occurrences"][0]
    assert reported["status"] == "completed" and reported["percent"] == 100
    assert reported["overdue"] is False
    other = await login("honquan.phongtuphap.reporter")
    assert_problem(await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                     headers=other, json={"due_date": first["due_date"],
                                                          "status": "completed"}), 403)
    assert_problem(await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                     headers=reporter, json={"due_date": "2024-01-01",
                                                             "status": "completed"}), 422)
    plan = (await client.get(f"/api/v1/plans/{issued_plan['plan_id']}",
                             headers=await login("honquan.planner"))).json()
    assert plan["completion"] > 0


async def test_a_planner_of_another_district_cannot_see_or_touch_the_plan(client, login, seed_plan):
    other = await login("krongpac.planner")
    assert_problem(await client.get(f"/api/v1/plans/{seed_plan['plan_id']}", headers=other), 404)
    assert_problem(await client.patch(f"/api/v1/plans/{seed_plan['plan_id']}", headers=other,
                                      json={"number": "1"}), 404)


async def test_issue_then_amend_keeps_the_earlier_text(client, login, seed_plan):
    headers = await login("honquan.planner")
    plan_id = seed_plan["plan_id"]
    # The imported draft, like the document, has neither number nor date ("Số: /KH-UBND").
    assert_problem(await client.post(f"/api/v1/plans/{plan_id}/issue", headers=headers), 409,
                   "plan_number_missing")
    await client.patch(f"/api/v1/plans/{plan_id}", headers=headers, json={"number": "120"})
    refused = await client.post(f"/api/v1/plans/{plan_id}/issue", headers=headers)
    assert_problem(refused, 409, "plan_issue_date_missing")
    assert (await client.get(f"/api/v1/plans/{plan_id}", headers=headers)).json()["status"] == "draft"
    # Dated after today (in Vietnam): not signed yet, so not issued.
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    await client.patch(f"/api/v1/plans/{plan_id}", headers=headers, json={"issue_date": tomorrow})
    assert_problem(await client.post(f"/api/v1/plans/{plan_id}/issue", headers=headers), 409,
                   "plan_issue_date_in_future")
    await client.patch(f"/api/v1/plans/{plan_id}", headers=headers, json={"issue_date": "2024-03-20"})
    issued = await client.post(f"/api/v1/plans/{plan_id}/issue", headers=headers)
    assert issued.json()["status"] == "issued" and issued.json()["symbol"] == "120/KH-UBND"
    assert_problem(await client.patch(f"/api/v1/plans/{plan_id}", headers=headers,
                                      json={"title": "Khác"}), 409, "plan_not_editable")
    old_title = issued.json()["title"]
    amended = await client.post(f"/api/v1/plans/{plan_id}/amendments", headers=headers, json={
        "reason": "Điều chỉnh tên kế hoạch", "changes": {"title": "Kế hoạch đã điều chỉnh"}})
    assert amended.status_code == 201 and amended.json()["revision"] == 2
    history = (await client.get(f"/api/v1/plans/{plan_id}/amendments", headers=headers)).json()
    assert history[0]["before"]["title"] == old_title and history[0]["revision"] == 1
    audit = (await client.get("/api/v1/audit-events", params={"entity_type": "plan",
                                                              "entity_id": plan_id},
                              headers=await login("admin"))).json()["items"]
    assert [e["action"] for e in audit][:6] == ["amend", "issue", "update", "update", "update",
                                                "import"]


async def test_a_span_that_ends_before_it_starts_is_refused_and_nothing_changes(client, login,
                                                                                  unit_ids):
    headers = await login("honquan.planner")
    for dry_run in (True, False):
        body = assert_problem(await _import(client, headers, unit_ids["694"], dry_run=dry_run,
                                            span_start="2025-01-01", span_end="2024-12-31"), 422)
        assert [e["loc"] for e in body["errors"]] == [["body", "span_end"]]
    plan = (await _import(client, headers, unit_ids["694"], dry_run=False,
                          span_start="2024-03-15", span_end="2024-12-31")).json()
    url = f"/api/v1/plans/{plan['plan_id']}"
    # One side alone may break the span it leaves with the other.
    body = assert_problem(await client.patch(url, headers=headers, json={"span_start": "2025-01-01"}),
                          422)
    assert body["errors"][0]["loc"] == ["body", "span_end"] and "2024-12-31" in body["detail"]
    assert body["errors"][0]["type"] == "span_end_before_start"  # the web app says it in Vietnamese
    # Fields every plan has are not emptied by a null.
    body = assert_problem(await client.patch(url, headers=headers, json={
        "title": None, "span_end": None}), 422, "validation_failed")
    assert sorted((e["loc"][-1], e["type"]) for e in body["errors"]) == [
        ("span_end", "value_required"), ("title", "value_required")]
    stored = (await client.get(url, headers=headers)).json()
    assert (stored["span_start"], stored["span_end"], stored["title"]) == (
        "2024-03-15", "2024-12-31", plan["header"]["title"])
    await client.patch(url, headers=headers, json={"number": "121", "issue_date": "2024-03-15"})
    assert (await client.post(f"{url}/issue", headers=headers)).status_code == 200
    body = assert_problem(await client.post(f"{url}/amendments", headers=headers, json={
        "reason": "Lùi thời hạn", "changes": {"span_end": "2024-01-31"}}), 422)
    assert body["errors"][0]["loc"] == ["body", "changes", "span_end"]
    assert (await client.get(f"{url}/amendments", headers=headers)).json() == []


async def test_a_plan_implements_a_plan_it_sees_and_never_one_below_itself(client, login, unit_ids):
    headers = await login("honquan.planner")
    unknown = assert_problem(await _import(client, headers, unit_ids["694"], parent_plan_id=999999),
                             422)
    assert [(e["loc"], e["type"]) for e in unknown["errors"]] == [
        (["body", "parent_plan_id"], "parent_plan_unknown")]
    upper = (await _import(client, headers, unit_ids["694"], dry_run=False)).json()["plan_id"]
    lower = (await _import(client, headers, unit_ids["694"], dry_run=False,
                           parent_plan_id=upper)).json()["plan_id"]
    for plan_id, parent in ((lower, lower), (upper, lower)):
        body = assert_problem(await client.patch(f"/api/v1/plans/{plan_id}", headers=headers,
                                                 json={"parent_plan_id": parent}), 422)
        assert body["errors"][0]["type"] == "parent_plan_cycle"
    cascade = (await client.get(f"/api/v1/plans/{upper}/cascade", headers=headers)).json()
    assert [child["plan"]["id"] for child in cascade["children"]] == [lower]
    assert (await client.get(f"/api/v1/plans/{upper}", headers=headers)).json()["parent_plan_id"] is None


@pytest.mark.parametrize("name", ["commune_2025.txt", "province_2024.txt", "pdf_extracted_2024.txt"])
async def test_other_plan_shapes_import(client, login, unit_ids, name):
    response = await _import(client, await login("admin"), unit_ids["70"],
                             text=(TEXTS / name).read_text("utf-8"))
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["sections"] and any(a["role"] == "lead" for a in preview["assignments"])


async def test_bad_input_is_answered_clearly(client, login, unit_ids):
    headers = await login("honquan.planner")
    assert_problem(await _import(client, headers, unit_ids["694"], text=""), 422)
    assert_problem(await _import(client, headers, unit_ids["694"], text="   \n\n "), 422,
                   "plan_text_invalid")
    noise = "x" * 5_000_000
    assert_problem(await _import(client, headers, unit_ids["694"], text=noise), 422)
    plain = await _import(client, headers, unit_ids["694"],
                          text="Một đoạn văn không có đánh số mục nào cả.")
    assert plain.status_code == 200 and plain.json()["warnings"]
    assert_problem(await _import(client, headers, unit_ids["694"],
                                 mapping={"Phòng X": unit_ids["654"]}), 422, "plan_mapping_invalid")
    assert_problem(await _import(client, headers, unit_ids["654"]), 404)
    assert_problem(await _import(client, await login("honquan.reviewer"), unit_ids["694"]), 403)


async def test_an_annex_table_task_falls_due_on_its_deadline(client, login, unit_ids):
    admin = await login("admin")
    text = (Path(__file__).parent / "corpus" / "province_annex_2025.txt").read_text("utf-8")
    response = await _import(client, admin, unit_ids["70"], text=text, dry_run=False,
                             span_start="2025-02-18", span_end="2025-12-31")
    assert response.status_code == 200, response.text
    preview = response.json()
    leads = {a["section_number"]: a["assignee_name"] for a in preview["assignments"]
             if a["role"] == "lead"}
    assert leads["PL.I.1"] == "Sở Tư pháp" and leads["PL.II.5"] == "Sở Nội vụ"
    tasks = await every_item(client, f"/api/v1/plans/{preview['plan_id']}/assignments", admin)
    compiled = [t for t in tasks if t["section_number"] == "PL.I.1"]
    assert compiled and all(o["due_date"] == "2025-06-30" for t in compiled
                            for o in t["occurrences"])


async def test_a_task_reported_every_half_year_and_every_year_gets_both_cycles(client, login,
                                                                               unit_ids):
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN TÂN YÊN\nSố: 77/KH-UBND\nKẾ HOẠCH\nThực hiện dân chủ năm 2025\n"
            "I. NHIỆM VỤ\n1. Báo cáo kết quả thực hiện dân chủ ở cơ sở.\n"
            "- Chủ trì: Phòng Nội vụ\n- Phối hợp: Phòng Tư pháp\n"
            "- Thời gian: định kỳ 6 tháng, hằng năm\n")
    response = await _import(client, await login("admin"), unit_ids["216"], text=text,
                             span_start="2025-01-01", span_end="2025-12-31")
    assert response.status_code == 200, response.text
    cycles = sorted((a["role"], a["recurrence"]) for a in response.json()["assignments"]
                    if a["section_number"] == "I.1")
    assert cycles == [("lead", "annual"), ("lead", "semiannual"),
                      ("support", "annual"), ("support", "semiannual")]

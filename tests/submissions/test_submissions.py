"""The report workflow through HTTP: Song Vân's 2023 report end to end, rights, validation, versions."""

import itertools
import json
import re
from datetime import date, timedelta

from backend.kit import clock
from backend.problem_messages import MESSAGES
from tests import factories
from tests.documents.reading import assert_decree_30_layout, read_docx
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"
FORMS = "/api/v1/reporting-forms"
PASSWORD = "test-password-1"
_serial = itertools.count()

SONG_VAN_2023 = [  # Báo cáo số 04/BC-UBND ngày 11/01/2024 của UBND xã Song Vân
    {"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
    {"indicator": "QCDC_LEADER_DIALOGUES", "value": 2},
    {"indicator": "QCDC_LEADER_DIALOGUE_PARTICIPANTS", "value": 8},
    {"indicator": "QCDC_FRONT_SUPERVISIONS", "value": 3},
    {"indicator": "QCDC_FRONT_SURVEYS", "value": 7},
    {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 13, "denominator": 13},
]
INSPECTIONS = [  # "Phối hợp với Ban Chỉ đạo xã kiểm tra việc thực hiện QCDC năm 2023 đối với 02 thôn"
    {"indicator": "QCDC_INSPECTIONS", "value": 1},
    {"indicator": "QCDC_UNITS_INSPECTED", "value": 2},
]
NARRATIVE = {
    "results": "Việc thực hiện QCDC ở cơ sở và thực hiện pháp luật về dân chủ trực tiếp đã được cấp "
               "uỷ, chính quyền các cấp quan tâm lãnh đạo, chỉ đạo triển khai thực hiện có hiệu quả.",
    "limitations": "Hoạt động kiểm tra, giám sát của Ban Chỉ đạo QCDC xã; Ban TTND, Ban GSĐTCCĐ "
                   "còn hạn chế.",
    "causes": "Một số thôn chưa sâu sát trong lãnh đạo, chỉ đạo thực hiện QCDC ở cơ sở.",
    "directions": "Tiếp tục quán triệt, tuyên truyền, phổ biến sâu rộng các quy định, hướng dẫn "
                  "của Trung ương, của tỉnh, huyện về thực hiện QCDC ở cơ sở.",
    "recommendations": "Không.",
}


async def _form_id(client, headers, code: str) -> int:
    items = (await client.get(FORMS, params={"q": code}, headers=headers)).json()["items"]
    return next(f["id"] for f in items if f["code"] == code)


async def _commune(client, login, unit_ids, parent: str = "216") -> tuple[dict, dict[str, str]]:
    """A fresh commune with its own reporter, so tests never share a report."""
    unit = await factories.commune(client, login, unit_ids[parent], prefix=f"SUB-{parent}")
    username = f"sub.reporter-{unit['code'].lower()}"
    user = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Công chức thử", "unit_id": unit["id"],
        "roles": ["reporter"], "password": PASSWORD})
    assert user.status_code == 201, user.text
    return unit, await login(username, PASSWORD)


async def _form(client, login, unit_ids, **overrides: object) -> dict:
    body = {"code": f"TEST_SUB_FORM_{next(_serial)}", "name": "Báo cáo tháng về hòa giải",
            "period_type": "month", "owner_unit_id": unit_ids["216"],
            "indicators": [{"indicator": "QCDC_MEDIATION_RECEIVED", "required": True},
                           {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "required": True},
                           {"indicator": "QCDC_VILLAGES_WITH_CONVENTION"},
                           {"indicator": "QCDC_MODELS_BY_TYPE"},
                           {"indicator": "QCDC_DISCLOSURE_DONE"}],
            "narrative": [{"key": "results", "title": "Kết quả đạt được"}],
            "reporters": {"grassroots_types": ["commune"]},
            "deadline_working_days": {"commune": 5},
            "rules": [{"left": "QCDC_MEDIATION_SUCCESSFUL", "op": "<=",
                       "right": "QCDC_MEDIATION_RECEIVED",
                       "message": "Số vụ việc hòa giải thành không được lớn hơn số vụ việc đã tiếp nhận."}],
            **overrides}
    created = await client.post(FORMS, headers=await login("admin"), json=body)
    assert created.status_code == 201, created.text
    return created.json()


def _mediation(received: int, successful: int) -> list[dict]:
    return [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": received},
            {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": successful}]


def _values(submission: dict) -> dict[str, object]:
    return {(f["indicator"] + (f"/{f['category']}" if f["category"] else "")):
            (f["value"] if f["value_type"] != "ratio" else (f["numerator"], f["denominator"]))
            for f in submission["data_values"]}


async def test_song_van_2023_report_from_draft_to_locked(client, login, unit_ids):
    reporter, reviewer = await login("songvan.reporter"), await login("tanyen.reviewer")
    form_id = await _form_id(client, reporter, "QCDC_COMMUNE_ANNUAL")
    created = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_ids["07345"], "period": "2023",
        "data_values": SONG_VAN_2023, "narrative": NARRATIVE})
    assert created.status_code == 201, created.text
    draft = created.json()
    sid = draft["id"]
    assert (draft["status"], draft["version"], draft["period"]) == ("draft", 1, "2023")
    assert draft["unit"]["name"] == "Xã Song Vân" and draft["form"]["code"] == "QCDC_COMMUNE_ANNUAL"
    assert draft["period_detail"]["start"] == "2022-12-15" and draft["period_detail"]["end"] == "2023-12-14"
    assert draft["deadline"] == "2023-12-21" and draft["on_time"] is None
    assert _values(draft) == {
        "QCDC_DISCLOSURE_DONE": True, "QCDC_LEADER_DIALOGUES": 2,
        "QCDC_LEADER_DIALOGUE_PARTICIPANTS": 8, "QCDC_FRONT_SUPERVISIONS": 3,
        "QCDC_FRONT_SURVEYS": 7, "QCDC_VILLAGES_WITH_CONVENTION": (13.0, 13.0)}
    villages = next(f for f in draft["data_values"] if f["indicator"] == "QCDC_VILLAGES_WITH_CONVENTION")
    assert villages["value"] == 100.0 and "hương ước" in villages["name"]
    assert draft["narrative"]["recommendations"] == "Không."
    assert draft["task_progress"] == []

    # The inspections are missing: submitting names both required indicators.
    refused = assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter),
                             422, "submission_invalid")
    assert {tuple(e["loc"]) for e in refused["errors"]} == {
        ("body", "data_values", "QCDC_INSPECTIONS"), ("body", "data_values", "QCDC_UNITS_INSPECTED")}
    assert all("required" in e["msg"] for e in refused["errors"])

    saved = await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 1, "data_values": SONG_VAN_2023 + INSPECTIONS})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2 and saved.json()["narrative"] == NARRATIVE
    submitted = await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter, json={"version": 2})
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert (body["status"], body["version"], body["submitted_by"]) == ("submitted", 3, "songvan.reporter")
    # The report is dated 11/01/2024, the deadline was 21/12/2023: late, and still accepted.
    assert body["on_time"] is False and body["submitted_at"]

    returned = await client.post(f"{SUBMISSIONS}/{sid}/return", headers=reviewer, json={
        "comment": "Bổ sung số liệu hòa giải ở cơ sở."})
    assert returned.status_code == 200, returned.text
    assert (returned.json()["status"], returned.json()["review_comment"],
            returned.json()["returned_by"]) == ("returned", "Bổ sung số liệu hòa giải ở cơ sở.",
                                                "tanyen.reviewer")
    fixed = await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 4, "data_values": SONG_VAN_2023 + INSPECTIONS + _mediation(4, 3)})
    assert fixed.status_code == 200, fixed.text
    resubmitted = await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter)
    assert resubmitted.json()["status"] == "submitted"
    approved = await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=reviewer)
    assert approved.status_code == 200, approved.text
    final = approved.json()
    assert (final["status"], final["approved_by"], final["version"]) == ("approved", "tanyen.reviewer", 7)

    # Approval gave the report its number: the document the commune signs (Decree 30/2020).
    await _song_van_document(client, reporter, sid)

    # Locked: no edit, no resubmission.
    locked = assert_problem(await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 7, "data_values": SONG_VAN_2023}), 409, "submission_locked")
    assert "locked" in locked["detail"]
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter), 409,
                   "submission_locked")
    again = (await client.get(f"{SUBMISSIONS}/{sid}", headers=reporter)).json()
    assert _values(again)["QCDC_MEDIATION_SUCCESSFUL"] == 3
    assert [(h["version"], h["action"], h["status"], h["actor"]) for h in again["history"]] == [
        (1, "create", "draft", "songvan.reporter"), (2, "save", "draft", "songvan.reporter"),
        (3, "submit", "submitted", "songvan.reporter"), (4, "return", "returned", "tanyen.reviewer"),
        (5, "save", "returned", "songvan.reporter"), (6, "submit", "submitted", "songvan.reporter"),
        (7, "approve", "approved", "tanyen.reviewer")]
    assert again["history"][3]["comment"] == "Bổ sung số liệu hòa giải ở cơ sở."

    # Every version is kept in full.
    first = (await client.get(f"{SUBMISSIONS}/{sid}/versions/1", headers=reviewer)).json()
    assert "QCDC_INSPECTIONS" not in {f["indicator"] for f in first["data_values"]}
    assert first["narrative"] == NARRATIVE
    assert_problem(await client.get(f"{SUBMISSIONS}/{sid}/versions/99", headers=reviewer), 404)

    # The audit trail of every step, on the commune.
    events = (await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "submission", "entity_id": str(sid)})).json()["items"]
    assert [(e["action"], e["actor"]["username"]) for e in reversed(events)] == [
        ("create", "songvan.reporter"), ("save", "songvan.reporter"), ("submit", "songvan.reporter"),
        ("return", "tanyen.reviewer"), ("save", "songvan.reporter"), ("submit", "songvan.reporter"),
        ("approve", "tanyen.reviewer")]
    assert all(e["org_unit_id"] == unit_ids["07345"] for e in events)
    assert events[0]["before"]["status"] == "submitted" and events[0]["after"]["status"] == "approved"
    assert events[3]["after"]["comment"] == "Bổ sung số liệu hòa giải ở cơ sở."

    listed = (await client.get(SUBMISSIONS, headers=reviewer, params={
        "form_id": form_id, "period": "2023", "status": "approved"})).json()
    assert [s["id"] for s in listed["items"]] == [sid]
    duplicate = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_ids["07345"], "period": "2023"}), 409, "submission_exists")
    assert duplicate["submission_id"] == sid


async def _song_van_document(client, reporter, sid: int) -> None:
    response = await client.get(f"{SUBMISSIONS}/{sid}/document", headers=reporter)
    assert response.status_code == 200, response.text
    read = read_docx(response.content)
    assert_decree_30_layout(read)
    number = (await client.get(f"{SUBMISSIONS}/{sid}/document-settings",
                               headers=reporter)).json()["number"]
    assert read.header[0] == ["UBND HUYỆN TÂN YÊN", "ỦY BAN NHÂN DÂN XÃ SONG VÂN",
                              f"Số: {number:02d}/BC-UBND"]
    assert re.fullmatch(r"Song Vân, ngày \d\d tháng \d\d năm \d{4}", read.header[1][2])
    assert read.lines[read.lines.index("BÁO CÁO") + 1] == (
        "Kết quả thực hiện dân chủ ở xã, phường, thị trấn năm 2023")
    text = read.text
    order = [text.index(f"{n}. {title}") for n, title in (
        ("I", "KẾT QUẢ ĐẠT ĐƯỢC"), ("II", "HẠN CHẾ"), ("III", "NGUYÊN NHÂN"),
        ("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ"), ("V", "KIẾN NGHỊ, ĐỀ XUẤT"))]
    assert order == sorted(order) and all(part in text for part in NARRATIVE.values())
    # Every figure seed 003 gives, beside its indicator.
    for name, value in (("Số cuộc đối thoại trực tiếp", "2"), ("Số lượt người tham gia đối thoại", "8"),
                        ("Số cuộc giám sát của Mặt trận", "3"), ("Số cuộc khảo sát của Mặt trận", "7"),
                        ("Tỷ lệ thôn, tổ dân phố có hương ước", "13/13 (100%)"),
                        ("Số cơ quan, đơn vị, thôn được kiểm tra", "2")):
        row = next(i for i, line in enumerate(read.lines) if line.startswith(name))
        assert read.lines[row + 2] == value, (name, read.lines[row:row + 3])


async def test_who_may_do_each_transition(client, login, unit_ids):
    form = await _form(client, login, unit_ids)
    unit, reporter = await _commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    for outsider in ("tanyen.reviewer", "tanyen.planner", "tanyen.viewer"):
        assert_problem(await client.post(SUBMISSIONS, headers=await login(outsider), json={
            "form_id": form["id"], "unit_id": unit["id"], "period": "202401"}), 403)
    assert_problem(await client.post(SUBMISSIONS, headers=await login("honquan.reviewer"), json={
        "form_id": form["id"], "unit_id": unit["id"], "period": "202401"}), 404)
    created = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form["id"], "unit_id": unit["id"], "period": "202401", "data_values": _mediation(2, 1)})
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=reviewer), 409,
                   "invalid_transition")  # a draft is not approved
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reviewer), 403)
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}", headers=reviewer,
                                    json={"version": 1, "data_values": []}), 403)
    assert (await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter)).status_code == 200
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter,
                                    json={"version": 2, "data_values": []}), 409, "submission_under_review")
    # A reporter cannot approve its own report; other districts do not even see it.
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=reporter), 403, "forbidden")
    for other in ("honquan.reviewer", "krongpac.reviewer"):
        assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=await login(other)),
                       404, "not_found")
        assert_problem(await client.get(f"{SUBMISSIONS}/{sid}", headers=await login(other)), 404)
    for not_reviewer in ("tanyen.planner", "tanyen.viewer"):
        assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/approve",
                                         headers=await login(not_reviewer)), 403)
    assert (await client.get(f"{SUBMISSIONS}/{sid}", headers=await login("tanyen.viewer"))).status_code == 200
    no_comment = assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/return", headers=reviewer,
                                                  json={"comment": "  "}), 422)
    assert no_comment["errors"][0]["loc"] == ["body", "comment"]
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/return", headers=reviewer, json={}), 422)
    # The province's reviewer is above the commune too.
    approved = await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=await login("bacgiang.reviewer"))
    assert approved.status_code == 200 and approved.json()["approved_by"] == "bacgiang.reviewer"
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/return", headers=reviewer,
                                     json={"comment": "x"}), 409, "invalid_transition")
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/reopen", headers=reporter), 403)
    reopened = await client.post(f"{SUBMISSIONS}/{sid}/reopen", headers=reviewer,
                                 json={"comment": "Sửa lại số vụ tiếp nhận."})
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["approved_by"]) == ("returned", None)
    edited = await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": reopened.json()["version"], "data_values": _mediation(3, 1)})
    assert edited.status_code == 200, edited.text
    assert _values(edited.json())["QCDC_MEDIATION_RECEIVED"] == 3


async def test_a_commune_reporter_cannot_read_another_communes_report(client, login, unit_ids):
    form = await _form(client, login, unit_ids)
    unit, reporter = await _commune(client, login, unit_ids)
    _other, other_reporter = await _commune(client, login, unit_ids)
    sid = (await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form["id"], "unit_id": unit["id"], "period": "202402"})).json()["id"]
    for headers in (other_reporter, await login("songvan.reporter")):
        assert_problem(await client.get(f"{SUBMISSIONS}/{sid}", headers=headers), 404, "not_found")
        listed = (await client.get(SUBMISSIONS, headers=headers, params={"form_id": form["id"]})).json()
        assert listed["items"] == [] and listed["pagination"]["total"] == 0
        assert_problem(await client.post(SUBMISSIONS, headers=headers, json={
            "form_id": form["id"], "unit_id": unit["id"], "period": "202403"}), 404)
    mine = (await client.get(SUBMISSIONS, headers=reporter, params={"form_id": form["id"]})).json()
    assert [s["id"] for s in mine["items"]] == [sid]


async def test_validation_failures_are_named_per_indicator(client, login, unit_ids):
    form = await _form(client, login, unit_ids)
    unit, reporter = await _commune(client, login, unit_ids)
    new = {"form_id": form["id"], "unit_id": unit["id"], "period": "202404"}
    wrong = {**new, "data_values": [
        {"indicator": "QCDC_MEDIATION_RECEIVED", "value": "mười"},
        {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": 1.5},
        {"indicator": "QCDC_DISCLOSURE_DONE", "value": 1},
        {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 13},
        {"indicator": "QCDC_MODELS_BY_TYPE", "category": "TEAM", "value": 2},
        {"indicator": "QCDC_STAFF_CONF", "value": True}]}
    bad_types = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json=wrong), 422,
                               "submission_invalid")
    by_code = {e["loc"][2]: e["msg"] for e in bad_types["errors"]}
    assert set(by_code) == {"QCDC_MEDIATION_RECEIVED", "QCDC_MEDIATION_SUCCESSFUL",
                            "QCDC_DISCLOSURE_DONE", "QCDC_VILLAGES_WITH_CONVENTION",
                            "QCDC_MODELS_BY_TYPE", "QCDC_STAFF_CONF"}
    assert "whole number" in by_code["QCDC_MEDIATION_SUCCESSFUL"]
    assert "QCDC_MEDIATION_RECEIVED" in by_code["QCDC_MEDIATION_RECEIVED"]
    assert "COLLECTIVE, INDIVIDUAL" in by_code["QCDC_MODELS_BY_TYPE"]
    assert "not an indicator of the form" in by_code["QCDC_STAFF_CONF"]
    # A client still sending the figures under their old name is told, not given an empty report.
    old_name = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        **new, "figures": [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 1}]}), 422,
        "validation_failed")
    assert [e["loc"] for e in old_name["errors"]] == [["body", "figures"]]
    # The web app asks in Vietnamese: the same errors, each said in Vietnamese, the indicator named.
    in_vietnamese = assert_problem(await client.post(SUBMISSIONS, json=wrong, headers={
        **reporter, "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"}), 422, "submission_invalid")
    said = {e["loc"][2]: e["msg"] for e in in_vietnamese["errors"]}
    assert set(said) == set(by_code)
    assert said["QCDC_MEDIATION_SUCCESSFUL"].endswith("số đếm là số nguyên ≥ 0, không phải 1.5")
    assert said["QCDC_VILLAGES_WITH_CONVENTION"].endswith("tỷ lệ cần cả tử số và mẫu số")
    assert "không phải chỉ số của mẫu" in said["QCDC_STAFF_CONF"]
    assert in_vietnamese["detail"] == in_vietnamese["title"] == MESSAGES["submission_invalid"].vi
    bad_narrative = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        **new, "narrative": {"gossip": "x"}}), 422)
    assert bad_narrative["errors"][0]["loc"] == ["body", "narrative", "gossip"]
    wrong_period = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        **new, "period": "2024Q2"}), 422)
    assert wrong_period["errors"][0]["loc"] == ["body", "period"]
    assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={**new, "period": "2024-04"}),
                   422)
    assert (await client.get(SUBMISSIONS, headers=reporter,
                             params={"form_id": form["id"]})).json()["items"] == []  # nothing written

    # A figure that cannot be (more villages with a convention than villages) is refused when
    # written, as the import refuses it (backend/data_values/check.py); a share of nothing too.
    figures = [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 3},
               {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": 5},
               {"indicator": "QCDC_MODELS_BY_TYPE", "category": "COLLECTIVE", "value": 2},
               {"indicator": "QCDC_MODELS_BY_TYPE", "category": "INDIVIDUAL", "value": 4}]
    for ratio, message in (((14, 13), "numerator 14 exceeds denominator 13"),
                           ((0, 0), "the denominator must be > 0")):
        impossible = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
            **new, "data_values": [*figures, {"indicator": "QCDC_VILLAGES_WITH_CONVENTION",
                                          "numerator": ratio[0], "denominator": ratio[1]}]}),
            422, "submission_invalid")
        [error] = impossible["errors"]
        assert error["loc"][2] == "QCDC_VILLAGES_WITH_CONVENTION" and message in error["msg"]
    # Rules across figures hold at submission: a draft may be incomplete in between.
    draft = (await client.post(SUBMISSIONS, headers=reporter, json={**new, "data_values": figures})).json()
    assert _values(draft)["QCDC_MODELS_BY_TYPE/INDIVIDUAL"] == 4
    refused = assert_problem(await client.post(f"{SUBMISSIONS}/{draft['id']}/submit", headers=reporter),
                             422, "submission_invalid")
    by_code = {e["loc"][2]: e["msg"] for e in refused["errors"]}
    assert "QCDC_MEDIATION_SUCCESSFUL" in by_code
    assert "không được lớn hơn" in by_code["QCDC_MEDIATION_SUCCESSFUL"]
    assert all(e["loc"][:2] == ["body", "data_values"] for e in refused["errors"])
    still = (await client.get(f"{SUBMISSIONS}/{draft['id']}", headers=reporter)).json()
    assert (still["status"], still["version"]) == ("draft", 1)


async def test_numbers_a_figure_cannot_hold_are_named_not_a_server_error(client, login, unit_ids):
    form = await _form(client, login, unit_ids)
    unit, reporter = await _commune(client, login, unit_ids)
    # NaN and Infinity as Python's json module writes them; 1e30 has 31 digits before the point.
    body = json.dumps({"form_id": form["id"], "unit_id": unit["id"], "period": "202404", "data_values": [
        {"indicator": "QCDC_MEDIATION_RECEIVED", "value": float("nan")},
        {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": 1e30},
        {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 1, "denominator": float("inf")}]})
    refused = assert_problem(await client.post(
        SUBMISSIONS, headers={**reporter, "Content-Type": "application/json"}, content=body),
        422, "submission_invalid")
    by_code = {e["loc"][2]: e["msg"] for e in refused["errors"]}
    assert set(by_code) == {"QCDC_MEDIATION_RECEIVED", "QCDC_MEDIATION_SUCCESSFUL",
                            "QCDC_VILLAGES_WITH_CONVENTION"}
    assert all("18 digits" in message for message in by_code.values())
    assert (await client.get(SUBMISSIONS, headers=reporter,
                             params={"form_id": form["id"]})).json()["items"] == []


async def test_a_stale_version_gets_409_and_overwrites_nothing(client, login, unit_ids):
    form = await _form(client, login, unit_ids)
    unit, reporter = await _commune(client, login, unit_ids)
    sid = (await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form["id"], "unit_id": unit["id"], "period": "202405",
        "data_values": _mediation(1, 1)})).json()["id"]
    first = await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 1, "data_values": _mediation(6, 5), "narrative": {"results": "Người thứ nhất"}})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = assert_problem(await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 1, "data_values": _mediation(9, 9), "narrative": {"results": "Người thứ hai"}}),
        409, "stale_version")
    assert second["current_version"] == 2
    now = (await client.get(f"{SUBMISSIONS}/{sid}", headers=reporter)).json()
    assert _values(now) == {"QCDC_MEDIATION_RECEIVED": 6, "QCDC_MEDIATION_SUCCESSFUL": 5}
    assert now["narrative"] == {"results": "Người thứ nhất"} and now["version"] == 2
    assert_problem(await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter,
                                     json={"version": 1}), 409, "stale_version")
    cleared = await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 2, "data_values": [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 6},
                                  {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": None}]})
    assert _values(cleared.json()) == {"QCDC_MEDIATION_RECEIVED": 6}


def _month_id(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}"


async def test_late_and_on_time_against_the_forms_deadline(client, login, unit_ids):
    # 300 working days after the cut-off: this month's report is due long after today.
    generous = await _form(client, login, unit_ids, deadline_working_days={"commune": 300})
    unit, reporter = await _commune(client, login, unit_ids)
    recent = _month_id(clock.today() - timedelta(days=20))

    async def submitted(form: dict, period: str) -> dict:
        created = await client.post(SUBMISSIONS, headers=reporter, json={
            "form_id": form["id"], "unit_id": unit["id"], "period": period,
            "data_values": _mediation(2, 2)})
        assert created.status_code == 201, created.text
        response = await client.post(f"{SUBMISSIONS}/{created.json()['id']}/submit", headers=reporter)
        assert response.status_code == 200, response.text
        return response.json()

    on_time = await submitted(generous, recent)
    assert on_time["on_time"] is True and on_time["deadline"] > clock.today().isoformat()
    late = await submitted(generous, "202001")
    assert late["on_time"] is False and late["deadline"] < clock.today().isoformat()
    # Tháng 1/2020 ends Tue 14/01/2020; 300 working days later is a day in 2021.
    assert late["deadline"].startswith("2021-")
    no_deadline = await _form(client, login, unit_ids, deadline_working_days={"district": 5})
    # One figure per indicator, unit and period: another form cannot report the same one again.
    conflict = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": no_deadline["id"], "unit_id": unit["id"], "period": "202001",
        "data_values": _mediation(2, 2)}), 409, "data_value_conflict")
    assert conflict["errors"][0]["loc"] == ["body", "data_values", "QCDC_MEDIATION_RECEIVED"]
    unknown = await submitted(no_deadline, "202002")
    assert unknown["deadline"] is None and unknown["on_time"] is None


async def test_the_input_window_and_forms_a_unit_does_not_report(client, login, unit_ids):
    closing = await _form(client, login, unit_ids, closes_days_after_deadline=10)
    unit, reporter = await _commune(client, login, unit_ids)
    closed = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": closing["id"], "unit_id": unit["id"], "period": "202001"}), 409,
        "input_window_closed")
    assert "closed on" in closed["detail"]
    future = clock.today() + timedelta(days=400)
    assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": closing["id"], "unit_id": unit["id"], "period": _month_id(future)}), 409,
        "input_window_closed")
    employers = await _form(client, login, unit_ids, reporters={"grassroots_types": ["employer"]})
    assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": employers["id"], "unit_id": unit["id"], "period": "202401"}), 422,
        "form_not_for_unit")
    # A form owned by Tân Yên is not even seen by a commune of another district.
    far, far_reporter = await _commune(client, login, unit_ids, parent="694")
    assert_problem(await client.post(SUBMISSIONS, headers=far_reporter, json={
        "form_id": closing["id"], "unit_id": far["id"], "period": "202401"}), 404, "not_found")


async def test_a_closed_unit_reports_no_period_after_it_closed(client, login, unit_ids):
    admin = await login("admin")
    unit = await factories.commune(client, login, unit_ids["216"], prefix="SUB-CLOSED")
    form_id = await _form_id(client, admin, "QCDC_COMMUNE_QUARTERLY")
    closed = await client.post(f"/api/v1/org-units/{unit['id']}/close", headers=admin,
                               json={"valid_to": "2025-07-01"})
    assert closed.status_code == 200, closed.text
    last = await client.post(SUBMISSIONS, headers=admin, json={
        "form_id": form_id, "unit_id": unit["id"], "period": "2025Q2", "data_values": []})
    assert last.status_code == 201, last.text  # the quarter's figures sit in the tree of 14/06
    after = await client.post(SUBMISSIONS, headers=admin, json={
        "form_id": form_id, "unit_id": unit["id"], "period": "2025Q3", "data_values": []})
    body = assert_problem(after, 422, "unit_not_in_period")
    assert body["errors"][0]["loc"] == ["body", "period"]

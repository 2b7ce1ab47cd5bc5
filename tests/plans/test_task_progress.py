"""Occurrences, overdue, roll-up arithmetic and evidence files, on a small plan of known shape."""

from datetime import date

import pytest

from backend.config import get_settings
from backend.kit import clock
from tests.helpers import assert_problem, every_item

PLAN = """KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

a) Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

b) Tổ chức tập huấn cho cán bộ, công chức.

2. Phòng Tư pháp

Xây dựng tài liệu tuyên truyền Luật Thực hiện dân chủ ở cơ sở.

3. Đề nghị Liên đoàn Lao động huyện

Hướng dẫn các doanh nghiệp tổ chức Hội nghị người lao động.
"""


@pytest.fixture(scope="module")
async def small_plan(client, login, unit_ids):
    return await _issued_plan(client, login, unit_ids)


async def _issued_plan(client, login, unit_ids):
    response = await client.post("/api/v1/plans/import", headers=await login("honquan.planner"),
                                 json={"text": PLAN, "issuer_id": unit_ids["694"], "dry_run": False,
                                       "span_start": "2024-01-01", "span_end": "2024-12-31"})
    assert response.status_code == 200, response.text
    assert response.json()["unmatched"] == []
    plan_id = response.json()["plan_id"]
    # Its tasks reach the units once it is issued.
    url = f"/api/v1/plans/{plan_id}"
    planner = await login("honquan.planner")
    await client.patch(url, headers=planner, json={"number": "77", "issue_date": "2024-01-02"})
    assert (await client.post(f"{url}/issue", headers=planner)).status_code == 200
    return plan_id


async def _tasks(client, headers, **params):
    return await every_item(client, "/api/v1/assignments", headers, **params)


async def test_quarterly_task_has_four_dated_occurrences(client, login, small_plan):
    tasks = await _tasks(client, await login("honquan.planner"), plan_id=small_plan)
    quarterly = next(t for t in tasks if t["section_number"] == "II.1.a")
    assert quarterly["recurrence"] == "quarterly"
    assert [(o["period"], o["due_date"], o["label"]) for o in quarterly["occurrences"]] == [
        ("2024Q1", "2024-03-14", "Quý I/2024"), ("2024Q2", "2024-06-14", "Quý II/2024"),
        ("2024Q3", "2024-09-14", "Quý III/2024"), ("2024Q4", "2024-12-14", "Quý IV/2024")]
    # Every due date of 2024 has passed on the day this runs: all are overdue until reported.
    assert all(o["overdue"] == (date.fromisoformat(o["due_date"]) < clock.today())
               for o in quarterly["occurrences"])


@pytest.fixture(scope="module")
async def reported_plan(client, login, unit_ids):
    """A small plan of its own after the Phòng Nội vụ reported: its quarterly task completed, completed, in
    progress and not applicable by quarter; its training in progress at 40 %."""
    plan_id = await _issued_plan(client, login, unit_ids)
    reporter = await login("honquan.phongnoivu.reporter")
    tasks = await _tasks(client, reporter, plan_id=plan_id)
    quarterly = next(t for t in tasks if t["section_number"] == "II.1.a")
    training = next(t for t in tasks if t["section_number"] == "II.1.b")
    for occurrence, status in zip(quarterly["occurrences"], QUARTERS, strict=True):
        await _report(client, reporter, quarterly, occurrence["due_date"], status)
    await _report(client, reporter, training, training["occurrences"][0]["due_date"],
                  "in_progress", percent=40)
    return plan_id


QUARTERS = ["completed", "completed", "in_progress", "not_applicable"]


async def _report(client, reporter, task, due_date, status, **more):
    response = await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                 headers=reporter, json={"due_date": due_date, "status": status,
                                                         **more})
    assert response.status_code == 200, response.text
    return response.json()


async def test_roll_up_is_the_weighted_mean_with_requested_apart(client, login, reported_plan):
    reporter = await login("honquan.phongnoivu.reporter")
    tasks = await _tasks(client, reporter, plan_id=reported_plan)
    quarterly = next(t for t in tasks if t["section_number"] == "II.1.a")
    # Reported again as it was, the quarter answers the task's roll-up:
    # (100 + 100 + 50) / 3 occurrences that apply = 83.3.
    last = quarterly["occurrences"][-1]["due_date"]
    assert (await _report(client, reporter, quarterly, last, QUARTERS[-1]))["percent"] == 83.3
    plan = (await client.get(f"/api/v1/plans/{reported_plan}",
                             headers=await login("honquan.planner"))).json()
    sections = {s["number"]: s["progress"] for s in (await client.get(
        f"/api/v1/plans/{reported_plan}/sections", headers=await login("honquan.planner"))).json()}
    # Section II.1 has tasks at 83.3 and 40 (mean 61.7 of the rounded values 83.3 and 40),
    # II.2 one task at 0; the requested II.3 stays out of the government's completion.
    assert sections["II.1.a"] == 83.3 and sections["II.1.b"] == 40 and sections["II.2"] == 0
    assert plan["completion"] == round((83.3 + 40 + 0) / 3, 1)
    assert plan["requested_completion"] == 0
    overdue_only = await _tasks(client, reporter, plan_id=reported_plan, overdue=True)
    assert all(t["overdue"] for t in overdue_only)
    q3 = await _tasks(client, reporter, plan_id=reported_plan, period="2024Q3")
    assert [t["section_number"] for t in q3] == ["II.1.a"]


async def test_evidence_upload_is_type_and_size_limited_and_scoped(client, login, reported_plan):
    reporter = await login("honquan.phongnoivu.reporter")
    tasks = await _tasks(client, reporter, plan_id=reported_plan)
    task = next(t for t in tasks if t["section_number"] == "II.1.a")
    progress_id = task["occurrences"][0]["progress_id"]
    assert progress_id is not None
    url = f"/api/v1/assignments/{task['assignment_id']}/progress/{progress_id}/files"
    pdf = b"%PDF-1.4\n% bien ban hoi nghi\n"
    uploaded = await client.post(url, headers=reporter, files={
        "file": ("../../etc/Biên bản hội nghị.pdf", pdf, "application/pdf")})
    assert uploaded.status_code == 201, uploaded.text
    file = uploaded.json()
    assert file["filename"] == "Biên bản hội nghị.pdf" and file["size"] == len(pdf)
    download = await client.get(f"/api/v1/assignments/files/{file['id']}",
                                headers=await login("honquan.planner"))
    assert download.status_code == 200 and download.content == pdf
    assert_problem(await client.get(f"/api/v1/assignments/files/{file['id']}",
                                    headers=await login("krongpac.planner")), 404)
    listed = await _tasks(client, reporter, plan_id=reported_plan)
    again = next(t for t in listed if t["section_number"] == "II.1.a")
    assert again["occurrences"][0]["files"] == [file]
    assert_problem(await client.post(url, headers=reporter, files={
        "file": ("virus.exe", b"MZ\x90\x00", "application/octet-stream")}), 422, "file_type_refused")
    assert_problem(await client.post(url, headers=reporter, files={
        "file": ("fake.pdf", b"MZ not a pdf", "application/pdf")}), 422, "file_type_refused")
    big = b"%PDF-" + b"0" * get_settings().evidence_max_bytes
    assert_problem(await client.post(url, headers=reporter, files={
        "file": ("big.pdf", big, "application/pdf")}), 413, "file_too_large")
    # A sibling agency does not even see the progress it would attach to.
    assert_problem(await client.post(url, headers=await login("honquan.phongtuphap.reporter"),
                                     files={"file": ("a.pdf", pdf, "application/pdf")}), 404)


async def test_a_report_shows_the_units_task_progress_of_its_period(client, login, unit_ids,
                                                                    reported_plan):
    reporter = await login("honquan.phongnoivu.reporter")
    forms = (await client.get("/api/v1/reporting-forms", params={"q": "QCDC_AGENCY_SEMIANNUAL"},
                              headers=reporter)).json()["items"]
    form_id = next(f["id"] for f in forms if f["code"] == "QCDC_AGENCY_SEMIANNUAL")
    created = await client.post("/api/v1/submissions", headers=reporter, json={
        "form_id": form_id, "unit_id": unit_ids["694-PNV"], "period": "2024S1", "data_values": [],
        "narrative": {}})
    assert created.status_code == 201, created.text
    report = (await client.get(f"/api/v1/submissions/{created.json()['id']}",
                               headers=reporter)).json()
    quarterly = next(t for t in await _tasks(client, reporter, plan_id=reported_plan)
                     if t["section_number"] == "II.1.a")
    in_plan = [t for t in report["task_progress"]
               if t["assignment_id"] == quarterly["assignment_id"]]
    # 2024S1 runs 15/12/2023–14/06/2024: the quarterly task's Q1 and Q2 occurrences fall in it.
    assert [t["due_date"] for t in in_plan] == ["2024-03-14", "2024-06-14"]
    assert [t["status"] for t in in_plan] == ["completed", "completed"]


async def test_a_units_page_lists_the_tasks_of_that_unit(client, login, unit_ids, small_plan):
    planner = await login("honquan.planner")
    tasks = await _tasks(client, planner, assignee_id=unit_ids["694-PNV"])
    assert {t["section_number"] for t in tasks if t["plan"]["id"] == small_plan} == {
        "II.1.a", "II.1.b"}
    assert all(t["unit"]["code"] == "694-PNV" for t in tasks)
    assert_problem(await client.get("/api/v1/assignments", headers=await login("songvan.reporter"),
                                    params={"assignee_id": unit_ids["694-PNV"]}), 404)

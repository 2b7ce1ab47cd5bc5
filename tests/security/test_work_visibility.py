"""Who sees whose work (issue 13, findings 5 and 6): progress notes and evidence belong to the
task's unit and the units above it, never to a sibling; a draft plan to its issuer's planners,
reviewers and administrators; evidence is attached by the reporters who report the progress.

Hớn Quản (694) has two sibling agencies with a reporter each: Phòng Nội vụ (694-PNV) and Phòng Tư
pháp (694-PTP). Bình Phước (70) is the province above them."""

import itertools

import pytest

from tests.helpers import assert_problem, every_item

PLAN = """KẾ HOẠCH
Kiểm thử phân quyền xem tiến độ năm 2024

I. MỤC ĐÍCH, YÊU CẦU

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

2. Phòng Tư pháp

Xây dựng tài liệu tuyên truyền Luật Thực hiện dân chủ ở cơ sở.
"""
NOTE = "Nội vụ: đã họp với 12 xã, còn 3 xã chưa báo cáo"
PDF = b"%PDF-1.4\n% bien ban noi vu\n"
PASSWORD = "scope-test-pass-1"
_numbers = itertools.count(901)


async def _import(client, login, unit_ids) -> int:
    response = await client.post("/api/v1/plans/import", headers=await login("honquan.planner"),
                                 json={"text": PLAN, "issuer_id": unit_ids["694"], "dry_run": False,
                                       "span_start": "2024-01-01", "span_end": "2024-12-31"})
    assert response.status_code == 200, response.text
    return int(response.json()["plan_id"])


async def _issue(client, login, plan_id: int) -> None:
    planner = await login("honquan.planner")
    url = f"/api/v1/plans/{plan_id}"
    await client.patch(url, headers=planner, json={"number": str(next(_numbers)),
                                                   "issue_date": "2024-01-05"})
    assert (await client.post(f"{url}/issue", headers=planner)).status_code == 200


async def _user(client, login, unit_id: int, username: str, role: str) -> dict[str, str]:
    created = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Kiểm thử phân quyền", "unit_id": unit_id,
        "roles": [role], "password": PASSWORD})
    assert created.status_code == 201, created.text
    return await login(username, PASSWORD)


async def _tasks(client, headers, **params) -> list[dict]:
    return await every_item(client, "/api/v1/assignments", headers, **params)


@pytest.fixture(scope="module")
async def reported(client, login, unit_ids) -> dict:
    """An issued plan of Hớn Quản whose Phòng Nội vụ task carries a note and a file."""
    plan_id = await _import(client, login, unit_ids)
    await _issue(client, login, plan_id)
    reporter = await login("honquan.phongnoivu.reporter")
    task = next(t for t in await _tasks(client, reporter, plan_id=plan_id)
                if t["unit"]["code"] == "694-PNV")
    first = task["occurrences"][0]
    response = await client.post(f"/api/v1/assignments/{task['assignment_id']}/progress",
                                 headers=reporter, json={"due_date": first["due_date"],
                                                         "status": "in_progress", "note": NOTE})
    assert response.status_code == 200, response.text
    progress_id = response.json()["occurrences"][0]["progress_id"]
    upload = f"/api/v1/assignments/{task['assignment_id']}/progress/{progress_id}/files"
    file = await client.post(upload, headers=reporter,
                             files={"file": ("bien-ban.pdf", PDF, "application/pdf")})
    assert file.status_code == 201, file.text
    return {"plan_id": plan_id, "upload": upload, "file_id": file.json()["id"]}


async def test_a_sibling_agency_does_not_read_another_agencys_tasks_or_notes(client, login,
                                                                            reported):
    sibling = await login("honquan.phongtuphap.reporter")
    for url in ("/api/v1/assignments", f"/api/v1/plans/{reported['plan_id']}/assignments"):
        params = {"plan_id": reported["plan_id"]} if url == "/api/v1/assignments" else {}
        listed = await every_item(client, url, sibling, **params)
        assert {t["unit"]["code"] for t in listed} == {"694-PTP"}
        assert NOTE not in str(listed)
    # The unit itself and the units above it still read the note.
    for username in ("honquan.phongnoivu.reporter", "honquan.reviewer", "binhphuoc.planner"):
        tasks = await _tasks(client, await login(username), plan_id=reported["plan_id"])
        notes = [o["note"] for t in tasks if t["unit"]["code"] == "694-PNV" for o in t["occurrences"]]
        assert NOTE in notes, username


async def test_a_sibling_agency_cannot_download_another_agencys_evidence(client, login, reported):
    url = f"/api/v1/assignments/files/{reported['file_id']}"
    assert_problem(await client.get(url, headers=await login("honquan.phongtuphap.reporter")), 404)
    for username in ("honquan.phongnoivu.reporter", "honquan.planner", "binhphuoc.planner"):
        response = await client.get(url, headers=await login(username))
        assert response.status_code == 200 and response.content == PDF, username


async def test_a_sibling_agency_cannot_attach_to_another_agencys_progress(client, login, reported):
    assert_problem(await client.post(reported["upload"],
                                     headers=await login("honquan.phongtuphap.reporter"),
                                     files={"file": ("a.pdf", PDF, "application/pdf")}), 404)


async def test_a_viewer_of_the_unit_cannot_attach_evidence(client, login, unit_ids, reported):
    viewer = await _user(client, login, unit_ids["694-PNV"], "honquan.phongnoivu.viewer", "viewer")
    assert_problem(await client.post(reported["upload"], headers=viewer,
                                     files={"file": ("a.pdf", PDF, "application/pdf")}), 403)
    # Seeing is not reporting either for the units above.
    assert_problem(await client.post(reported["upload"], headers=await login("honquan.reviewer"),
                                     files={"file": ("a.pdf", PDF, "application/pdf")}), 403)


async def test_a_draft_plan_stays_with_its_issuers_planners_reviewers_and_admins(client, login,
                                                                                unit_ids):
    plan_id = await _import(client, login, unit_ids)
    url = f"/api/v1/plans/{plan_id}"
    below = [await login("honquan.phongnoivu.reporter"), await login("honquan.phongtuphap.reporter")]
    viewer = await _user(client, login, unit_ids["694"], "honquan.viewer", "viewer")
    for headers in [*below, viewer]:
        assert_problem(await client.get(url, headers=headers), 404)
        assert_problem(await client.get(f"{url}/assignments", headers=headers), 404)
        assert_problem(await client.get("/api/v1/assignments", headers=headers,
                                        params={"plan_id": plan_id}), 404)
        listed = (await client.get("/api/v1/plans", headers=headers, params={"limit": 200})).json()
        assert plan_id not in {p["id"] for p in listed["items"]}
        # Its tasks do not fall to the units below while it is a draft.
        assert plan_id not in {t["plan"]["id"] for t in await _tasks(client, headers)}
    pnv = await _tasks(client, await login("honquan.planner"), assignee_id=unit_ids["694-PNV"])
    assert plan_id not in {t["plan"]["id"] for t in pnv}
    admin = await _user(client, login, unit_ids["694"], "honquan.admin", "admin")
    for headers in (await login("honquan.planner"), await login("honquan.reviewer"), admin,
                    await login("binhphuoc.planner")):
        assert (await client.get(url, headers=headers)).status_code == 200
    await _issue(client, login, plan_id)
    for headers in [*below, viewer]:
        assert (await client.get(url, headers=headers)).status_code == 200

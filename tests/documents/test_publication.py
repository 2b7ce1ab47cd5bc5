"""Công khai: an approved report's PDF at a stable public address, and nothing else there."""

from tests.documents import reports
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"
PUBLIC = "/api/v1/public/submissions"


async def _listed(client, unit_code: str) -> list[int]:
    response = await client.get(PUBLIC, params={"org_unit": unit_code})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_an_approved_report_is_published_until_reopened(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    # A draft is not published, and nothing of it is public.
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/publication", headers=reviewer), 409,
                   "submission_not_approved")
    assert_problem(await client.get(f"{PUBLIC}/{sid}.pdf"), 404)
    await reports.approve(client, reporter, reviewer, sid)
    assert_problem(await client.get(f"{PUBLIC}/{sid}.pdf"), 404)
    assert sid not in await _listed(client, unit["code"])

    published = await client.put(f"{SUBMISSIONS}/{sid}/publication", headers=reviewer)
    assert published.status_code == 200, published.text
    assert published.json()["published_at"]
    # Its address before reports were called submissions in the API still leads to it.
    moved = await client.get(f"/api/v1/public/reports/{sid}.pdf")
    assert moved.status_code == 308
    assert str(moved.next_request.url).endswith(f"/api/v1/public/submissions/{sid}.pdf")
    listed = (await client.get(PUBLIC, params={"org_unit": "216"})).json()["items"]
    entry = next(item for item in listed if item["id"] == sid)
    assert (entry["unit"], entry["period"], entry["number"]) == (unit["name"], "2013", "01/BC-UBND")
    assert entry["summary"] == "Kết quả thực hiện dân chủ ở xã, phường, thị trấn năm 2013"
    document = await client.get(entry["document_url"])  # no sign-in
    assert document.status_code == 200, document.text
    assert document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"].startswith("inline;")
    assert document.content.startswith(b"%PDF-")
    events = (await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "submission", "entity_id": str(sid)})).json()["items"]
    assert events[0]["action"] == "publish" and events[0]["actor"]["username"] == "tanyen.reviewer"

    # Reopening withdraws it: what was published is no longer what the report says.
    reopened = await client.post(f"{SUBMISSIONS}/{sid}/reopen", headers=reviewer,
                                 json={"comment": "Sửa số liệu."})
    assert reopened.status_code == 200, reopened.text
    assert_problem(await client.get(f"{PUBLIC}/{sid}.pdf"), 404)
    assert sid not in await _listed(client, unit["code"])
    await reports.approve(client, reporter, reviewer, sid)
    assert sid not in await _listed(client, unit["code"])


async def test_only_a_reviewer_or_admin_of_the_unit_or_above_publishes(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    await reports.approve(client, reporter, reviewer, sid)
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/publication", headers=reporter), 403)
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/publication",
                                    headers=await login("honquan.reviewer")), 404)
    assert (await client.put(f"{SUBMISSIONS}/{sid}/publication", headers=reviewer)).status_code == 200
    withdrawn = await client.delete(f"{SUBMISSIONS}/{sid}/publication",
                                    headers=await login("admin"))
    assert withdrawn.status_code == 200 and withdrawn.json()["published_at"] is None
    assert_problem(await client.get(f"{PUBLIC}/{sid}.pdf"), 404)
    assert_problem(await client.get(f"{PUBLIC}/99999999.pdf"), 404)

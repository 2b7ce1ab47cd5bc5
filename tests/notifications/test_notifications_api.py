"""Notifications in the web app's bell: a report returned or approved reaches its unit's
reporters; each user reads and marks only their own."""

from tests.helpers import assert_problem
from tests.notifications import people
from tests.notifications.people import NOTIFICATIONS, SUBMISSIONS


async def test_a_returned_then_approved_report_notifies_its_reporter(client, login, unit_ids):
    unit, username = await people.commune(client, login, unit_ids["216"])
    reporter, reviewer = await login(username, people.PASSWORD), await login("tanyen.reviewer")
    form = await people.monthly_form(client, login, unit_ids["216"])
    report = await people.submitted(client, reporter, form["id"], unit["id"], "202611")

    returned = await client.post(f"{SUBMISSIONS}/{report['id']}/return", headers=reviewer,
                                 json={"comment": "Bổ sung số vụ hòa giải."})
    assert returned.status_code == 200, returned.text
    again = await client.post(f"{SUBMISSIONS}/{report['id']}/submit", headers=reporter)
    assert again.status_code == 200, again.text
    approved = await client.post(f"{SUBMISSIONS}/{report['id']}/approve", headers=reviewer)
    assert approved.status_code == 200, approved.text

    box = await people.inbox(client, reporter)
    assert box["unread"] == 2 and box["pagination"]["total"] == 2
    newest, oldest = box["items"]
    assert (newest["kind"], oldest["kind"]) == ("submission.approved", "submission.returned")
    assert newest["text"] == (f"Báo cáo «Báo cáo tháng về hòa giải» Tháng 11/2026 của "
                              f"{unit['name']} đã được phê duyệt.")
    assert oldest["text"].endswith("bị trả lại: Bổ sung số vụ hòa giải.")
    assert newest["link"] == f"/reports/{report['id']}" and newest["read_at"] is None
    # The reviewer acted; nothing of this is news to them.
    assert all(n["link"] != f"/reports/{report['id']}"
               for n in (await people.inbox(client, reviewer))["items"])


async def test_each_user_reads_and_marks_only_their_own(client, login, unit_ids):
    unit, username = await people.commune(client, login, unit_ids["216"])
    other_unit, other_name = await people.commune(client, login, unit_ids["216"])
    mine, theirs = await login(username, people.PASSWORD), await login(other_name, people.PASSWORD)
    reviewer = await login("tanyen.reviewer")
    form = await people.monthly_form(client, login, unit_ids["216"])
    for headers, unit_id in ((mine, unit["id"]), (theirs, other_unit["id"])):
        for period in ("202609", "202610"):
            report = await people.submitted(client, headers, form["id"], unit_id, period)
            await client.post(f"{SUBMISSIONS}/{report['id']}/approve", headers=reviewer)

    own = (await people.inbox(client, mine))["items"]
    other = (await people.inbox(client, theirs))["items"]
    assert len(own) == len(other) == 2 and not {n["id"] for n in own} & {n["id"] for n in other}

    # Another user's notification does not exist for me: neither read nor marked.
    assert_problem(await client.post(f"{NOTIFICATIONS}/{other[0]['id']}/read", headers=mine),
                   404, "not_found")
    assert (await people.inbox(client, theirs))["unread"] == 2

    read = await client.post(f"{NOTIFICATIONS}/{own[0]['id']}/read", headers=mine)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = await people.inbox(client, mine, unread="true")
    assert unread["unread"] == 1 and [n["id"] for n in unread["items"]] == [own[1]["id"]]

    marked = await client.post(f"{NOTIFICATIONS}/read-all", headers=mine)
    assert marked.status_code == 200 and marked.json() == {"read": 1}
    assert (await people.inbox(client, mine))["unread"] == 0
    assert (await people.inbox(client, theirs))["unread"] == 2


async def test_users_set_their_address_and_turn_mail_off(client, login, unit_ids):
    _, username = await people.commune(client, login, unit_ids["216"])
    headers = await login(username, people.PASSWORD)
    me = (await client.get("/api/v1/auth/me", headers=headers)).json()
    assert (me["email"], me["email_notifications"]) == (None, True)

    changed = await client.patch("/api/v1/auth/me", headers=headers, json={
        "email": "congchuc@songvan.gov.vn", "email_notifications": False})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["email"], changed.json()["email_notifications"]) == (
        "congchuc@songvan.gov.vn", False)
    assert (await client.get("/api/v1/auth/me", headers=headers)).json()["email_notifications"] \
        is False
    refused = assert_problem(await client.patch("/api/v1/auth/me", headers=headers,
                                                json={"email": "không phải địa chỉ"}), 422)
    assert refused["errors"][0]["loc"][-1] == "email"

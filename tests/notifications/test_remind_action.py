"""The review queue's completeness: who has not reported yet, and "Nhắc" (remind) for them, once
a unit a day, audited."""

from tests.helpers import assert_problem
from tests.notifications import people
from tests.notifications.people import SUBMISSIONS

MISSING = f"{SUBMISSIONS}/missing"
REMINDERS = f"{SUBMISSIONS}/reminders"


async def test_a_reviewer_sees_who_has_not_reported_and_reminds_them(client, login, unit_ids):
    silent, silent_name = await people.commune(client, login, unit_ids["216"])
    drafting, drafting_name = await people.commune(client, login, unit_ids["216"])
    done, done_name = await people.commune(client, login, unit_ids["216"])
    reviewer = await login("tanyen.reviewer")
    form = await people.monthly_form(client, login, unit_ids["216"])
    await people.submitted(client, await login(done_name, people.PASSWORD), form["id"],
                           done["id"], "202611")
    draft = await client.post(SUBMISSIONS, headers=await login(drafting_name, people.PASSWORD),
                              json={"form_id": form["id"], "unit_id": drafting["id"],
                                    "period": "202611", "data_values": []})
    assert draft.status_code == 201, draft.text

    listed = await client.get(MISSING, headers=reviewer, params={
        "form_id": form["id"], "period": "202611", "limit": 200})
    assert listed.status_code == 200, listed.text
    rows = {row["unit"]["id"]: row for row in listed.json()["items"]}
    assert silent["id"] in rows and drafting["id"] in rows and done["id"] not in rows
    assert (rows[silent["id"]]["status"], rows[silent["id"]]["submission_id"]) == (None, None)
    assert (rows[drafting["id"]]["status"], rows[drafting["id"]]["submission_id"]) == (
        "draft", draft.json()["id"])
    assert rows[silent["id"]]["deadline"] == "2026-11-20"  # 14/11 + 5 working days
    assert unit_ids["216"] not in rows  # the reviewer's own unit reports upwards, not to itself

    reminded = await client.post(REMINDERS, headers=reviewer, json={
        "form_id": form["id"], "period": "202611", "unit_ids": [silent["id"], drafting["id"]]})
    assert reminded.status_code == 200, reminded.text
    assert reminded.json() == {"reminded": [silent["id"], drafting["id"]], "already": [],
                               "notified": 2}
    told = (await people.inbox(client, await login(silent_name, people.PASSWORD)))["items"]
    assert [(n["kind"], n["link"]) for n in told] == [("submission.remind", "/reports")]
    assert told[0]["text"].endswith(f"nhắc gửi báo cáo «{form['name']}» Tháng 11/2026 của "
                                    f"{silent['name']} (hạn 20/11/2026).")

    # Once a unit a day: a unit reminded today is skipped, and all of them is a conflict.
    assert_problem(await client.post(REMINDERS, headers=reviewer, json={
        "form_id": form["id"], "period": "202611", "unit_ids": [silent["id"]]}),
        409, "already_reminded")
    audit = await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "reporting_form", "entity_id": str(form["id"])})
    assert sorted(e["org_unit_id"] for e in audit.json()["items"] if e["action"] == "remind") == \
        sorted([silent["id"], drafting["id"]])


async def test_only_units_still_to_report_in_ones_line_are_reminded(client, login, unit_ids):
    silent, _ = await people.commune(client, login, unit_ids["216"])
    done, done_name = await people.commune(client, login, unit_ids["216"])
    form = await people.monthly_form(client, login, unit_ids["216"])
    await people.submitted(client, await login(done_name, people.PASSWORD), form["id"],
                           done["id"], "202611")
    body = {"form_id": form["id"], "period": "202611", "unit_ids": [silent["id"], done["id"]]}

    refused = assert_problem(await client.post(REMINDERS, headers=await login("tanyen.reviewer"),
                                               json=body), 422)
    assert [e["loc"] for e in refused["errors"]] == [["body", "unit_ids", "1"]]
    # Another line neither sees Tân Yên's form nor reminds its units.
    assert_problem(await client.post(REMINDERS, headers=await login("honquan.reviewer"),
                                     json={**body, "unit_ids": [silent["id"]]}), 404, "not_found")
    for role in ("songvan.reporter", "tanyen.planner"):
        assert_problem(await client.get(MISSING, headers=await login(role), params={
            "form_id": form["id"], "period": "202611"}), 403, "forbidden")
    assert_problem(await client.get(MISSING, headers=await login("tanyen.reviewer"), params={
        "form_id": form["id"], "period": "2026Q4"}), 422)

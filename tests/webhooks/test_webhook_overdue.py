"""`assignment.overdue`: the sweep announces exactly what GET /assignments calls overdue, once."""

from datetime import date, timedelta

import pytest

from backend.assignments import service as assignments_service
from backend.config import get_settings
from backend.kit import clock
from backend.webhooks import repository as webhooks_repository
from tests.helpers import every_item
from tests.webhooks.scenario import Receiver, deliveries, import_plan, send_outbox, subscribe, sweep


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    yield server
    server.close()


async def test_each_overdue_occurrence_is_announced_once(client, login, unit_ids, receiver,
                                                         monkeypatch):
    # Tasks built and notices claimed a few at a time, as a national plan's are: none is lost
    # or announced twice between batches.
    monkeypatch.setattr(assignments_service, "_BATCH", 1)
    monkeypatch.setattr(webhooks_repository, "_CLAIM_BATCH", 2)
    admin = await login("admin")
    hook = await subscribe(client, admin, receiver.url("/overdue"), ["assignment.overdue"],
                           unit_ids["694"])
    today = clock.today()
    # Ends two days ago: the last occurrence of every task is overdue, and recent.
    span = (today - timedelta(days=75), today - timedelta(days=2))
    planner = await login("honquan.planner")
    plan_id = await import_plan(client, planner, unit_ids["694"], "Kế hoạch quá hạn", span,
                                issue=True)
    draft_id = await import_plan(client, planner, unit_ids["694"], "Dự thảo quá hạn", span,
                                 issue=False)
    tasks = await every_item(client, "/api/v1/assignments", planner, plan_id=plan_id)
    reporter = await login("honquan.phongnoivu.reporter")
    settled = next(t for t in tasks if t["unit"]["code"] == "694-PNV")
    done = await client.post(f"/api/v1/assignments/{settled['assignment_id']}/progress",
                             headers=reporter, json={"due_date": settled["occurrences"][-1]["due_date"],
                                                     "status": "completed"})
    assert done.status_code == 200, done.text

    since = today - timedelta(days=get_settings().webhook_overdue_lookback_days)
    tasks = await every_item(client, "/api/v1/assignments", planner, plan_id=plan_id,
                             overdue=True)
    expected = {(t["assignment_id"], t["unit"]["id"], o["due_date"]) for t in tasks
                for o in t["occurrences"] if o["overdue"] and date.fromisoformat(o["due_date"]) >= since}
    assert (settled["assignment_id"], settled["unit"]["id"],
            settled["occurrences"][-1]["due_date"]) not in expected
    assert expected

    assert await sweep() >= len(expected)
    assert await sweep() == 0  # the second sweep finds them all announced
    await send_outbox()
    events = [c.event for c in receiver.to("/overdue")]
    mine = [e for e in events if e["data"]["task"]["plan"]["id"] == plan_id]
    announced = [(e["data"]["task"]["assignment_id"], e["org_unit"]["id"],
                  e["data"]["occurrence"]["due_date"]) for e in mine]
    assert sorted(announced) == sorted(expected)
    assert not [e for e in events if e["data"]["task"]["plan"]["id"] == draft_id]
    event = mine[0]
    assert event["event"] == "assignment.overdue"
    assert event["data"]["occurrence"]["status"] in ("not_started", "in_progress")
    assert event["data"]["task"]["section_number"].startswith("II.")
    log = await deliveries(client, admin, hook["id"])
    assert len(log) == len(events) and {d["event"] for d in log} == {"assignment.overdue"}
    await client.patch(f"/api/v1/webhooks/{hook['id']}", headers=admin, json={"is_active": False})

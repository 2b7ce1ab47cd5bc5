"""Reports and tasks falling due: the sweep tells each unit's reporters once that a deadline is
near, once on the day, once when it has passed (then the reviewers above too); issued plans
tell the units they give tasks to."""

from datetime import date, timedelta

from backend.assignments import service as assignments_service
from backend.db import get_sessionmaker
from backend.kit import clock
from backend.notifications import repository
from backend.notifications.sweep import sweep
from backend.periods import rules
from tests.helpers import every_item
from tests.notifications import people
from tests.webhooks.scenario import import_plan


async def _sweep(day: date) -> int:
    async with get_sessionmaker()() as session, session.begin():
        return await sweep(session, day)


async def _told(client, headers, needle: str) -> list[str]:
    return [n["kind"] for n in reversed((await people.inbox(client, headers, limit=200))["items"])
            if needle in n["text"]]


async def test_a_report_not_sent_is_told_soon_on_the_day_and_late(client, login, unit_ids):
    late, late_name = await people.commune(client, login, unit_ids["216"])
    done, done_name = await people.commune(client, login, unit_ids["216"])
    reporter, punctual = (await login(late_name, people.PASSWORD),
                          await login(done_name, people.PASSWORD))
    reviewer = await login("tanyen.reviewer")
    form = await people.monthly_form(client, login, unit_ids["216"], remind_days_before=2,
                                     name=f"Báo cáo tháng về hòa giải {people.RUN}")
    await people.submitted(client, punctual, form["id"], done["id"], "202610")
    deadline = rules.deadline(rules.parse_period("202610"), 5)  # Wednesday 21/10/2026
    october = f"{form['name']}» Tháng 10/2026"  # September's report, unsent, is late already

    await _sweep(rules.add_working_days(deadline, -3))
    assert await _told(client, reporter, october) == []
    for day in (rules.add_working_days(deadline, -2), rules.add_working_days(deadline, -1)):
        await _sweep(day)
    assert await _told(client, reporter, october) == ["submission.due_soon"]
    await _sweep(deadline)
    await _sweep(deadline + timedelta(days=1))
    await _sweep(deadline + timedelta(days=1))  # a second process, or the next round
    assert await _told(client, reporter, october) == [
        "submission.due_soon", "submission.due_today", "submission.overdue"]
    texts = [n["text"] for n in (await people.inbox(client, reporter))["items"]]
    assert (f"Báo cáo «{form['name']}» Tháng 10/2026 của {late['name']} đã quá hạn "
            f"nộp (21/10/2026) mà chưa được gửi.") in texts
    assert f"Hôm nay là hạn nộp báo cáo «{form['name']}» Tháng 10/2026 của " \
           f"{late['name']}." in texts
    # The reviewer above hears of it once it is late, not before; the unit that reported, never.
    assert await _told(client, reviewer, f"{october} của {late['name']}") == [
        "submission.overdue"]
    assert await _told(client, punctual, october) == []


async def test_an_issued_plan_tells_its_units_and_their_tasks_fall_due(client, login, unit_ids):
    reporter = await login("honquan.phongnoivu.reporter")
    today = clock.today()
    plan_id = await import_plan(client, await login("honquan.planner"), unit_ids["694"],
                                f"Kế hoạch nhắc việc {people.RUN}",
                                (today - timedelta(days=75), today - timedelta(days=2)), issue=True)
    plan = (await client.get(f"/api/v1/plans/{plan_id}", headers=reporter)).json()

    issued = [n for n in (await people.inbox(client, reporter, limit=200))["items"]
              if n["kind"] == "plan.issued" and plan["symbol"] in n["text"]]
    assert len(issued) == 1 and issued[0]["link"] == "/tasks"
    assert issued[0]["text"] == (f"Kế hoạch {plan['symbol']} «Kế hoạch nhắc việc {people.RUN}» "
                                 f"đã được ban hành, giao nhiệm vụ cho Phòng Nội vụ huyện Hớn Quản.")

    await _sweep(today)
    await _sweep(today)
    overdue = [n for n in (await people.inbox(client, reporter, limit=200))["items"]
               if n["kind"] == "assignment.overdue" and plan["symbol"] in n["text"]]
    tasks = await every_item(client, "/api/v1/assignments", reporter, plan_id=plan_id,
                             overdue="true")
    since = today - timedelta(days=30)  # older arrears are history, not news
    late = {(t["assignment_id"], o["due_date"]) for t in tasks for o in t["occurrences"]
            if t["unit"]["id"] == unit_ids["694-PNV"] and o["overdue"]
            and date.fromisoformat(o["due_date"]) >= since}
    assert late and len(overdue) == len(late)


async def test_a_plan_issued_to_a_group_tells_each_member_once(client, login, unit_ids,
                                                                monkeypatch):
    # Statements of one row each: the claim of a plan reaching thousands of units is batched.
    monkeypatch.setattr(repository, "_CLAIM_BATCH", 1)
    planner = await login("bacgiang.planner")
    title = f"Kế hoạch giao các xã, phường {people.RUN}"
    saved = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": f"KẾ HOẠCH\n{title}\n\nI. TỔ CHỨC THỰC HIỆN\n\n1. UBND các xã, phường\n\n"
                "a) Hằng quý, báo cáo kết quả thực hiện dân chủ ở cơ sở.\n",
        "issuer_id": unit_ids["24"], "dry_run": False,
        "span_start": "2026-01-01", "span_end": "2026-12-31"})
    assert saved.status_code == 200, saved.text
    plan_id = saved.json()["plan_id"]
    numbered = await client.patch(f"/api/v1/plans/{plan_id}", headers=planner, json={
        "number": "07", "issue_date": "2026-01-02"})
    assert numbered.status_code == 200, numbered.text
    issued = await client.post(f"/api/v1/plans/{plan_id}/issue", headers=planner)
    assert issued.status_code == 200, issued.text
    symbol = issued.json()["symbol"]

    async def told(username: str) -> list[str]:
        return [n["text"] for n in (await people.inbox(client, await login(username),
                                                       limit=200))["items"]
                if n["kind"] == "plan.issued" and symbol in n["text"]]

    # The members' reporters and planners, each once, with their own unit's name; not viewers.
    said = f"Kế hoạch {symbol} «{title}» đã được ban hành, giao nhiệm vụ cho Xã Song Vân."
    assert await told("songvan.reporter") == [said]
    assert await told("songvan.planner") == [said]
    assert await told("songvan.viewer") == []
    assert await told("bacgiang.planner") == []


async def test_the_sweep_builds_only_the_tasks_of_units_it_has_someone_to_tell(
        client, login, unit_ids, monkeypatch):
    # A national plan gives tens of thousands of units a task; few of them have users.
    built: list[tuple[int, int]] = []
    build = assignments_service.build_task

    def counted(assignment, plan, unit, *rest):
        built.append((plan.id, unit.id))
        return build(assignment, plan, unit, *rest)

    planner = await login("bacgiang.planner")
    today = clock.today()
    title = f"Kế hoạch nhắc các xã, phường {people.RUN}"
    saved = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": f"KẾ HOẠCH\n{title}\n\nI. TỔ CHỨC THỰC HIỆN\n\n1. UBND các xã, phường\n\n"
                "a) Hằng tháng, báo cáo kết quả thực hiện dân chủ ở cơ sở.\n",
        "issuer_id": unit_ids["24"], "dry_run": False,
        "span_start": (today - timedelta(days=75)).isoformat(),
        "span_end": (today - timedelta(days=2)).isoformat()})
    assert saved.status_code == 200, saved.text
    plan_id = saved.json()["plan_id"]
    await client.patch(f"/api/v1/plans/{plan_id}", headers=planner, json={
        "number": "09", "issue_date": (today - timedelta(days=75)).isoformat()})
    issued = await client.post(f"/api/v1/plans/{plan_id}/issue", headers=planner)
    assert issued.status_code == 200, issued.text
    carriers = {t["unit"]["id"] for t in await every_item(
        client, f"/api/v1/plans/{plan_id}/assignments", planner)}
    assert unit_ids["07345"] in carriers and len(carriers) > 1

    monkeypatch.setattr(assignments_service, "build_task", counted)
    await _sweep(today)
    # Song Vân's reporter is told; its sibling communes have no one to tell.
    assert {unit for plan, unit in built if plan == plan_id} == {unit_ids["07345"]}
    overdue = [n for n in (await people.inbox(client, await login("songvan.reporter"),
                                              limit=200))["items"]
               if n["kind"] == "assignment.overdue" and issued.json()["symbol"] in n["text"]]
    assert overdue

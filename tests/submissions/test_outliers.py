"""Outlier flags on crafted histories (issue 18 §3): far from the unit's own past, far from its
peers, quiet without enough of either; a reviewer marks one as checked, a reporter cannot."""

import itertools

from sqlalchemy import event

from backend.db import get_engine
from backend.submissions import outliers
from backend.submissions.outliers import MIN_PEERS, Flag, OutlierKind
from tests import factories
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"
PASSWORD = "test-password-1"
RECEIVED = "QCDC_MEDIATION_RECEIVED"
_serial = itertools.count()


async def _form(client, login, owner_id: int) -> int:
    created = await client.post("/api/v1/reporting-forms", headers=await login("admin"), json={
        "code": f"TEST_OUTLIER_FORM_{next(_serial)}", "name": "Báo cáo tháng về hòa giải",
        "period_type": "month", "owner_unit_id": owner_id,
        "indicators": [{"indicator": RECEIVED, "required": True}],
        "narrative": [], "reporters": {"grassroots_types": ["commune"]},
        "deadline_working_days": {"commune": 5}})
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _district(client, login, unit_ids) -> int:
    created = await client.post("/api/v1/org-units", headers=await login("admin"), json={
        "code": f"OUT-D-{factories._RUN}-{next(_serial)}", "name": "Huyện Thử Nghiệm",
        "kind": "district", "parent_id": unit_ids["24"], "valid_from": "2015-01-01"})
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _submitted(client, headers, form_id: int, unit_id: int, period: str, received: int) -> dict:
    created = await client.post(SUBMISSIONS, headers=headers, json={
        "form_id": form_id, "unit_id": unit_id, "period": period,
        "data_values": [{"indicator": RECEIVED, "value": received}]})
    assert created.status_code == 201, created.text
    sent = await client.post(f"{SUBMISSIONS}/{created.json()['id']}/submit", headers=headers)
    assert sent.status_code == 200, sent.text
    return sent.json()


def test_short_histories_flag_only_a_jump_of_an_order_of_magnitude():
    assert outliers.against_history(25, [10, 12]) is None  # 2× the previous: too short to judge
    assert outliers.against_history(140, [10, 13]) == Flag(OutlierKind.history, 140, 13)
    assert outliers.against_history(1, [12]) == Flag(OutlierKind.history, 1, 12)
    assert outliers.against_history(5, [0, 0, 0]) is None  # no scale to be far from


async def test_a_jump_from_the_units_own_history_is_flagged_and_checked(client, login, unit_ids):
    district = await _district(client, login, unit_ids)
    form_id = await _form(client, login, unit_ids["24"])
    unit = await factories.commune(client, login, district, prefix="OUT-H")
    username = f"out.reporter-{unit['code'].lower()}"
    made = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Công chức thử", "unit_id": unit["id"],
        "roles": ["reporter"], "password": PASSWORD})
    assert made.status_code == 201, made.text
    reporter, reviewer = await login(username, PASSWORD), await login("bacgiang.reviewer")
    for month, received in zip(("202401", "202402", "202403", "202404"), (10, 12, 11, 13),
                               strict=True):
        assert (await _submitted(client, reporter, form_id, unit["id"], month, received)
                )["outliers"] == []
    report = await _submitted(client, reporter, form_id, unit["id"], "202405", 130)
    assert report["outliers"] == [{"indicator": RECEIVED, "category": None, "kind": "history",
                                   "value": 130.0, "reference": 11.5, "checked": False,
                                   "comment": None}]
    listed = (await client.get(SUBMISSIONS, headers=reviewer, params={
        "unit_id": unit["id"], "period": "202405"})).json()["items"]
    assert [item["outlier_count"] for item in listed] == [1]

    check = f"{SUBMISSIONS}/{report['id']}/outliers/{RECEIVED}/check"
    assert_problem(await client.post(check, headers=reporter, json={"comment": "Đúng"}),
                   403, "forbidden")
    assert_problem(await client.post(f"{SUBMISSIONS}/{report['id']}/outliers/QCDC_INSPECTIONS/check",
                                     headers=reviewer, json={"comment": "Đúng"}),
                   409, "outlier_not_flagged")
    checked = await client.post(check, headers=reviewer,
                                json={"comment": "Đã gọi xã: đợt cao điểm tranh chấp đất đai."})
    assert checked.status_code == 200, checked.text
    flag = checked.json()["outliers"][0]
    assert flag["checked"] and flag["comment"].startswith("Đã gọi xã")
    events = (await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "submission", "entity_id": str(report["id"])})).json()["items"]
    assert any(e["action"] == "check_outlier" for e in events)


async def test_a_unit_far_from_its_peers_is_flagged(client, login, unit_ids):
    district = await _district(client, login, unit_ids)
    form_id = await _form(client, login, unit_ids["24"])
    admin = await login("admin")
    for received in (20, 22, 21, 19, 20):
        peer = await factories.commune(client, login, district, prefix="OUT-P")
        await _submitted(client, admin, form_id, peer["id"], "202403", received)
    unit = await factories.commune(client, login, district, prefix="OUT-P")
    report = await _submitted(client, admin, form_id, unit["id"], "202403", 200)
    assert [(f["kind"], f["value"], f["reference"]) for f in report["outliers"]] == [
        ("peers", 200.0, 20.0)]


async def test_no_history_and_few_peers_raise_no_flag(client, login, unit_ids):
    district = await _district(client, login, unit_ids)
    form_id = await _form(client, login, unit_ids["24"])
    admin = await login("admin")
    for _ in range(MIN_PEERS - 1):
        peer = await factories.commune(client, login, district, prefix="OUT-F")
        await _submitted(client, admin, form_id, peer["id"], "202403", 10)
    unit = await factories.commune(client, login, district, prefix="OUT-F")
    report = await _submitted(client, admin, form_id, unit["id"], "202403", 200)
    assert report["outliers"] == [] and report["outlier_count"] == 0


async def test_the_review_queue_counts_flags_in_the_same_few_queries_for_any_page(
        client, login, unit_ids):
    district = await _district(client, login, unit_ids)
    form_id = await _form(client, login, unit_ids["24"])
    admin = await login("admin")
    for received in (20, 22, 21, 19, 20, 200):
        unit = await factories.commune(client, login, district, prefix="OUT-Q")
        await _submitted(client, admin, form_id, unit["id"], "202403", received)

    async def queue(limit: int) -> tuple[list[int], int]:
        statements: list[str] = []
        listen = (get_engine().sync_engine, "before_cursor_execute",
                  lambda _c, _cur, statement, *_: statements.append(statement))
        event.listen(*listen)
        try:
            response = await client.get(SUBMISSIONS, headers=await login("bacgiang.reviewer"),
                                        params={"form_id": form_id, "limit": limit})
        finally:
            event.remove(*listen)
        assert response.status_code == 200, response.text
        return [item["outlier_count"] for item in response.json()["items"]], len(statements)

    (two, few), (six, same) = await queue(2), await queue(6)
    assert sorted(six) == [0, 0, 0, 0, 0, 1] and len(two) == 2
    assert few == same


async def test_compiling_shows_the_flags_of_the_figures_it_reads(client, login, unit_ids):
    district = await _district(client, login, unit_ids)
    form_id = await _form(client, login, unit_ids["24"])
    admin, reviewer = await login("admin"), await login("bacgiang.reviewer")
    compiled = await client.post("/api/v1/reporting-forms", headers=admin, json={
        "code": f"TEST_OUTLIER_COMPILED_{next(_serial)}", "name": "Báo cáo tổng hợp tháng",
        "period_type": "month", "owner_unit_id": unit_ids["24"],
        "indicators": [{"indicator": RECEIVED, "required": False}], "narrative": [],
        "reporters": {"grassroots_types": [], "kinds": ["district"]},
        "deadline_working_days": {"district": 10}})
    assert compiled.status_code == 201, compiled.text
    far = None
    for received in (20, 22, 21, 19, 20, 200):
        unit = await factories.commune(client, login, district, prefix="OUT-C")
        report = await _submitted(client, admin, form_id, unit["id"], "202403", received)
        approved = await client.post(f"{SUBMISSIONS}/{report['id']}/approve", headers=reviewer)
        assert approved.status_code == 200, approved.text
        far = unit["id"]
    response = await client.post(f"{SUBMISSIONS}/compile", headers=await login("bacgiang.planner"),
                                 json={"form_id": compiled.json()["id"], "unit_id": district,
                                       "period": "202403"})
    assert response.status_code == 200, response.text
    (material,) = response.json()["compilation"]["material"]["data_values"]
    flagged = {row["unit"]["id"]: row["outliers"] for row in material["by_unit"] if row["outliers"]}
    assert flagged == {far: [{"kind": "peers", "reference": 20.0}]}

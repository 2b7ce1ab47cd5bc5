"""Live aggregates through HTTP: the seeds' figures rolled up the tree, as it stood in each period."""


import pytest

from tests import factories
from tests.helpers import assert_problem

AGG = "/api/v1/aggregates"


async def _form_id(client, headers, code: str) -> int:
    items = (await client.get("/api/v1/reporting-forms", params={"q": code},
                              headers=headers)).json()["items"]
    return next(f["id"] for f in items if f["code"] == code)


async def report(client, login, form: str, unit_id: int, period: str, figures: list[dict], *,
                 approve_as: str | None) -> dict:
    """Create and submit a report as the country admin; approve it as `approve_as`."""
    admin = await login("admin")
    created = await client.post("/api/v1/submissions", headers=admin, json={
        "form_id": await _form_id(client, admin, form), "unit_id": unit_id, "period": period,
        "data_values": figures, "narrative": {}})
    assert created.status_code == 201, created.text
    submission = created.json()
    submitted = await client.post(f"/api/v1/submissions/{submission['id']}/submit", headers=admin,
                                  json={})
    assert submitted.status_code == 200, submitted.text
    if approve_as:
        approved = await client.post(f"/api/v1/submissions/{submission['id']}/approve",
                                     headers=await login(approve_as), json={})
        assert approved.status_code == 200, approved.text
    return submission


async def _aggregate(client, headers, **params) -> list[dict]:
    response = await client.get(AGG, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
async def krong_pac_2021(client, login, unit_ids):
    """Seed 004: 24/24 agencies held the staff conference, 13/15 enterprises the workers' one."""
    units = (await client.get("/api/v1/org-units", headers=await login("admin"), params={
        "parent_id": unit_ids["654"], "limit": 200})).json()["items"]
    agencies = [u for u in units if u["grassroots_type"] == "agency"]
    employers = [u for u in units if u["grassroots_type"] == "employer"]
    assert (len(agencies), len(employers)) == (24, 15)
    for agency in agencies:
        await report(client, login, "QCDC_AGENCY_SEMIANNUAL", agency["id"], "2021S1", [
            {"indicator": "QCDC_STAFF_CONF", "value": True},
            {"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
            {"indicator": "QCDC_STAFF_DIALOGUES", "value": 1}], approve_as="krongpac.reviewer")
    for index, employer in enumerate(employers):
        await report(client, login, "QCDC_EMPLOYER_SEMIANNUAL", employer["id"], "2021S1", [
            {"indicator": "QCDC_WORKERS_CONF", "value": index < 13},
            {"indicator": "QCDC_WORKPLACE_DIALOGUES", "value": 1},
            {"indicator": "QCDC_CLA_SIGNED", "value": True}], approve_as="krongpac.reviewer")


async def test_krong_pac_conferences_at_the_district_and_the_province(client, login, krong_pac_2021):
    headers = await login("krongpac.reviewer")
    rows = await _aggregate(client, headers, indicator=["QCDC_STAFF_CONF", "QCDC_WORKERS_CONF"],
                            org_unit="654", period="2021S1")
    by_code = {r["indicator"]: r for r in rows}
    staff, workers = by_code["QCDC_STAFF_CONF"], by_code["QCDC_WORKERS_CONF"]
    assert (staff["value"], staff["expected"], staff["percent"]) == (24, 24, 100.0)
    assert (workers["value"], workers["expected"], workers["percent"]) == (13, 15, 86.7)
    assert workers["reported"] == 15 and workers["on_time"] is not None
    province = await _aggregate(client, await login("admin"), indicator="QCDC_WORKERS_CONF",
                                org_unit="66", period="2021S1")
    assert (province[0]["numerator"], province[0]["denominator"]) == (13, 15)
    children = await _aggregate(client, await login("admin"), indicator="QCDC_STAFF_CONF",
                                org_unit="66", period="2021S1", by="children")
    assert [(r["org_unit"]["code"], r["value"]) for r in children] == [("654", 24)]


async def test_approved_only_unless_submitted_is_asked(client, login, unit_ids):
    figures = [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
               {"indicator": "QCDC_LEADER_DIALOGUES", "value": 2},
               {"indicator": "QCDC_LEADER_DIALOGUE_PARTICIPANTS", "value": 8},
               {"indicator": "QCDC_FRONT_SUPERVISIONS", "value": 3},
               {"indicator": "QCDC_FRONT_SURVEYS", "value": 7},
               {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 13, "denominator": 13},
               {"indicator": "QCDC_INSPECTIONS", "value": 1},
               {"indicator": "QCDC_UNITS_INSPECTED", "value": 2}]
    submission = await report(client, login, "QCDC_COMMUNE_ANNUAL", unit_ids["07345"], "2022",
                              figures, approve_as=None)
    reviewer = await login("tanyen.reviewer")
    params = {"indicator": ["QCDC_LEADER_DIALOGUES", "QCDC_VILLAGES_WITH_CONVENTION"],
              "period": "2022"}
    before = await _aggregate(client, reviewer, org_unit="216", **params)
    assert all(r["value"] is None and r["reported"] == 0 for r in before)
    submitted = await _aggregate(client, reviewer, org_unit="216", include="submitted", **params)
    assert [r["value"] for r in submitted] == [2, 100.0]
    await client.post(f"/api/v1/submissions/{submission['id']}/approve", headers=reviewer, json={})
    for unit in ("216", "24"):
        rows = {r["indicator"]: r for r in await _aggregate(client, await login("bacgiang.viewer"),
                                                            org_unit=unit, **params)}
        assert rows["QCDC_LEADER_DIALOGUES"]["value"] == 2
        ratio = rows["QCDC_VILLAGES_WITH_CONVENTION"]
        assert (ratio["numerator"], ratio["denominator"], ratio["percent"]) == (13, 13, 100.0)


async def _commune(client, login, parent_code: str, unit_ids) -> dict:
    return await factories.commune(client, login, unit_ids[parent_code], prefix="AGG",
                                   name="Xã Tổng Hợp")


def _quarterly(decisions: int, convention: tuple[int, int] | None = None) -> list[dict]:
    figures = [{"indicator": code, "value": decisions} for code in (
        "QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
        "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
        "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS")]
    return [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True}, *figures]


async def test_ratios_add_numerators_and_quarters_roll_into_a_year(client, login, unit_ids):
    first, second = (await _commune(client, login, "654", unit_ids),
                     await _commune(client, login, "654", unit_ids))
    for quarter, decisions in (("2023Q1", 1), ("2023Q2", 2), ("2023Q3", 3), ("2023Q4", 4)):
        await report(client, login, "QCDC_COMMUNE_QUARTERLY", first["id"], quarter,
                     _quarterly(decisions), approve_as="krongpac.reviewer")
    year = await _aggregate(client, await login("krongpac.reviewer"), indicator="QCDC_DIRECT_DECISIONS",
                            org_unit=first["code"], period="2023")
    assert year[0]["value"] == 10
    base = {"QCDC_DISCLOSURE_DONE": True, "QCDC_LEADER_DIALOGUES": 0,
            "QCDC_LEADER_DIALOGUE_PARTICIPANTS": 0, "QCDC_FRONT_SUPERVISIONS": 0,
            "QCDC_FRONT_SURVEYS": 0, "QCDC_INSPECTIONS": 0, "QCDC_UNITS_INSPECTED": 0}
    for unit, (num, den) in ((first, (13, 15)), (second, (11, 15))):
        await report(client, login, "QCDC_COMMUNE_ANNUAL", unit["id"], "2020", [
            *({"indicator": k, "value": v} for k, v in base.items()),
            {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": num, "denominator": den}],
            approve_as="krongpac.reviewer")
    rows = await _aggregate(client, await login("krongpac.reviewer"),
                            indicator="QCDC_VILLAGES_WITH_CONVENTION", org_unit="654", period="2020")
    assert (rows[0]["numerator"], rows[0]["denominator"], rows[0]["percent"]) == (24, 30, 80.0)


async def test_a_unit_moved_mid_year_counts_under_the_parent_of_each_period(client, login, unit_ids):
    moving = await _commune(client, login, "216", unit_ids)
    await report(client, login, "QCDC_COMMUNE_QUARTERLY", moving["id"], "2019Q1", _quarterly(5),
                 approve_as="tanyen.reviewer")
    moved = await client.patch(f"/api/v1/org-units/{moving['id']}", headers=await login("admin"),
                               json={"parent_id": unit_ids["654"], "moved_on": "2019-07-01"})
    assert moved.status_code == 200, moved.text
    await report(client, login, "QCDC_COMMUNE_QUARTERLY", moving["id"], "2019Q3", _quarterly(7),
                 approve_as="krongpac.reviewer")
    admin = await login("admin")

    async def value(unit: str, period: str) -> float | None:
        rows = await _aggregate(client, admin, indicator="QCDC_DIRECT_DECISIONS", org_unit=unit,
                                period=period)
        return rows[0]["value"]

    assert (await value("216", "2019Q1"), await value("654", "2019Q1")) == (5, None)
    assert (await value("216", "2019Q3"), await value("654", "2019Q3")) == (None, 7)
    assert await value("24", "2019Q1") == 5 and await value("66", "2019Q3") == 7


async def test_a_move_recorded_late_re_rolls_the_figures_already_counted(client, login, unit_ids):
    moving = await _commune(client, login, "216", unit_ids)
    await report(client, login, "QCDC_COMMUNE_QUARTERLY", moving["id"], "2018Q4", _quarterly(9),
                 approve_as="tanyen.reviewer")
    await client.patch(f"/api/v1/org-units/{moving['id']}", headers=await login("admin"),
                       json={"parent_id": unit_ids["654"], "moved_on": "2018-10-01"})
    admin = await login("admin")
    rows = {unit: (await _aggregate(client, admin, indicator="QCDC_DIRECT_DECISIONS", org_unit=unit,
                                    period="2018Q4"))[0]["value"] for unit in ("216", "654")}
    assert rows == {"216": None, "654": 9}


async def test_scope_and_bad_input(client, login, unit_ids):
    reporter = await login("songvan.reporter")
    assert_problem(await client.get(AGG, headers=reporter, params={
        "indicator": "QCDC_LEADER_DIALOGUES", "period": "2022", "org_unit": "24"}), 404)
    own = await _aggregate(client, reporter, indicator="QCDC_LEADER_DIALOGUES", period="2022")
    assert [r["org_unit"]["code"] for r in own] == ["07345"]
    admin = await login("admin")
    body = assert_problem(await client.get(AGG, headers=admin, params={
        "indicator": "NOPE", "period": "2022"}), 422)
    assert "NOPE" in body["detail"]
    body = assert_problem(await client.get(AGG, headers=admin, params={
        "indicator": "QCDC_LEADER_DIALOGUES", "period": "2022Q5"}), 422)
    assert "YYYYQ1" in body["errors"][0]["msg"]
    assert_problem(await client.get(AGG, headers=admin, params={"period": "2022"}), 422)
    national = await _aggregate(client, admin, indicator="QCDC_LEADER_DIALOGUES", period="2022",
                                by="children")
    assert {r["org_unit"]["code"] for r in national} >= {"24", "66", "70", "20"}


async def test_the_public_reads_published_indicators_without_signing_in(client, login,
                                                                        krong_pac_2021):
    public = await client.get("/api/v1/public/aggregates", params={
        "indicator": "QCDC_STAFF_CONF", "org_unit": "654", "period": "2021S1"})
    assert public.status_code == 200, public.text
    assert (public.json()[0]["value"], public.json()[0]["percent"]) == (24, 100.0)
    provinces = await client.get("/api/v1/public/aggregates", params={
        "indicator": "QCDC_STAFF_CONF", "period": "2021S1"})
    # Without a unit, the top of the tree: the demo's provinces, and any other tests made.
    assert {r["org_unit"]["code"] for r in provinces.json()} >= {"20", "24", "66", "70"}
    assert {r["org_unit"]["kind"] for r in provinces.json()} == {"province"}
    hidden = await client.get("/api/v1/public/aggregates", params={
        "indicator": "QCDC_STAFF_DIALOGUES", "period": "2021S1"})  # not published
    assert hidden.status_code == 422 and "QCDC_STAFF_DIALOGUES" in hidden.json()["detail"]


async def test_targets_come_from_the_nearest_issued_plan_above(client, login, unit_ids):
    from pathlib import Path

    planner = await login("honquan.planner")
    text = (Path(__file__).parents[1] / "plans" / "texts" / "seed_001.txt").read_text("utf-8")
    saved = (await client.post("/api/v1/plans/import", headers=planner, json={
        "text": text, "issuer_id": unit_ids["694"], "dry_run": False,
        "span_start": "2030-01-01", "span_end": "2030-12-31"})).json()
    # A year no other test's plan covers: their targets, issued before or after, stay out of it.
    params = {"indicator": "QCDC_STAFF_CONF", "period": "2030S1"}
    draft = await _aggregate(client, planner, org_unit="694", **params)
    assert draft[0]["target"] is None  # a draft plan sets no target yet
    await client.patch(f"/api/v1/plans/{saved['plan_id']}", headers=planner,
                       json={"number": "88", "issue_date": "2024-03-20"})
    await client.post(f"/api/v1/plans/{saved['plan_id']}/issue", headers=planner)
    for unit in ("694", "25357"):
        rows = await _aggregate(client, planner, org_unit=unit, **params)
        assert rows[0]["target"] == {"value": 100.0, "comparator": ">=", "unit": "%",
                                     "plan_id": saved["plan_id"], "plan_symbol": "88/KH-UBND",
                                     "met": None}
    above = await _aggregate(client, await login("admin"), org_unit="70", **params)
    assert above[0]["target"] is None  # a district's plan sets no target for its province


async def test_the_demo_carries_the_figures_of_seed_004(client, login):
    rows = await _aggregate(client, await login("krongpac.reviewer"), org_unit="654",
                            indicator=["QCDC_STAFF_CONF", "QCDC_WORKERS_CONF",
                                       "QCDC_ADMIN_DOSSIERS_RESOLVED"], period="2021S1")
    by_code = {r["indicator"]: (r["numerator"], r["denominator"], r["percent"]) for r in rows}
    assert by_code == {"QCDC_STAFF_CONF": (24, 24, 100.0), "QCDC_WORKERS_CONF": (13, 15, 86.7),
                       "QCDC_ADMIN_DOSSIERS_RESOLVED": (52620, 52620, 100.0)}

"""Reporting forms: the default catalogue's forms, deadlines resolved per period and level."""

import itertools

from tests.helpers import assert_problem

FORMS = "/api/v1/reporting-forms"
_serial = itertools.count()


async def _form_by_code(client, headers, code: str) -> dict:
    items = (await client.get(FORMS, params={"q": code}, headers=headers)).json()["items"]
    return next(f for f in items if f["code"] == code)


async def test_the_default_forms(client, login):
    headers = await login("songvan.reporter")
    body = (await client.get(FORMS, params={"q": "QCDC_", "limit": 100}, headers=headers)).json()
    codes = {f["code"]: f for f in body["items"]}
    assert {"QCDC_COMMUNE_ANNUAL", "QCDC_AGENCY_SEMIANNUAL", "QCDC_EMPLOYER_SEMIANNUAL",
            "QCDC_COMMUNE_QUARTERLY"} <= set(codes)
    annual = codes["QCDC_COMMUNE_ANNUAL"]
    assert annual["period_type"] == "year" and annual["period_rule"] == "decree09"
    assert [s["title"] for s in annual["narrative"]] == [
        "Kết quả đạt được", "Hạn chế", "Nguyên nhân", "Phương hướng, nhiệm vụ", "Kiến nghị, đề xuất"]
    required = {i["code"] for i in annual["indicators"] if i["required"]}
    assert {"QCDC_LEADER_DIALOGUES", "QCDC_VILLAGES_WITH_CONVENTION"} <= required
    assert annual["reporters"] == {"grassroots_types": ["commune"], "kinds": ["commune"]}
    assert annual["deadline_working_days"] == {"commune": 5, "district": 10, "province": 15}
    assert annual["rules"][0]["left"] == "QCDC_MEDIATION_SUCCESSFUL"
    # Each indicator carries what its figure may hold: the web app checks with these.
    villages = next(i for i in annual["indicators"] if i["code"] == "QCDC_VILLAGES_WITH_CONVENTION")
    assert villages["rules"] == {"whole": False, "minimum": 0, "denominator_above": 0,
                                 "numerator_le_denominator": True, "max_digits": 18,
                                 "max_length": None}
    dialogues = next(i for i in annual["indicators"] if i["code"] == "QCDC_LEADER_DIALOGUES")
    assert dialogues["rules"]["whole"] is True and dialogues["rules"]["minimum"] == 0
    quarterly = (await client.get(FORMS, params={"period_type": "quarter"}, headers=headers)).json()
    assert "QCDC_COMMUNE_QUARTERLY" in {f["code"] for f in quarterly["items"]}


async def test_deadline_resolved_for_a_period_and_a_units_level(client, login, unit_ids):
    headers = await login("tanyen.reviewer")
    annual = await _form_by_code(client, headers, "QCDC_COMMUNE_ANNUAL")
    commune = (await client.get(f"{FORMS}/{annual['id']}", headers=headers, params={
        "period": "2023", "unit_id": unit_ids["07345"]})).json()["schedule"]
    # 2023 ends on Thu 14/12/2023 under the decree; 5 working days later is Thu 21/12/2023.
    assert commune["period"]["start"] == "2022-12-15" and commune["period"]["end"] == "2023-12-14"
    assert (commune["level"], commune["working_days"], commune["deadline"]) == (
        "commune", 5, "2023-12-21")
    assert commune["opens_on"] == "2022-12-15" and commune["closes_on"] is None
    district = (await client.get(f"{FORMS}/{annual['id']}", headers=headers, params={
        "period": "2023", "unit_id": unit_ids["216"]})).json()["schedule"]
    assert (district["level"], district["deadline"]) == ("district", "2023-12-28")
    bare = (await client.get(f"{FORMS}/{annual['id']}", headers=headers)).json()
    assert bare["schedule"] is None
    wrong_type = assert_problem(await client.get(f"{FORMS}/{annual['id']}", headers=headers,
                                                 params={"period": "2023Q1"}), 422)
    assert wrong_type["errors"][0]["loc"] == ["query", "period"]
    assert_problem(await client.get(f"{FORMS}/{annual['id']}", headers=headers,
                                    params={"period": "2023X"}), 422)
    assert_problem(await client.get(f"{FORMS}/{annual['id']}", headers=headers,
                                    params={"period": "2023", "unit_id": unit_ids["694"]}), 404)


async def test_planner_creates_a_form_for_its_subtree_and_changes_it(client, login, unit_ids):
    planner = await login("tanyen.planner")
    code = f"TEST_FORM_{next(_serial)}"
    body = {"code": code, "name": "Báo cáo tháng thử nghiệm", "period_type": "month",
            "owner_unit_id": unit_ids["216"],
            "indicators": [{"indicator": "QCDC_MEDIATION_RECEIVED", "required": True},
                           {"indicator": "QCDC_MEDIATION_SUCCESSFUL"}],
            "narrative": [{"key": "results", "title": "Kết quả đạt được"}],
            "reporters": {"grassroots_types": ["commune"]},
            "deadline_working_days": {"commune": 3},
            "rules": [{"left": "QCDC_MEDIATION_SUCCESSFUL", "op": "<=",
                       "right": "QCDC_MEDIATION_RECEIVED", "message": "Hòa giải thành ≤ tiếp nhận"}],
            "opens_days_before_end": 10, "closes_days_after_deadline": 30}
    created = await client.post(FORMS, headers=planner, json=body)
    assert created.status_code == 201, created.text
    form = created.json()
    assert [i["code"] for i in form["indicators"]] == ["QCDC_MEDIATION_RECEIVED",
                                                       "QCDC_MEDIATION_SUCCESSFUL"]
    schedule = (await client.get(f"{FORMS}/{form['id']}", headers=planner, params={
        "period": "202403", "unit_id": unit_ids["07345"]})).json()["schedule"]
    # Tháng 3/2024 ends Thu 14/3; opens 10 days before; 3 working days → Tue 19/3; closes 30 days on.
    assert (schedule["opens_on"], schedule["deadline"], schedule["closes_on"]) == (
        "2024-03-04", "2024-03-19", "2024-04-18")
    changed = await client.patch(f"{FORMS}/{form['id']}", headers=planner, json={
        "name": "Báo cáo tháng (sửa)", "deadline_working_days": {"commune": 4}})
    assert changed.status_code == 200, changed.text
    assert changed.json()["deadline_working_days"] == {"commune": 4, "district": None,
                                                       "province": None}
    events = (await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "reporting_form", "entity_id": str(form["id"])})).json()["items"]
    assert [e["action"] for e in events] == ["update", "create"]
    assert_problem(await client.post(FORMS, headers=planner, json=body), 409,
                   "reporting_form_code_taken")


async def test_who_may_manage_forms_and_what_is_refused(client, login, unit_ids):
    base = {"name": "Mẫu thử", "period_type": "quarter",
            "indicators": [{"indicator": "QCDC_VILLAGE_MEETINGS"}]}
    assert_problem(await client.post(FORMS, headers=await login("tanyen.reviewer"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}", "owner_unit_id": unit_ids["216"]}), 403)
    assert_problem(await client.post(FORMS, headers=await login("tanyen.planner"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}"}), 403)  # everywhere: country admins only
    assert_problem(await client.post(FORMS, headers=await login("tanyen.planner"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}", "owner_unit_id": unit_ids["694"]}), 404)
    bad = assert_problem(await client.post(FORMS, headers=await login("admin"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}",
        "indicators": [{"indicator": "NO_SUCH"}, {"indicator": "QCDC_VILLAGE_MEETINGS"}]}), 422)
    assert bad["errors"][0]["loc"] == ["body", "indicators", "0", "indicator"]
    rule = assert_problem(await client.post(FORMS, headers=await login("admin"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}",
        "rules": [{"left": "QCDC_VILLAGE_MEETINGS", "op": "<=", "right": "QCDC_STAFF_CONF",
                   "message": "x"}]}), 422)
    assert rule["errors"][0]["loc"] == ["body", "rules", "0", "right"]
    assert_problem(await client.post(FORMS, headers=await login("admin"), json={
        **base, "code": f"TEST_FORM_{next(_serial)}", "period_type": "week"}), 422)

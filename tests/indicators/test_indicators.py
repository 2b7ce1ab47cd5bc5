"""The indicator catalogue: the default catalogue is loaded, everyone reads it, admins change it."""

import itertools

from tests.helpers import assert_problem

INDICATORS = "/api/v1/indicators"
_serial = itertools.count()


def _code(prefix: str = "TEST_IND") -> str:
    return f"{prefix}_{next(_serial)}"


async def test_the_default_catalogue_covers_the_seeds(client, login):
    headers = await login("songvan.reporter")
    body = (await client.get(INDICATORS, params={"q": "QCDC_", "limit": 200}, headers=headers)).json()
    by_code = {i["code"]: i for i in body["items"]}
    assert len([c for c in by_code if c.startswith("QCDC_")]) == 32
    villages = by_code["QCDC_VILLAGES_WITH_CONVENTION"]
    assert villages["value_type"] == "ratio" and villages["numerator_le_denominator"] is True
    assert villages["numerator_name"] and villages["denominator_name"]
    models = by_code["QCDC_MODELS_BY_TYPE"]
    assert [c["code"] for c in models["categories"]] == ["COLLECTIVE", "INDIVIDUAL"]
    assert by_code["QCDC_STAFF_CONF"]["aggregation"] == "count_true"
    assert by_code["QCDC_WORKERS_CONF"]["applies_to"] == ["employer"]
    for code in ("QCDC_LEADER_DIALOGUES", "QCDC_LEADER_DIALOGUE_PARTICIPANTS", "QCDC_FRONT_SURVEYS",
                 "QCDC_MEDIATION_SUCCESSFUL", "QCDC_ADMIN_DOSSIERS_RESOLVED", "QCDC_NEW_RURAL_COMMUNE",
                 "QCDC_FRIENDLY_GOVERNMENT", "QCDC_DOCUMENTS_ISSUED", "QCDC_CLA_SIGNED"):
        assert code in by_code
    one = await client.get(f"{INDICATORS}/{villages['id']}", headers=headers)
    assert one.status_code == 200 and one.json() == villages
    assert_problem(await client.get(f"{INDICATORS}/999999", headers=headers), 404)


async def test_filters(client, login):
    headers = await login("tanyen.viewer")

    async def codes(**params: object) -> set[str]:
        body = (await client.get(INDICATORS, params={**params, "limit": 200}, headers=headers)).json()
        return {i["code"] for i in body["items"] if i["code"].startswith("QCDC_")}

    assert await codes(value_type="ratio") == {"QCDC_VILLAGES_WITH_CONVENTION",
                                              "QCDC_ADMIN_DOSSIERS_RESOLVED"}
    employer = await codes(applies_to="employer")
    assert "QCDC_WORKERS_CONF" in employer and "QCDC_STAFF_CONF" not in employer
    assert "QCDC_STAFF_DIALOGUES" not in await codes(published=True)
    assert await codes(q="huong uoc") == {"QCDC_VILLAGES_WITH_CONVENTION"}  # no diacritics
    assert await codes(q="hòa giải") == {"QCDC_MEDIATION_RECEIVED", "QCDC_MEDIATION_SUCCESSFUL"}
    page = (await client.get(INDICATORS, params={"limit": 5, "page": 2}, headers=headers)).json()
    assert len(page["items"]) == 5 and page["pagination"]["page"] == 2
    assert_problem(await client.get(INDICATORS, params={"value_type": "colour"}, headers=headers), 422)
    assert_problem(await client.get(INDICATORS), 401)


async def test_admin_creates_and_changes_an_indicator_with_audit(client, login):
    headers = await login("admin")
    code = _code()
    created = await client.post(INDICATORS, headers=headers, json={
        "code": code, "name": "Số mô hình \u0110iển hình", "name_en": "Typical models",
        "value_type": "count", "categories": [
            {"code": "COLLECTIVE", "name": "Tập thể"}, {"code": "INDIVIDUAL", "name": "Cá nhân"}],
        "applies_to": ["commune", "enterprise"], "published": True})
    assert created.status_code == 201, created.text
    indicator = created.json()
    assert indicator["aggregation"] == "sum" and indicator["time_aggregation"] == "sum"
    assert [c["code"] for c in indicator["categories"]] == ["COLLECTIVE", "INDIVIDUAL"]
    changed = await client.patch(f"{INDICATORS}/{indicator['id']}", headers=headers, json={
        "name": "Số mô hình điển hình, tiên tiến", "published": False,
        "categories": [{"code": "COLLECTIVE", "name": "Tập thể"}]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["published"] is False
    assert [c["code"] for c in changed.json()["categories"]] == ["COLLECTIVE"]
    events = (await client.get("/api/v1/audit-events", headers=headers, params={
        "entity_type": "indicator", "entity_id": str(indicator["id"])})).json()["items"]
    assert [e["action"] for e in events] == ["update", "create"]
    assert events[0]["before"]["published"] is True and events[0]["after"]["published"] is False
    assert_problem(await client.post(INDICATORS, headers=headers, json={
        "code": code, "name": "x", "value_type": "count"}), 409, "indicator_code_taken")


async def test_only_admins_change_the_catalogue(client, login):
    body = {"code": _code(), "name": "Chỉ số thử", "value_type": "number"}
    for user in ("bacgiang.planner", "tanyen.reviewer", "songvan.reporter"):
        assert_problem(await client.post(INDICATORS, headers=await login(user), json=body), 403,
                       "forbidden")
    listed = (await client.get(INDICATORS, params={"q": "QCDC_STAFF_CONF"},
                               headers=await login("admin"))).json()["items"]
    assert_problem(await client.patch(f"{INDICATORS}/{listed[0]['id']}",
                                      headers=await login("tanyen.planner"), json={"name": "x"}), 403)


async def test_invalid_indicators_are_refused_with_the_field(client, login):
    headers = await login("admin")
    bad = assert_problem(await client.post(INDICATORS, headers=headers, json={
        "code": "bad code!", "name": "", "value_type": "percent", "applies_to": ["galaxy"]}), 422)
    assert {tuple(e["loc"][:2]) for e in bad["errors"]} >= {
        ("body", "code"), ("body", "name"), ("body", "value_type"), ("body", "applies_to")}
    mixed = assert_problem(await client.post(INDICATORS, headers=headers, json={
        "code": _code(), "name": "Tỷ lệ", "value_type": "count", "numerator_le_denominator": True}), 422)
    assert "ratio" in mixed["errors"][0]["msg"]
    twice = assert_problem(await client.post(INDICATORS, headers=headers, json={
        "code": _code(), "name": "Hai lần", "value_type": "count",
        "categories": [{"code": "A", "name": "A"}, {"code": "A", "name": "B"}]}), 422)
    assert "unique" in twice["errors"][0]["msg"]
    created = (await client.post(INDICATORS, headers=headers, json={
        "code": _code(), "name": "Có/không", "value_type": "yes_no"})).json()
    assert created["aggregation"] == "count_true"
    assert_problem(await client.patch(f"{INDICATORS}/{created['id']}", headers=headers,
                                      json={"aggregation": "sum"}), 422, "indicator_invalid")

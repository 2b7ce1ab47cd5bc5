"""Catalogue ownership (issue 13, finding 1): only administrators of the whole country change the
national catalogue; a province's administrators own the indicators and forms they create, seen and
used in their subtree only; a publication makes public the figures of the publisher's subtree only.
"""

import itertools

import pytest

from tests.helpers import assert_problem
from tests.webhooks.scenario import act, new_commune

INDICATORS = "/api/v1/indicators"
FORMS = "/api/v1/reporting-forms"
PUBLIC = "/api/v1/public/aggregates"
_serial = itertools.count()


def _code(prefix: str = "SEC_CAT") -> str:
    return f"{prefix}_{next(_serial)}"


def _indicator(code: str, **extra: object) -> dict:
    return {"code": code, "name": f"Chỉ số riêng {code}", "value_type": "count", **extra}


def _form(code: str, indicator: str, **extra: object) -> dict:
    return {"code": code, "name": f"Mẫu riêng {code}", "period_type": "year",
            "indicators": [{"indicator": indicator}], "reporters": {"kinds": ["commune"]}, **extra}


async def _created(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
async def binhphuoc_admin(client, login, unit_ids) -> dict[str, str]:
    """An administrator of another province (Bình Phước)."""
    username, password = f"sec.binhphuoc.admin{next(_serial)}", "mat-khau-tinh-khac-2024"
    await _created(await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": "Quản trị tỉnh Bình Phước", "unit_id": unit_ids["70"],
        "roles": ["admin"], "password": password}))
    return await login(username, password)


@pytest.fixture(scope="module")
async def owned(client, login, unit_ids) -> dict:
    """An indicator and a form Bắc Giang's administrator created for Bắc Giang."""
    province = await login("bacgiang.admin")
    indicator = await _created(await client.post(INDICATORS, headers=province, json=_indicator(
        _code(), owner_unit_id=unit_ids["24"])))
    form = await _created(await client.post(FORMS, headers=province, json=_form(
        _code("SEC_FORM"), indicator["code"], owner_unit_id=unit_ids["24"])))
    return {"indicator": indicator, "form": form}


async def _form_by_code(client, headers, code: str) -> dict:
    items = (await client.get(FORMS, params={"q": code}, headers=headers)).json()["items"]
    return next(f for f in items if f["code"] == code)


async def test_a_province_admin_cannot_change_the_national_catalogue(client, login):
    admin, province = await login("admin"), await login("bacgiang.admin")
    national = await _created(await client.post(INDICATORS, headers=admin,
                                                json=_indicator(_code())))
    assert national["owner_unit_id"] is None
    assert_problem(await client.post(INDICATORS, headers=province, json=_indicator(_code())),
                   403, "catalogue_not_owner")
    for change in ({"name": "Đổi tên chỉ số quốc gia"}, {"published": True}):
        assert_problem(await client.patch(f"{INDICATORS}/{national['id']}", headers=province,
                                          json=change), 403, "catalogue_not_owner")
    published = await client.get(f"{INDICATORS}/{national['id']}", headers=admin)
    assert published.json()["published"] is False
    changed = await client.patch(f"{INDICATORS}/{national['id']}", headers=admin,
                                 json={"name": "Chỉ số quốc gia", "published": True})
    assert changed.status_code == 200 and changed.json()["published"] is True
    assert_problem(await client.patch(f"{INDICATORS}/{national['id']}", headers=province,
                                      json={"published": False}), 403, "catalogue_not_owner")

    annual = await _form_by_code(client, admin, "QCDC_COMMUNE_ANNUAL")
    assert_problem(await client.patch(f"{FORMS}/{annual['id']}", headers=province,
                                      json={"name": "Đổi tên mẫu quốc gia"}), 403,
                   "catalogue_not_owner")
    assert_problem(await client.post(FORMS, headers=province, json=_form(
        _code("SEC_FORM"), national["code"])), 403, "catalogue_not_owner")


async def test_a_province_owns_what_it_creates_and_only_its_subtree_sees_it(
        client, login, unit_ids, owned, binhphuoc_admin):
    indicator, form = owned["indicator"], owned["form"]
    assert indicator["owner_unit_id"] == unit_ids["24"] and form["owner_unit_id"] == unit_ids["24"]
    insiders = [await login(user) for user in ("admin", "bacgiang.planner", "tanyen.viewer",
                                               "songvan.reporter")]
    outsiders = [binhphuoc_admin, await login("binhphuoc.planner"),
                 await login("honquan.phongnoivu.reporter")]
    for headers, sees in [(h, True) for h in insiders] + [(h, False) for h in outsiders]:
        listed = (await client.get(INDICATORS, headers=headers,
                                   params={"q": indicator["code"]})).json()["items"]
        assert (indicator["code"] in {i["code"] for i in listed}) is sees
        forms = (await client.get(FORMS, headers=headers, params={"q": form["code"]})).json()
        assert (form["code"] in {f["code"] for f in forms["items"]}) is sees
        one = await client.get(f"{INDICATORS}/{indicator['id']}", headers=headers)
        assert one.status_code == (200 if sees else 404), one.text
        assert (await client.get(f"{FORMS}/{form['id']}", headers=headers)).status_code == (
            200 if sees else 404)
    # Another province's administrator changes none of it, nor makes it its own.
    assert_problem(await client.patch(f"{INDICATORS}/{indicator['id']}", headers=binhphuoc_admin,
                                      json={"name": "Chiếm"}), 404)
    assert_problem(await client.post(INDICATORS, headers=await login("bacgiang.admin"),
                                     json=_indicator(_code(), owner_unit_id=unit_ids["70"])), 404)
    assert_problem(await client.post(INDICATORS, headers=await login("tanyen.planner"),
                                     json=_indicator(_code(), owner_unit_id=unit_ids["216"])), 403)


async def test_other_provinces_cannot_use_a_provinces_indicators(
        client, login, unit_ids, owned, binhphuoc_admin):
    indicator, form = owned["indicator"]["code"], owned["form"]
    refused = assert_problem(await client.post(FORMS, headers=binhphuoc_admin, json=_form(
        _code("SEC_FORM"), indicator, owner_unit_id=unit_ids["70"])), 422, "reporting_form_invalid")
    assert refused["errors"][0]["loc"] == ["body", "indicators", "0", "indicator"]
    # A national form lists national indicators only: it is reported where they are not owned.
    admin = await login("admin")
    assert_problem(await client.post(FORMS, headers=admin, json=_form(
        _code("SEC_FORM"), indicator)), 422, "reporting_form_invalid")
    # Nor does a form carry them to another province when its owner changes, nor a publication.
    assert_problem(await client.patch(f"{FORMS}/{form['id']}", headers=admin, json={
        "owner_unit_id": unit_ids["70"]}), 422, "reporting_form_invalid")
    assert_problem(await client.put(
        f"{INDICATORS}/{owned['indicator']['id']}/publications/{unit_ids['70']}", headers=admin),
        422, "indicator_invalid")

    own_rows = [{"indicator": indicator, "org_unit": "07345", "period": "2023", "value": 3}]
    mine = await client.post("/api/v1/data-values/import", headers=await login("songvan.reporter"),
                             json={"values": own_rows})
    assert mine.status_code == 200 and mine.json()["created"] == 1, mine.text
    foreign = (await client.post("/api/v1/data-values/import",
                                 headers=await login("honquan.phongnoivu.reporter"), json={
        "values": [{**own_rows[0], "org_unit": "694-PNV"}]})).json()
    assert [c["code"] for c in foreign["conflicts"]] == ["unknown_indicator"]
    national = (await client.post("/api/v1/data-values/import", headers=await login("admin"), json={
        "values": [{**own_rows[0], "org_unit": "25357"}]})).json()
    assert [c["code"] for c in national["conflicts"]] == ["indicator_outside_owner"]
    assert national["created"] == 0

    params = {"indicator": indicator, "period": "2023"}
    assert (await client.get("/api/v1/aggregates", headers=await login("tanyen.viewer"),
                             params=params)).status_code == 200
    assert_problem(await client.get("/api/v1/aggregates", headers=await login("binhphuoc.planner"),
                                    params=params), 422)
    assert_problem(await client.post("/api/v1/submissions",
                                     headers=await login("honquan.phongnoivu.reporter"), json={
        "form_id": form["id"], "unit_id": unit_ids["694-PNV"], "period": "2023", "data_values": [],
        "narrative": {}}), 404)
    assert_problem(await client.get("/api/v1/data-values/template",
                                    headers=await login("honquan.phongnoivu.reporter"),
                                    params={"form": form["code"], "org_unit": "694-PNV",
                                            "period": "2023"}), 404)


async def _approved(client, login, unit: dict, indicator: str, value: int) -> None:
    """An approved yearly report of `indicator` by `unit`, through a form the unit owns."""
    admin = await login("admin")
    form = await _created(await client.post(FORMS, headers=admin, json=_form(
        _code("SEC_FORM"), indicator, owner_unit_id=unit["id"])))
    report = await _created(await client.post("/api/v1/submissions", headers=admin, json={
        "form_id": form["id"], "unit_id": unit["id"], "period": "2023",
        "data_values": [{"indicator": indicator, "value": value}], "narrative": {}}))
    await act(client, admin, report["id"], "submit")
    await act(client, admin, report["id"], "approve")


async def _public(client, code: str, org_unit: str | None = None) -> dict[str, float | None]:
    params = {"indicator": code, "period": "2023"}
    response = await client.get(PUBLIC, params=params | ({"org_unit": org_unit} if org_unit else {}))
    assert response.status_code == 200, response.text
    return {row["org_unit"]["code"]: row["value"] for row in response.json()}


async def test_a_province_publishes_only_its_subtree_of_a_national_indicator(
        client, login, unit_ids, binhphuoc_admin):
    admin, province = await login("admin"), await login("bacgiang.admin")
    national = await _created(await client.post(INDICATORS, headers=admin,
                                                json=_indicator(_code())))
    here = await new_commune(client, login, unit_ids["216"], "SECPUB")
    there = await new_commune(client, login, unit_ids["694"], "SECPUB")
    await _approved(client, login, here, national["code"], 5)
    await _approved(client, login, there, national["code"], 7)
    assert_problem(await client.get(PUBLIC, params={"indicator": national["code"],
                                                    "period": "2023"}), 422)

    url = f"{INDICATORS}/{national['id']}/publications"
    published = await client.put(f"{url}/{unit_ids['24']}", headers=province)
    assert published.status_code == 200, published.text
    assert published.json()["published_in"] == [unit_ids["24"]]
    assert await _public(client, national["code"]) == {"24": 5}
    assert await _public(client, national["code"], here["code"]) == {here["code"]: 5}
    assert await _public(client, national["code"], there["code"]) == {}
    assert await _public(client, national["code"], "70") == {}
    listed = {i["code"]: i for i in (await client.get("/api/v1/public/indicators")).json()}
    assert listed[national["code"]]["published_in"] == [unit_ids["24"]]
    assert listed[national["code"]]["published"] is False

    assert_problem(await client.put(f"{url}/{unit_ids['70']}", headers=province), 404)
    assert_problem(await client.put(f"{url}/{unit_ids['216']}", headers=binhphuoc_admin), 404)
    assert_problem(await client.put(f"{url}/{unit_ids['24']}",
                                    headers=await login("bacgiang.planner")), 403)
    events = (await client.get("/api/v1/audit-events", headers=admin, params={
        "entity_type": "indicator", "entity_id": str(national["id"])})).json()["items"]
    assert events[0]["action"] == "publish"

    withdrawn = await client.delete(f"{url}/{unit_ids['24']}", headers=province)
    assert withdrawn.status_code == 200 and withdrawn.json()["published_in"] == []
    assert_problem(await client.get(PUBLIC, params={"indicator": national["code"],
                                                    "period": "2023"}), 422)
    # Published by the country: every province's approved figures.
    await client.patch(f"{INDICATORS}/{national['id']}", headers=admin, json={"published": True})
    everywhere = await _public(client, national["code"])
    assert everywhere["24"] == 5 and everywhere["70"] == 7


async def test_a_provinces_own_published_indicator_shows_its_subtree_only(client, login, unit_ids):
    province = await login("bacgiang.admin")
    own = await _created(await client.post(INDICATORS, headers=province, json=_indicator(
        _code(), owner_unit_id=unit_ids["24"], published=True)))
    here = await new_commune(client, login, unit_ids["216"], "SECOWN")
    await _approved(client, login, here, own["code"], 4)
    assert await _public(client, own["code"]) == {"24": 4}
    assert await _public(client, own["code"], "694") == {}
    assert await _public(client, own["code"], here["code"]) == {here["code"]: 4}
    unpublished = await client.patch(f"{INDICATORS}/{own['id']}", headers=province,
                                     json={"published": False})
    assert unpublished.status_code == 200, unpublished.text
    assert_problem(await client.get(PUBLIC, params={"indicator": own["code"], "period": "2023"}),
                   422)

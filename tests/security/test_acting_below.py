"""What the level above does to a unit, decided once in auth/scope.py (`strictly_below`): a unit
does not change itself nor review its own report; and a unit's mergers show only units the caller
may see."""

import itertools

from tests import factories
from tests.helpers import assert_problem

UNITS = "/api/v1/org-units"
SUBMISSIONS = "/api/v1/submissions"
PASSWORD = "below-test-pass-1"
_serial = itertools.count()


async def _commune(client, login, parent_id: int) -> dict:
    return await factories.commune(client, login, parent_id, prefix="SCOPE-BELOW",
                                   name="Xã Phân Quyền")


async def test_a_planner_changes_the_units_below_it_but_not_its_own(client, login, unit_ids):
    planner = await login("tanyen.planner")
    commune = await _commune(client, login, unit_ids["216"])
    renamed = await client.patch(f"{UNITS}/{commune['id']}", headers=planner,
                                 json={"name": "Xã Phân Quyền Mới"})
    assert renamed.status_code == 200, renamed.text
    assert_problem(await client.patch(f"{UNITS}/{unit_ids['216']}", headers=planner,
                                      json={"name": "Huyện Khác"}), 403)


async def test_a_units_admin_does_not_approve_its_own_report(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids["216"])
    username = f"scope.below.admin{next(_serial)}"
    user = await client.post("/api/v1/users", headers=admin, json={
        "username": username, "full_name": "Quản trị xã", "unit_id": commune["id"],
        "roles": ["admin"], "password": PASSWORD})
    assert user.status_code == 201, user.text
    own = await login(username, PASSWORD)
    form = await client.post("/api/v1/reporting-forms", headers=admin, json={
        "code": f"SCOPE_BELOW_FORM_{next(_serial)}", "name": "Báo cáo tháng về hòa giải",
        "period_type": "month", "owner_unit_id": unit_ids["216"],
        "indicators": [{"indicator": "QCDC_MEDIATION_RECEIVED"}],
        "narrative": [], "reporters": {"grassroots_types": ["commune"]}})
    assert form.status_code == 201, form.text
    created = await client.post(SUBMISSIONS, headers=own, json={
        "form_id": form.json()["id"], "unit_id": commune["id"], "period": "202401",
        "data_values": [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 3}]})
    assert created.status_code == 201, created.text
    url = f"{SUBMISSIONS}/{created.json()['id']}"
    assert (await client.post(f"{url}/submit", headers=own)).status_code == 200
    assert_problem(await client.post(f"{url}/approve", headers=own), 403, "forbidden")
    assert (await client.post(f"{url}/approve", headers=await login("tanyen.reviewer"))
            ).status_code == 200


async def test_a_merger_into_another_province_shows_only_what_the_caller_sees(client, login,
                                                                               unit_ids):
    closed = await _commune(client, login, unit_ids["216"])
    elsewhere = await _commune(client, login, unit_ids["694"])
    response = await client.post(f"{UNITS}/{closed['id']}/close", headers=await login("admin"),
                                 json={"valid_to": "2025-07-01", "successor_ids": [elsewhere["id"]]})
    assert response.status_code == 200, response.text
    url = f"{UNITS}/{closed['id']}/successions"
    assert (await client.get(url, headers=await login("tanyen.planner"))).json() == []
    seen = (await client.get(url, headers=await login("admin"))).json()
    assert [s["successor"]["code"] for s in seen] == [elsewhere["code"]]

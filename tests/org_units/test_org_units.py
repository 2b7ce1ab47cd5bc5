from tests.helpers import assert_problem

UNITS = "/api/v1/org-units"


async def test_admin_sees_the_provinces_at_the_top(client, login):
    # Other tests may add provinces of their own to the shared database (two for each tree of
    # test_reorganisations): the largest page holds them all.
    response = await client.get(UNITS, headers=await login("admin"), params={"limit": 200})
    assert response.status_code == 200
    body = response.json()
    children = {unit["name"]: unit["child_count"] for unit in body["items"]}
    # The seeds' four have units below them; the three they merged with in 2025 have none in the
    # demo.
    seeds = {"Tỉnh Bình Phước", "Tỉnh Bắc Giang", "Tỉnh Đắk Lắk", "Tỉnh Lạng Sơn"}
    assert children.keys() >= seeds | {"Tỉnh Bắc Ninh", "Tỉnh Đồng Nai", "Tỉnh Phú Yên"}
    assert body["pagination"]["total"] == len(children)
    assert all(children[name] > 0 for name in seeds)
    assert all(unit["depth"] == 0 for unit in body["items"])


async def test_search_without_diacritics_finds_hon_quan(client, login):
    for query in ("hon quan", "Hớn Quản", "HON  QUAN"):
        response = await client.get(UNITS, params={"q": query, "kind": "district"},
                                    headers=await login("admin"))
        assert [u["name"] for u in response.json()["items"]] == ["Huyện Hớn Quản"], query
    by_code = await client.get(UNITS, params={"q": "07345"}, headers=await login("admin"))
    assert [u["name"] for u in by_code.json()["items"]] == ["Xã Song Vân"]


async def test_children_ancestors_and_counts_of_seed_units(client, login, unit_ids):
    headers = await login("admin")
    krong_pac = unit_ids["654"]
    communes = await client.get(UNITS, params={"parent_id": krong_pac, "grassroots_type": "commune",
                                               "limit": 200}, headers=headers)
    agencies = await client.get(UNITS, params={"parent_id": krong_pac, "grassroots_type": "agency"},
                                headers=headers)
    employers = await client.get(UNITS, params={"parent_id": krong_pac,
                                                 "grassroots_type": "employer"}, headers=headers)
    # Other tests add communes with codes of their own; the seed's carry official 5-digit codes.
    official = [u for u in communes.json()["items"] if u["code"].isdigit()]
    assert len(official) == 15
    assert [r.json()["pagination"]["total"] for r in (agencies, employers)] == [24, 15]
    children = f"{UNITS}/{unit_ids['07345']}/children"
    villages = (await client.get(children, params={"limit": 200}, headers=headers)).json()["items"]
    # Other tests add units under Song Vân; the seed's 13 villages carry its code.
    assert len([v for v in villages if v["code"].startswith("07345-T")]) == 13
    first_page = (await client.get(children, params={"limit": 5}, headers=headers)).json()
    assert len(first_page["items"]) == 5 and first_page["pagination"]["limit"] == 5
    chain = await client.get(f"{UNITS}/{unit_ids['07345']}/ancestors", headers=headers)
    assert [u["name"] for u in chain.json()] == ["Tỉnh Bắc Giang", "Huyện Tân Yên"]


async def test_a_commune_reporter_sees_its_own_subtree_only(client, login, unit_ids):
    headers = await login("songvan.reporter")
    top = (await client.get(UNITS, headers=headers)).json()["items"]
    assert [u["name"] for u in top] == ["Xã Song Vân"]
    assert_problem(await client.get(f"{UNITS}/{unit_ids['654']}", headers=headers), 404)
    found = await client.get(UNITS, params={"q": "hon quan"}, headers=headers)
    assert found.json()["items"] == []


async def test_planner_creates_updates_and_closes_within_its_subtree(client, login, unit_ids):
    headers = await login("tanyen.planner")
    created = await client.post(UNITS, headers=headers, json={
        "code": "216-TEST-01", "name": "Thôn  Mới", "kind": "village",
        "parent_id": unit_ids["07345"], "valid_from": "2024-01-01"})
    assert created.status_code == 201, created.text
    unit = created.json()
    assert unit["name"] == "Thôn  Mới".replace("  ", "  ") and unit["depth"] == 3
    assert unit["path"].endswith(f"/{unit_ids['07345']}/{unit['id']}/")
    renamed = await client.patch(f"{UNITS}/{unit['id']}", headers=headers,
                                 json={"name": "Thôn Mới Lập"})
    assert renamed.json()["name"] == "Thôn Mới Lập"
    emptied = assert_problem(await client.patch(f"{UNITS}/{unit['id']}", headers=headers,
                                                json={"name": None, "kind": None}), 422)
    assert sorted((e["loc"][-1], e["type"]) for e in emptied["errors"]) == [
        ("kind", "value_required"), ("name", "value_required")]
    closed = await client.post(f"{UNITS}/{unit['id']}/close", headers=headers,
                               json={"valid_to": "2025-07-01"})
    assert closed.status_code == 200 and closed.json()["valid_to"] == "2025-07-01"
    assert_problem(await client.post(f"{UNITS}/{unit['id']}/close", headers=headers,
                                     json={"valid_to": "2025-08-01"}), 422,
                   "org_unit_invalid_closure")
    history = await client.get(UNITS, params={"parent_id": unit_ids["07345"], "as_of": "2024-06-01",
                                              "q": "moi lap"}, headers=headers)
    assert [u["code"] for u in history.json()["items"]] == ["216-TEST-01"]


async def test_planner_cannot_touch_another_district(client, login, unit_ids):
    headers = await login("tanyen.planner")
    assert_problem(await client.post(UNITS, headers=headers, json={
        "code": "694-TEST-X", "name": "Xã Lạ", "kind": "commune", "grassroots_type": "commune",
        "parent_id": unit_ids["694"]}), 404, "not_found")
    assert_problem(await client.patch(f"{UNITS}/{unit_ids['25357']}", headers=headers,
                                      json={"name": "x"}), 404)
    assert_problem(await client.patch(f"{UNITS}/{unit_ids['216']}", headers=headers,
                                      json={"name": "x"}), 403, "forbidden")


async def test_codes_are_never_reused_and_input_is_validated(client, login, unit_ids):
    headers = await login("admin")
    assert_problem(await client.post(UNITS, headers=headers, json={
        "code": "07345", "name": "Trùng", "kind": "commune", "parent_id": unit_ids["216"]}), 409,
        "org_unit_code_taken")
    bad = assert_problem(await client.post(UNITS, headers=headers, json={
        "code": "", "name": "", "kind": "galaxy", "valid_from": "not-a-date"}), 422,
        "validation_failed")
    assert {tuple(e["loc"]) for e in bad["errors"]} >= {
        ("body", "code"), ("body", "name"), ("body", "kind"), ("body", "valid_from")}
    json_headers = {**headers, "Content-Type": "application/json"}
    assert_problem(await client.post(UNITS, content=b"{not json", headers=json_headers), 400,
                   "invalid_json")
    assert_problem(await client.get(UNITS, params={"as_of": "yesterday"}, headers=headers), 422)
    assert_problem(await client.get(f"{UNITS}/abc", headers=headers), 422)


async def test_moving_a_commune_keeps_its_past_under_the_old_district(client, login, unit_ids):
    headers = await login("admin")
    created = await client.post(UNITS, headers=headers, json={
        "code": "TEST-MOVE-1", "name": "Xã Chuyển", "kind": "commune", "grassroots_type": "commune",
        "parent_id": unit_ids["216"], "valid_from": "2020-01-01"})
    commune = created.json()
    village = (await client.post(UNITS, headers=headers, json={
        "code": "TEST-MOVE-1-T1", "name": "Thôn Theo", "kind": "village",
        "parent_id": commune["id"], "valid_from": "2020-01-01"})).json()
    moved = await client.patch(f"{UNITS}/{commune['id']}", headers=headers,
                               json={"parent_id": unit_ids["654"], "moved_on": "2024-07-01"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == unit_ids["654"]

    async def codes_under(parent: str, day: str) -> set[str]:
        response = await client.get(UNITS, params={"parent_id": unit_ids[parent], "as_of": day,
                                                   "q": "chuyen", "limit": 200}, headers=headers)
        return {u["code"] for u in response.json()["items"]}

    assert await codes_under("216", "2024-03-01") == {"TEST-MOVE-1"}
    assert await codes_under("654", "2024-03-01") == set()
    assert await codes_under("654", "2024-08-01") == {"TEST-MOVE-1"}
    assert await codes_under("216", "2024-08-01") == set()
    chain = await client.get(f"{UNITS}/{village['id']}/ancestors", headers=headers)
    assert [u["code"] for u in chain.json()] == ["66", "654", "TEST-MOVE-1"]
    krong_pac_reviewer = await login("krongpac.reviewer")
    assert (await client.get(f"{UNITS}/{village['id']}", headers=krong_pac_reviewer)).status_code == 200
    assert_problem(await client.patch(f"{UNITS}/{unit_ids['654']}", headers=headers,
                                      json={"parent_id": commune["id"]}), 422,
                   "org_unit_invalid_move")


async def test_merge_records_the_succession(client, login, unit_ids):
    headers = await login("admin")

    async def commune(code: str) -> dict:
        return (await client.post(UNITS, headers=headers, json={
            "code": code, "name": f"Xã {code}", "kind": "commune", "grassroots_type": "commune",
            "parent_id": unit_ids["216"], "valid_from": "2010-01-01"})).json()

    old_a, old_b, new = await commune("TEST-M-A"), await commune("TEST-M-B"), await commune("TEST-M-C")
    for old in (old_a, old_b):
        response = await client.post(f"{UNITS}/{old['id']}/close", headers=headers, json={
            "valid_to": "2025-07-01", "successor_ids": [new["id"]], "note": "Nghị quyết sáp nhập"})
        assert response.status_code == 200, response.text
    successions = (await client.get(f"{UNITS}/{new['id']}/successions", headers=headers)).json()
    assert {(s["predecessor"]["code"], s["kind"]) for s in successions} == {
        ("TEST-M-A", "merge"), ("TEST-M-B", "merge")}
    today = await client.get(UNITS, params={"q": "TEST-M-"}, headers=headers)
    assert {u["code"] for u in today.json()["items"]} == {"TEST-M-C"}


async def test_the_rules_of_a_unit_are_said_in_vietnamese(client, login, unit_ids):
    """The web app asks in Vietnamese: a refused change says why, with the unit's code, in
    Vietnamese; a caller naming no language gets the English of the contract."""
    admin = await login("admin")
    vietnamese = {**admin, "Accept-Language": "vi"}
    reused = {"code": "07345", "name": "Trùng", "kind": "commune", "parent_id": unit_ids["216"]}
    said = assert_problem(await client.post(UNITS, headers=vietnamese, json=reused), 409,
                          "org_unit_code_taken")
    assert said["detail"] == ("Mã đơn vị 07345 đã được dùng; mã đơn vị không bao giờ được dùng "
                              "lại.")
    english = assert_problem(await client.post(UNITS, headers=admin, json=reused), 409,
                             "org_unit_code_taken")
    assert english["detail"] == "The code 07345 is already used; codes are never reused."
    # Tân Yên (216) still has its communes.
    closing = {"valid_to": "2025-07-01", "accounts": "disable"}
    said = assert_problem(await client.post(f"{UNITS}/{unit_ids['216']}/close", headers=vietnamese,
                                            json=closing), 409, "org_unit_has_children")
    assert said["detail"] == "Hãy chuyển hoặc cho ngừng hoạt động các đơn vị trực thuộc trước."
    assert said["title"] != said["detail"]
    english = assert_problem(await client.post(f"{UNITS}/{unit_ids['216']}/close", headers=admin,
                                               json=closing), 409, "org_unit_has_children")
    assert english["detail"] == "Move or close the units under it first."
    said = assert_problem(await client.patch(f"{UNITS}/{unit_ids['216']}", headers={
        **await login("tanyen.planner"), "Accept-Language": "vi"}, json={"name": "x"}), 403,
        "forbidden")
    assert said["detail"] == ("Chỉ tài khoản có vai trò Quản trị hoặc Lập kế hoạch ở đơn vị cấp trên "
                              "mới được thay đổi đơn vị này.")

"""Compiled reports (báo cáo tổng hợp, issue 14 §2): a district's or province's report prefilled
from the units below it — figures, completeness, attributed narrative, tasks — that goes up the
chain like any other report."""

import itertools

from tests.documents.reading import read_docx
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"
COMPILE = f"{SUBMISSIONS}/compile"
PASSWORD = "test-password-1"
_serial = itertools.count()


async def _form_id(client, headers, code: str) -> int:
    items = (await client.get("/api/v1/reporting-forms", params={"q": code},
                              headers=headers)).json()["items"]
    return next(f["id"] for f in items if f["code"] == code)


async def _user(client, login, unit_id: int, role: str) -> dict[str, str]:
    n = next(_serial)
    created = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": f"compile.{role}{n}", "full_name": "Người thử", "unit_id": unit_id,
        "roles": [role], "password": PASSWORD})
    assert created.status_code == 201, created.text
    return await login(f"compile.{role}{n}", PASSWORD)


async def _compile(client, headers, form_id: int, unit_id: int, period: str):
    return await client.post(COMPILE, headers=headers, json={
        "form_id": form_id, "unit_id": unit_id, "period": period})


def _figure(material: dict, code: str) -> dict:
    return next(f for f in material["data_values"] if f["indicator"] == code)


async def test_krong_pac_half_year_2021_reads_its_agencies_and_enterprises(client, login,
                                                                           unit_ids):
    planner = await login("krongpac.planner")
    form_id = await _form_id(client, planner, "QCDC_DISTRICT_SEMIANNUAL")
    response = await _compile(client, planner, form_id, unit_ids["654"], "2021S1")
    assert response.status_code == 200, response.text
    body = response.json()
    report, material = body["submission"], body["compilation"]["material"]
    assert (report["unit"]["code"], report["status"], report["data_values"]) == ("654", "draft", [])
    staff, workers = _figure(material, "QCDC_STAFF_CONF"), _figure(material, "QCDC_WORKERS_CONF")
    assert (staff["total"]["numerator"], staff["total"]["denominator"]) == (24, 24)
    assert (workers["total"]["numerator"], workers["total"]["denominator"]) == (13, 15)
    assert workers["total"]["percent"] == 86.7
    assert len(workers["answered_no"]) == 2
    assert all(u["kind"] == "enterprise" for u in workers["answered_no"])
    assert {(k["kind"], k["numerator"], k["denominator"]) for k in staff["by_kind"]} == {
        ("department", 13, 13), ("public_service", 6, 6), ("mass_org", 5, 5)}
    assert len(workers["by_unit"]) == 15
    expected = {c["form"]: c["expected"] for c in material["completeness"]}
    assert expected == {"QCDC_AGENCY_SEMIANNUAL": 24, "QCDC_EMPLOYER_SEMIANNUAL": 15}
    stored = await client.get(f"{SUBMISSIONS}/{report['id']}/compilation", headers=planner)
    assert stored.status_code == 200 and stored.json()["material"] == material

    document = await client.get(f"{SUBMISSIONS}/{report['id']}/document", headers=planner)
    assert document.status_code == 200, document.text
    text = read_docx(document.content).text
    assert "24/24 (100%)" in text and "13/15 (86,7%)" in text
    assert "cơ quan chuyên môn 13/13 (100%)" in text
    names = ", ".join(u["name"] for u in workers["answered_no"])
    assert f"Chưa tổ chức Hội nghị người lao động: {names}" in text


async def test_compiling_again_refreshes_the_material_and_keeps_the_text(client, login, unit_ids):
    planner = await login("krongpac.planner")
    form_id = await _form_id(client, planner, "QCDC_DISTRICT_SEMIANNUAL")
    first = (await _compile(client, planner, form_id, unit_ids["654"], "2022S1")).json()
    sid = first["submission"]["id"]
    saved = await client.put(f"{SUBMISSIONS}/{sid}", headers=planner, json={
        "version": first["submission"]["version"],
        "narrative": {"results": "Huyện đã tổng hợp: 24 cơ quan tổ chức hội nghị."}})
    assert saved.status_code == 200, saved.text
    again = await _compile(client, planner, form_id, unit_ids["654"], "2022S1")
    assert again.status_code == 200, again.text
    assert again.json()["submission"]["id"] == sid
    assert again.json()["submission"]["narrative"] == {
        "results": "Huyện đã tổng hợp: 24 cơ quan tổ chức hội nghị."}
    assert again.json()["compilation"]["compiled_at"] > first["compilation"]["compiled_at"]
    figures = await client.put(f"{SUBMISSIONS}/{sid}", headers=planner, json={
        "version": again.json()["submission"]["version"],
        "data_values": [{"indicator": "QCDC_STAFF_CONF", "value": True}]})
    assert_problem(figures, 422, "compiled_data_values")


async def test_a_reporter_or_a_unit_outside_does_not_compile(client, login, unit_ids):
    reporter = await _user(client, login, unit_ids["654"], "reporter")
    form_id = await _form_id(client, reporter, "QCDC_DISTRICT_SEMIANNUAL")
    assert_problem(await _compile(client, reporter, form_id, unit_ids["654"], "2023S1"), 403)
    outsider = await login("tanyen.planner")
    assert_problem(await _compile(client, outsider, form_id, unit_ids["654"], "2023S1"), 404)
    # Nor writes the district's figures as a plain report of its own, which would count twice.
    refused = assert_problem(await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_ids["654"], "period": "2023S1",
        "data_values": [{"indicator": "QCDC_STAFF_CONF", "value": True}]}), 422, "form_not_for_unit")
    assert "compile" in refused["detail"]
    listed = await client.get(SUBMISSIONS, headers=await login("krongpac.planner"),
                              params={"unit_id": unit_ids["654"], "period": "2023S1"})
    assert listed.json()["items"] == []


async def test_nothing_below_to_compile_is_refused(client, login, unit_ids):
    planner = await login("songvan.planner")
    form_id = await _form_id(client, planner, "QCDC_DISTRICT_SEMIANNUAL")
    refused = await _compile(client, planner, form_id, unit_ids["07345"], "2021S1")
    assert_problem(refused, 422, "nothing_to_compile")
    listed = await client.get(SUBMISSIONS, headers=planner,
                              params={"unit_id": unit_ids["07345"], "period": "2021S1"})
    assert listed.json()["items"] == []


async def test_a_compiled_report_goes_up_and_does_not_count_twice(client, login, unit_ids):
    planner = await login("krongpac.planner")
    province = await _user(client, login, unit_ids["66"], "reviewer")
    form_id = await _form_id(client, planner, "QCDC_DISTRICT_SEMIANNUAL")
    params = {"indicator": ["QCDC_STAFF_CONF", "QCDC_WORKERS_CONF",
                            "QCDC_ADMIN_DOSSIERS_RESOLVED"], "org_unit": "654", "period": "2021S2"}
    before = (await client.get("/api/v1/aggregates", headers=planner, params=params)).json()
    compiled = await _compile(client, planner, form_id, unit_ids["654"], "2021S2")
    assert compiled.status_code == 200, compiled.text
    sid = compiled.json()["submission"]["id"]
    submitted = await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=planner, json={})
    assert submitted.status_code == 200, submitted.text
    assert_problem(await _compile(client, planner, form_id, unit_ids["654"], "2021S2"), 409,
                   "submission_under_review")
    own_review = await client.post(f"{SUBMISSIONS}/{sid}/approve",
                                   headers=await login("krongpac.reviewer"), json={})
    assert_problem(own_review, 403)
    approved = await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=province, json={})
    assert approved.status_code == 200, approved.text
    settings = await client.get(f"{SUBMISSIONS}/{sid}/document-settings", headers=planner)
    assert settings.json()["number"] is not None
    after = (await client.get("/api/v1/aggregates", headers=planner, params=params)).json()
    assert after == before
    assert_problem(await _compile(client, planner, form_id, unit_ids["654"], "2021S2"), 409,
                   "submission_locked")


async def test_a_province_compiles_counts_by_kind_of_unit(client, login, unit_ids):
    planner = await _user(client, login, unit_ids["66"], "planner")
    form_id = await _form_id(client, planner, "QCDC_PROVINCE_SEMIANNUAL")
    compiled = await _compile(client, planner, form_id, unit_ids["66"], "2021S1")
    assert compiled.status_code == 200, compiled.text
    material = compiled.json()["compilation"]["material"]
    workers = _figure(material, "QCDC_WORKERS_CONF")
    assert (workers["total"]["numerator"], workers["total"]["denominator"]) == (13, 15)
    assert [(k["kind"], k["units"], k["numerator"]) for k in workers["by_kind"]] == [
        ("district", 1, 13)]
    forms = {c["form"] for c in material["completeness"]}
    assert "QCDC_DISTRICT_SEMIANNUAL" in forms


async def test_a_report_not_compiled_has_no_compilation(client, login, unit_ids):
    reporter = await login("songvan.reporter")
    form_id = await _form_id(client, reporter, "QCDC_COMMUNE_QUARTERLY")
    created = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_ids["07345"], "period": "2019Q3"})
    assert created.status_code == 201, created.text
    assert_problem(await client.get(f"{SUBMISSIONS}/{created.json()['id']}/compilation",
                                    headers=reporter), 404)

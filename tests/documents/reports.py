"""Reports of communes of their own, for the document tests (one counter for every module)."""

import itertools

SUBMISSIONS = "/api/v1/submissions"
PASSWORD = "test-password-1"
_serial = itertools.count()


async def form_id(client, headers, code: str) -> int:
    items = (await client.get("/api/v1/reporting-forms", params={"q": code},
                              headers=headers)).json()["items"]
    return next(f["id"] for f in items if f["code"] == code)


async def commune(client, login, unit_ids) -> tuple[dict, dict[str, str]]:
    """A commune of Tân Yên of its own, with a reporter, so the register starts empty; its
    reports are of 2011–2013, years no other test gives Tân Yên figures for."""
    admin = await login("admin")
    n = next(_serial)
    unit = await client.post("/api/v1/org-units", headers=admin, json={
        "code": f"DOC-{n}", "name": f"Xã Văn Bản {n}", "kind": "commune",
        "grassroots_type": "commune", "parent_id": unit_ids["216"], "valid_from": "2008-01-01"})
    assert unit.status_code == 201, unit.text
    user = await client.post("/api/v1/users", headers=admin, json={
        "username": f"doc.reporter{n}", "full_name": "Công chức thử", "unit_id": unit.json()["id"],
        "roles": ["reporter"], "password": PASSWORD})
    assert user.status_code == 201, user.text
    return unit.json(), await login(f"doc.reporter{n}", PASSWORD)


async def report(client, reporter, form_id: int, unit_id: int, period: str) -> int:
    created = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_id, "period": period,
        "data_values": [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
                    {"indicator": "QCDC_LEADER_DIALOGUES", "value": 1},
                    {"indicator": "QCDC_LEADER_DIALOGUE_PARTICIPANTS", "value": 52620},
                    {"indicator": "QCDC_FRONT_SUPERVISIONS", "value": 0},
                    {"indicator": "QCDC_FRONT_SURVEYS", "value": 0},
                    {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 51,
                     "denominator": 200},
                    {"indicator": "QCDC_INSPECTIONS", "value": 1},
                    {"indicator": "QCDC_UNITS_INSPECTED", "value": 2}],
        "narrative": {"results": "Dòng thứ nhất.\nDòng thứ hai.", "limitations": "Còn hạn chế."}})
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def approve(client, reporter, reviewer, sid: int) -> None:
    submitted = await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter, json={})
    assert submitted.status_code == 200, submitted.text
    approved = await client.post(f"{SUBMISSIONS}/{sid}/approve", headers=reviewer, json={})
    assert approved.status_code == 200, approved.text


async def annual(client, reporter, unit_id: int, period: str) -> int:
    """A commune's annual report (QCDC_COMMUNE_ANNUAL) of `period`, as a draft."""
    return await report(client, reporter, await form_id(client, reporter, "QCDC_COMMUNE_ANNUAL"),
                        unit_id, period)

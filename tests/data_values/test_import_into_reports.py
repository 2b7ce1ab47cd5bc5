"""Imported figures that a report holds: refused while the report is under review or approved,
and, in a draft or returned report, a new version of the report as an edit in the form makes."""

import itertools

import pytest

from tests.helpers import assert_problem

IMPORT = "/api/v1/data-values/import"
SUBMISSIONS = "/api/v1/submissions"
PASSWORD = "test-password-1"
_serial = itertools.count()


async def _report(client, login, unit_ids, period: str) -> tuple[dict, dict, dict[str, str]]:
    """A fresh commune under Tân Yên with its own reporter and monthly form, and its draft report
    for `period` with 4 mediations received, 3 successful."""
    admin = await login("admin")
    n = next(_serial)
    unit = (await client.post("/api/v1/org-units", headers=admin, json={
        "code": f"IMPREP-{n}", "name": f"Xã Báo Cáo {n}", "kind": "commune",
        "grassroots_type": "commune", "parent_id": unit_ids["216"], "valid_from": "2015-01-01"}))
    assert unit.status_code == 201, unit.text
    username = f"imprep.reporter{n}"
    user = await client.post("/api/v1/users", headers=admin, json={
        "username": username, "full_name": "Công chức thử", "unit_id": unit.json()["id"],
        "roles": ["reporter"], "password": PASSWORD})
    assert user.status_code == 201, user.text
    form = await client.post("/api/v1/reporting-forms", headers=admin, json={
        "code": f"TEST_IMPREP_FORM_{n}", "name": "Báo cáo tháng về hòa giải", "period_type": "month",
        "owner_unit_id": unit_ids["216"],
        "indicators": [{"indicator": "QCDC_MEDIATION_RECEIVED", "required": True},
                       {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "required": True}],
        "reporters": {"grassroots_types": ["commune"]}, "deadline_working_days": {"commune": 5}})
    assert form.status_code == 201, form.text
    reporter = await login(username, PASSWORD)
    report = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form.json()["id"], "unit_id": unit.json()["id"], "period": period,
        "data_values": [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 4},
                    {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "value": 3}]})
    assert report.status_code == 201, report.text
    return unit.json(), report.json(), reporter


def _rows(unit: dict, period: str, received: int, successful: int = 3) -> dict:
    return {"values": [
        {"indicator": "QCDC_MEDIATION_RECEIVED", "org_unit": unit["code"], "period": period,
         "value": received},
        {"indicator": "QCDC_MEDIATION_SUCCESSFUL", "org_unit": unit["code"], "period": period,
         "value": successful}]}


async def _state(client, headers, report_id: int) -> tuple[dict, list]:
    report = (await client.get(f"{SUBMISSIONS}/{report_id}", headers=headers)).json()
    figures = {f["indicator"]: f["value"] for f in report["data_values"]}
    return figures, [(h["version"], h["action"], h["status"]) for h in report["history"]]


async def test_figures_of_a_report_under_review_or_approved_are_refused_per_row(
        client, login, unit_ids):
    unit, report, reporter = await _report(client, login, unit_ids, "202401")
    sid = report["id"]
    submitted = await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter, json={})
    assert submitted.status_code == 200, submitted.text
    before = await _state(client, reporter, sid)

    body = _rows(unit, "202401", 9)
    body["values"].append({"indicator": "QCDC_MEDIATION_RECEIVED", "org_unit": unit["code"],
                           "period": "202402", "value": 1})
    summary = (await client.post(IMPORT, headers=reporter, json=body)).json()
    # The figure given again as it stands changes nothing: neither written nor refused.
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["rejected"]) \
        == (1, 0, 1, 1), summary
    assert [(c["index"], c["code"]) for c in summary["conflicts"]] == [(0, "under_review")]
    assert f"report {sid}" in summary["conflicts"][0]["detail"]
    assert await _state(client, reporter, sid) == before  # no figure, no version changed
    assert_problem(await client.post(IMPORT, headers=reporter, json=body, params={"atomic": True}),
                   409, "import_rejected")
    assert_problem(await client.post(IMPORT, headers=reporter, json=body,
                                     params={"submit": True, "atomic": True}),
                   409, "import_rejected")

    approved = await client.post(f"{SUBMISSIONS}/{sid}/approve",
                                 headers=await login("tanyen.reviewer"), json={})
    assert approved.status_code == 200, approved.text
    summary = (await client.post(IMPORT, headers=reporter, json=_rows(unit, "202401", 9))).json()
    assert [c["code"] for c in summary["conflicts"]] == ["locked", "locked"]
    assert (await _state(client, reporter, sid))[0] == before[0]


async def test_figures_written_into_a_draft_or_returned_report_add_a_version(
        client, login, unit_ids):
    unit, report, reporter = await _report(client, login, unit_ids, "202403")
    sid = report["id"]
    summary = (await client.post(IMPORT, headers=reporter, json=_rows(unit, "202403", 6))).json()
    assert (summary["updated"], summary["unchanged"], summary["rejected"]) == (1, 1, 0), summary
    figures, history = await _state(client, reporter, sid)
    assert figures == {"QCDC_MEDIATION_RECEIVED": 6, "QCDC_MEDIATION_SUCCESSFUL": 3}
    assert history == [(1, "create", "draft"), (2, "import", "draft")]
    version = (await client.get(f"{SUBMISSIONS}/{sid}/versions/2", headers=reporter)).json()
    assert ({f["indicator"]: f["value"] for f in version["data_values"]}
            == {"QCDC_MEDIATION_RECEIVED": 6, "QCDC_MEDIATION_SUCCESSFUL": 3})
    assert version["action"] == "import" and version["actor"].startswith("imprep.reporter")

    # Nothing changed, or only a preview: no version.
    await client.post(IMPORT, headers=reporter, json=_rows(unit, "202403", 6))
    await client.post(IMPORT, headers=reporter, json=_rows(unit, "202403", 8),
                      params={"dry_run": True})
    assert (await _state(client, reporter, sid))[1] == history
    # A form still open on version 1 is stale, as after any other edit.
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}", headers=reporter, json={
        "version": 1, "data_values": []}), 409, "stale_version")

    await client.post(f"{SUBMISSIONS}/{sid}/submit", headers=reporter, json={})
    returned = await client.post(f"{SUBMISSIONS}/{sid}/return",
                                 headers=await login("tanyen.reviewer"),
                                 json={"comment": "Kiểm tra lại số vụ việc."})
    assert returned.status_code == 200, returned.text
    summary = (await client.post(IMPORT, headers=reporter, json=_rows(unit, "202403", 7))).json()
    assert summary["updated"] == 1, summary
    figures, history = await _state(client, reporter, sid)
    assert figures["QCDC_MEDIATION_RECEIVED"] == 7
    assert history[-2:] == [(4, "return", "returned"), (5, "import", "returned")]

    # submit=true: the import's version, then the report's own steps.
    summary = (await client.post(IMPORT, headers=reporter, json=_rows(unit, "202403", 5),
                                 params={"submit": True})).json()
    assert summary["submitted"] == 1, summary
    figures, history = await _state(client, reporter, sid)
    assert figures["QCDC_MEDIATION_RECEIVED"] == 5
    assert [action for _, action, _ in history[5:]] == ["import", "save", "submit"]
    assert history[-1][2] == "submitted"



async def test_a_report_submitted_after_the_comparison_stops_the_import(client, login, unit_ids):
    """The import compares, then holds the reports it changes: one submitted in between (its figures
    now under review) makes the import give up rather than write into it."""

    from backend.db import get_sessionmaker
    from backend.submissions.errors import StaleVersion
    from backend.submissions.service import hold_for_import

    _, report, reporter = await _report(client, login, unit_ids, "202405")
    async with get_sessionmaker()() as session:
        held = await hold_for_import(session, [report["id"]])
        assert [(r.id, r.version) for r in held] == [(report["id"], 2)]
        await session.rollback()
    await client.post(f"{SUBMISSIONS}/{report['id']}/submit", headers=reporter, json={})
    async with get_sessionmaker()() as session:
        with pytest.raises(StaleVersion):
            await hold_for_import(session, [report["id"]])

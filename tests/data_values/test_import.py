"""Bulk import through HTTP: JSON and CSV, per-row conflicts, locks, atomicity, idempotency."""

import json

from tests import factories
from tests.helpers import assert_problem

IMPORT = "/api/v1/data-values/import"


async def _commune(client, login, unit_ids, parent: str = "654") -> dict:
    return await factories.commune(client, login, unit_ids[parent], prefix="IMP", name="Xã Nhập Liệu")


def _csv(*rows: str, header: str = "indicator,org_unit,period,category,value,numerator,denominator"):
    return ("\n".join([header, *rows]) + "\n").encode()


async def _import(client, headers, body, *, csv: bool = False, **params):
    content_type = "text/csv" if csv else "application/json"
    if csv:
        return await client.post(IMPORT, headers={**headers, "Content-Type": content_type},
                                 params=params, content=body)
    return await client.post(IMPORT, headers=headers, params=params, json=body)


async def test_json_import_creates_updates_and_counts_unchanged(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    values = [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"], "period": "2023Q1",
               "value": 4},
              {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "org_unit": commune["id"],
               "period": "2023", "numerator": 9, "denominator": 12},
              {"indicator": "QCDC_DISCLOSURE_DONE", "org_unit": commune["code"], "period": "2023Q1",
               "value": "có"}]
    first = await _import(client, admin, {"values": values})
    assert first.status_code == 200, first.text
    assert first.json() | {"conflicts": []} == {
        "created": 3, "updated": 0, "unchanged": 0, "rejected": 0, "conflicts": [],
        "conflicts_truncated": False, "dry_run": False, "submitted": 0}
    values[0]["value"] = 5
    second = (await _import(client, admin, {"values": values})).json()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 1, 2)
    preview = (await _import(client, admin, {"values": values}, dry_run=True)).json()
    assert (preview["unchanged"], preview["dry_run"]) == (3, True)
    # Imported figures are drafts: they count only once a report holding them is submitted.
    rows = (await client.get("/api/v1/aggregates", headers=admin, params={
        "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"], "period": "2023Q1",
        "include": "submitted"})).json()
    assert rows[0]["value"] is None


async def test_submit_true_submits_the_reports_and_the_figures_roll_up(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    quarterly = ["QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
                 "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
                 "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS"]
    rows = [f"{code},{commune['code']},2022Q2,,3,," for code in quarterly]
    rows.append(f"QCDC_DISCLOSURE_DONE,{commune['code']},2022Q2,,true,,")
    summary = (await _import(client, admin, _csv(*rows), csv=True, submit=True)).json()
    assert summary["created"] == 9 and summary["submitted"] == 1, summary
    reports = (await client.get("/api/v1/submissions", headers=admin, params={
        "unit_id": commune["id"], "period": "2022Q2"})).json()["items"]
    assert [r["status"] for r in reports] == ["submitted"]
    district = await client.get("/api/v1/aggregates", headers=admin, params={
        "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": "654", "period": "2022Q2",
        "include": "submitted"})
    assert district.json()[0]["value"] == 3


async def test_csv_bad_rows_are_reported_per_row_and_the_rest_is_taken(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    code = commune["code"]
    body = _csv(f"QCDC_DIRECT_DECISIONS,{code},2021Q1,,2,,",
                f"NO_SUCH_INDICATOR,{code},2021Q1,,2,,",
                f"QCDC_DIRECT_DECISIONS,{code},2021Q1,,hai,,",
                f"QCDC_DIRECT_DECISIONS,{code},2021Q5,,2,,",
                "QCDC_DIRECT_DECISIONS,NOWHERE,2021Q1,,2,,",
                f"QCDC_VILLAGES_WITH_CONVENTION,{code},2021,,,14,13",
                f"QCDC_MODELS_BY_TYPE,{code},2021,,3,,",
                f"QCDC_DISCLOSURE_DONE,{code},2021Q1,,maybe,,")
    summary = (await _import(client, admin, body, csv=True)).json()
    assert summary["created"] == 1 and summary["rejected"] == 7
    assert [(c["index"], c["code"]) for c in summary["conflicts"]] == [
        (1, "unknown_indicator"), (2, "invalid_value"), (3, "invalid_period"),
        (4, "unknown_org_unit"), (5, "invalid_value"), (6, "invalid_category"),
        (7, "invalid_value")]
    # Each conflict names the column at fault: 14 of 13 is the numerator's fault.
    assert [c["field"] for c in summary["conflicts"]] == [
        "indicator", "value", "period", "org_unit", "numerator", "category", "value"]
    assert "YYYYQ1" in summary["conflicts"][2]["detail"]
    # The web app asks in Vietnamese: each row's reason in Vietnamese, the same rows and fields.
    said = (await _import(client, {**admin, "Accept-Language": "vi"}, body, csv=True,
                          dry_run="true")).json()["conflicts"]
    assert [c["field"] for c in said] == [c["field"] for c in summary["conflicts"]]
    assert said[0]["detail"] == "không có chỉ số mã 'NO_SUCH_INDICATOR'"
    assert said[1]["detail"] == "QCDC_DIRECT_DECISIONS: 'hai' không phải là số"
    assert said[3]["detail"] == "không có đơn vị mã hoặc số 'NOWHERE'"
    assert said[4]["detail"] == "QCDC_VILLAGES_WITH_CONVENTION: tử số 14 lớn hơn mẫu số 13"


async def test_numbers_beyond_what_a_figure_holds_are_rejected_per_row(client, login, unit_ids):
    admin = await login("admin")
    code = (await _commune(client, login, unit_ids))["code"]
    # Python's json module, like many scripts' JSON writers, writes NaN and Infinity.
    rows = [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": code, "period": f"2022Q{n + 1}",
             "value": value} for n, value in enumerate([float("nan"), float("inf"), 10**19, 7])]
    rows.append({"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "org_unit": code, "period": "2022",
                 "numerator": 1, "denominator": "1e30"})
    response = await client.post(IMPORT, headers={**admin, "Content-Type": "application/json"},
                                 content=json.dumps({"values": rows}))
    summary = response.json()
    assert response.status_code == 200 and summary["created"] == 1, summary
    assert [(c["index"], c["code"], c["field"]) for c in summary["conflicts"]] == [
        (0, "invalid_value", "value"), (1, "invalid_value", "value"), (2, "invalid_value", "value"),
        (4, "invalid_value", "denominator")]
    assert "18 digits" in summary["conflicts"][2]["detail"]
    csv = _csv(f"QCDC_DIRECT_DECISIONS,{code},2022Q1,,NaN,,",
               f"QCDC_DIRECT_DECISIONS,{code},2022Q2,,1234567890123456789012,,")
    summary = (await _import(client, admin, csv, csv=True)).json()
    assert [c["code"] for c in summary["conflicts"]] == ["invalid_value", "invalid_value"]


async def test_vietnamese_numbers_and_yes_no_words(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    code = commune["code"]
    body = _csv(f'QCDC_ADMIN_DOSSIERS_RESOLVED,{code},2021S1,,,"1.294","1.294"',
                f"QCDC_DISCLOSURE_DONE,{code},2021Q2,,không,,",
                f'QCDC_COMPLAINTS_RECEIVED,{code},2021Q2,,"25,0",,')
    summary = (await _import(client, admin, body, csv=True, number_format="vi")).json()
    assert summary["created"] == 3, summary
    wrong = (await _import(client, admin, _csv(f'QCDC_COMPLAINTS_RECEIVED,{code},2021Q3,,"25,5",,'),
                           csv=True, number_format="vi")).json()
    assert wrong["conflicts"][0]["code"] == "invalid_value"  # a count is a whole number


async def test_atomic_rejects_everything_and_writes_nothing(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    body = {"values": [
        {"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"], "period": "2020Q1",
         "value": 1},
        {"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"], "period": "bad",
         "value": 1}]}
    refused = assert_problem(await _import(client, admin, body, atomic=True), 409, "import_rejected")
    assert refused["summary"]["rejected"] == 2 and refused["summary"]["created"] == 0
    check = (await _import(client, admin, {"values": body["values"][:1]}, dry_run=True)).json()
    assert check["created"] == 1


async def test_locked_values_are_rejected_and_named(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    quarterly = ["QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
                 "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
                 "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS"]
    values = [{"indicator": c, "org_unit": commune["code"], "period": "2022Q3", "value": 1}
              for c in quarterly]
    values.append({"indicator": "QCDC_DISCLOSURE_DONE", "org_unit": commune["code"],
                   "period": "2022Q3", "value": True})
    await _import(client, admin, {"values": values}, submit=True)
    report = (await client.get("/api/v1/submissions", headers=admin, params={
        "unit_id": commune["id"], "period": "2022Q3"})).json()["items"][0]
    approved = await client.post(f"/api/v1/submissions/{report['id']}/approve",
                                 headers=await login("krongpac.reviewer"), json={})
    assert approved.status_code == 200, approved.text
    values[0]["value"] = 99
    summary = (await _import(client, admin, {"values": values[:2]})).json()
    assert summary["rejected"] == 2 and summary["conflicts"][0]["code"] == "locked"
    assert "QCDC_DIRECT_DECISIONS" in summary["conflicts"][0]["detail"]
    rows = (await client.get("/api/v1/aggregates", headers=admin, params={
        "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"], "period": "2022Q3"})).json()
    assert rows[0]["value"] == 1


async def test_idempotent_retry_returns_the_first_answer_and_changes_nothing(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    body = {"values": [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": commune["code"],
                        "period": "2019Q2", "value": 6}]}
    key = {"Idempotency-Key": f"retry-{commune['code']}"}
    first = await _import(client, {**admin, **key}, body)
    again = await _import(client, {**admin, **key}, body)
    assert first.json() == again.json() and again.json()["created"] == 1
    assert again.headers.get("idempotent-replayed") == "true"
    body["values"][0]["value"] = 7
    assert_problem(await _import(client, {**admin, **key}, body), 409, "idempotency_key_reused")
    state = (await _import(client, admin, {"values": [{**body["values"][0], "value": 6}]},
                           dry_run=True)).json()
    assert state["unchanged"] == 1


async def test_a_reporter_imports_for_its_own_unit_only(client, login, unit_ids):
    reporter = await login("songvan.reporter")
    body = {"values": [
        {"indicator": "QCDC_LEADER_DIALOGUES", "org_unit": "07345", "period": "2019", "value": 1},
        {"indicator": "QCDC_LEADER_DIALOGUES", "org_unit": "654", "period": "2019", "value": 1}]}
    summary = (await _import(client, reporter, body)).json()
    assert summary["created"] == 1
    assert [(c["index"], c["code"]) for c in summary["conflicts"]] == [(1, "forbidden_org_unit")]
    assert_problem(await _import(client, await login("tanyen.viewer"), body), 403)


async def test_malformed_bodies_are_clear_4xx(client, login):
    admin = await login("admin")
    assert_problem(await client.post(IMPORT, headers={**admin, "Content-Type": "application/json"},
                                     content=b"{nope"), 422)
    assert_problem(await _import(client, admin, {"rows": []}), 422)
    assert_problem(await _import(client, admin, b"value,period\n1,2024\n", csv=True), 422)
    assert_problem(await _import(client, admin, b"", csv=True), 422)
    assert_problem(await _import(client, admin, "indicator,org_unit,period\n\xff".encode("latin-1"),
                                 csv=True), 422)


async def test_a_new_key_stored_by_another_request_meanwhile_is_overwritten_not_refused(
        client, login, unit_ids):
    """The import inserts the keys it found new; when another request stored one of them after the
    comparison, the insert gives way to the upsert and the later figure stands, as for any key."""
    from decimal import Decimal

    from sqlalchemy import select

    from backend.data_values import repository
    from backend.db import get_sessionmaker
    from backend.models import DataValue, DataValueStatus, Indicator

    commune = await _commune(client, login, unit_ids)
    key = {"org_unit_id": commune["id"], "period": "2019", "category_code": ""}
    async with get_sessionmaker()() as importing, get_sessionmaker()() as other:
        indicator_id = await importing.scalar(select(Indicator.id).where(
            Indicator.code == "QCDC_DIRECT_DECISIONS"))
        await repository.begin(importing)
        await (await repository.Stager.of(importing)).stage(
            [(0, indicator_id, commune["id"], "2019", "", Decimal(5), None, None, None, None)])
        await repository.compare(importing, DataValueStatus.draft, [indicator_id], ["2019"], staged=1)
        classes = await repository.classify(importing)
        assert classes.created == 1

        other.add(DataValue(indicator_id=indicator_id, value_numeric=Decimal(3),
                            status=DataValueStatus.draft, **key))
        await other.commit()
        await repository.merge(importing, DataValueStatus.draft, ["2019"], classes, roll_up=False)
        await repository.clear(importing)
        await importing.commit()
    async with get_sessionmaker()() as session:
        stored = (await session.scalars(select(DataValue.value_numeric).filter_by(
            indicator_id=indicator_id, **key))).all()
    assert stored == [Decimal(5)]


async def test_a_unit_has_figures_only_of_periods_it_existed_at_the_end_of(client, login, unit_ids):
    """A period's figures sit in the tree of its last day (the 14th of its last month): a unit
    closed by then, or not made yet, has none; its successor or predecessors report that period."""
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    closed = await client.post(f"/api/v1/org-units/{commune['id']}/close", headers=admin,
                               json={"valid_to": "2025-07-01"})
    assert closed.status_code == 200, closed.text
    late = await client.post("/api/v1/org-units", headers=admin, json={
        "code": f"{commune['code']}-MOI", "name": "Xã Mới Lập", "kind": "commune",
        "grassroots_type": "commune", "parent_id": unit_ids["654"], "valid_from": "2025-07-01"})
    assert late.status_code == 201, late.text
    rows = [(commune["code"], "2025Q2"), (commune["code"], "2025S1"), (commune["code"], "2025Q3"),
            (commune["code"], "2025"), (late.json()["code"], "2025S1"),
            (late.json()["code"], "2025Q3")]
    body = {"values": [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": unit, "period": period,
                        "value": 1} for unit, period in rows]}
    summary = (await _import(client, admin, body)).json()
    assert summary["created"] == 3
    refused = [(c["index"], c["code"], c["field"]) for c in summary["conflicts"]]
    assert refused == [(2, "unit_not_in_period", "period"), (3, "unit_not_in_period", "period"),
                       (4, "unit_not_in_period", "period")]
    assert "14/12/2025, the end of 2025" in summary["conflicts"][1]["detail"]

"""The Excel round trip through HTTP: download a template, fill it with openpyxl, import it."""

import io

import openpyxl

from tests import factories
from tests.helpers import assert_problem

TEMPLATE = "/api/v1/data-values/template"
IMPORT = "/api/v1/data-values/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUARTERLY = "QCDC_COMMUNE_QUARTERLY"
QUARTERLY_COUNTS = ["QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
                    "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
                    "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS"]


async def _commune(client, login, unit_ids) -> dict:
    return await factories.commune(client, login, unit_ids["654"], prefix="XLS", name="Xã Bảng Tính")


async def _template(client, headers, units: list[str], period: str, form: str = QUARTERLY):
    response = await client.get(TEMPLATE, headers=headers,
                                params={"form": form, "org_unit": units, "period": period})
    assert response.status_code == 200, response.text
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> dict[tuple[str, str, str | None], int]:
    """Row numbers of the data sheet by (unit code, indicator code, category code)."""
    keys = [cell.value for cell in sheet[2]]
    at = {key: keys.index(key) for key in ("org_unit", "indicator", "category")}
    return {(row[at["org_unit"]].value, row[at["indicator"]].value, row[at["category"]].value):
            row[0].row for row in sheet.iter_rows(min_row=3)}


def _bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _upload(client, headers, content: bytes, **params):
    return await client.post(IMPORT, headers={**headers, "Content-Type": XLSX}, params=params,
                             content=content)


def _fill_quarter(sheet, rows, unit: str, value: int) -> None:
    for code in QUARTERLY_COUNTS:
        sheet[f"E{rows[unit, code, None]}"] = value
    sheet[f"E{rows[unit, 'QCDC_DISCLOSURE_DONE', None]}"] = True  # Excel's TRUE
    sheet[f"E{rows[unit, 'QCDC_DISCLOSURE_CONTENTS', 'PORTAL']}"] = 2


async def test_a_template_filled_by_openpyxl_imports_cleanly(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    code = commune["code"]
    response = await client.get(TEMPLATE, headers=admin, params={
        "form": QUARTERLY, "org_unit": code, "period": "2017Q1"})
    assert response.headers["content-type"] == XLSX
    assert 'filename="QCDC_COMMUNE_QUARTERLY_2017Q1.xlsx"' in response.headers[
        "content-disposition"]
    book = await _template(client, admin, [code], "2017Q1")
    assert book.sheetnames == ["Số liệu", "Hướng dẫn"]
    sheet = book["Số liệu"]
    rows = _rows(sheet)
    # Nine plain indicators and one with five category options.
    assert len(rows) == 14 and (code, "QCDC_DISCLOSURE_CONTENTS", "MEETING") in rows
    assert sheet.row_dimensions[2].hidden and sheet.protection.sheet
    assert {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation
            if v.type == "list"} == {f"E{rows[code, 'QCDC_DISCLOSURE_DONE', None]}": '"có,không"'}
    _fill_quarter(sheet, rows, code, 3)
    sheet[f"E{rows[code, 'QCDC_DISCLOSURE_CONTENTS', 'MEETING']}"] = "1"
    content = _bytes(book)

    preview = (await _upload(client, admin, content, dry_run=True)).json()
    assert (preview["created"], preview["rejected"], preview["dry_run"]) == (11, 0, True), preview
    untouched = (await _template(client, admin, [code], "2017Q1"))["Số liệu"]
    assert untouched[f"E{rows[code, 'QCDC_DIRECT_DECISIONS', None]}"].value is None

    summary = (await _upload(client, admin, content, submit=True)).json()
    assert (summary["created"], summary["submitted"], summary["conflicts"]) == (11, 1, []), summary
    rolled_up = (await client.get("/api/v1/aggregates", headers=admin, params={
        "indicator": ["QCDC_DIRECT_DECISIONS", "QCDC_DISCLOSURE_DONE"], "org_unit": code,
        "period": "2017Q1", "include": "submitted"})).json()
    assert [row["value"] for row in rolled_up] == [3, 1]
    # The next download is an edit sheet: the stored figures are filled in.
    again = (await _template(client, admin, [code], "2017Q1"))["Số liệu"]
    assert again[f"E{rows[code, 'QCDC_DIRECT_DECISIONS', None]}"].value == 3
    assert again[f"E{rows[code, 'QCDC_DISCLOSURE_DONE', None]}"].value == "có"
    assert again[f"H{rows[code, 'QCDC_DIRECT_DECISIONS', None]}"].value == "Đã gửi"
    resent = (await _upload(client, admin, _bytes(again.parent), submit=True, dry_run=True)).json()
    assert (resent["unchanged"], resent["rejected"]) == (11, 0), resent


async def test_ratio_and_decimal_cells_of_the_annual_form(client, login, unit_ids):
    admin = await login("admin")
    code = (await _commune(client, login, unit_ids))["code"]
    book = await _template(client, admin, [code], "2017", form="QCDC_COMMUNE_ANNUAL")
    sheet = book["Số liệu"]
    rows = _rows(sheet)
    convention = rows[code, "QCDC_VILLAGES_WITH_CONVENTION", None]
    assert "Tỷ lệ" in sheet[f"D{convention}"].value
    sheet[f"F{convention}"], sheet[f"G{convention}"] = 25.5, 30
    sheet[f"E{rows[code, 'QCDC_NEW_RURAL_COMMUNE', None]}"] = "Không"
    summary = (await _upload(client, admin, _bytes(book))).json()
    assert (summary["created"], summary["rejected"]) == (2, 0), summary
    stored = (await _template(client, admin, [code], "2017", form="QCDC_COMMUNE_ANNUAL"))["Số liệu"]
    assert (stored[f"F{convention}"].value, stored[f"G{convention}"].value) == (25.5, 30)
    # A bad part of a ratio is named by its own cell.
    stored[f"G{convention}"] = "ba mươi"
    refused = (await _upload(client, admin, _bytes(stored.parent))).json()
    assert [(c["code"], c["cell"]) for c in refused["conflicts"]] == [("invalid_value", f"G{convention}")]


async def test_bad_cells_are_reported_by_sheet_and_cell(client, login, unit_ids):
    admin = await login("admin")
    code = (await _commune(client, login, unit_ids))["code"]
    book = await _template(client, admin, [code], "2017Q2")
    sheet = book["Số liệu"]
    rows = _rows(sheet)
    direct, voted, consultations, done = (rows[code, c, None] for c in (
        "QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
        "QCDC_DISCLOSURE_DONE"))
    sheet[f"E{direct}"] = "hai"
    sheet[f"E{voted}"], sheet[f"J{voted}"] = 1, "NO_SUCH_INDICATOR"
    sheet[f"E{consultations}"], sheet[f"L{consultations}"] = 1, "2017Q5"
    sheet[f"E{done}"] = "maybe"
    sheet[f"E{rows[code, 'QCDC_VILLAGE_MEETINGS', None]}"] = 4
    # Another sheet with the key row is read too, whatever the order of its columns.
    extra = book.create_sheet("Bổ sung")
    extra.append(["value", "period", "indicator", "org_unit"])
    extra.append([2, "2017Q2", "QCDC_PIB_SUPERVISIONS", "NOWHERE"])
    summary = (await _upload(client, admin, _bytes(book))).json()
    assert (summary["created"], summary["rejected"]) == (1, 5), summary
    assert sorted((c["code"], c["sheet"], c["cell"]) for c in summary["conflicts"]) == sorted([
        ("invalid_value", "Số liệu", f"E{direct}"),
        ("unknown_indicator", "Số liệu", f"J{voted}"),
        ("invalid_period", "Số liệu", f"L{consultations}"),
        ("invalid_value", "Số liệu", f"E{done}"),
        ("unknown_org_unit", "Bổ sung", "D2")])


async def test_approved_rows_are_locked_in_the_template(client, login, unit_ids):
    admin = await login("admin")
    commune = await _commune(client, login, unit_ids)
    code = commune["code"]
    book = await _template(client, admin, [code], "2017Q3")
    rows = _rows(book["Số liệu"])
    _fill_quarter(book["Số liệu"], rows, code, 1)
    assert (await _upload(client, admin, _bytes(book), submit=True)).json()["submitted"] == 1
    report = (await client.get("/api/v1/submissions", headers=admin, params={
        "unit_id": commune["id"], "period": "2017Q3"})).json()["items"][0]
    approved = await client.post(f"/api/v1/submissions/{report['id']}/approve",
                                 headers=await login("krongpac.reviewer"), json={})
    assert approved.status_code == 200, approved.text

    locked = await _template(client, admin, [code], "2017Q3")
    sheet = locked["Số liệu"]
    row = rows[code, "QCDC_DIRECT_DECISIONS", None]
    assert sheet[f"E{row}"].value is None and sheet[f"H{row}"].value == "Đã duyệt, đã khóa: 1"
    assert sheet[f"E{row}"].protection.locked
    untouched = (await _upload(client, admin, _bytes(locked))).json()
    assert (untouched["created"], untouched["rejected"]) == (0, 0), untouched
    sheet[f"E{row}"] = 5
    refused = (await _upload(client, admin, _bytes(locked))).json()
    assert [(c["code"], c["cell"]) for c in refused["conflicts"]] == [("locked", f"A{row}")]


async def test_a_reporter_round_trips_its_own_unit(client, login):
    reporter = await login("songvan.reporter")
    book = await _template(client, reporter, ["07345"], "2016Q3")
    sheet = book["Số liệu"]
    rows = _rows(sheet)
    sheet[f"E{rows['07345', 'QCDC_VILLAGE_MEETINGS', None]}"] = 13
    key = {"Idempotency-Key": "excel-songvan-2016Q3"}
    content = _bytes(book)
    first = await _upload(client, {**reporter, **key}, content)
    again = await _upload(client, {**reporter, **key}, content)
    assert first.json()["created"] == 1 and again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"


async def test_template_refusals(client, login, unit_ids):
    commune = await _commune(client, login, unit_ids)
    params = {"form": QUARTERLY, "org_unit": commune["code"], "period": "2017Q4"}
    # Outside the caller's scope: 404, nothing says the unit exists.
    assert_problem(await client.get(TEMPLATE, headers=await login("songvan.reporter"),
                                    params=params), 404)
    # Seen but not written: a planner is no reporter.
    assert_problem(await client.get(TEMPLATE, headers=await login("krongpac.planner"),
                                    params=params), 403)
    admin = await login("admin")
    assert_problem(await client.get(TEMPLATE, headers=admin, params={**params, "form": "NOPE"}), 404)
    assert_problem(await client.get(TEMPLATE, headers=admin, params={**params, "period": "2017"}),
                   422)


async def test_a_body_that_is_no_workbook_is_a_422(client, login):
    admin = await login("admin")
    # Rights first: a viewer learns nothing about how its file would have been read.
    assert_problem(await _upload(client, await login("tanyen.viewer"), b"not a workbook"), 403)
    body = assert_problem(await _upload(client, admin, b"indicator,org_unit,period\n"), 422,
                          "invalid_workbook")
    assert body["errors"][0]["loc"] == ["body"]
    keyless = openpyxl.Workbook()
    keyless.active.append(["Chỉ số", "Giá trị"])
    keyless.active.append(["QCDC_DIRECT_DECISIONS", 1])
    assert_problem(await _upload(client, admin, _bytes(keyless)), 422, "invalid_workbook")


async def test_a_workbook_over_the_body_limit_is_a_413(client, login, monkeypatch):
    from backend.config import get_settings

    monkeypatch.setattr(get_settings(), "max_body_bytes", 1024)
    book = openpyxl.Workbook()
    book.active.append(["indicator", "org_unit", "period", "value"])
    for n in range(200):
        book.active.append(["QCDC_DIRECT_DECISIONS", f"NOWHERE-{n}", "2017Q1", n])
    assert_problem(await _upload(client, await login("admin"), _bytes(book)), 413, "payload_too_large")

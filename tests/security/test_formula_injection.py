"""A unit named like a formula leaves the API as text in every export: the public CSV and the
figures template (the CLI's exports: tests/cli/test_cli_client.py; the web app's: exportTable)."""

import csv
import io
import itertools

import openpyxl
import pytest

from tests.formulas import NAMED, assert_csv_text

PUBLISHED = "QCDC_LEADER_DIALOGUES"
_serial = itertools.count()


@pytest.fixture(scope="module")
async def formula_units(client, login, unit_ids) -> dict[str, str]:
    """Communes of our own whose names a spreadsheet would run, by code."""
    units = {}
    for name in NAMED:
        code = f"FORMULA-{next(_serial)}"
        created = await client.post("/api/v1/org-units", headers=await login("admin"), json={
            "code": code, "name": name, "kind": "commune", "grassroots_type": "commune",
            "parent_id": unit_ids["216"], "valid_from": "2015-01-01"})
        assert created.status_code == 201, created.text
        assert created.json()["name"] == name
        units[code] = name
    return units


async def test_the_public_csv_quotes_names_a_spreadsheet_would_run(client, formula_units):
    for code, name in formula_units.items():
        response = await client.get("/api/v1/public/aggregates", params={
            "indicator": PUBLISHED, "period": "2019", "org_unit": code, "format": "csv"})
        assert response.status_code == 200, response.text
        [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        assert row["org_unit.code"] == code
        assert_csv_text(row["org_unit.name"], name)
        as_json = await client.get("/api/v1/public/aggregates", params={
            "indicator": PUBLISHED, "period": "2019", "org_unit": code})
        assert as_json.json()[0]["org_unit"]["name"] == name  # JSON is data, not a sheet: as stored


async def test_the_template_writes_names_as_string_cells(client, login, formula_units):
    response = await client.get("/api/v1/data-values/template", headers=await login("admin"),
                                params={"form": "QCDC_COMMUNE_QUARTERLY", "period": "2016Q1",
                                        "org_unit": list(formula_units)})
    assert response.status_code == 200, response.text
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    unit, name = keys.index("org_unit"), keys.index("org_unit_name")
    names = {row[unit].value: row[name] for row in sheet.iter_rows(min_row=3)}
    assert names.keys() == formula_units.keys()
    for code, cell in names.items():
        assert (cell.value, cell.data_type) == (formula_units[code], "s")

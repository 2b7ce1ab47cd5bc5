"""Published data without signing in: nothing unpublished ever appears, answers carry an ETag
(If-None-Match → 304) and a cache lifetime, and every page comes as JSON or CSV."""

import csv
import io
from datetime import date

import pytest

from tests.helpers import assert_problem, every_item
from tests.webhooks.scenario import COMMUNE_FIGURES, act, annual_report, import_plan, new_commune

SPAN = (date(2024, 1, 1), date(2024, 12, 31))
DRAFT_TITLE = "Kế hoạch bí mật chưa ban hành"
ISSUED_TITLE = "Kế hoạch công khai đã ban hành"
HIDDEN = "QCDC_OFFICIALS_TRAINED"  # in the commune's annual form, not published


def _figures(dialogues: int) -> list[dict]:
    figures = [f for f in COMMUNE_FIGURES if f["indicator"] != "QCDC_LEADER_DIALOGUES"]
    return [*figures, {"indicator": "QCDC_LEADER_DIALOGUES", "value": dialogues},
            {"indicator": HIDDEN, "value": 41}]


@pytest.fixture(scope="module")
async def published(client, login, unit_ids):
    """A commune with an approved report, one with a submitted one, an issued plan and a draft."""
    approved = await new_commune(client, login, unit_ids["216"], "PUB")
    submitted = await new_commune(client, login, unit_ids["216"], "PUB")
    report = await annual_report(client, login, approved["id"], "2019", _figures(5))
    await act(client, await login("tanyen.reviewer"), report, "approve")
    await annual_report(client, login, submitted["id"], "2019", _figures(9))
    planner = await login("tanyen.planner")
    draft = await import_plan(client, planner, unit_ids["216"], DRAFT_TITLE, SPAN, issue=False)
    issued = await import_plan(client, planner, unit_ids["216"], ISSUED_TITLE, SPAN, issue=True)
    return {"approved": approved, "submitted": submitted, "draft": draft, "issued": issued}


def _rows(response) -> list[dict]:
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_approved_figures_of_published_indicators_only(client, login, published):
    approved, submitted = published["approved"], published["submitted"]
    params = {"indicator": "QCDC_LEADER_DIALOGUES", "period": "2019"}
    [row] = (await client.get("/api/v1/public/aggregates",
                              params={**params, "org_unit": approved["code"]})).json()
    assert (row["value"], row["reported"]) == (5, 1)
    [row] = (await client.get("/api/v1/public/aggregates",
                              params={**params, "org_unit": submitted["code"]})).json()
    assert (row["value"], row["reported"]) == (None, 0)  # submitted, not approved: not public
    signed_in = (await client.get("/api/v1/aggregates", headers=await login("admin"), params={
        "indicator": HIDDEN, "period": "2019", "org_unit": approved["code"]})).json()
    assert signed_in[0]["value"] == 41  # approved, yet not published:
    hidden = assert_problem(await client.get("/api/v1/public/aggregates", params={
        "indicator": HIDDEN, "period": "2019", "org_unit": approved["code"]}), 422)
    assert "41" not in hidden["detail"]
    assert_problem(await client.get("/api/v1/public/aggregates", params={
        "indicator": ["QCDC_LEADER_DIALOGUES", HIDDEN], "period": "2019"}), 422)


async def test_the_published_catalogue(client, login):
    listed = (await client.get("/api/v1/public/indicators")).json()
    everything = (await client.get("/api/v1/indicators", headers=await login("admin"),
                                   params={"limit": 200})).json()["items"]
    # Published by the owner, or by a unit for its own subtree.
    assert {i["code"] for i in listed} == {i["code"] for i in everything
                                           if i["published"] or i["published_in"]}
    assert HIDDEN not in {i["code"] for i in listed}
    rows = _rows(await client.get("/api/v1/public/indicators", params={"format": "csv"}))
    assert [r["code"] for r in rows] == [i["code"] for i in listed]
    staff = next(r for r in rows if r["code"] == "QCDC_STAFF_CONF")
    assert staff["value_type"] == "yes_no" and staff["published"] == "true"


async def test_issued_plans_with_their_progress_and_never_a_draft(client, login, published):
    listed = (await client.get("/api/v1/public/plans", params={"q": "kế hoạch"})).json()
    ids = {p["id"] for p in listed["items"]}
    assert published["issued"] in ids and published["draft"] not in ids
    assert all(p["status"] in ("issued", "closed") for p in listed["items"])
    assert_problem(await client.get(f"/api/v1/public/plans/{published['draft']}"), 404, "not_found")
    assert_problem(await client.get("/api/v1/public/plans/999999"), 404, "not_found")

    detail = (await client.get(f"/api/v1/public/plans/{published['issued']}")).json()
    signed_in = await login("tanyen.planner")
    plan = (await client.get(f"/api/v1/plans/{published['issued']}", headers=signed_in)).json()
    tasks = await every_item(client, f"/api/v1/plans/{published['issued']}/assignments",
                             signed_in)
    progress = detail["progress"]
    assert (progress["tasks"], progress["overdue"], progress["percent"]) == (
        len(tasks), plan["overdue"], plan["completion"])
    assert progress["done"] == sum(1 for t in tasks if all(
        o["status"] in ("completed", "not_applicable") for o in t["occurrences"]))
    assert detail["title"] == ISSUED_TITLE and detail["issuer"]["code"] == "216"
    assert [s["number"] for s in detail["sections"]][:2] == ["I", "I.1"]

    sections = _rows(await client.get(f"/api/v1/public/plans/{published['issued']}",
                                      headers={"Accept": "text/csv"}))
    assert list(sections[0]) == ["number", "title", "kind", "depth", "progress"]
    assert len(sections) == len(detail["sections"])
    rows = _rows(await client.get("/api/v1/public/plans", params={"format": "csv", "q": "kế hoạch"}))
    assert {"id", "symbol", "issuer.code", "progress.tasks", "progress.percent"} <= set(rows[0])
    assert published["issued"] in {int(r["id"]) for r in rows}


async def test_nothing_unpublished_leaks_anywhere(client, published):
    answers = []
    for path, params in (("/api/v1/public/plans", {"limit": 200}),
                         (f"/api/v1/public/plans/{published['issued']}", {}),
                         ("/api/v1/public/indicators", {}),
                         ("/api/v1/public/aggregates", {"indicator": "QCDC_LEADER_DIALOGUES",
                                                        "period": "2019", "org_unit": "216",
                                                        "by": "children"})):
        for representation in ("json", "csv"):
            response = await client.get(path, params={**params, "format": representation})
            assert response.status_code == 200, response.text
            answers.append(response.content.decode("utf-8-sig"))
    everything = "\n".join(answers)
    assert DRAFT_TITLE not in everything and HIDDEN not in everything
    assert ISSUED_TITLE in everything


async def test_etag_304_and_cache_lifetime(client, published):
    url = "/api/v1/public/indicators"
    first = await client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"] == "public, max-age=300"
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await client.get(url, headers={"If-None-Match": sent})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
    assert (await client.get(url, headers={"If-None-Match": '"other"'})).status_code == 200
    as_csv = await client.get(url, params={"format": "csv"})
    assert as_csv.headers["etag"] != etag  # each representation has its own
    assert (await client.get(url, params={"format": "csv"},
                             headers={"If-None-Match": as_csv.headers["etag"]})).status_code == 304
    # format=json wins over Accept; a new issued plan changes the list's ETag.
    assert (await client.get(url, params={"format": "json"}, headers={"Accept": "text/csv"})
            ).headers["etag"] == etag
    plans = await client.get("/api/v1/public/plans", params={"q": "kế hoạch"})
    assert plans.headers["cache-control"] == "public, max-age=300"


async def test_a_new_issued_plan_changes_the_list_etag(client, login, unit_ids, published):
    before = (await client.get("/api/v1/public/plans")).headers["etag"]
    await import_plan(client, await login("tanyen.planner"), unit_ids["216"], "Kế hoạch mới hơn",
                      SPAN, issue=True)
    after = await client.get("/api/v1/public/plans", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


async def test_bad_format_is_422_and_a_token_is_not_needed(client):
    assert_problem(await client.get("/api/v1/public/indicators", params={"format": "xml"}), 422,
                   "validation_failed")
    garbage = await client.get("/api/v1/public/indicators",
                               headers={"Authorization": "Bearer not-a-token"})
    assert garbage.status_code == 200

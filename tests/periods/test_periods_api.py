"""GET /periods: identifiers resolved to dates under the Decree 09/2019 cut-off or the calendar."""

import pytest

from tests.helpers import assert_problem

PERIODS = "/api/v1/periods"

DECREE = [  # id, start, end, type, label
    ("2024", "2023-12-15", "2024-12-14", "year", "Năm 2024"),
    ("2024S1", "2023-12-15", "2024-06-14", "semiannual", "6 tháng đầu năm 2024"),
    ("2024S2", "2024-06-15", "2024-12-14", "semiannual", "6 tháng cuối năm 2024"),
    ("2024N9", "2023-12-15", "2024-09-14", "nine_months", "9 tháng năm 2024"),
    ("2024Q1", "2023-12-15", "2024-03-14", "quarter", "Quý I/2024"),
    ("2024Q4", "2024-09-15", "2024-12-14", "quarter", "Quý IV/2024"),
    ("202403", "2024-02-15", "2024-03-14", "month", "Tháng 3/2024"),
    ("202401", "2023-12-15", "2024-01-14", "month", "Tháng 1/2024"),
]
CALENDAR = [
    ("2024", "2024-01-01", "2024-12-31"),
    ("2024S1", "2024-01-01", "2024-06-30"),
    ("2024N9", "2024-01-01", "2024-09-30"),
    ("2024Q1", "2024-01-01", "2024-03-31"),
    ("202402", "2024-02-01", "2024-02-29"),
]


@pytest.mark.parametrize(("period", "start", "end", "type_", "label"), DECREE)
async def test_decree09_cut_off_is_the_default(client, login, period, start, end, type_, label):
    response = await client.get(PERIODS, params={"id": period}, headers=await login("songvan.reporter"))
    assert response.status_code == 200, response.text
    [found] = response.json()
    assert (found["id"], found["start"], found["end"], found["type"], found["label"],
            found["rule"]) == (period, start, end, type_, label, "decree09")


@pytest.mark.parametrize(("period", "start", "end"), CALENDAR)
async def test_calendar_rule(client, login, period, start, end):
    response = await client.get(PERIODS, params={"id": period, "rule": "calendar"},
                                headers=await login("tanyen.reviewer"))
    [found] = response.json()
    assert (found["start"], found["end"], found["rule"]) == (start, end, "calendar")


async def test_several_ids_at_once_in_order_and_lower_case_accepted(client, login):
    response = await client.get(PERIODS, params=[("id", "2024"), ("id", "2024q1"), ("id", "202403")],
                                headers=await login("admin"))
    body = response.json()
    assert [p["id"] for p in body] == ["2024", "2024Q1", "202403"]
    assert body[1]["index"] == 1 and body[0]["index"] is None
    assert body[1]["label_en"] == "Q1 2024"


async def test_a_year_of_quarters_and_of_months(client, login):
    headers = await login("admin")
    quarters = (await client.get(PERIODS, params={"type": "quarter", "year": 2024},
                                 headers=headers)).json()
    assert [(q["id"], q["start"], q["end"]) for q in quarters] == [
        ("2024Q1", "2023-12-15", "2024-03-14"), ("2024Q2", "2024-03-15", "2024-06-14"),
        ("2024Q3", "2024-06-15", "2024-09-14"), ("2024Q4", "2024-09-15", "2024-12-14")]
    months = (await client.get(PERIODS, params={"type": "month", "year": 2024, "rule": "calendar"},
                               headers=headers)).json()
    assert len(months) == 12 and months[-1]["end"] == "2024-12-31"
    years = (await client.get(PERIODS, params={"type": "year", "year": 2023}, headers=headers)).json()
    assert [y["id"] for y in years] == ["2023"]


@pytest.mark.parametrize("bad", ["2024Q5", "24Q1", "2024S3", "202413", "2024-03", "Q1 2024", "abc"])
async def test_invalid_ids_say_the_accepted_forms(client, login, bad):
    body = assert_problem(await client.get(PERIODS, params=[("id", "2024"), ("id", bad)],
                                           headers=await login("admin")), 422, "validation_failed")
    [error] = body["errors"]
    assert error["loc"] == ["query", "id", "1"]
    assert "YYYY, YYYYS1, YYYYS2, YYYYN9, YYYYQ1..YYYYQ4 or YYYYMM" in error["msg"]
    assert bad in error["msg"]


async def test_missing_or_half_given_parameters_and_anonymous(client, login):
    headers = await login("admin")
    assert_problem(await client.get(PERIODS, headers=headers), 422)
    body = assert_problem(await client.get(PERIODS, params={"type": "quarter"}, headers=headers), 422)
    assert body["errors"][0]["loc"] == ["query", "year"]
    assert_problem(await client.get(PERIODS, params={"type": "week", "year": 2024},
                                    headers=headers), 422)
    assert_problem(await client.get(PERIODS, params={"id": "2024", "rule": "lunar"},
                                    headers=headers), 422)
    assert_problem(await client.get(PERIODS, params={"id": "2024"}), 401)

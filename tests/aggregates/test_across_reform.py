"""Figures across a reorganisation: as reported, and on today's units (basis=current).

Little trees of their own (codes CR…, periods of 2003–2006 and 2014–2015, which no other test
uses): communes C1 and C2 of district D in province P merge into a new commune N under a new
province Q; C3 moves to Q, and in one tree later splits between N and a new commune M. Figures go
through the API; the shares of a split, which only a reorganisation import declares, are written
to the successions and carry.refresh() is called, as that import does.
"""

import asyncio
import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from backend.aggregates import carry, rollup
from backend.db import get_sessionmaker
from backend.models import (
    AggregateCurrent,
    AggregateLevel,
    DataValue,
    DataValueStatus,
    Indicator,
    OrgUnit,
    OrgUnitKind,
    OrgUnitSuccession,
    SuccessionKind,
)
from backend.org_units import repository as units
from tests.helpers import assert_problem

AGG = "/api/v1/aggregates"
COUNT, RATIO, YES_NO = "QCDC_LEADER_DIALOGUES", "QCDC_VILLAGES_WITH_CONVENTION", "QCDC_DISCLOSURE_DONE"
REFORM = "2015-01-01"
# What a commune's annual report needs besides, for the import to submit it.
_REST_OF_THE_REPORT = ("QCDC_LEADER_DIALOGUE_PARTICIPANTS", "QCDC_FRONT_SUPERVISIONS",
                       "QCDC_FRONT_SURVEYS", "QCDC_INSPECTIONS", "QCDC_UNITS_INSPECTED")
_serial = itertools.count()


async def _unit(client, admin, code: str, kind: str, parent: int | None, since: str) -> int:
    body = {"code": code, "name": f"Đơn vị {code}", "kind": kind, "parent_id": parent,
            "valid_from": since}
    if kind == "commune":
        body["grassroots_type"] = "commune"
    response = await client.post("/api/v1/org-units", headers=admin, json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _close(client, admin, unit: int, on: str, successors: list[int]) -> None:
    response = await client.post(f"/api/v1/org-units/{unit}/close", headers=admin, json={
        "valid_to": on, "successor_ids": successors})
    assert response.status_code == 200, response.text


async def _import(client, admin, unit: int, period: str, count: int, ratio: tuple[int, int],
                  yes: bool) -> None:
    """A commune's annual report of these figures, imported, submitted and approved."""
    values = [{"indicator": COUNT, "org_unit": str(unit), "period": period, "value": count},
              {"indicator": RATIO, "org_unit": str(unit), "period": period,
               "numerator": ratio[0], "denominator": ratio[1]},
              {"indicator": YES_NO, "org_unit": str(unit), "period": period, "value": yes}]
    values += [{"indicator": code, "org_unit": str(unit), "period": period, "value": 1}
               for code in _REST_OF_THE_REPORT]
    response = await client.post("/api/v1/data-values/import", headers=admin,
                                 params={"submit": True}, json={"values": values})
    assert response.status_code == 200, response.text
    assert response.json()["submitted"] == 1, response.text
    reports = (await client.get("/api/v1/submissions", headers=admin, params={
        "unit_id": unit, "period": period})).json()["items"]
    approved = await client.post(f"/api/v1/submissions/{reports[0]['id']}/approve",
                                 headers=admin, json={})
    assert approved.status_code == 200, approved.text


async def _rows(client, headers, path: str = AGG, **params) -> list[dict]:
    response = await client.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def _one(client, headers, unit: int, period: str, indicator: str, **params) -> dict:
    rows = await _rows(client, headers, indicator=indicator, org_unit=str(unit), period=period,
                       **params)
    assert len(rows) == 1
    return rows[0]


async def _figures(client, headers, unit: int, period: str, **params) -> dict[str, Any]:
    """(value, numerator, denominator, reported, comparable) per indicator of one unit."""
    rows = await _rows(client, headers, indicator=[COUNT, RATIO, YES_NO], org_unit=str(unit),
                       period=period, **params)
    return {r["indicator"]: (r["value"], r["numerator"], r["denominator"], r["reported"],
                             r["comparable"]) for r in rows}


async def _national(client, headers, period: str, **params) -> float:
    rows = await _rows(client, headers, indicator=COUNT, period=period, by="children", **params)
    return sum(r["value"] or 0 for r in rows)


async def _drift(ids: set[int]) -> list[Any]:
    """The drift of both stores touching these units."""
    async with get_sessionmaker()() as session:
        reported = [row for row in await rollup.drift(session) if row[0][3] in ids]
        current = [row for row in await carry.drift(session)
                   if (row[0][4] if row[0][0] == "current" else row[0][1]) in ids
                   or (row[0][0] == "carry" and row[0][2] in ids)]
    return reported + current


async def _build(client, admin, year: int) -> dict[str, int]:
    """Province P, its district D and communes C1–C3 with figures of `year`."""
    tag = f"CR{next(_serial)}"
    p = await _unit(client, admin, f"{tag}-P", "province", None, "2000-01-01")
    d = await _unit(client, admin, f"{tag}-D", "district", p, "2000-01-01")
    ids = {"P": p, "D": d}
    for name in ("C1", "C2", "C3"):
        ids[name] = await _unit(client, admin, f"{tag}-{name}", "commune", d, "2000-01-01")
    for name, figures in (("C1", (5, (3, 4), True)), ("C2", (7, (2, 5), False)),
                          ("C3", (10, (6, 8), True))):
        await _import(client, admin, ids[name], str(year), *figures)
    return ids


async def _reform(client, admin, ids: dict[str, int], day: str) -> dict[str, int]:
    """On `day`: C1 and C2 merge into N under a new province Q, C3 moves there, the district
    closes and the old province merges into Q."""
    tag = f"CR{next(_serial)}"
    ids = dict(ids)
    ids["Q"] = await _unit(client, admin, f"{tag}-Q", "province", None, day)
    ids["N"] = await _unit(client, admin, f"{tag}-N", "commune", ids["Q"], day)
    for name in ("C1", "C2"):
        await _close(client, admin, ids[name], day, [ids["N"]])
    moved = await client.patch(f"/api/v1/org-units/{ids['C3']}", headers=admin, json={
        "parent_id": ids["Q"], "moved_on": day})
    assert moved.status_code == 200, moved.text
    await _close(client, admin, ids["D"], day, [])
    await _close(client, admin, ids["P"], day, [ids["Q"]])
    return ids


async def test_before_a_reform_both_bases_read_alike(client, login):
    admin = await login("admin")
    tree = await _build(client, admin, 2003)
    reported = await _figures(client, admin, tree["D"], "2003")
    assert reported[COUNT][0] == 22 and reported[RATIO][1:3] == (11, 17)
    assert reported[YES_NO][:2] == (2, 2)
    current = await _figures(client, admin, tree["D"], "2003", basis="current")
    assert current[COUNT] == (22, None, None, 3, True)
    assert current[RATIO][1:] == (11, 17, 3, True)
    assert current[YES_NO] == (2, 2, 3, 3, True)  # 2 of the 3 units that reported
    assert await _drift(set(tree.values())) == []


@pytest.fixture(scope="module")
async def reformed(client, login) -> dict[str, int]:
    """Figures of 2014, the reform on 1 January 2015, then N reports 2015."""
    admin = await login("admin")
    ids = await _reform(client, admin, await _build(client, admin, 2014), REFORM)
    await _import(client, admin, ids["N"], "2015", 9, (4, 4), True)
    return ids


async def test_as_reported_the_figures_stay_under_the_old_units(client, login, reformed):
    admin = await login("admin")
    for unit in ("D", "P"):
        figures = await _figures(client, admin, reformed[unit], "2014")
        assert figures[COUNT][0] == 22 and figures[RATIO][1:3] == (11, 17)
        assert all(f[4] for f in figures.values())
    assert (await _figures(client, admin, reformed["Q"], "2014"))[COUNT][:4] == (None, None, None, 0)
    assert (await _one(client, admin, reformed["N"], "2014", COUNT))["value"] is None


async def test_on_todays_units_they_count_in_the_successors(client, login, reformed):
    admin = await login("admin")
    province = await _figures(client, admin, reformed["Q"], "2014", basis="current")
    assert province[COUNT] == (22, None, None, 3, True)
    assert province[RATIO][1:] == (11, 17, 3, True)
    assert province[YES_NO] == (2, 2, 3, 3, True)
    commune = await _figures(client, admin, reformed["N"], "2014", basis="current")
    assert commune[COUNT] == (12, None, None, 2, True)
    assert commune[RATIO] == (55.6, 5, 9, 2, True)
    # Yes/no as "k of n predecessors": C1 said yes, C2 no.
    assert commune[YES_NO] == (1, 1, 2, 2, True)
    yes_no = await _one(client, admin, reformed["N"], "2014", YES_NO, basis="current")
    assert (yes_no["percent"], yes_no["expected"], yes_no["basis"]) == (50.0, None, "current")
    # The closed units hold nothing on today's units.
    assert (await _one(client, admin, reformed["P"], "2014", COUNT, basis="current"))["value"] is None
    children = await _rows(client, admin, indicator=COUNT, org_unit=str(reformed["Q"]),
                           period="2014", by="children", basis="current")
    assert {r["org_unit"]["id"]: r["value"] for r in children} == {reformed["N"]: 12,
                                                                   reformed["C3"]: 10}
    assert await _drift(set(reformed.values())) == []


async def test_a_current_communes_series_runs_across_the_reform(client, login, reformed):
    admin = await login("admin")
    rows = await _rows(client, admin, indicator=COUNT, org_unit=str(reformed["N"]),
                       period=["2014", "2015"], basis="current")
    assert [(r["period"], r["value"]) for r in rows] == [("2014", 12), ("2015", 9)]
    as_reported = await _rows(client, admin, indicator=COUNT, org_unit=str(reformed["N"]),
                              period=["2014", "2015"])
    assert [r["value"] for r in as_reported] == [None, 9]


async def test_the_national_total_is_the_same_either_way(client, login, reformed):
    admin = await login("admin")
    for period in ("2014", "2015"):
        assert await _national(client, admin, period) == await _national(
            client, admin, period, basis="current")
    assert await _national(client, admin, "2014", basis="current") >= 22


async def test_the_public_and_a_chosen_day_answer_on_the_same_basis(client, login, reformed):
    public = await _rows(client, {}, "/api/v1/public/aggregates", indicator=COUNT, period="2014",
                         org_unit=str(reformed["Q"]), basis="current")
    assert [(r["basis"], r["value"]) for r in public] == [("current", 22)]
    # On the units of a day before the reform, the figures are where they were reported.
    admin = await login("admin")
    before = await _one(client, admin, reformed["D"], "2014", COUNT, basis="current",
                        as_of="2014-06-01")
    assert before["value"] == 22
    body = assert_problem(await client.get(AGG, headers=admin, params={
        "indicator": COUNT, "period": "2014", "as_of": "2014-06-01"}), 422)
    assert body["errors"][0]["loc"][-1] == "as_of"
    assert_problem(await client.get(AGG, headers=admin, params={
        "indicator": COUNT, "period": "2014", "basis": "today"}), 422)


async def test_today_s_units_open_nothing_the_caller_could_not_read(client, login, reformed):
    """Another province's users do not see the new province, and the public no unpublished
    indicator, on today's units as as reported."""
    for basis in ("reported", "current"):
        assert_problem(await client.get(AGG, headers=await login("bacgiang.viewer"), params={
            "indicator": COUNT, "period": "2014", "org_unit": str(reformed["Q"]),
            "basis": basis}), 404)
        assert_problem(await client.get("/api/v1/public/aggregates", params={
            "indicator": "QCDC_OFFICIALS_TRAINED", "period": "2014", "basis": basis}), 422)


async def test_krong_pac_2021_counts_inside_dak_lak_on_todays_units(client, login):
    """Seed 004: 24/24 agencies held the staff conference and 13/15 enterprises the workers'
    conference in the first half of 2021, under Huyện Krông Pắc as reported."""
    admin = await login("admin")
    codes = ["QCDC_STAFF_CONF", "QCDC_WORKERS_CONF"]
    district = {r["indicator"]: (r["value"], r["denominator"]) for r in await _rows(
        client, admin, indicator=codes, org_unit="654", period="2021S1")}
    assert district == {"QCDC_STAFF_CONF": (24, 24), "QCDC_WORKERS_CONF": (13, 15)}
    national = await _rows(client, admin, indicator=codes, period="2021S1", by="children",
                           basis="current")
    province = {r["indicator"]: (r["value"], r["denominator"]) for r in national
                if r["org_unit"]["name"] == "Tỉnh Đắk Lắk"}
    assert province == {"QCDC_STAFF_CONF": (24, 24), "QCDC_WORKERS_CONF": (13, 15)}


async def test_a_split_divides_what_can_be_divided_by_its_shares(client, login):
    """Figures of 2005, the reform of 1 January 2006, then C3 splits between N and a new
    commune M on 1 January 2007: first with no share declared, then with 0.6 and 0.4."""
    admin = await login("admin")
    ids = await _reform(client, admin, await _build(client, admin, 2005), "2006-01-01")
    ids["M"] = await _unit(client, admin, f"CR{next(_serial)}-M", "commune", ids["Q"], "2007-01-01")
    await _close(client, admin, ids["C3"], "2007-01-01", [ids["N"], ids["M"]])

    commune = await _figures(client, admin, ids["N"], "2005", basis="current")
    assert commune[COUNT] == (None, None, None, 3, False)
    assert commune[RATIO][4] is False and commune[YES_NO][4] is False
    # The province has all of C3, but in parts of unknown size.
    assert (await _figures(client, admin, ids["Q"], "2005", basis="current"))[COUNT][4] is False
    assert await _drift(set(ids.values())) == []

    async with get_sessionmaker()() as session, session.begin():
        for successor, share in (("N", "0.6"), ("M", "0.4")):
            await session.execute(update(OrgUnitSuccession).where(
                OrgUnitSuccession.predecessor_id == ids["C3"],
                OrgUnitSuccession.successor_id == ids[successor]).values(share=Decimal(share)))
        assert await carry.refresh(session) == [ids["C3"]]
    commune = await _figures(client, admin, ids["N"], "2005", basis="current")
    assert commune[COUNT] == (18, None, None, 3, True)  # 5 + 7 + 0.6 × 10
    assert commune[RATIO] == (62.3, 8.6, 13.8, 3, True)  # 3/4 + 2/5 + 0.6 × 6/8
    assert commune[YES_NO] == (None, None, None, 3, False)  # part of a yes is no figure
    newcomer = await _figures(client, admin, ids["M"], "2005", basis="current")
    assert newcomer[COUNT][:2] == (4, None) and newcomer[RATIO][:3] == (75.0, 2.4, 3.2)
    # The parts meet again in the province: all of C3 is there, yes/no included.
    province = await _figures(client, admin, ids["Q"], "2005", basis="current")
    assert province[COUNT] == (22, None, None, 3, True)
    assert province[YES_NO] == (2, 2, 3, 3, True)
    assert await _national(client, admin, "2005") == await _national(
        client, admin, "2005", basis="current")
    # The units of a day between the reform and the split: computed from the values.
    between = await _figures(client, admin, ids["N"], "2005", basis="current", as_of="2006-06-01")
    assert between[COUNT] == (12, None, None, 2, True)
    assert await _drift(set(ids.values())) == []


# ---- conservation over random reorganisations ----------------------------------------------

YEAR = "2004"
DAY = date(2005, 1, 1)


def _events(n: int) -> Any:
    """Random reorganisations of `n` communes on one day: groups merged into a new commune, and
    communes split into two or three with shares summing to 1 (thousandths)."""
    split_into = st.integers(2, 3).flatmap(lambda k: st.lists(
        st.integers(1, 998), min_size=k - 1, max_size=k - 1, unique=True).map(
        lambda cuts: [Decimal(b - a) / 1000 for a, b in
                      zip([0, *sorted(cuts)], [*sorted(cuts), 1000], strict=True)]))
    return st.lists(st.one_of(st.tuples(st.just("merge"), st.integers(2, 3)),
                              st.tuples(st.just("split"), split_into)),
                    min_size=1, max_size=n)


async def _reorganise(values: list[int], events: list[tuple[str, Any]], tag: str) -> tuple[
        Decimal, Decimal, int]:
    """In a transaction rolled back: a province of communes with counts of YEAR, reorganised by
    `events`; (its total as reported, on today's units, drift rows of its units)."""
    async with get_sessionmaker()() as session, session.begin():
        indicator = await session.scalar(select(Indicator.id).where(Indicator.code == COUNT))
        province = await units.add(session, OrgUnit(
            code=f"{tag}-P", name="Tỉnh", name_folded="tinh", kind=OrgUnitKind.province,
            parent_id=None, path="", depth=0, valid_from=date(2000, 1, 1), valid_to=None), None)

        async def commune(name: str, since: date) -> OrgUnit:
            return await units.add(session, OrgUnit(
                code=f"{tag}-{name}", name=name, name_folded=name.lower(), kind=OrgUnitKind.commune,
                parent_id=province.id, path="", depth=0, valid_from=since, valid_to=None), province)

        communes = [await commune(f"C{i}", date(2000, 1, 1)) for i in range(len(values))]
        await carry.refresh(session)
        for unit, value in zip(communes, values, strict=True):
            session.add(DataValue(indicator_id=indicator, org_unit_id=unit.id, period=YEAR,
                                  category_code="", value_numeric=Decimal(value),
                                  status=DataValueStatus.approved))
            await session.flush()
            await rollup.apply_deltas(session, rollup.level_deltas_of_values(
                select(DataValue.__table__).where(DataValue.org_unit_id == unit.id).subquery()),
                [YEAR])
        alive, made = list(communes), itertools.count()
        for kind, detail in events:
            taken = alive[:detail] if kind == "merge" else alive[:1]
            if not taken or (kind == "merge" and len(taken) < 2):
                continue
            del alive[:len(taken)]
            heirs = [await commune(f"N{next(made)}", DAY)
                     for _ in range(1 if kind == "merge" else len(detail))]
            for unit in taken:
                await units.close(session, [unit], DAY)
                await units.add_successions(session, [OrgUnitSuccession(
                    predecessor_id=unit.id, successor_id=heir.id, effective_date=DAY,
                    kind=SuccessionKind.merger if kind == "merge" else SuccessionKind.division,
                    share=None if kind == "merge" else share)
                    for heir, share in zip(heirs, detail if kind == "split" else [None],
                                           strict=True)])
            alive.extend(heirs)
        await carry.refresh(session)
        mine = {province.id, *(u.id for u in communes)}
        drift = [row for row in await carry.drift(session)
                 if (row[0][0] == "current" and row[0][4] in mine)
                 or (row[0][0] == "carry" and row[0][1] in mine)]
        current = await session.scalar(select(AggregateCurrent.value_sum).where(
            AggregateCurrent.indicator_id == indicator, AggregateCurrent.period == YEAR,
            AggregateCurrent.level == AggregateLevel.approved,
            AggregateCurrent.org_unit_id == province.id, AggregateCurrent.category_code == ""))
        await session.rollback()
    return Decimal(sum(values)), current or Decimal(0), len(drift)


async def test_a_count_is_conserved_by_any_merges_and_splits(client):
    loop, tags = asyncio.get_running_loop(), itertools.count()

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=st.lists(st.integers(0, 1000), min_size=2, max_size=6), data=st.data())
    def conserved(values: list[int], data: st.DataObject) -> None:
        events = data.draw(_events(len(values)))
        work = _reorganise(values, events, f"CRH{next(_serial)}-{next(tags)}")
        reported, current, drift = asyncio.run_coroutine_threadsafe(work, loop).result()
        assert current == reported
        assert drift == 0

    await asyncio.to_thread(conserved)

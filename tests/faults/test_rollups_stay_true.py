"""The roll-ups kept on write stay what rebuild() computes from the values, whatever happens.

Four places write figures (imports, reports and their workflow, unit moves, closures) and each must
remember the roll-ups, as reported and on today's units. A Hypothesis state machine drives random
sequences of them through the API, on a small tree of its own, and after every step compares every
stored roll-up with rebuild().
"""

import asyncio
import itertools
import os
from collections.abc import Awaitable
from datetime import date
from typing import Any, TypeVar

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from backend.aggregates import carry, rollup
from backend.db import get_sessionmaker

T = TypeVar("T")
API = "/api/v1"
_serial = itertools.count()

COMMUNES = 3
# Periods of every length around the days units move or close; 2023Q2 and 202306 end on 14/06.
PERIODS = ["202302", "202306", "202308", "202311", "2023Q2", "2023Q3", "2023"]
MONTHS = [p for p in PERIODS if len(p) == 6]
DAYS = [date(2023, 1, 1), date(2023, 4, 1), date(2023, 6, 14), date(2023, 6, 15),
        date(2023, 9, 1)]
CLOSING_DAYS = DAYS[2:]  # a commune closed at once would leave nothing to write

_count = st.integers(0, 50)
_ratio = st.integers(0, 10).flatmap(lambda n: st.tuples(st.just(n), st.integers(n, 12)))
_OPTIONAL = {"QCDC_VILLAGES_WITH_CONVENTION": _ratio, "QCDC_DISCLOSURE_DONE": st.booleans()}
# A report may leave out any figure (and so delete it); an import sends at least one.
REPORTED = st.fixed_dictionaries({}, optional={"QCDC_MEDIATION_RECEIVED": _count, **_OPTIONAL})
IMPORTED = st.fixed_dictionaries({"QCDC_MEDIATION_RECEIVED": _count}, optional=_OPTIONAL)


def _figures(chosen: dict[str, Any]) -> list[dict[str, Any]]:
    figures = []
    for code, value in chosen.items():
        if isinstance(value, tuple):
            figures.append({"indicator": code, "numerator": value[0], "denominator": value[1]})
        else:
            figures.append({"indicator": code, "value": value})
    return figures


class Figures(RuleBasedStateMachine):
    """One example: a province with two districts and four communes of its own, a monthly form
    they report, and whatever the rules do to them."""

    # Set by the test: the app's client and event loop, this thread being another.
    client: httpx.AsyncClient
    loop: asyncio.AbstractEventLoop
    admin: dict[str, str]

    def __init__(self) -> None:
        super().__init__()
        n = next(_serial)
        province = self._created("/org-units", code=f"RU-{n}", name=f"Tỉnh Thử {n}", kind="province",
                                 valid_from="2020-01-01")
        self.districts = [self._created("/org-units", code=f"RU-{n}-D{d}", name=f"Huyện {d}",
                                        kind="district", parent_id=province, valid_from="2020-01-01")
                          for d in range(2)]
        self.communes = [self._created("/org-units", code=f"RU-{n}-C{c}", name=f"Xã {c}",
                                       kind="commune", grassroots_type="commune",
                                       parent_id=self.districts[c % 2], valid_from="2020-01-01")
                         for c in range(COMMUNES)]
        self.form = self._created("/reporting-forms", code=f"RU_FORM_{n}", name="Báo cáo tháng",
                                  period_type="month", owner_unit_id=province,
                                  indicators=[{"indicator": code} for code in (
                                      "QCDC_MEDIATION_RECEIVED", "QCDC_VILLAGES_WITH_CONVENTION",
                                      "QCDC_DISCLOSURE_DONE")],
                                  reporters={"grassroots_types": ["commune"]})
        self.reports: dict[tuple[int, str], int] = {}
        self.closed = False
        # The database outlives an example: only this example's roll-ups are its to check.
        self.units = {province, *self.districts, *self.communes}

    # ---- plumbing ----------------------------------------------------------------------------

    def _run(self, work: Awaitable[T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()  # type: ignore[arg-type]

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self._run(self.client.request(method, API + path, headers=self.admin, **kwargs))
        assert response.status_code < 500, f"{method} {path}: {response.text}"
        return response

    def _created(self, path: str, **body: Any) -> int:
        response = self._call("POST", path, json=body)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    # ---- the writers -------------------------------------------------------------------------

    @rule(commune=st.integers(0, COMMUNES - 1), period=st.sampled_from(PERIODS), figures=IMPORTED,
          submit=st.booleans(), atomic=st.booleans())
    def import_figures(self, commune: int, period: str, figures: dict[str, Any], submit: bool,
                       atomic: bool) -> None:
        values = [{**figure, "org_unit": str(self.communes[commune]), "period": period}
                  for figure in _figures(figures)]
        self._call("POST", "/data-values/import", params={"submit": submit, "atomic": atomic},
                   json={"values": values})

    @rule(commune=st.integers(0, COMMUNES - 1), month=st.sampled_from(MONTHS), figures=REPORTED)
    def write_report(self, commune: int, month: str, figures: dict[str, Any]) -> None:
        key = (self.communes[commune], month)
        if key not in self.reports:
            created = self._call("POST", "/submissions", json={
                "form_id": self.form, "unit_id": key[0], "period": month,
                "data_values": _figures(figures)})
            if created.status_code == 201:
                self.reports[key] = created.json()["id"]
            return
        report = self._call("GET", f"/submissions/{self.reports[key]}").json()
        self._call("PUT", f"/submissions/{self.reports[key]}", json={
            "version": report["version"], "data_values": _figures(figures)})

    @precondition(lambda self: self.reports)
    @rule(which=st.integers(0, 1000))
    def submit(self, which: int) -> None:
        self._call("POST", f"/submissions/{self._report(which)}/submit", json={})

    @precondition(lambda self: self.reports)
    @rule(which=st.integers(0, 1000), action=st.sampled_from(["return", "approve", "reopen"]))
    def review(self, which: int, action: str) -> None:
        body = {"comment": "Đề nghị sửa lại số liệu."} if action == "return" else {}
        self._call("POST", f"/submissions/{self._report(which)}/{action}", json=body)

    def _report(self, which: int) -> int:
        return list(self.reports.values())[which % len(self.reports)]

    @rule(commune=st.integers(0, COMMUNES - 1), district=st.integers(0, 1), on=st.sampled_from(DAYS))
    def move(self, commune: int, district: int, on: date) -> None:
        self._call("PATCH", f"/org-units/{self.communes[commune]}", json={
            "parent_id": self.districts[district], "moved_on": on.isoformat()})

    @precondition(lambda self: not self.closed)
    @rule(commune=st.integers(0, COMMUNES - 1), successor=st.none() | st.integers(0, COMMUNES - 1),
          on=st.sampled_from(CLOSING_DAYS))
    def close(self, commune: int, successor: int | None, on: date) -> None:
        """A closure (one an example, or the rest would write to closed units); with a successor,
        the merger of the commune into it."""
        closed = self._call("POST", f"/org-units/{self.communes[commune]}/close", json={
            "valid_to": on.isoformat(),
            "successor_ids": [] if successor is None else [self.communes[successor]]})
        self.closed = closed.status_code == 200

    # ---- the property ------------------------------------------------------------------------

    @invariant()
    def rollups_equal_rebuild(self) -> None:
        async def drift() -> list[Any]:
            async with get_sessionmaker()() as session:
                return await rollup.drift(session)

        assert [row for row in self._run(drift()) if row[0][3] in self.units] == []

    @invariant()
    def rollups_on_todays_units_equal_rebuild(self) -> None:
        """The same of the roll-ups on today's units and of the map carrying figures there."""
        async def drift() -> list[Any]:
            async with get_sessionmaker()() as session:
                return await carry.drift(session)

        assert [row for row in self._run(drift())
                if row[0][4 if row[0][0] == "current" else 2] in self.units] == []


async def _bind(client: httpx.AsyncClient, login: Any) -> None:
    Figures.client, Figures.loop = client, asyncio.get_running_loop()
    Figures.admin = await login("admin")


async def test_rollups_equal_rebuild_after_any_sequence_of_writes(client, login):
    await _bind(client, login)
    # About two minutes on two shared cores; QCDC_FAULTS_EXAMPLES=100 for a longer search.
    budget = settings(max_examples=int(os.environ.get("QCDC_FAULTS_EXAMPLES", "12")),
                      stateful_step_count=15, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    await asyncio.to_thread(run_state_machine_as_test, Figures, settings=budget)


async def test_a_closed_commune_leaves_the_rollups_of_periods_after(client, login):
    """What the machine found first: closing a unit left its figures of periods ending after the
    closing day in the roll-ups above it, where no tree of those days has it."""
    await _bind(client, login)

    def replay() -> None:
        state = Figures()
        state.write_report(commune=2, month="202311", figures={"QCDC_MEDIATION_RECEIVED": 3})
        state.submit(which=0)
        state.close(commune=2, successor=None, on=date(2023, 6, 14))
        assert state.closed
        state.rollups_equal_rebuild()

    await asyncio.to_thread(replay)

"""The deadline day, as locust users (run by bench/deadline_day.py, which signs the accounts in and
writes them to the file QCDC_LOAD_ACCOUNTS names).

Communes open their report, save it twice and submit it, then report progress on a task of the
national plan and watch their report; reviewers approve what their province's communes sent;
province officials read the dashboards; citizens read the public pages; one script imports figures.
Request names say whether each is a read or a write, which the runner's goals tell apart.
"""

import itertools
import json
import os
import threading
from typing import Any

from locust import HttpUser, between, events, task

with open(os.environ["QCDC_LOAD_ACCOUNTS"], encoding="utf-8") as accounts:
    ACCOUNTS: dict[str, Any] = json.load(accounts)
_lock = threading.Lock()
_taken = {kind: itertools.count() for kind in ACCOUNTS["accounts"]}
# What the communes' writes left, by report id: the runner checks it against the database.
WRITTEN: dict[int, dict[str, Any]] = {}
# Every request's name, time in ms and whether it failed: the runner's percentiles by kind.
TIMINGS: list[tuple[str, float, bool]] = []


def _account(kind: str) -> dict[str, Any] | None:
    with _lock:
        index = next(_taken[kind])
    accounts = ACCOUNTS["accounts"][kind]
    return accounts[index] if index < len(accounts) else None


@events.request.add_listener
def _time(name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
    TIMINGS.append((name, response_time, exception is not None))


@events.quitting.add_listener
def _keep(environment: Any, **_: Any) -> None:
    with open(os.environ["QCDC_LOAD_WRITTEN"], "w", encoding="utf-8") as out:
        json.dump(WRITTEN, out)
    with open(os.environ["QCDC_LOAD_TIMINGS"], "w", encoding="utf-8") as out:
        json.dump(TIMINGS, out)


class _Signed(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = _account(self.kind)
        if account is None:  # more users than accounts of this kind: this one stays idle
            self.account: dict[str, Any] = {}
            return
        self.account = account
        self.client.headers["Authorization"] = f"Bearer {account['token']}"
        self.client.headers["Accept-Language"] = "vi"


class Commune(_Signed):
    """A commune's reporter on the deadline day: the report, then a task's progress, then waiting."""

    kind = "communes"
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        self.report: dict[str, Any] | None = None
        self.saves = 0

    def _values(self, round_: int) -> list[dict[str, Any]]:
        """Every figure of the form, as a commune fills it: counts alike (the form's rules compare
        counts), a ratio's part of its whole, yes, a number and a line of text."""
        types = ACCOUNTS["form"]["types"]
        return [*({"indicator": code, "value": 3 + round_} for code in types.get("count", [])),
                *({"indicator": code, "numerator": 5, "denominator": 8 + round_}
                  for code in types.get("ratio", [])),
                *({"indicator": code, "value": True} for code in types.get("yes_no", [])),
                *({"indicator": code, "value": 1.5 + round_} for code in types.get("number", [])),
                *({"indicator": code, "value": "Thực hiện đúng kế hoạch"}
                  for code in types.get("text", []))]

    def _keep(self, answer: dict[str, Any], submitted: bool = False) -> None:
        self.report = answer
        WRITTEN[answer["id"]] = {"version": answer["version"], "submitted": submitted,
                                 "values": len(answer["data_values"])}

    @task
    def work(self) -> None:
        if not self.account:
            return
        form, unit = ACCOUNTS["form"], self.account["unit_id"]
        self.client.get(f"/api/v1/reporting-forms/{form['id']}", name="read: form")
        if self.report is None:
            with self.client.post("/api/v1/submissions", name="write: create report",
                                  catch_response=True, json={
                                      "form_id": form["id"], "unit_id": unit,
                                      "period": form["period"], "data_values": self._values(0),
                                      "narrative": {}}) as answer:
                if answer.status_code == 201:
                    self._keep(answer.json())
                else:
                    answer.failure(f"{answer.status_code} {answer.text[:200]}")
            return
        if self.saves < 2:
            self.saves += 1
            with self.client.put(f"/api/v1/submissions/{self.report['id']}", name="write: save report",
                                 catch_response=True, json={
                                     "version": self.report["version"],
                                     "data_values": self._values(self.saves)}) as answer:
                if answer.status_code == 200:
                    self._keep(answer.json())
                else:
                    answer.failure(f"{answer.status_code} {answer.text[:200]}")
            return
        if self.report["status"] == "draft":
            with self.client.post(f"/api/v1/submissions/{self.report['id']}/submit",
                                  name="write: submit report", catch_response=True,
                                  json={"version": self.report["version"]}) as answer:
                if answer.status_code == 200:
                    self._keep(answer.json(), submitted=True)
                else:
                    answer.failure(f"{answer.status_code} {answer.text[:200]}")
            self._progress()
            return
        self.client.get(f"/api/v1/submissions/{self.report['id']}", name="read: report")
        self.client.get("/api/v1/assignments", params={"limit": 20}, name="read: my tasks")

    def _progress(self) -> None:
        tasks = self.client.get("/api/v1/assignments", params={"limit": 20},
                                name="read: my tasks").json()["items"]
        open_ = [(t, o) for t in tasks for o in t["occurrences"] if o["status"] != "completed"]
        if not open_:
            return
        chosen, occurrence = open_[0]
        self.client.post(f"/api/v1/assignments/{chosen['assignment_id']}/progress",
                         name="write: report progress", json={
                             "due_date": occurrence["due_date"], "unit_id": chosen["unit"]["id"],
                             "status": "in_progress", "percent": 50,
                             "note": "Đang triển khai (thử tải)"})


class Reviewer(_Signed):
    """A province's reviewer: approves its communes' reports as they arrive."""

    kind = "reviewers"
    weight = 1

    @task
    def review(self) -> None:
        if not self.account:
            return
        waiting = self.client.get("/api/v1/submissions", name="read: review queue", params={
            "status": "submitted", "form_id": ACCOUNTS["form"]["id"], "limit": 20}).json()["items"]
        for report in waiting[:3]:
            self.client.post(f"/api/v1/submissions/{report['id']}/approve", name="write: approve",
                             json={"version": report["version"]})


class Official(_Signed):
    """A province's planner watching the dashboards."""

    kind = "officials"
    weight = 2

    @task
    def dashboards(self) -> None:
        if not self.account:
            return
        for indicator in ACCOUNTS["indicators"]:
            self.client.get("/api/v1/aggregates", name="read: aggregates by commune", params={
                "indicator": indicator, "period": ACCOUNTS["aggregate_period"], "by": "children",
                "org_unit": self.account["unit_code"]})
        self.client.get(f"/api/v1/plans/{ACCOUNTS['plan_id']}", name="read: plan")
        self.client.get("/api/v1/submissions", name="read: reports", params={"limit": 50})


class Citizen(HttpUser):
    """Anyone on the public pages."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def public(self) -> None:
        self.client.get("/api/v1/public/plans", name="read: public plans")
        self.client.get(f"/api/v1/public/plans/{ACCOUNTS['plan_id']}", name="read: public plan")
        self.client.get("/api/v1/public/aggregates", name="read: public aggregates", params={
            "indicator": ACCOUNTS["indicators"][0], "period": ACCOUNTS["aggregate_period"]})


class Script(_Signed):
    """A province's script importing a batch of figures every so often."""

    kind = "scripts"
    fixed_count = 1
    wait_time = between(5, 10)

    @task
    def import_batch(self) -> None:
        if not self.account:
            return
        self.batch = getattr(self, "batch", 0) + 1
        rows = [{"indicator": code, "org_unit": unit, "period": ACCOUNTS["import_period"],
                 "value": self.batch} for unit in self.account["units"]
                for code in ACCOUNTS["form"]["counts"][:5]]
        with self.client.post("/api/v1/data-values/import", name="import: 500 figures",
                              catch_response=True, json={"values": rows}) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")

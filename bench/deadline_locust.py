"""The deadline day, as locust users (run by bench/deadline_day.py, which signs the accounts in and
writes them to the file QCDC_LOAD_ACCOUNTS names).

Each user asks what the web app asks for the page its person is on, one page per action, and
waits the think time QCDC_LOAD_THINK gives ("low,high" seconds) before the next: communes open
their report's form (the web app keeps a form 10 minutes), create the report, save it twice,
submit it, report progress on a task of the national plan, then look at their report and their
tasks; reviewers open each report their province's communes sent and approve it; province
officials go through the dashboards a page at a time; citizens read the public pages; one script
imports figures. Every signed-in user's bell asks for unread notifications once a minute, as the
web app's does. Request names say whether each is a read or a write, which the runner's goals
tell apart.
"""

import itertools
import json
import os
import random
import threading
import time
from typing import Any

import gevent
from locust import HttpUser, between, events, task

with open(os.environ["QCDC_LOAD_ACCOUNTS"], encoding="utf-8") as accounts:
    ACCOUNTS: dict[str, Any] = json.load(accounts)
THINK_S = [float(s) for s in os.environ.get("QCDC_LOAD_THINK", "5,15").split(",")]
THINK = between(*THINK_S)
BELL_EVERY_S = 60  # the web app's refetchInterval of the notifications
FORM_KEPT_S = 600  # the web app's staleTime of a reporting form
_lock = threading.Lock()
_taken = {kind: itertools.count() for kind in ACCOUNTS["accounts"]}
# What the communes' writes left, by report id: the runner checks it against the database.
WRITTEN: dict[int, dict[str, Any]] = {}
# Every request's name, time in ms and whether it failed: the runner's percentiles by kind.
TIMINGS: list[tuple[str, float, bool]] = []


def _arrive() -> None:
    """People do not all act in the same second: each user's first action comes after a think
    time of its own, as its next ones do."""
    gevent.sleep(random.uniform(0, THINK_S[1]))


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
    wait_time = THINK

    def on_start(self) -> None:
        _arrive()
        self.bell_at = 0.0
        account = _account(self.kind)
        if account is None:  # more users than accounts of this kind: this one stays idle
            self.account: dict[str, Any] = {}
            return
        self.account = account
        self.client.headers["Authorization"] = f"Bearer {account['token']}"
        self.client.headers["Accept-Language"] = "vi"

    def bell(self) -> None:
        """The notifications, when the web app would ask again."""
        if time.monotonic() - self.bell_at >= BELL_EVERY_S:
            self.bell_at = time.monotonic()
            self.client.get("/api/v1/notifications", params={"unread": True, "limit": 20},
                            name="read: notifications")


class Commune(_Signed):
    """A commune's reporter on the deadline day: the report, then a task's progress, then waiting."""

    kind = "communes"
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        self.report: dict[str, Any] | None = None
        self.saves = 0
        self.progressed = False
        self.form_at = -float(FORM_KEPT_S)

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

    def _form(self) -> None:
        if time.monotonic() - self.form_at >= FORM_KEPT_S:
            self.form_at = time.monotonic()
            self.client.get(f"/api/v1/reporting-forms/{ACCOUNTS['form']['id']}", name="read: form")

    @task
    def work(self) -> None:
        if not self.account:
            return
        self.bell()
        form, unit = ACCOUNTS["form"], self.account["unit_id"]
        if self.report is None:
            self._form()
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
            return
        if not self.progressed:
            self.progressed = True
            self._progress()
            return
        self.client.get(f"/api/v1/submissions/{self.report['id']}", name="read: report")

    def _progress(self) -> None:
        """My tasks, then progress on the first open occurrence (the page and its form)."""
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
    """A province's reviewer: opens each report its communes sent, and approves it."""

    kind = "reviewers"
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.waiting: list[dict[str, Any]] = []

    @task
    def review(self) -> None:
        if not self.account:
            return
        self.bell()
        if not self.waiting:
            self.waiting = self.client.get("/api/v1/submissions", name="read: review queue", params={
                "status": "submitted", "form_id": ACCOUNTS["form"]["id"],
                "limit": 20}).json()["items"]
            return
        report = self.waiting.pop(0)
        opened = self.client.get(f"/api/v1/submissions/{report['id']}", name="read: report")
        if opened.status_code == 200 and opened.json()["status"] == "submitted":
            self.client.post(f"/api/v1/submissions/{report['id']}/approve", name="write: approve",
                             json={"version": opened.json()["version"]})


class Official(_Signed):
    """A province's planner going through the dashboards, a page at a time."""

    kind = "officials"
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.pages = itertools.cycle([*(("aggregates", i) for i in ACCOUNTS["indicators"]),
                                      ("plan", None), ("reports", None)])

    @task
    def dashboards(self) -> None:
        if not self.account:
            return
        self.bell()
        page, indicator = next(self.pages)
        if page == "aggregates":
            self.client.get("/api/v1/aggregates", name="read: aggregates by commune", params={
                "indicator": indicator, "period": ACCOUNTS["aggregate_period"], "by": "children",
                "org_unit": self.account["unit_code"]})
        elif page == "plan":
            self.client.get(f"/api/v1/plans/{ACCOUNTS['plan_id']}", name="read: plan")
        else:
            self.client.get("/api/v1/submissions", name="read: reports", params={"limit": 50})


class Citizen(HttpUser):
    """Anyone on the public pages, a page at a time."""

    weight = 2
    wait_time = THINK

    def on_start(self) -> None:
        _arrive()
        self.pages = itertools.cycle(["plans", "plan", "aggregates"])

    @task
    def public(self) -> None:
        page = next(self.pages)
        if page == "plans":
            self.client.get("/api/v1/public/plans", name="read: public plans")
        elif page == "plan":
            self.client.get(f"/api/v1/public/plans/{ACCOUNTS['plan_id']}", name="read: public plan")
        else:
            self.client.get("/api/v1/public/aggregates", name="read: public aggregates", params={
                "indicator": ACCOUNTS["indicators"][0], "period": ACCOUNTS["aggregate_period"]})


class Script(_Signed):
    """A province's script importing a batch of figures every so often: no person, no think time
    but its schedule's."""

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

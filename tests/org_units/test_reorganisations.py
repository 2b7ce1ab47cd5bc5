"""One reorganisation imported (issue 15 §2): the events, the batch's options, who may, roll-ups
and accounts of closed units.

Every test builds a two-level tree of its own (a province with districts and communes, codes
unique to the test) under the country admin, so the demo's own tree, reformed or not, is never
touched; accounts are the tests' own too.
"""

import itertools
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from backend.aggregates import rollup
from backend.db import get_sessionmaker
from backend.documents import repository as documents
from backend.models import AuditEvent, OrgUnitTree
from tests.aggregates.test_aggregates import report
from tests.helpers import assert_problem

UNITS = "/api/v1/org-units"
REORG = f"{UNITS}/reorganisations"
REFORM = "2025-07-01"
PASSWORD = "reform-2025-password"
_serial = itertools.count()


class Tree:
    """A province `P` with districts `D1`, `D2` and communes `C1`..`C6` (C1–C3 under D1), by
    short name; `code(name)` is the unit's code, unique to the test."""

    def __init__(self, client, admin: dict[str, str]) -> None:
        self.client = client
        self.admin = admin
        self.prefix = f"RG{next(_serial)}{uuid.uuid4().hex[:6]}"
        self.ids: dict[str, int] = {}

    def code(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    async def add(self, name: str, kind: str, parent: str | None) -> int:
        response = await self.client.post(UNITS, headers=self.admin, json={
            "code": self.code(name), "name": f"{kind.title()} {self.prefix} {name}", "kind": kind,
            "grassroots_type": "commune" if kind == "commune" else None,
            "parent_id": self.ids[parent] if parent else None, "valid_from": "2015-01-01"})
        assert response.status_code == 201, response.text
        self.ids[name] = response.json()["id"]
        return self.ids[name]

    async def build(self) -> "Tree":
        await self.add("P", "province", None)
        await self.add("Q", "province", None)
        for district, communes in (("D1", ("C1", "C2", "C3")), ("D2", ("C4", "C5", "C6"))):
            await self.add(district, "district", "P")
            for commune in communes:
                await self.add(commune, "commune", district)
        await self.add("V1", "village", "C1")
        return self

    async def unit(self, name_or_code: str) -> dict:
        code = self.code(name_or_code) if not name_or_code.startswith(self.prefix) else name_or_code
        found = (await self.client.get(UNITS, headers=self.admin,
                                       params={"q": code})).json()["items"]
        if not found:  # closed units are found by id
            response = await self.client.get(f"{UNITS}/{self.ids[name_or_code]}",
                                             headers=self.admin)
            return response.json()
        return found[0]

    async def user(self, name: str, role: str, unit: str) -> str:
        username = f"{self.prefix.lower()}.{name}"
        response = await self.client.post("/api/v1/users", headers=self.admin, json={
            "username": username, "full_name": f"Người dùng {name}",
            "unit_id": self.ids[unit], "roles": [role], "password": PASSWORD})
        assert response.status_code == 201, response.text
        return username


def event(name: str, **fields) -> dict:
    return {"event": name, "effective_date": REFORM, **fields}


async def send(client, headers, events: list[dict] | str, **params):
    if isinstance(events, str):
        return await client.post(REORG, headers={**headers, "Content-Type": "text/csv"},
                                 content=events.encode(), params=params)
    return await client.post(REORG, headers=headers, json={"events": events}, params=params)


@pytest.fixture
async def tree(client, login) -> Tree:
    return await Tree(client, await login("admin")).build()


async def _children(tree: Tree, parent: str, day: str = REFORM) -> set[str]:
    response = await tree.client.get(f"{UNITS}/{tree.ids[parent]}/children", headers=tree.admin,
                                     params={"as_of": day, "limit": 200})
    return {u["code"].removeprefix(f"{tree.prefix}-") for u in response.json()["items"]}


async def _successions(tree: Tree, unit_id: int) -> list[tuple[str, str, str, float | None]]:
    rows = (await tree.client.get(f"{UNITS}/{unit_id}/successions", headers=tree.admin)).json()
    return sorted((r["predecessor"]["code"].removeprefix(f"{tree.prefix}-"),
                   r["successor"]["code"].removeprefix(f"{tree.prefix}-"), r["kind"],
                   None if r["share"] is None else float(r["share"])) for r in rows)


async def test_every_event_kind_in_one_batch(client, tree):
    c = tree.code
    response = await send(client, tree.admin, [
        event("create", new_code=[c("SO")], new_name=["Sở Nội vụ"], kind="department",
              new_parent=c("P")),
        event("move", old_codes=[c("C1")], new_parent=c("P")),
        event("merge", old_codes=[c("C2"), c("C3")], new_code=[c("N1")],
              new_name=["Xã Hợp Nhất"], kind="commune", new_parent=c("P")),
        event("merge", old_codes=[c("C4")], new_code=[c("C1")]),
        event("split", old_codes=[c("C5")], new_code=[c("S1"), c("S2")],
              new_name=["Xã Tách Một", "Xã Tách Hai"], shares=["0.6", "0.4"], new_parent=c("P")),
        event("rename", old_codes=[c("C1")], new_name=["Xã Đổi Tên"]),
        event("rename", old_codes=[c("C6")], new_code=[c("R6")], new_name=["Phường Mới"],
              new_parent=c("P")),
        event("close", old_codes=[c("D1"), c("D2")]),
    ])
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["applied"], summary["rejected"], summary["conflicts"]) == (8, 0, [])
    assert summary["units_changed"] == 14 and summary["dry_run"] is False
    assert await _children(tree, "P") == {"SO", "C1", "N1", "S1", "S2", "R6"}
    assert await _children(tree, "P", "2025-06-30") == {"D1", "D2"}
    assert await _children(tree, "D1", "2025-06-30") == {"C1", "C2", "C3"}
    new = await tree.unit("N1")
    assert await _successions(tree, new["id"]) == [("C2", "N1", "merge", None),
                                                   ("C3", "N1", "merge", None)]
    assert await _successions(tree, tree.ids["C5"]) == [("C5", "S1", "split", 0.6),
                                                        ("C5", "S2", "split", 0.4)]
    assert await _successions(tree, tree.ids["C6"]) == [("C6", "R6", "rename", None)]
    assert new["kind"] == "commune" and new["grassroots_type"] == "commune"
    renamed = await tree.unit("C1")
    assert renamed["name"] == "Xã Đổi Tên" and renamed["valid_to"] is None
    # The old code is retired with the unit that bore it, which still answers to it.
    retired = (await client.get(f"{UNITS}/{tree.ids['C6']}", headers=tree.admin)).json()
    assert (retired["code"], retired["valid_to"]) == (c("C6"), REFORM)
    for closed in ("D1", "D2", "C2", "C3", "C4", "C5"):
        unit = (await client.get(f"{UNITS}/{tree.ids[closed]}", headers=tree.admin)).json()
        assert unit["valid_to"] == REFORM, closed
    events = (await client.get("/api/v1/audit-events", headers=tree.admin, params={
        "entity_type": "org_unit", "entity_id": str(tree.ids["C5"])})).json()["items"]
    assert [e["action"] for e in events].count("close") == 1


async def test_a_rename_keeping_the_code_keeps_the_old_name_for_the_days_before(client, tree):
    """Documents print the superior as it stood on their date: its name then, not today's."""
    response = await send(client, tree.admin, [
        event("rename", old_codes=[tree.code("D1")], new_name=["Thị xã Mới"])])
    assert response.json()["applied"] == 1, response.text
    assert (await tree.unit("D1"))["name"] == "Thị xã Mới"
    async with get_sessionmaker()() as session:
        before = await documents.parent_on(session, tree.ids["C1"], date(2025, 6, 30))
        after = await documents.parent_on(session, tree.ids["C1"], date(2025, 7, 1))
        first = await documents.parent_on(session, tree.ids["C1"], date(2015, 1, 1))
    assert before is not None and after is not None and first is not None
    assert (before.name, first.name, after.name) == (
        f"District {tree.prefix} D1", f"District {tree.prefix} D1", "Thị xã Mới")
    again = await send(client, tree.admin, [
        event("rename", old_codes=[tree.code("D1")], new_name=["Huyện Sớm Hơn"],
              effective_date="2024-01-01")])
    assert again.json()["conflicts"][0]["code"] == "org_unit_invalid_rename"


async def test_csv_gives_the_same_events(client, tree):
    c = tree.code
    body = ("event,effective_date,old_codes,new_code,new_name,kind,new_parent,shares,accounts,note\n"
            f"move,{REFORM},{c('C1')};{c('C2')},,,,{c('P')},,,\n"
            f"split,{REFORM},{c('C3')},{c('S1')};{c('S2')},Xã A;Xã B,commune,{c('P')},0.25;0.75,,"
            "\"Nghị quyết 1, điều 2\"\n"
            f"close,{REFORM},{c('D1')},,,,,,,\n")
    response = await send(client, tree.admin, body)
    assert response.status_code == 200, response.text
    assert response.json()["applied"] == 3, response.json()
    assert await _children(tree, "P") >= {"C1", "C2", "S1", "S2"}
    assert await _successions(tree, tree.ids["C3"]) == [("C3", "S1", "split", 0.25),
                                                        ("C3", "S2", "split", 0.75)]


async def test_a_dry_run_saves_nothing(client, tree):
    c = tree.code
    response = await send(client, tree.admin, [
        event("move", old_codes=[c("C1"), c("C2"), c("C3")], new_parent=c("P")),
        event("close", old_codes=[c("D1")])], dry_run="true")
    assert response.json()["applied"] == 2 and response.json()["dry_run"] is True
    assert await _children(tree, "P") == {"D1", "D2"}
    assert (await tree.unit("D1"))["valid_to"] is None


async def test_an_atomic_batch_with_one_bad_event_saves_nothing(client, tree):
    c = tree.code
    response = await send(client, tree.admin, [
        event("move", old_codes=[c("C1"), c("C2")], new_parent=c("P")),
        event("close", old_codes=[c("D1")])], atomic="true")  # C3 is still open under D1
    problem = assert_problem(response, 409, "import_rejected")
    assert problem["summary"]["conflicts"] == [
        {"index": 1, "code": "org_unit_has_children", "detail": "Move or close the units under "
         "it first.", "field": None, "sheet": None, "cell": None}]
    assert problem["summary"]["applied"] == 0
    assert await _children(tree, "P") == {"D1", "D2"}


async def test_a_batch_that_is_not_atomic_applies_the_good_events(client, tree):
    c = tree.code
    response = await send(client, tree.admin, [
        event("move", old_codes=[c("C1")], new_parent=c("P")),
        event("merge", old_codes=[c("C2"), c("NOPE")], new_code=[c("N1")], new_name=["Xã X"]),
        {"event": "explode", "effective_date": REFORM},
        event("move", old_codes=[c("C4")], new_parent=c("Q")),
    ])
    summary = response.json()
    assert (summary["applied"], summary["rejected"]) == (2, 2), summary
    assert [(x["index"], x["code"]) for x in summary["conflicts"]] == [
        (1, "org_unit_unknown_code"), (2, "reorganisation_invalid_event")]
    assert await _children(tree, "P") == {"D1", "D2", "C1"}
    assert await _children(tree, "Q") == {"C4"}
    # The refused merge left nothing half-done: no new unit, C2 still open.
    assert (await tree.unit("C2"))["valid_to"] is None
    assert (await client.get(UNITS, headers=tree.admin,
                             params={"q": c("N1")})).json()["items"] == []


async def test_a_replayed_request_gets_the_first_answer_and_changes_nothing(client, tree):
    c = tree.code
    events = [event("merge", old_codes=[c("C2"), c("C3")], new_code=[c("N1")],
                    new_name=["Xã Một"], new_parent=c("P"))]
    key = {"Idempotency-Key": f"reorg-{tree.prefix}"}
    first = await send(client, {**tree.admin, **key}, events)
    again = await send(client, {**tree.admin, **key}, events)
    assert first.json()["applied"] == 1
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other = await send(client, {**tree.admin, **key}, [*events, *events])
    assert_problem(other, 409, "idempotency_key_reused")


async def test_shares_that_do_not_sum_to_one_are_refused(client, tree):
    c = tree.code
    response = await send(client, tree.admin, [
        event("split", old_codes=[c("C2")], new_code=[c("S1"), c("S2")],
              new_name=["Xã A", "Xã B"], shares=["0.6", "0.5"]),
        event("split", old_codes=[c("C3")], new_code=[c("S3"), c("S4")],
              new_name=["Xã C", "Xã D"], shares=["1"])])
    assert [(x["index"], x["code"]) for x in response.json()["conflicts"]] == [
        (0, "org_unit_invalid_shares"), (1, "reorganisation_invalid_event")]
    assert (await tree.unit("C2"))["valid_to"] is None


async def test_a_code_is_never_reused(client, tree):
    c = tree.code
    await send(client, tree.admin, [event("merge", old_codes=[c("C2"), c("C3")],
                                          new_code=[c("N1")], new_name=["Xã Một"])])
    response = await send(client, tree.admin, [
        event("create", new_code=[c("C2")], new_name=["Xã Cũ"], kind="commune",
              new_parent=c("D2")),
        event("rename", old_codes=[c("C4")], new_code=[c("C3")], new_name=["Xã Cũ"])])
    assert [(x["index"], x["code"]) for x in response.json()["conflicts"]] == [
        (0, "org_unit_code_taken"), (1, "org_unit_code_taken")]
    assert (await tree.unit("C4"))["valid_to"] is None


async def test_a_province_planner_reorganises_its_own_province_only(client, login, tree):
    c = tree.code
    planner = await login(await tree.user("planner", "planner", "P"), PASSWORD)
    other = await send(client, planner, [event("move", old_codes=[c("C1")], new_parent=c("P")),
                                         event("move", old_codes=[c("C4")], new_parent=c("Q"))])
    assert_problem(other, 403)
    assert await _children(tree, "Q") == set()
    assert await _children(tree, "P") == {"D1", "D2"}
    for events in ([event("rename", old_codes=[c("P")], new_name=["Tỉnh Khác"])],
                   [event("merge", old_codes=[c("P"), c("Q")], new_code=[c("P")])],
                   [event("create", new_code=[c("T")], new_name=["Tỉnh Mới"],
                          kind="province")]):
        assert_problem(await send(client, planner, events), 403)
    mine = await send(client, planner, [event("move", old_codes=[c("C1")], new_parent=c("P"))])
    assert mine.json()["applied"] == 1, mine.text


def _quarterly(decisions: int) -> list[dict]:
    counts = ("QCDC_DIRECT_DECISIONS", "QCDC_VOTED_DECISIONS", "QCDC_CONSULTATIONS",
              "QCDC_PIB_SUPERVISIONS", "QCDC_CISB_SUPERVISIONS", "QCDC_COMPLAINTS_RECEIVED",
              "QCDC_COMPLAINTS_RESOLVED", "QCDC_VILLAGE_MEETINGS")
    return [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
            *({"indicator": code, "value": decisions} for code in counts)]


async def test_roll_ups_equal_a_rebuild_after_a_batch(client, login, tree):
    c = tree.code
    for commune, decisions in (("C1", 1), ("C2", 2), ("C3", 4), ("C4", 8)):
        for period in ("2025Q2", "2025Q3"):
            await report(client, login, "QCDC_COMMUNE_QUARTERLY", tree.ids[commune], period,
                         _quarterly(decisions), approve_as=None)
    response = await send(client, tree.admin, [
        event("create", new_code=[c("P2")], new_name=["Tỉnh Mới"], kind="province"),
        event("move", old_codes=[c("C1")], new_parent=c("P2")),
        event("merge", old_codes=[c("C2"), c("C3")], new_code=[c("N1")], new_name=["Xã Một"],
              new_parent=c("P2")),
        event("move", old_codes=[c("C4")], new_parent=c("Q")),
        event("close", old_codes=[c("D1")])])
    assert response.json()["applied"] == 5, response.text

    async def submitted(unit: str, period: str) -> float | None:
        rows = (await client.get("/api/v1/aggregates", headers=tree.admin, params={
            "indicator": "QCDC_DIRECT_DECISIONS", "org_unit": c(unit), "period": period,
            "include": "submitted"})).json()
        return rows[0]["value"]

    # As reported: the second quarter on the old tree, the third on the new one, where the
    # figures of the merged communes (closed) are no longer counted.
    assert [await submitted("P", "2025Q2"), await submitted("P2", "2025Q2")] == [15, None]
    assert [await submitted("P", "2025Q3"), await submitted("P2", "2025Q3"),
            await submitted("Q", "2025Q3")] == [None, 1, 8]
    async with get_sessionmaker()() as session:
        assert await rollup.drift(session) == []


async def test_accounts_of_a_closed_unit_move_or_are_disabled(client, login, tree):
    c = tree.code
    mover = await tree.user("mover", "planner", "C3")
    leaver = await tree.user("leaver", "reporter", "C2")
    leaver_headers = await login(leaver, PASSWORD)
    token = await client.post("/api/v1/api-tokens", headers=leaver_headers,
                              json={"name": "script", "scopes": ["read"]})
    assert token.status_code == 201, token.text
    api_headers = {"Authorization": f"Bearer {token.json()['token']}"}
    assert (await client.get("/api/v1/auth/me", headers=api_headers)).status_code == 200
    unchosen = await send(client, tree.admin, [
        event("merge", old_codes=[c("C3")], new_code=[c("N1")], new_name=["Xã Một"])])
    assert unchosen.json()["conflicts"][0]["code"] == "org_unit_accounts_choice_needed"
    response = await send(client, tree.admin, [
        event("merge", old_codes=[c("C3")], new_code=[c("N1")], new_name=["Xã Một"],
              accounts="move"),
        event("split", old_codes=[c("C2")], new_code=[c("S1"), c("S2")],
              new_name=["Xã A", "Xã B"], shares=["0.5", "0.5"], accounts="move")])
    assert [x["code"] for x in response.json()["conflicts"]] == ["org_unit_invalid_closure"]
    split = await send(client, tree.admin, [
        event("split", old_codes=[c("C2")], new_code=[c("S1"), c("S2")],
              new_name=["Xã A", "Xã B"], shares=["0.5", "0.5"], accounts="disable")])
    summary = split.json()
    assert (response.json()["accounts_moved"], summary["accounts_disabled"]) == (1, 1)
    # The moved account acts for the successor, and no longer for the unit that closed.
    mover_headers = await login(mover, PASSWORD)
    me = (await client.get("/api/v1/auth/me", headers=mover_headers)).json()
    assert me["unit"]["code"] == c("N1")
    village = await client.post(UNITS, headers=mover_headers, json={
        "code": c("NV"), "name": "Thôn Mới", "kind": "village",
        "parent_id": (await tree.unit("N1"))["id"], "valid_from": "2026-01-01"})
    assert village.status_code == 201, village.text
    # The disabled one cannot sign in, nor use its session or its API token.
    assert_problem(await client.get("/api/v1/auth/me", headers=leaver_headers), 401)
    assert_problem(await client.get("/api/v1/auth/me", headers=api_headers), 401)
    signed = await client.post("/api/v1/auth/token", data={
        "grant_type": "password", "username": leaver, "password": PASSWORD})
    assert signed.status_code in (400, 401)
    leaver_id = (await client.get("/api/v1/users", headers=tree.admin,
                                  params={"q": leaver})).json()["items"][0]["id"]
    for user_id, change in ((me["id"], {"unit_id": (await tree.unit("N1"))["id"]}),
                            (leaver_id, {"is_active": False})):
        events = (await client.get("/api/v1/audit-events", headers=tree.admin, params={
            "entity_type": "user", "entity_id": str(user_id)})).json()["items"]
        assert [e["after"] for e in events if e["action"] == "update"] == [change]


async def test_the_close_endpoint_asks_what_becomes_of_the_accounts(client, login, tree):
    c = tree.code
    await tree.user("keeper", "viewer", "C3")
    close = f"{UNITS}/{tree.ids['C3']}/close"
    assert_problem(await client.post(close, headers=tree.admin, json={"valid_to": REFORM}), 422,
                   "org_unit_accounts_choice_needed")
    assert_problem(await client.post(close, headers=tree.admin, json={
        "valid_to": REFORM, "accounts": "move"}), 422, "org_unit_invalid_closure")
    await send(client, tree.admin, [
        event("create", new_code=[c(name)], new_name=[name], kind="commune", new_parent=c("D1"))
        for name in ("S1", "S2")])
    closed = await client.post(close, headers=tree.admin, json={
        "valid_to": REFORM, "successor_ids": [tree.ids["C1"], (await tree.unit("S1"))["id"]],
        "shares": ["0.3", "0.7"], "accounts": "move", "accounts_to": tree.ids["C1"]})
    assert closed.status_code == 200, closed.text
    assert await _successions(tree, tree.ids["C3"]) == [("C3", "C1", "split", 0.3),
                                                        ("C3", "S1", "split", 0.7)]
    users = (await client.get("/api/v1/users", headers=tree.admin,
                              params={"unit_id": tree.ids["C1"]})).json()["items"]
    assert [u["username"] for u in users] == [f"{tree.prefix.lower()}.keeper"]


async def test_a_retired_code_still_names_its_unit_for_historic_figures(client, tree):
    c = tree.code
    await send(client, tree.admin, [event("rename", old_codes=[c("C2")], new_code=[c("R2")],
                                          new_name=["Xã Tên Mới"])])
    imported = await client.post("/api/v1/data-values/import", headers=tree.admin, json={
        "values": [{"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": c("C2"), "period": "2024Q4",
                    "value": 3}]})
    assert imported.status_code == 200, imported.text
    assert (imported.json()["created"], imported.json()["rejected"]) == (1, 0)


async def test_a_renaming_through_the_unit_endpoint_keeps_history_when_dated(client, tree):
    unit = f"{UNITS}/{tree.ids['D2']}"
    corrected = await client.patch(unit, headers=tree.admin, json={"name": "Huyện Sửa Lỗi"})
    renamed = await client.patch(unit, headers=tree.admin, json={
        "name": "Thị xã Đổi Tên", "renamed_on": "2024-01-01"})
    assert (corrected.status_code, renamed.json()["name"]) == (200, "Thị xã Đổi Tên")
    async with get_sessionmaker()() as session:
        then = await documents.parent_on(session, tree.ids["C4"], date(2023, 12, 31))
    assert then is not None and then.name == "Huyện Sửa Lỗi"


async def _links(tree: Tree) -> set[tuple[str, str, int, date, date | None]]:
    """The closure rows among the tree's units, by short name."""
    names = {unit_id: name for name, unit_id in tree.ids.items()}
    async with get_sessionmaker()() as session:
        rows = await session.execute(select(
            OrgUnitTree.ancestor_id, OrgUnitTree.descendant_id, OrgUnitTree.depth,
            OrgUnitTree.valid_from, OrgUnitTree.valid_to).where(
            OrgUnitTree.descendant_id.in_(names)))
        return {(names[a], names[d], depth, since, until) for a, d, depth, since, until in rows}


async def test_a_batch_links_units_as_the_single_endpoints_do(client, login):
    """The batch writes the links of a subtree moved (D1 with its communes and village) and of a
    unit made in a statement each: the closure table ends as the single endpoints leave it."""
    admin = await login("admin")
    batch, single = await Tree(client, admin).build(), await Tree(client, admin).build()
    response = await send(client, admin, [
        event("move", old_codes=[batch.code("D1")], new_parent=batch.code("Q")),
        event("create", new_code=[batch.code("N1")], new_name=["Xã Mới"], kind="commune",
              new_parent=batch.code("D1"))])
    assert response.json()["applied"] == 2, response.text
    batch.ids["N1"] = (await batch.unit("N1"))["id"]
    moved = await client.patch(f"{UNITS}/{single.ids['D1']}", headers=admin, json={
        "parent_id": single.ids["Q"], "moved_on": REFORM})
    assert moved.status_code == 200, moved.text
    made = await client.post(UNITS, headers=admin, json={
        "code": single.code("N1"), "name": "Xã Mới", "kind": "commune",
        "grassroots_type": "commune", "parent_id": single.ids["D1"], "valid_from": REFORM})
    assert made.status_code == 201, made.text
    single.ids["N1"] = made.json()["id"]
    links = await _links(batch)
    assert links == await _links(single)
    on = date.fromisoformat(REFORM)
    assert ("Q", "V1", 3, on, None) in links and ("P", "V1", 3, date(2015, 1, 1), on) in links
    assert {(a, depth) for a, d, depth, _, until in links if d == "N1"} == {
        ("N1", 0), ("D1", 1), ("Q", 2)}


async def test_a_refused_event_leaves_no_audit_and_each_unit_changed_one(client, tree):
    """Audit rows are written together at the end of the batch: a merge refused after making
    its new unit (D2 still has communes) drops the row of that unit with the unit itself."""
    c = tree.code
    response = await send(client, tree.admin, [
        event("merge", old_codes=[c("C2"), c("C3")], new_code=[c("N1")], new_name=["Xã Một"],
              new_parent=c("P")),
        event("merge", old_codes=[c("C4"), c("D2")], new_code=[c("N2")], new_name=["Xã Hai"],
              new_parent=c("P"))])
    summary = response.json()
    assert [(x["index"], x["code"]) for x in summary["conflicts"]] == [
        (1, "org_unit_has_children")]
    assert summary["units_changed"] == 3
    async with get_sessionmaker()() as session:
        rows = (await session.execute(select(AuditEvent.action, AuditEvent.entity_id,
                                             AuditEvent.after).where(
            AuditEvent.entity_type == "org_unit"))).all()
    made = [after["code"] for action, _, after in rows if action == "create"]
    assert c("N1") in made and c("N2") not in made
    closed = sorted(entity for action, entity, _ in rows if action == "close"
                    and entity in {str(tree.ids[n]) for n in ("C2", "C3", "C4", "D2")})
    assert closed == sorted([str(tree.ids["C2"]), str(tree.ids["C3"])])


async def test_a_move_after_held_changes_below_it_links_what_stands(client, tree):
    """A merger's closings and new unit are held until the batch writes them; a move of the
    district they are below writes them first, so the closed communes stay out of the new line
    and the new commune follows its district."""
    c = tree.code
    on = date.fromisoformat(REFORM)
    response = await send(client, tree.admin, [
        event("merge", old_codes=[c("C2"), c("C3")], new_code=[c("N1")], new_name=["Xã Một"]),
        event("move", old_codes=[c("D1")], new_parent=c("Q")),
        event("create", new_code=[c("N2")], new_name=["Thôn Mới"], kind="village",
              new_parent=c("N1"))])
    assert response.json()["applied"] == 3, response.text
    for name in ("N1", "N2"):
        tree.ids[name] = (await tree.unit(name))["id"]
    links = await _links(tree)
    assert {link for link in links if link[1] in ("C2", "C3")} == {
        (ancestor, commune, depth, date(2015, 1, 1), on) for commune in ("C2", "C3")
        for ancestor, depth in ((commune, 0), ("D1", 1), ("P", 2))}
    assert {link for link in links if link[1] in ("N1", "N2")} == {
        ("N1", "N1", 0, on, None), ("D1", "N1", 1, on, None), ("Q", "N1", 2, on, None),
        ("N2", "N2", 0, on, None), ("N1", "N2", 1, on, None), ("D1", "N2", 2, on, None),
        ("Q", "N2", 3, on, None)}
    assert await _children(tree, "D1") == {"C1", "N1"}


async def test_events_after_a_refused_one_are_checked_in_the_database(client, tree):
    """After a refusal the batch forgets what it knew of the tree: a later merge refused after
    making its unit leaves nothing either, and one that passes is applied."""
    c = tree.code
    response = await send(client, tree.admin, [
        event("merge", old_codes=[c("C4"), c("D2")], new_code=[c("N2")], new_name=["Xã Hai"],
              new_parent=c("P")),
        event("merge", old_codes=[c("C2"), c("D1")], new_code=[c("N3")], new_name=["Xã Ba"],
              new_parent=c("P")),
        event("merge", old_codes=[c("C5"), c("C6")], new_code=[c("N4")], new_name=["Xã Bốn"],
              new_parent=c("P"))])
    summary = response.json()
    assert [(x["index"], x["code"]) for x in summary["conflicts"]] == [
        (0, "org_unit_has_children"), (1, "org_unit_has_children")]
    assert (summary["applied"], summary["units_changed"]) == (1, 3)
    for refused in ("N2", "N3"):
        assert (await client.get(UNITS, headers=tree.admin,
                                 params={"q": c(refused)})).json()["items"] == []
    assert (await tree.unit("C2"))["valid_to"] is None
    assert await _children(tree, "P") == {"D1", "D2", "N4"}
    assert await _children(tree, "D2") == {"C4"}


async def test_a_merge_into_a_new_unit_refused_for_an_unknown_code_after_a_refusal(client, tree):
    """After a refusal each event runs in a savepoint: a merge that made its unit, then met a code
    no unit has, is refused like any other (its savepoint's rollback already forgot the unit)."""
    c = tree.code
    response = await send(client, tree.admin, [
        event("close", old_codes=[c("D1")]),  # C1–C3 are still open under D1
        event("merge", old_codes=[c("C4"), c("NOPE")], new_code=[c("N1")], new_name=["Xã Một"]),
        event("merge", old_codes=[c("C5"), c("C6")], new_code=[c("N2")], new_name=["Xã Hai"])])
    assert response.status_code == 200, response.text
    summary = response.json()
    assert [(x["index"], x["code"]) for x in summary["conflicts"]] == [
        (0, "org_unit_has_children"), (1, "org_unit_unknown_code")]
    assert summary["applied"] == 1
    assert (await client.get(UNITS, headers=tree.admin,
                             params={"q": c("N1")})).json()["items"] == []
    assert await _children(tree, "D2") == {"C4", "N2"}


async def test_a_refused_event_says_why_in_the_language_asked(client, tree):
    """The web app reads a CSV batch's conflicts in Vietnamese: each refused event's detail in
    the request's language, by the rule the single endpoints follow; English without the header."""
    c = tree.code
    header = "event,effective_date,old_codes,new_code,new_name,kind,grassroots_type,new_parent,shares"
    body = "\r\n".join([
        header,
        f"close,{REFORM},{c('D1')},,,,,,",  # C1–C3 are still open under D1
        f"merge,{REFORM},{c('C4')};{c('NOPE')},{c('N1')},Xã Mới,,,,",
        f"explode,{REFORM},,,,,,,",
        f"create,{REFORM},,{c('C5')},Xã Trùng,commune,commune,{c('P')},",
        f"split,{REFORM},{c('C6')},{c('S1')};{c('S2')},Xã Đông;Xã Tây,,,,0.5;0.6",
        f"move,{REFORM},{c('C1')},,,,,,",
        f"create,{REFORM},,{c('C7')} mới,Xã Bảy,commune,commune,{c('P')},",
    ]) + "\r\n"
    vietnamese = {**tree.admin, "Accept-Language": "vi"}
    said = (await send(client, vietnamese, body, dry_run="true")).json()["conflicts"]
    english = (await send(client, tree.admin, body, dry_run="true")).json()["conflicts"]
    codes = [(0, "org_unit_has_children"), (1, "org_unit_unknown_code"),
             (2, "reorganisation_invalid_event"), (3, "org_unit_code_taken"),
             (4, "org_unit_invalid_shares"), (5, "reorganisation_invalid_event"),
             (6, "reorganisation_invalid_event")]
    assert [(x["index"], x["code"]) for x in said] == codes
    assert [(x["index"], x["code"]) for x in english] == codes
    assert [x["detail"] for x in said] == [
        "Hãy chuyển hoặc cho ngừng hoạt động các đơn vị trực thuộc trước.",
        f"Không có đơn vị nào mang mã '{c('NOPE')}'.",
        "cột event phải là create, rename, move, merge, split hoặc close",
        f"Mã đơn vị {c('C5')} đã được dùng; mã đơn vị không bao giờ được dùng lại.",
        "Tỷ lệ của mỗi đơn vị kế thừa khi chia tách phải lớn hơn 0 và nhỏ hơn 1, tổng các tỷ lệ "
        "phải bằng 1 (đang là 1.1).",
        "Sự kiện chuyển (move) cần mã các đơn vị được chuyển (old_codes) và mã đơn vị cấp trên mới "
        "(new_parent).",
        f"mã đơn vị mới {c('C7')} mới chỉ được gồm chữ cái không dấu, chữ số và các dấu . _ -, phải "
        "bắt đầu bằng chữ cái hoặc chữ số và dài tối đa 64 ký tự",
    ]
    assert [x["detail"] for x in english] == [
        "Move or close the units under it first.",
        f"No org unit with code '{c('NOPE')}'.",
        "event must be create, rename, move, merge, split or close",
        f"The code {c('C5')} is already used; codes are never reused.",
        "The shares of a split lie between 0 and 1 and sum to 1, not 1.1.",
        "A move names the units (old_codes) and where they go (new_parent).",
        f"the new unit's code {c('C7')} mới may hold only unaccented letters, digits and . _ -, "
        "must begin with a letter or a digit, and has 64 characters at most",
    ]


async def test_a_unit_out_of_reach_refuses_the_batch_in_the_language_asked(client, login, tree):
    c = tree.code
    planner = await login(await tree.user("planner", "planner", "P"), PASSWORD)
    refused = [event("move", old_codes=[c("C1")], new_parent=c("D2")),
               event("close", old_codes=[c("P")])]  # its own unit: managed from above
    said = assert_problem(await send(client, {**planner, "Accept-Language": "vi"}, refused), 403,
                          "forbidden")
    assert said["detail"] == (
        "Sự kiện số 1 (đánh số từ 0): Chỉ tài khoản có vai trò Quản trị hoặc Lập kế hoạch ở đơn vị "
        "cấp trên mới được thay đổi đơn vị này.")
    english = assert_problem(await send(client, planner, refused), 403, "forbidden")
    assert english["detail"] == "Event 1: Only admins and planners above this unit may change it."

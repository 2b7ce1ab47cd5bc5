"""Issue 13, finding 2: a webhook must not make QCDC a scanner of its own network. Subscriptions to
internal addresses (or names resolving to them) are refused, and so is each attempt that would
reach one; the connection goes to the address checked; nothing of the network shows in the log."""

from datetime import date
from ipaddress import ip_network

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import select

from backend.config import get_settings
from backend.db import get_engine, get_sessionmaker
from backend.kit import netguard
from backend.models import WebhookDelivery
from backend.webhooks import endpoints
from backend.webhooks.dispatch import deliver_due, http_client
from tests.helpers import assert_problem
from tests.isolation import app_database_url
from tests.testdb import alembic_config
from tests.webhooks.scenario import Receiver, deliveries, import_plan, send_outbox, subscribe
from tests.webhooks.tls import certificate_for

SPAN = (date(2024, 1, 1), date(2024, 12, 31))
INTERNAL_URLS = ["http://127.0.0.1/x", "http://[::1]:5432/", "http://169.254.169.254/latest/",
                 "http://10.1.2.3/", "http://0.0.0.0:8000/", "http://2130706433/",
                 "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://localhost:8000/",
                 "http://LOCALHOST./", "http://[fd00::1]/", "http://[fe80::1]/",
                 "http://224.0.0.1/", "http://192.168.1.1/", "http://100.64.0.1/"]
PUBLIC = "93.184.216.34"


class FakeDns:
    """A resolver tests point names with; it counts the questions."""

    def __init__(self, **names: list[str]) -> None:
        self.names = {name.replace("_", "."): addresses for name, addresses in names.items()}
        self.asked: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in self.names:
            raise OSError(f"{host}: unknown name")
        return self.names[host]


@pytest.fixture
def dns(app):
    """Names resolved as the test sets them, for the API's checks (the dispatcher's resolver is
    passed to deliver_due)."""
    fake = FakeDns()
    app.dependency_overrides[endpoints.resolver] = lambda: fake
    yield fake
    del app.dependency_overrides[endpoints.resolver]


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def nothing_allowed(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_networks", [])


@pytest.fixture
async def paused_after(client, login):
    made: list[int] = []
    yield made
    for hook_id in made:
        await client.patch(f"/api/v1/webhooks/{hook_id}", headers=await login("admin"),
                           json={"is_active": False})


def _body(url: str, unit_id: int) -> dict:
    return {"name": "Cổng nội bộ", "url": url, "events": ["plan.issued"], "unit_id": unit_id}


async def _issue(client, login, unit_ids, title: str) -> None:
    await import_plan(client, await login("tanyen.planner"), unit_ids["216"], title, SPAN,
                      issue=True)


async def _send(resolver: netguard.Resolver) -> int:
    async with get_sessionmaker()() as session, session.begin(), http_client() as http:
        return await deliver_due(session, http, resolver)


@pytest.mark.parametrize("url", INTERNAL_URLS)
async def test_a_subscription_to_an_internal_address_is_refused(client, login, unit_ids, url,
                                                                nothing_allowed):
    admin = await login("bacgiang.admin")
    body = assert_problem(await client.post("/api/v1/webhooks", headers=admin,
                                            json=_body(url, unit_ids["216"])),
                          422, "webhook_url_refused")
    assert body["errors"][0]["loc"] == ["body", "url"]


async def test_a_url_changed_to_an_internal_address_is_refused_and_nothing_changes(
        client, login, unit_ids, dns, nothing_allowed, paused_after):
    dns.names["portal.example.vn"] = [PUBLIC]
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, "http://portal.example.vn/hook", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])
    for url in ("http://169.254.169.254/", "http://[::ffff:10.0.0.1]/"):
        assert_problem(await client.patch(f"/api/v1/webhooks/{hook['id']}", headers=admin,
                                          json={"url": url, "is_active": False}),
                       422, "webhook_url_refused")
    [kept] = [h for h in (await client.get("/api/v1/webhooks", headers=admin)).json()
              if h["id"] == hook["id"]]
    assert (kept["url"], kept["is_active"]) == ("http://portal.example.vn/hook", True)


async def test_a_name_resolving_to_an_internal_address_is_refused(client, login, unit_ids, dns,
                                                                  nothing_allowed):
    dns.names.update({"intranet.example.vn": ["10.0.0.7"],
                      "mixed.example.vn": [PUBLIC, "127.0.0.1"],
                      "mapped.example.vn": ["::ffff:169.254.169.254"]})
    admin = await login("bacgiang.admin")
    for host in ("intranet.example.vn", "mixed.example.vn", "mapped.example.vn"):
        body = assert_problem(await client.post("/api/v1/webhooks", headers=admin, json=_body(
            f"https://{host}/hook", unit_ids["216"])), 422, "webhook_url_refused")
        # The answer does not tell which internal address the name has.
        assert "10.0.0.7" not in body["detail"] and "169.254" not in body["detail"]


async def test_a_listed_network_is_allowed_and_nothing_beside_it(client, login, unit_ids,
                                                                 monkeypatch, paused_after):
    monkeypatch.setattr(get_settings(), "webhook_allowed_networks", [ip_network("10.20.0.0/16")])
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, "http://10.20.30.40:8080/lgsp", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])
    assert_problem(await client.post("/api/v1/webhooks", headers=admin, json=_body(
        "http://10.21.0.1/", unit_ids["216"])), 422, "webhook_url_refused")


async def test_production_sends_over_https_only(client, login, unit_ids, dns, monkeypatch,
                                                paused_after):
    monkeypatch.setattr(get_settings(), "env", "production")
    dns.names["portal.example.vn"] = [PUBLIC]
    admin = await login("bacgiang.admin")
    assert_problem(await client.post("/api/v1/webhooks", headers=admin, json=_body(
        "http://portal.example.vn/hook", unit_ids["216"])), 422, "webhook_url_refused")
    hook = await subscribe(client, admin, "https://portal.example.vn/hook", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])


async def test_a_name_that_turned_internal_is_refused_at_delivery(
        client, login, unit_ids, dns, receiver, nothing_allowed, paused_after):
    port = receiver.server.server_address[1]
    dns.names["flip.example.vn"] = [PUBLIC]
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, f"http://flip.example.vn:{port}/flip", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])
    await _issue(client, login, unit_ids, "Kế hoạch gửi tới tên đã đổi")
    # Since the subscription the name has come to point at QCDC's own machine.
    assert await _send(FakeDns(flip_example_vn=["127.0.0.1"])) == 0
    assert receiver.to("/flip") == []
    [entry] = await deliveries(client, admin, hook["id"])
    assert (entry["status"], entry["last_status"], entry["last_error"]) == (
        "pending", None, "target_refused")

    dns.names["flip.example.vn"] = ["127.0.0.1"]
    redelivered = await client.post(
        f"/api/v1/webhooks/{hook['id']}/deliveries/{entry['id']}/redeliver", headers=admin)
    assert redelivered.status_code == 200, redelivered.text
    assert (redelivered.json()["attempts"], redelivered.json()["last_error"]) == (
        2, "target_refused")
    assert receiver.to("/flip") == []


async def test_the_connection_goes_to_the_address_checked_under_the_name(
        client, login, unit_ids, dns, receiver, paused_after):
    """The name is resolved once, checked, and the request sent to that address with the name as
    Host: a second lookup (by the HTTP client) could be answered otherwise, and here would fail,
    for the name exists only in this test's resolver."""
    port = receiver.server.server_address[1]
    dns.names["pinned.example.vn"] = ["127.0.0.1"]
    hook = await subscribe(client, await login("bacgiang.admin"),
                           f"http://pinned.example.vn:{port}/pinned", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])
    await _issue(client, login, unit_ids, "Kế hoạch gửi theo địa chỉ đã kiểm")
    assert await _send(dns) == 1
    [call] = receiver.to("/pinned")
    assert call.headers["Host"] == f"pinned.example.vn:{port}"
    assert dns.asked == ["pinned.example.vn"] * 2  # at subscription, then at this attempt


async def test_a_redirect_is_not_followed(client, login, unit_ids, receiver, paused_after):
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, receiver.url("/moved"), ["plan.issued"], unit_ids["216"])
    paused_after.append(hook["id"])
    receiver.scripts["/moved"] = [307]
    receiver.locations["/moved"] = receiver.url("/elsewhere")
    await _issue(client, login, unit_ids, "Kế hoạch bị chuyển hướng")
    assert await send_outbox() == 0
    assert len(receiver.to("/moved")) == 1 and receiver.to("/elsewhere") == []
    [entry] = await deliveries(client, admin, hook["id"])
    assert (entry["last_status"], entry["last_error"]) == (307, "http_error")


async def test_the_log_keeps_a_status_and_an_outcome_never_the_network_s_words(
        client, login, unit_ids, receiver, paused_after):
    admin = await login("bacgiang.admin")
    closed = await subscribe(client, admin, "http://127.0.0.1:9/closed", ["plan.issued"],
                             unit_ids["216"])
    talkative = await subscribe(client, admin, receiver.url("/talkative"), ["plan.issued"],
                                unit_ids["216"])
    paused_after.extend([closed["id"], talkative["id"]])
    receiver.scripts["/talkative"] = [500]
    receiver.bodies["/talkative"] = b"Traceback: db at 10.9.8.7:5432 refused"
    await _issue(client, login, unit_ids, "Kế hoạch tới cổng đóng")
    await send_outbox()
    [refused] = await deliveries(client, admin, closed["id"])
    assert (refused["last_status"], refused["last_error"]) == (None, "unreachable")
    [answered] = await deliveries(client, admin, talkative["id"])
    assert (answered["last_status"], answered["last_error"]) == (500, "http_error")
    redelivered = await client.post(
        f"/api/v1/webhooks/{closed['id']}/deliveries/{refused['id']}/redeliver", headers=admin)
    assert redelivered.json()["last_error"] == "unreachable"
    for shown in (refused, answered, redelivered.json()):
        assert not any(word in str(shown) for word in ("Errno", "Connect", "Traceback", "10.9.8.7"))


@pytest.mark.own_database
async def test_the_migration_rewrites_old_log_texts_in_the_outcome_words(
        client, login, unit_ids, paused_after):
    admin = await login("bacgiang.admin")
    hook = await subscribe(client, admin, "http://127.0.0.1:9/old-log", ["plan.issued"],
                           unit_ids["216"])
    paused_after.append(hook["id"])
    for n in range(3):
        await _issue(client, login, unit_ids, f"Kế hoạch nhật ký cũ {n}")
    texts = ["HTTP 503", "ConnectError: [Errno 111] Connection refused", "no answer within 10 s"]
    async with get_sessionmaker()() as session, session.begin():
        rows = list(await session.scalars(select(WebhookDelivery).where(
            WebhookDelivery.webhook_id == hook["id"]).order_by(WebhookDelivery.id)))
        for row, text in zip(rows, texts, strict=True):
            row.last_error = text
    migration = ScriptDirectory.from_config(alembic_config(app_database_url())).get_revision("l2webhooks03")
    async with get_engine().begin() as connection:
        await connection.run_sync(lambda sync: _run(sync, migration.module.upgrade))
    log = sorted(await deliveries(client, admin, hook["id"]), key=lambda d: d["id"])
    assert [d["last_error"] for d in log] == ["http_error", "unreachable", "unreachable"]


def _run(connection, step) -> None:
    with Operations.context(MigrationContext.configure(connection)):
        step()


@pytest.fixture(scope="module")
def tls_receiver():
    server_tls, trusting = certificate_for("tls.example.vn")
    server = Receiver(tls=server_tls)
    server.trusting = trusting
    yield server
    server.close()


async def test_over_tls_the_vetted_address_is_reached_under_the_name_s_certificate(
        client, login, unit_ids, dns, tls_receiver, paused_after):
    """Pinned to 127.0.0.1, the connection still says the name in SNI and checks the certificate
    against it: a pinned address does not weaken TLS."""
    port = tls_receiver.port
    dns.names.update({"tls.example.vn": ["127.0.0.1"], "other.example.vn": ["127.0.0.1"]})
    admin = await login("bacgiang.admin")
    right = await subscribe(client, admin, f"https://tls.example.vn:{port}/tls", ["plan.issued"],
                            unit_ids["216"])
    # The same address under a name the certificate is not for: the check must refuse it.
    wrong = await subscribe(client, admin, f"https://other.example.vn:{port}/other",
                            ["plan.issued"], unit_ids["216"])
    paused_after.extend([right["id"], wrong["id"]])
    await _issue(client, login, unit_ids, "Kế hoạch gửi qua TLS")
    async with get_sessionmaker()() as session, session.begin(), \
            http_client(tls_receiver.trusting) as http:
        await deliver_due(session, http, dns)
    [call] = tls_receiver.to("/tls")
    assert call.headers["Host"] == f"tls.example.vn:{port}"
    assert tls_receiver.to("/other") == []
    [delivered] = await deliveries(client, admin, right["id"])
    [refused] = await deliveries(client, admin, wrong["id"])
    assert (delivered["status"], refused["last_error"]) == ("delivered", "unreachable")

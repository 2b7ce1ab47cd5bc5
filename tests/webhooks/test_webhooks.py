"""Outbound events: an approval reaches the portal's URL, signed, and a failing receiver is retried."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from backend.db import get_sessionmaker
from backend.webhooks.dispatch import deliver_due
from tests.helpers import assert_problem


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    failures_left = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Receiver.failures_left > 0:
            Receiver.failures_left -= 1
            self.send_response(503)
        else:
            Receiver.received.append((dict(self.headers), body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


async def _send_outbox() -> int:
    async with get_sessionmaker()() as session, session.begin(), httpx.AsyncClient() as http:
        return await deliver_due(session, http)


async def test_an_approval_is_delivered_signed_to_the_subscribed_portal(client, login, unit_ids,
                                                                        receiver):
    admin = await login("bacgiang.admin")
    created = await client.post("/api/v1/webhooks", headers=admin, json={
        "name": "Cổng LGSP Bắc Giang", "url": receiver, "events": ["org_unit.create"],
        "unit_id": unit_ids["24"]})
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    await _send_outbox()
    Receiver.received.clear()
    await client.post("/api/v1/org-units", headers=admin, json={
        "code": "HOOK-1", "name": "Thôn Sự Kiện", "kind": "village", "parent_id": unit_ids["07345"]})
    await client.post("/api/v1/org-units", headers=await login("admin"), json={
        "code": "HOOK-2", "name": "Thôn Khác Tỉnh", "kind": "village", "parent_id": unit_ids["694"]})
    assert await _send_outbox() == 1
    headers, body = Receiver.received[0]
    assert headers["X-QCDC-Event"] == "org_unit.create"
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-QCDC-Signature"] == expected
    event = json.loads(body)
    assert event["after"]["code"] == "HOOK-1" and event["actor"] == "bacgiang.admin"


async def test_a_failing_receiver_is_retried_later_and_the_attempts_are_shown(client, login,
                                                                              unit_ids, receiver):
    admin = await login("admin")
    hook = (await client.post("/api/v1/webhooks", headers=admin, json={
        "name": "Thử lại", "url": receiver, "events": ["*"], "unit_id": unit_ids["66"]})).json()
    await _send_outbox()
    Receiver.failures_left = 1
    await client.post("/api/v1/org-units", headers=admin, json={
        "code": "HOOK-3", "name": "Thôn Thử Lại", "kind": "village", "parent_id": unit_ids["654"]})
    assert await _send_outbox() == 0
    deliveries = (await client.get(f"/api/v1/webhooks/{hook['id']}/deliveries",
                                   headers=admin)).json()
    assert deliveries[0]["attempts"] == 1 and deliveries[0]["last_status"] == 503
    assert deliveries[0]["delivered_at"] is None
    assert await _send_outbox() == 0  # not due again before its backoff


async def test_webhooks_are_for_admins_of_the_subtree(client, login, unit_ids):
    assert_problem(await client.get("/api/v1/webhooks", headers=await login("tanyen.planner")), 403)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("bacgiang.admin"), json={
        "name": "x", "url": "http://127.0.0.1/x", "events": ["*"], "unit_id": None}), 403)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("bacgiang.admin"), json={
        "name": "x", "url": "http://127.0.0.1/x", "events": ["*"], "unit_id": unit_ids["694"]}), 404)
    assert_problem(await client.post("/api/v1/webhooks", headers=await login("admin"), json={
        "name": "x", "url": "not a url", "events": [], "unit_id": None}), 422)

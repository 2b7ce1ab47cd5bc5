"""Sending the outbox: signed POSTs, retried with exponential backoff, given up after a while.

Delivery is at least once: a process that stops between a receiver's answer and the commit sends
that delivery again after the restart, with the same X-QCDC-Delivery for the receiver to dedupe.

Each attempt goes to the address vetted for it (targets.vet), and its record keeps the receiver's
status and one word of outcome: never the answer's body or an exception's text, which would tell
an admin about the network behind the URL.
"""

import asyncio
import hashlib
import hmac
import json
import logging
import ssl
import time
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings, get_settings
from backend.db import get_sessionmaker
from backend.kit import netguard, sql
from backend.models import Webhook, WebhookDelivery
from backend.webhooks import repository, targets
from backend.webhooks.overdue import sweep_overdue
from backend.webhooks.schemas import DeliveryError

log = logging.getLogger("qcdc.webhooks")
BATCH = 50
# pg advisory lock keys are one 64-bit space shared by every user of the database: "QCDCHOOK".
DISPATCH_LOCK = int.from_bytes(b"QCDCHOOK", "big") - 2**63


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: signing the time with
    the body lets the receiver refuse an old request replayed at it."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff(attempts: int, settings: Settings) -> timedelta:
    """The wait after the n-th failed attempt: base, 2×base, 4×base, … up to the cap."""
    seconds = settings.webhook_backoff_seconds * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.webhook_backoff_max_seconds))


def http_client(tls: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """The sender's client. It follows no redirect (its target was never vetted), takes no proxy
    from the environment (which would connect wherever it is told), keeps no connection open (one
    opened under a name could carry another name's request to the same address), and sets no
    timeout of its own: attempts bound the whole exchange. Certificates are checked against the
    system's authorities, or SSL_CERT_FILE / SSL_CERT_DIR (a province's own), or `tls`."""
    return httpx.AsyncClient(follow_redirects=False, trust_env=False, timeout=None,
                             verify=tls or httpx.create_ssl_context(trust_env=True),
                             limits=httpx.Limits(max_keepalive_connections=0))


async def attempt(http: httpx.AsyncClient, delivery: WebhookDelivery, hook: Webhook,
                  resolver: netguard.Resolver) -> bool:
    """POST a delivery once and record the outcome: delivered, retry later, or given up."""
    settings = get_settings()
    delivery.attempts += 1
    delivery.last_attempt_at = datetime.now(UTC)
    delivery.last_status = None
    try:
        async with asyncio.timeout(settings.webhook_timeout_seconds):
            delivery.last_status = await _post(http, delivery, hook, resolver, settings)
        error = None if 200 <= delivery.last_status < 300 else DeliveryError.http_error
    except netguard.Refused as refused:
        log.warning("webhook %s: not sent to %s: %s", hook.id, hook.url, refused)
        error = DeliveryError.target_refused
    except (httpx.HTTPError, OSError, TimeoutError) as exc:
        log.info("webhook %s: %s unreachable: %r", hook.id, hook.url, exc)
        error = DeliveryError.unreachable
    _settle(delivery, error, settings)
    return error is None


async def _post(http: httpx.AsyncClient, delivery: WebhookDelivery, hook: Webhook,
                resolver: netguard.Resolver, settings: Settings) -> int:
    """The receiver's status code; its body is left unread."""
    target = await targets.vet(hook.url, settings, resolver)
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    timestamp = int(time.time())
    headers = {"Host": target.host_header, "Content-Type": "application/json; charset=utf-8",
               "User-Agent": "QCDC-Webhooks/1", "X-QCDC-Event": delivery.event,
               "X-QCDC-Delivery": str(delivery.id), "X-QCDC-Timestamp": str(timestamp),
               "X-QCDC-Signature": signature(hook.secret, timestamp, body)}
    async with http.stream("POST", target.url, content=body, headers=headers,
                           extensions=target.extensions) as response:
        return response.status_code


def _settle(delivery: WebhookDelivery, error: DeliveryError | None, settings: Settings) -> None:
    now = datetime.now(UTC)
    delivery.last_error = error
    if error is None:
        delivery.delivered_at = now
    elif delivery.attempts >= settings.webhook_max_attempts:
        delivery.given_up_at = now
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts, settings)


async def deliver_due(session: AsyncSession, http: httpx.AsyncClient,
                      resolver: netguard.Resolver) -> int:
    """Send the deliveries that are due, side by side; answers how many went through."""
    due = await repository.due(session, datetime.now(UTC), BATCH)
    outcomes = await asyncio.gather(*(attempt(http, delivery, hook, resolver)
                                      for delivery, hook in due))
    await session.flush()
    return sum(outcomes)


async def dispatch_forever(interval: float) -> None:
    """The app's background sender: sweeps for overdue tasks now and then, sends what is due.
    Whatever the number of server processes, one at a time does it: the one whose transaction
    holds the dispatcher's database lock (issue 19 §4)."""
    settings = get_settings()
    sessions = get_sessionmaker()
    next_sweep = 0.0
    async with http_client() as http:
        while True:
            try:
                if time.monotonic() >= next_sweep:
                    async with sessions() as session, session.begin():
                        if await sql.try_lock(session, DISPATCH_LOCK):
                            await sweep_overdue(session)
                    next_sweep = time.monotonic() + settings.webhook_overdue_sweep_seconds
                async with sessions() as session, session.begin():
                    if await sql.try_lock(session, DISPATCH_LOCK):
                        await deliver_due(session, http, netguard.system_resolver)
            except Exception:  # the loop must outlive a bad moment of the database
                log.exception("webhook dispatch failed")
            await asyncio.sleep(interval)

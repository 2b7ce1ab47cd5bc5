"""Sending the outbox: signed POSTs, retried with exponential backoff, given up after a while."""

import asyncio
import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import Webhook, WebhookDelivery

log = logging.getLogger("qcdc.webhooks")
MAX_ATTEMPTS = 8
BATCH = 50


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def deliver_due(session: AsyncSession, http: httpx.AsyncClient) -> int:
    """Send the deliveries that are due; answers how many went through."""
    now = datetime.now(UTC)
    due = (await session.execute(
        select(WebhookDelivery, Webhook).join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.next_attempt_at <= now,
               WebhookDelivery.attempts < MAX_ATTEMPTS)
        .order_by(WebhookDelivery.id).limit(BATCH))).all()
    sent = 0
    for delivery, hook in due:
        sent += await _send(http, delivery, hook, now)
    await session.flush()
    return sent


async def _send(http: httpx.AsyncClient, delivery: WebhookDelivery, hook: Webhook,
                now: datetime) -> int:
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    delivery.attempts += 1
    try:
        response = await http.post(hook.url, content=body, headers={
            "Content-Type": "application/json", "X-QCDC-Event": delivery.event,
            "X-QCDC-Delivery": str(delivery.id), "X-QCDC-Signature": signature(hook.secret, body)})
        delivery.last_status, delivery.last_error = response.status_code, None
        if response.is_success:
            delivery.delivered_at = now
            return 1
        delivery.last_error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    delivery.next_attempt_at = now + timedelta(minutes=2 ** delivery.attempts)
    return 0


async def dispatch_forever(interval: float) -> None:
    """The app's background sender (one per process; a delivery may go twice if two run: the
    receiver deduplicates on X-QCDC-Delivery)."""
    from backend.db import get_sessionmaker

    async with httpx.AsyncClient(timeout=10) as http:
        while True:
            try:
                async with get_sessionmaker()() as session, session.begin():
                    await deliver_due(session, http)
            except Exception:  # the loop must outlive a bad moment of the database
                log.exception("webhook dispatch failed")
            await asyncio.sleep(interval)

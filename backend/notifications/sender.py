"""The background sender of notifications: sweeps for what falls due, mails the daily digests.

Exactly one process works at a time, whatever the number of servers on the database: each step
runs in a transaction holding a PostgreSQL advisory lock (kit.sql.try_lock), and a process that
does not get it leaves the step to the one that has it. The notifications' keys and the digests'
(user, day) rows make each notice and each mail happen once even so; a mail whose server
accepted it just before the process died is sent again (at least once, never lost)."""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings, get_settings
from backend.db import get_sessionmaker
from backend.kit import clock, sql
from backend.notifications import mail, repository
from backend.notifications.schemas import Notification
from backend.notifications.sweep import sweep

log = logging.getLogger("qcdc.notifications")
# pg advisory lock keys are one 64-bit space shared by every user of the database: "QCDCNOTI".
SENDER_LOCK = int.from_bytes(b"QCDCNOTI", "big") - 2**63


async def sweep_once(session: AsyncSession) -> int | None:
    """A sweep, unless another process holds the sender's lock (None)."""
    if not await sql.try_lock(session, SENDER_LOCK):
        return None
    return await sweep(session, clock.today())


async def send_digests(sessions: async_sessionmaker[AsyncSession], settings: Settings,
                       now: datetime) -> int:
    """Mail each user who takes e-mail the notifications of yesterday and today not mailed or
    read yet, once a day from the digest hour; answers how many mails went."""
    local = now.astimezone(clock.VIETNAM)
    if settings.smtp_url is None or local.hour < settings.digest_hour:
        return 0
    smtp = mail.parse(settings.smtp_url)
    day = local.date()
    since = datetime.combine(day - timedelta(days=1), datetime.min.time(), clock.VIETNAM)
    async with sessions() as session:
        recipients = [mail.Recipient(user.id, user.full_name, user.email or "")
                      for user in await repository.digest_recipients(session, since, day)]
    sent = 0
    for recipient in recipients:
        async with sessions() as session, session.begin():
            if not await sql.try_lock(session, SENDER_LOCK):
                return sent  # the other process is at it
            items = await repository.to_mail(session, recipient.user_id, since)
            if not items or not await repository.claim_digest(session, recipient.user_id, day):
                continue
            message = mail.digest(recipient, [Notification.model_validate(i) for i in items], day,
                                  settings.mail_from, settings.public_url)
            await asyncio.to_thread(mail.send, smtp, message, settings.smtp_timeout_seconds)
            await repository.mailed(session, recipient.user_id, day, [item.id for item in items])
            sent += 1
    return sent


async def notify_forever(interval: float) -> None:
    """The app's background sender: sweeps now and then, mails the digests that are due."""
    settings = get_settings()
    sessions = get_sessionmaker()
    next_sweep = 0.0
    while True:
        try:
            if time.monotonic() >= next_sweep:
                async with sessions() as session, session.begin():
                    await sweep_once(session)
                next_sweep = time.monotonic() + settings.notify_sweep_seconds
            await send_digests(sessions, settings, datetime.now(UTC))
        except Exception:  # the loop must outlive a bad moment of the database or mail server
            log.exception("notifications failed")
        await asyncio.sleep(interval)

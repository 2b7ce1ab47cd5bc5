"""Webhook subscriptions, managed by admins for their subtree."""

import secrets

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.auth.scope import may_see, unit_filter
from backend.errors import Forbidden, NotFound
from backend.models import Role, Webhook, WebhookDelivery
from backend.webhooks import schemas


def _visible(principal: Principal) -> ColumnElement[bool]:
    """An admin sees the subscriptions of its subtree; only a country admin the country-wide ones."""
    return unit_filter(principal, Webhook.unit_id, acting_as=Role.admin)


async def webhooks(session: AsyncSession, principal: Principal) -> list[Webhook]:
    return list(await session.scalars(select(Webhook).where(_visible(principal))
                                      .order_by(Webhook.id)))


async def get_webhook(session: AsyncSession, principal: Principal, webhook_id: int) -> Webhook:
    found = next((w for w in await webhooks(session, principal) if w.id == webhook_id), None)
    if found is None:
        raise NotFound(f"No webhook {webhook_id}.")
    return found


async def create_webhook(session: AsyncSession, principal: Principal,
                         data: schemas.WebhookCreate) -> schemas.WebhookCreated:
    if data.unit_id is None and not principal.sees_everything:
        raise Forbidden("Only a country-wide admin subscribes to the whole country.")
    if data.unit_id is not None and not await may_see(session, principal, data.unit_id,
                                                      acting_as=Role.admin):
        raise NotFound(f"No org unit {data.unit_id}.")
    hook = Webhook(name=data.name, url=str(data.url), secret=secrets.token_urlsafe(32),
                   events=sorted(set(data.events)), unit_id=data.unit_id, is_active=True,
                   created_by=principal.user_id)
    session.add(hook)
    await session.flush()
    await record(session, principal, "create", "webhook", hook.id, org_unit_id=hook.unit_id,
                 after={"name": hook.name, "url": hook.url, "events": hook.events})
    return schemas.WebhookCreated(**schemas.Webhook.model_validate(hook).model_dump(),
                                  secret=hook.secret)


async def update_webhook(session: AsyncSession, principal: Principal, webhook_id: int,
                         data: schemas.WebhookUpdate) -> Webhook:
    hook = await get_webhook(session, principal, webhook_id)
    before = {"url": hook.url, "events": hook.events, "is_active": hook.is_active}
    if data.url is not None:
        hook.url = str(data.url)
    if data.events is not None:
        hook.events = sorted(set(data.events))
    if data.is_active is not None:
        hook.is_active = data.is_active
    await record(session, principal, "update", "webhook", hook.id, org_unit_id=hook.unit_id,
                 before=before, after={"url": hook.url, "events": hook.events,
                                       "is_active": hook.is_active})
    return hook


async def deliveries(session: AsyncSession, principal: Principal,
                     webhook_id: int) -> list[WebhookDelivery]:
    await get_webhook(session, principal, webhook_id)
    return list(await session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook_id).order_by(WebhookDelivery.id.desc()).limit(100)))

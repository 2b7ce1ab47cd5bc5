"""Webhook subscriptions: admins manage those of their subtree, for the unit or for one of its API
clients; a client (its service account) reads its own and their delivery log."""

import asyncio
import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api_access.service import get_client
from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.auth.scope import country_wide, holds, may_see
from backend.config import get_settings
from backend.errors import Forbidden, NotFound, field_error
from backend.kit import clock, netguard
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.models import ApiClient, Role, Webhook, WebhookDelivery
from backend.webhooks import dispatch, repository, schemas, targets
from backend.webhooks.errors import AlreadyDelivered, UnitOutsideClient, UrlRefused, WebhookPaused


async def _may_read(session: AsyncSession, principal: Principal) -> None:
    if not holds(principal, Role.admin) and not await repository.is_client(session, principal):
        raise Forbidden("Webhooks are read by admins and by the API clients they serve.")


async def webhooks(session: AsyncSession, principal: Principal) -> list[Webhook]:
    await _may_read(session, principal)
    return await repository.webhooks(session, repository.readable(principal))


async def get_webhook(session: AsyncSession, principal: Principal, webhook_id: int, *,
                      administering: bool) -> Webhook:
    condition = (repository.administered(principal) if administering
                 else repository.readable(principal))
    found = await repository.webhook(session, condition, webhook_id)
    if found is None:
        raise NotFound(f"No webhook {webhook_id}.")
    return found


async def _check_client_sees(session: AsyncSession, client: ApiClient, unit_id: int | None) -> None:
    """A client's subscription carries only events of units the client itself may read."""
    reader = Principal.of(client.user)
    if not await may_see(session, reader, unit_id, at=clock.today()):
        raise UnitOutsideClient(
            f"The API client {client.client_id} may not read the events of that subtree.",
            errors=[field_error(["body", "unit_id"], "outside what the client may read")])


async def _check_url(url: str, resolver: netguard.Resolver) -> None:
    """Refuse now what every attempt would refuse. A name that does not resolve (yet) passes: the
    attempts check it again, as they do all names, whose addresses may change."""
    settings = get_settings()
    try:
        async with asyncio.timeout(settings.webhook_timeout_seconds):
            await targets.vet(url, settings, resolver)
    except netguard.Refused as refused:
        raise UrlRefused(f"QCDC does not send webhooks there: {refused}.", errors=[field_error(
            ["body", "url"], "a public https address, or one of QCDC_WEBHOOK_ALLOWED_NETWORKS")]
        ) from None
    except (OSError, TimeoutError):
        return


async def create_webhook(session: AsyncSession, principal: Principal, data: schemas.WebhookCreate,
                         resolver: netguard.Resolver) -> schemas.WebhookCreated:
    if data.unit_id is None and not country_wide(principal):
        raise Forbidden("Only a country-wide admin subscribes to the whole country.")
    if data.unit_id is not None and not await may_see(session, principal, data.unit_id,
                                                      acting_as=Role.admin):
        raise NotFound(f"No org unit {data.unit_id}.")
    if data.client_id is not None:
        await _check_client_sees(session, await get_client(session, principal, data.client_id),
                                 data.unit_id)
    await _check_url(str(data.url), resolver)
    hook = await repository.add(session, Webhook(
        name=data.name, url=str(data.url), secret=_new_secret(), events=sorted(set(data.events)),
        unit_id=data.unit_id, client_id=data.client_id, is_active=True,
        created_by=principal.user_id))
    await record(session, principal, "create", "webhook", hook.id, org_unit_id=hook.unit_id,
                 after={"name": hook.name, "url": hook.url, "events": hook.events,
                        "client_id": hook.client_id})
    return _with_secret(hook)


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _with_secret(hook: Webhook) -> schemas.WebhookCreated:
    return schemas.WebhookCreated(**schemas.Webhook.model_validate(hook).model_dump(),
                                  secret=hook.secret)


async def update_webhook(session: AsyncSession, principal: Principal, webhook_id: int,
                         data: schemas.WebhookUpdate,
                         resolver: netguard.Resolver) -> schemas.Webhook | schemas.WebhookCreated:
    hook = await get_webhook(session, principal, webhook_id, administering=True)
    before = {"url": hook.url, "events": hook.events, "is_active": hook.is_active}
    if data.url is not None:
        await _check_url(str(data.url), resolver)
        hook.url = str(data.url)
    if data.events is not None:
        hook.events = sorted(set(data.events))
    if data.is_active is not None:
        hook.is_active = data.is_active
    if data.rotate_secret:
        hook.secret = _new_secret()
    await record(session, principal, "update", "webhook", hook.id, org_unit_id=hook.unit_id,
                 before=before, after={"url": hook.url, "events": hook.events,
                                       "is_active": hook.is_active,
                                       **({"secret": "rotated"} if data.rotate_secret else {})})
    return _with_secret(hook) if data.rotate_secret else schemas.Webhook.model_validate(hook)


async def delete_webhook(session: AsyncSession, principal: Principal, webhook_id: int) -> None:
    hook = await get_webhook(session, principal, webhook_id, administering=True)
    await record(session, principal, "delete", "webhook", hook.id, org_unit_id=hook.unit_id,
                 before=snapshot(hook, ("name", "url", "events", "client_id", "is_active")))
    await repository.remove(session, hook.id)


def delivery_view(delivery: WebhookDelivery) -> schemas.Delivery:
    status = (schemas.DeliveryStatus.delivered if delivery.delivered_at
              else schemas.DeliveryStatus.given_up if delivery.given_up_at
              else schemas.DeliveryStatus.pending)
    return schemas.Delivery(
        id=delivery.id, event=delivery.event, status=status, created_at=delivery.created_at,
        attempts=delivery.attempts, last_attempt_at=delivery.last_attempt_at,
        next_attempt_at=delivery.next_attempt_at if status is schemas.DeliveryStatus.pending
        else None, delivered_at=delivery.delivered_at, given_up_at=delivery.given_up_at,
        last_status=delivery.last_status, last_error=delivery.last_error, payload=delivery.payload)


async def deliveries(session: AsyncSession, principal: Principal, webhook_id: int,
                     status: schemas.DeliveryStatus | None,
                     page: PageParams) -> tuple[list[schemas.Delivery], Pagination]:
    await _may_read(session, principal)
    hook = await get_webhook(session, principal, webhook_id, administering=False)
    rows, pagination = await fetch_page(session, repository.deliveries_query(hook.id, status), page)
    return [delivery_view(d) for d in rows], pagination


async def redeliver(session: AsyncSession, principal: Principal, webhook_id: int,
                    delivery_id: int, resolver: netguard.Resolver) -> schemas.Delivery:
    """One more attempt now, whatever the schedule; a given-up delivery gets this one chance."""
    hook = await get_webhook(session, principal, webhook_id, administering=True)
    delivery = await repository.delivery_to_send(session, hook.id, delivery_id)
    if delivery is None:
        raise NotFound(f"No delivery {delivery_id} of webhook {webhook_id}.")
    if delivery.delivered_at is not None:
        raise AlreadyDelivered(f"Delivery {delivery_id} was delivered on "
                               f"{delivery.delivered_at:%d/%m/%Y %H:%M} UTC.")
    if not await repository.is_live(session, hook.id):
        raise WebhookPaused("The webhook or its API client is paused: activate it first.")
    delivery.given_up_at = None
    async with dispatch.http_client() as http:
        delivered = await dispatch.attempt(http, delivery, hook, resolver)
    await record(session, principal, "redeliver", "webhook", hook.id, org_unit_id=hook.unit_id,
                 after={"delivery_id": delivery.id, "delivered": delivered})
    return delivery_view(delivery)

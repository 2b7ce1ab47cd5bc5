from typing import Annotated

from fastapi import APIRouter, Query, status

from backend.auth.deps import AdminDep, PrincipalDep
from backend.db import SessionDep
from backend.kit.pagination import Page, PageDep
from backend.webhooks import schemas, service

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.get("", operation_id="webhooks:list", response_model=list[schemas.Webhook])
async def list_webhooks(session: SessionDep, principal: PrincipalDep) -> list[schemas.Webhook]:
    """Admins: the subscriptions of their subtree. An API client (its client-credentials token):
    the subscriptions made for it."""
    return [schemas.Webhook.model_validate(w) for w in await service.webhooks(session, principal)]


@router.post("", operation_id="webhooks:create", response_model=schemas.WebhookCreated,
             status_code=status.HTTP_201_CREATED)
async def create_webhook(session: SessionDep, principal: AdminDep,
                         data: schemas.WebhookCreate) -> schemas.WebhookCreated:
    """Subscribe a URL to events of a subtree: `plan.issued`, `submission.submitted`,
    `submission.approved`, `submission.returned`, `assignment.overdue`, or `*`. With `client_id`
    the subscription is the API client's: it reads it and its deliveries with its own token.

    Each delivery is a POST of `{id, event, occurred_at, org_unit: {id, code, name, kind}, data}`
    with the headers `X-QCDC-Event`, `X-QCDC-Delivery` (the same on every retry: deduplicate on
    it), `X-QCDC-Timestamp` (unix seconds of this attempt) and
    `X-QCDC-Signature: t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Verify
    it before trusting the body, and refuse a timestamp more than 5 minutes old (a replay):

    ```python
    import hashlib, hmac, time

    def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
        fields = dict(part.split("=", 1) for part in header.split(","))
        signed = f"{fields['t']}.".encode() + body
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        fresh = abs(time.time() - int(fields["t"])) <= tolerance
        return fresh and hmac.compare_digest(expected, fields["v1"])
    ```

    Answer 2xx within `QCDC_WEBHOOK_TIMEOUT_SECONDS`; anything else is retried with exponential
    backoff until the attempts run out. The secret is shown once, in this answer."""
    return await service.create_webhook(session, principal, data)


@router.patch("/{webhook_id}", operation_id="webhooks:update",
              response_model=schemas.Webhook | schemas.WebhookCreated)
async def update_webhook(session: SessionDep, principal: AdminDep, webhook_id: int,
                         data: schemas.WebhookUpdate) -> schemas.Webhook | schemas.WebhookCreated:
    """Change the URL or events, pause or resume, or rotate the signing secret (the new one is
    shown once, in this answer)."""
    return await service.update_webhook(session, principal, webhook_id, data)


@router.get("/{webhook_id}/deliveries", operation_id="webhooks:deliveries",
            response_model=Page[schemas.Delivery])
async def list_deliveries(
    session: SessionDep, principal: PrincipalDep, webhook_id: int, page: PageDep,
    status_: Annotated[schemas.DeliveryStatus | None, Query(alias="status")] = None,
) -> Page[schemas.Delivery]:
    """The delivery log, newest first: attempts, the last answer or error, the next attempt, and
    whether it was delivered or given up. For admins of the subtree and the client it serves."""
    items, pagination = await service.deliveries(session, principal, webhook_id, status_, page)
    return Page(items=items, pagination=pagination)


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver", operation_id="webhooks:redeliver",
             response_model=schemas.Delivery)
async def redeliver(session: SessionDep, principal: AdminDep, webhook_id: int,
                    delivery_id: int) -> schemas.Delivery:
    """Attempt an undelivered delivery now (a given-up one included), with the same
    X-QCDC-Delivery; answers the delivery as this attempt left it."""
    return await service.redeliver(session, principal, webhook_id, delivery_id)

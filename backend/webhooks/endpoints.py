from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response, status

from backend.auth.deps import AdminDep, PrincipalDep
from backend.db import SessionDep
from backend.kit import netguard
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.webhooks import schemas, service
from backend.webhooks.events import CATALOGUE, Event

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


def resolver() -> netguard.Resolver:
    """How the checks of a URL resolve its name: the system's (tests substitute their own)."""
    return netguard.system_resolver


ResolverDep = Annotated[netguard.Resolver, Depends(resolver)]


@router.get("", operation_id="webhooks:list", response_model=list[schemas.Webhook])
async def list_webhooks(session: SessionDep, principal: PrincipalDep) -> list[schemas.Webhook]:
    """Admins: the subscriptions of their subtree. An API client (its client-credentials token):
    the subscriptions made for it."""
    return [schemas.Webhook.model_validate(w) for w in await service.webhooks(session, principal)]


@router.post("", operation_id="webhooks:create", response_model=schemas.WebhookCreated,
             status_code=status.HTTP_201_CREATED)
async def create_webhook(session: SessionDep, principal: AdminDep, data: schemas.WebhookCreate,
                         dns: ResolverDep) -> schemas.WebhookCreated:
    """Subscribe a URL to events of a subtree: `plan.issued`, `submission.submitted`,
    `submission.approved`, `submission.returned`, `assignment.overdue`, or `*`. With `client_id`
    the subscription is the API client's: it reads it and its deliveries with its own token.

    The URL must lead to a public address (or one of `QCDC_WEBHOOK_ALLOWED_NETWORKS`), its name
    resolving to public addresses only, over https in production: else 422
    `webhook_url_refused`. Every attempt checks again, and connects to the address it checked.

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
    backoff until the attempts run out; redirects are not followed. The secret is shown once, in
    this answer."""
    return await service.create_webhook(session, principal, data, dns)


@router.patch("/{webhook_id}", operation_id="webhooks:update",
              response_model=schemas.Webhook | schemas.WebhookCreated)
async def update_webhook(session: SessionDep, principal: AdminDep, webhook_id: Id,
                         data: schemas.WebhookUpdate,
                         dns: ResolverDep) -> schemas.Webhook | schemas.WebhookCreated:
    """Change the URL (checked as when subscribing) or events, pause or resume, or rotate the
    signing secret (the new one is shown once, in this answer)."""
    return await service.update_webhook(session, principal, webhook_id, data, dns)


@router.delete("/{webhook_id}", operation_id="webhooks:delete",
               status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_webhook(session: SessionDep, principal: AdminDep, webhook_id: Id) -> Response:
    """Remove a subscription and its delivery log: nothing more is sent to it, pending deliveries
    included. The audit trail keeps what it was. To stop for a while instead, pause it."""
    await service.delete_webhook(session, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{webhook_id}/deliveries", operation_id="webhooks:deliveries",
            response_model=Page[schemas.Delivery])
async def list_deliveries(
    session: SessionDep, principal: PrincipalDep, webhook_id: Id, page: PageDep,
    status_: Annotated[schemas.DeliveryStatus | None, Query(alias="status")] = None,
) -> Page[schemas.Delivery]:
    """The delivery log, newest first: attempts, the last answer's status or why there was none,
    the next attempt, and whether it was delivered or given up. For admins of the subtree and the
    client it serves."""
    items, pagination = await service.deliveries(session, principal, webhook_id, status_, page)
    return Page(items=items, pagination=pagination)


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver", operation_id="webhooks:redeliver",
             response_model=schemas.Delivery)
async def redeliver(session: SessionDep, principal: AdminDep, webhook_id: Id, delivery_id: Id,
                    dns: ResolverDep) -> schemas.Delivery:
    """Attempt an undelivered delivery now (a given-up one included), with the same
    X-QCDC-Delivery; answers the delivery as this attempt left it."""
    return await service.redeliver(session, principal, webhook_id, delivery_id, dns)


# What QCDC sends to subscribers, for the OpenAPI `webhooks` section: documentation, never served.
announced = APIRouter(tags=["webhooks"])
_WHEN: dict[Event, str] = {
    "plan.issued": "A plan was issued (ban hành), with its number, symbol and span. `org_unit` is "
                   "the issuer.",
    "submission.submitted": "A unit submitted its report for a period. `org_unit` is the "
                            "reporting unit.",
    "submission.approved": "A reviewer approved a report: its figures now count in the "
                           "aggregates.",
    "submission.returned": "A reviewer returned a report, with a comment; a reopened approved "
                           "report comes as this event with `previous_status` = `approved`.",
    "assignment.overdue": "A task's occurrence passed its due date unfinished: announced once per "
                          "occurrence. `org_unit` is the carrying unit.",
}
_ANSWER: dict[int | str, dict[str, Any]] = {200: {"description": (
    "received (any 2xx); any other answer, or none within `QCDC_WEBHOOK_TIMEOUT_SECONDS`, is "
    "retried with exponential backoff")}}


def _receiver(payload: type[schemas.EventEnvelope]) -> Any:
    async def receive(
        body: payload,  # type: ignore[valid-type]
        x_qcdc_event: Annotated[Event, Header(alias="X-QCDC-Event",
                                              description="the event name, as in the body")],
        x_qcdc_delivery: Annotated[str, Header(alias="X-QCDC-Delivery", description=(
            "the delivery's id, the same on every retry: deduplicate on it"))],
        x_qcdc_timestamp: Annotated[int, Header(alias="X-QCDC-Timestamp",
                                                description="unix seconds of this attempt")],
        x_qcdc_signature: Annotated[str, Header(alias="X-QCDC-Signature", description=(
            't=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>: verify it and '
            "refuse a timestamp more than 5 minutes old"))],
    ) -> None:
        """The subscriber's endpoint: QCDC describes it (its body and headers) and never serves it;
        `announced` is only ever given to the app's `webhooks`, which FastAPI documents, not routes."""
    return receive


for _event in CATALOGUE:
    announced.add_api_route(
        _event, _receiver(schemas.PAYLOADS[_event]), methods=["POST"], response_class=Response,
        operation_id=f"events:{_event}", summary=_event, description=_WHEN[_event],
        responses=_ANSWER)

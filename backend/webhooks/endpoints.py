from fastapi import APIRouter, status

from backend.auth.deps import AdminDep
from backend.db import SessionDep
from backend.webhooks import schemas, service

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.get("", operation_id="webhooks:list", response_model=list[schemas.Webhook])
async def list_webhooks(session: SessionDep, principal: AdminDep) -> list[schemas.Webhook]:
    return [schemas.Webhook.model_validate(w) for w in await service.webhooks(session, principal)]


@router.post("", operation_id="webhooks:create", response_model=schemas.WebhookCreated,
             status_code=status.HTTP_201_CREATED)
async def create_webhook(session: SessionDep, principal: AdminDep,
                         data: schemas.WebhookCreate) -> schemas.WebhookCreated:
    """Subscribe a URL to events (`submission.approve`, `plan.issue`, `assignment.progress`, … or
    `*`) of a subtree; each delivery is a signed POST of the event, retried until it succeeds."""
    return await service.create_webhook(session, principal, data)


@router.patch("/{webhook_id}", operation_id="webhooks:update", response_model=schemas.Webhook)
async def update_webhook(session: SessionDep, principal: AdminDep, webhook_id: int,
                         data: schemas.WebhookUpdate) -> schemas.Webhook:
    return schemas.Webhook.model_validate(
        await service.update_webhook(session, principal, webhook_id, data))


@router.get("/{webhook_id}/deliveries", operation_id="webhooks:deliveries",
            response_model=list[schemas.Delivery])
async def list_deliveries(session: SessionDep, principal: AdminDep,
                          webhook_id: int) -> list[schemas.Delivery]:
    """The last hundred deliveries, newest first, with their attempts and errors."""
    return [schemas.Delivery.model_validate(d)
            for d in await service.deliveries(session, principal, webhook_id)]

"""Events for webhooks are the audit trail: every audited change is offered to the subscriptions
of its subtree, written to the outbox in the same transaction, and sent after it commits."""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import AuditEvent, OrgUnitTree, Webhook, WebhookDelivery


def event_name(event: AuditEvent) -> str:
    return f"{event.entity_type}.{event.action}"


def payload(event: AuditEvent) -> dict[str, Any]:
    return {"event": event_name(event), "occurred_at": event.occurred_at.isoformat(),
            "actor": event.actor_label, "entity_type": event.entity_type,
            "entity_id": event.entity_id, "org_unit_id": event.org_unit_id,
            "before": event.before, "after": event.after}


async def enqueue(session: AsyncSession, event: AuditEvent) -> None:
    above = select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == event.org_unit_id)
    subscribed = await session.scalars(select(Webhook).where(
        Webhook.is_active, or_(Webhook.unit_id.is_(None), Webhook.unit_id.in_(above))))
    name = event_name(event)
    for hook in subscribed:
        if name in hook.events or "*" in hook.events:
            session.add(WebhookDelivery(webhook_id=hook.id, event=name, payload=payload(event)))

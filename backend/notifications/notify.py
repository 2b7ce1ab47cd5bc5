"""Making notifications: once per user and event (the table's key). Reports returned or approved
and plans issued come from the audit trail (`from_audit`, called where an audited change is
recorded, as the webhook outbox is); reports and tasks falling due from the sweep (sweep.py);
reminders from a reviewer (service.remind)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.text import nfc
from backend.models import AuditEvent, OrgUnit, ReportingForm, Role
from backend.models.base import utcnow
from backend.notifications import kinds, repository
from backend.org_units import repository as units
from backend.periods import labels, rules
from backend.plans import repository as plans
from backend.webhooks.repository import submission_with_form

REPORTERS = (Role.reporter,)
# Whom an issued plan's task concerns in the unit it is given to.
TASK_HOLDERS = (Role.reporter, Role.planner)


async def notify(session: AsyncSession, user_ids: Iterable[int], kind: kinds.Kind, subject: str,
                 text: str, link: str | None) -> list[int]:
    """Notify each user once of (kind, subject); answers the users notified now."""
    now = utcnow()
    return await repository.claim(session, [_row(user_id, kind, subject, text, link, now)
                                            for user_id in sorted(set(user_ids))])


def _row(user_id: int, kind: kinds.Kind, subject: str, text: str, link: str | None,
         now: datetime) -> dict[str, Any]:
    return {"user_id": user_id, "kind": kind, "subject": subject, "text": nfc(text), "link": link,
            "created_at": now}


def report_words(form: ReportingForm, period: str, unit: OrgUnit) -> str:
    return kinds.report(form.name, labels.label(rules.parse_period(period)), unit.name)


# ---- from the audit trail ---------------------------------------------------------------------

_AUDITED: dict[tuple[str, str], kinds.Kind] = {
    ("submission", "approve"): "submission.approved",
    ("submission", "return"): "submission.returned",
    ("submission", "reopen"): "submission.returned",
    ("plan", "issue"): "plan.issued",
}


async def from_audit(session: AsyncSession, audited: AuditEvent) -> None:
    """Notify whom an audited change concerns, when it is one users are told of."""
    kind = _AUDITED.get((audited.entity_type, audited.action))
    if kind == "plan.issued":
        await _plan_issued(session, int(audited.entity_id))
    elif kind is not None:
        await _reviewed(session, kind, int(audited.entity_id), (audited.after or {}).get("comment"))


async def _reviewed(session: AsyncSession, kind: kinds.Kind, submission_id: int,
                    comment: str | None) -> None:
    found = await submission_with_form(session, submission_id)
    assert found is not None  # audited in the transaction that changed it
    submission, form = found
    unit = await units.get(session, submission.org_unit_id)
    assert unit is not None
    what = report_words(form, submission.period, unit)
    text = kinds.approved(what) if kind == "submission.approved" else kinds.returned(what, comment)
    # The version tells one return from the next: each is news.
    await notify(session, await repository.users_of(session, [unit.id], REPORTERS), kind,
                 f"submission:{submission.id}:v{submission.version}", text,
                 f"/reports/{submission.id}")


async def _plan_issued(session: AsyncSession, plan_id: int) -> None:
    plan = await plans.get(session, plan_id)
    assert plan is not None  # audited in the transaction that issued it
    # One statement for every unit the plan gives a task to: a national plan reaches thousands.
    now = utcnow()
    await repository.claim(session, [
        _row(user_id, "plan.issued", f"plan:{plan.id}:unit:{unit_id}",
             kinds.plan_issued(plan.symbol, plan.title, name), "/tasks", now)
        for user_id, unit_id, name in await repository.task_holders(session, plan.id,
                                                                    TASK_HOLDERS)])

from typing import Annotated

from fastapi import APIRouter, Query

from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.notifications import service
from backend.notifications.schemas import (
    MissingReport,
    Notification,
    NotificationList,
    ReadAll,
    ReminderRequest,
    ReminderResult,
)

router = APIRouter(prefix="/notifications", tags=["notifications"])
# Beside the review queue (/submissions), so ahead of its /{submission_id} routes.
reminders = APIRouter(prefix="/submissions", tags=["submissions"])


@router.get("", operation_id="notifications:list", response_model=NotificationList)
async def list_notifications(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    unread: Annotated[bool, Query(description="only those not read yet")] = False,
) -> NotificationList:
    """The caller's own notifications, newest first, with the count of unread ones."""
    return await service.list_own(session, principal, unread, page)


@router.post("/read-all", operation_id="notifications:read-all", response_model=ReadAll)
async def read_all(session: SessionDep, principal: PrincipalDep) -> ReadAll:
    """Mark every notification of the caller read."""
    return await service.read_all(session, principal)


@router.post("/{notification_id}/read", operation_id="notifications:read",
             response_model=Notification)
async def read(session: SessionDep, principal: PrincipalDep, notification_id: Id) -> Notification:
    """Mark one of the caller's notifications read (another user's is not found)."""
    return await service.read(session, principal, notification_id)


@reminders.get("/missing", operation_id="submissions:missing", response_model=Page[MissingReport])
async def missing_reports(
    session: SessionDep, principal: PrincipalDep, page: PageDep, form_id: Id,
    period: Annotated[str, Query(max_length=16, description="e.g. 2024, 2024Q1")],
) -> Page[MissingReport]:
    """Units of the reviewer's line expected to report the form for the period that have not
    submitted it yet (none started, a draft, or returned), with their deadline."""
    items, pagination = await service.not_reported(session, principal, form_id, period, page)
    return Page(items=items, pagination=pagination)


@reminders.post("/reminders", operation_id="submissions:remind", response_model=ReminderResult)
async def remind(session: SessionDep, principal: PrincipalDep,
                 data: ReminderRequest) -> ReminderResult:
    """Remind the reporters of units that have not reported (in-app, and in their e-mail digest).
    Once a unit a day: 409 `already_reminded` when every unit named was reminded today."""
    return await service.remind(session, principal, data)

"""Accounts: admins manage the users of their subtree; a country admin manages all."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record, snapshot
from backend.auth import sessions
from backend.auth.principal import Principal
from backend.auth.scope import country_wide, may_see
from backend.auth.service import unlock_sign_in
from backend.config import get_settings
from backend.errors import Forbidden, NotFound
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.security import hash_password
from backend.kit.unit_of_work import flush
from backend.models import Role, User, UserRole
from backend.users import repository
from backend.users.errors import InvalidUserUnit, UsernameTaken
from backend.users.schemas import OwnSettings, UserCreate, UserUpdate

AUDITED = ("username", "full_name", "unit_id", "roles", "is_active", "email")
OWN = ("email", "email_notifications")


async def _check_unit(session: AsyncSession, principal: Principal, unit_id: int | None,
                      roles: list[Role]) -> None:
    if unit_id is None:
        if not country_wide(principal):
            raise Forbidden("Only a country-wide admin may create users without a unit.")
        if roles != [Role.admin]:
            raise InvalidUserUnit("Only a country-wide admin may have no unit.",
                                  errors=[{"loc": ["body", "unit_id"], "msg": "required",
                                           "type": "missing"}])
        return
    if not await may_see(session, principal, unit_id, acting_as=Role.admin):
        raise InvalidUserUnit(f"No org unit {unit_id} that you administer.",
                              errors=[{"loc": ["body", "unit_id"],
                                       "msg": "unknown unit or outside your scope",
                                       "type": "value_error"}])


async def list_users(session: AsyncSession, principal: Principal, page: PageParams, *,
                     q: str | None, unit_id: int | None,
                     role: Role | None) -> tuple[list[User], Pagination]:
    return await fetch_page(session, repository.list_query(principal, q=q, unit_id=unit_id,
                                                           role=role), page)


async def get_user(session: AsyncSession, principal: Principal, user_id: int) -> User:
    user = await repository.get_managed(session, principal, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user


async def create_user(session: AsyncSession, principal: Principal, data: UserCreate) -> User:
    roles = sorted(set(data.roles))
    await _check_unit(session, principal, data.unit_id, roles)
    if await repository.get_by_username(session, data.username) is not None:
        raise UsernameTaken(f"The username {data.username} is taken.")
    user = await repository.add(session, User(
        username=data.username, full_name=data.full_name, unit_id=data.unit_id,
        password_hash=hash_password(data.password), is_active=True, email=data.email,
        role_rows=[UserRole(role=role) for role in roles]))
    await record(session, principal, "create", "user", user.id,
                 after=snapshot(user, AUDITED), org_unit_id=user.unit_id)
    return user


async def update_user(session: AsyncSession, principal: Principal, user_id: int,
                      data: UserUpdate) -> User:
    user = await get_user(session, principal, user_id)
    before = snapshot(user, AUDITED)
    fields = data.model_fields_set
    roles = sorted(set(data.roles)) if data.roles is not None else user.roles
    if "unit_id" in fields or data.roles is not None:
        await _check_unit(session, principal, data.unit_id if "unit_id" in fields
                          else user.unit_id, roles)
        user.unit_id = data.unit_id if "unit_id" in fields else user.unit_id
    if data.roles is not None:
        user.role_rows = [UserRole(role=role) for role in roles]
    if data.full_name is not None:
        user.full_name = data.full_name
    if data.is_active is not None:
        user.is_active = data.is_active
    if "email" in fields:
        user.email = data.email
    if data.password is not None:
        user.password_hash = hash_password(data.password)
    # Whoever held the old password, or the account, may hold its tokens: none outlives the change.
    if data.is_active is False:
        await sessions.end_all(session, user.id, "disabled")
    elif data.password is not None:
        await sessions.end_all(session, user.id, "password")
    if data.unlock:
        await unlock_sign_in(get_settings(), user.username)
    await repository.flush_with_unit(session, user)
    await record(session, principal, "update", "user", user.id, before=before,
                 after={**snapshot(user, AUDITED),
                        **({"password": "changed"} if data.password else {})},
                 org_unit_id=user.unit_id)
    return user


async def active_accounts(session: AsyncSession, unit_ids: list[int]) -> list[User]:
    return await repository.active_of_units(session, unit_ids)


async def hand_over_accounts(session: AsyncSession, principal: Principal, accounts: list[User],
                             successor_id: int | None) -> None:
    """The accounts of a unit that closes: moved to its successor, or disabled (None) with every
    token they hold, so none keeps rights over a unit that no longer exists. Whoever may close
    the unit decides this, as part of the reorganisation."""
    for user in accounts:
        before = snapshot(user, AUDITED)
        if successor_id is None:
            user.is_active = False
            await sessions.end_all(session, user.id, "disabled")
        else:
            user.unit_id = successor_id
        await record(session, principal, "update", "user", user.id, before=before,
                     after=snapshot(user, AUDITED), org_unit_id=successor_id or before["unit_id"])


async def update_own(session: AsyncSession, principal: Principal, data: OwnSettings) -> User:
    """The caller's own e-mail address and whether notifications are mailed to it."""
    user = await repository.get_by_username(session, principal.username)
    if user is None:
        raise NotFound("The signed-in account no longer exists.")
    before = snapshot(user, OWN)
    if "email" in data.model_fields_set:
        user.email = data.email
    if data.email_notifications is not None:
        user.email_notifications = data.email_notifications
    await flush(session)
    await record(session, principal, "update", "user", user.id, before=before,
                 after=snapshot(user, OWN), org_unit_id=user.unit_id)
    return user

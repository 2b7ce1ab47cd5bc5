from typing import Annotated

from fastapi import APIRouter, Query, status

from backend.auth.deps import AdminDep
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.models import Role
from backend.users import service
from backend.users.schemas import User, UserCreate, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", operation_id="users:list", response_model=Page[User])
async def list_users(
    session: SessionDep, principal: AdminDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    unit_id: Id | None = None, role: Role | None = None,
) -> Page[User]:
    users, pagination = await service.list_users(session, principal, page, q=q, unit_id=unit_id,
                                                 role=role)
    return Page(items=[User.model_validate(u) for u in users], pagination=pagination)


@router.post("", operation_id="users:create", response_model=User,
             status_code=status.HTTP_201_CREATED)
async def create_user(session: SessionDep, principal: AdminDep, data: UserCreate) -> User:
    return User.model_validate(await service.create_user(session, principal, data))


@router.get("/{user_id}", operation_id="users:get", response_model=User)
async def get_user(session: SessionDep, principal: AdminDep, user_id: Id) -> User:
    return User.model_validate(await service.get_user(session, principal, user_id))


@router.patch("/{user_id}", operation_id="users:update", response_model=User)
async def update_user(session: SessionDep, principal: AdminDep, user_id: Id,
                      data: UserUpdate) -> User:
    """Change name, unit, roles or password; `is_active=false` disables, `unlock` lifts the sign-in
    locks. A new password or disabling ends every session and API token of the user."""
    return User.model_validate(await service.update_user(session, principal, user_id, data))

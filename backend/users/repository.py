from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import unit_filter
from backend.kit.text import fold
from backend.models import Role, User, UserRole


def list_query(principal: Principal, *, q: str | None, unit_id: int | None,
               role: Role | None) -> Select[User]:
    query = select(User).where(unit_filter(principal, User.unit_id, acting_as=Role.admin))
    if q:
        pattern = fold(q)
        query = query.where(User.username.contains(pattern, autoescape=True)
                            | User.full_name.icontains(q.strip(), autoescape=True))
    if unit_id is not None:
        query = query.where(User.unit_id == unit_id)
    if role is not None:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return query.order_by(User.username)


async def get_managed(session: AsyncSession, principal: Principal, user_id: int) -> User | None:
    return await session.scalar(select(User).where(
        User.id == user_id, unit_filter(principal, User.unit_id, acting_as=Role.admin)))


async def get_by_username(session: AsyncSession, username: str) -> User | None:
    return await session.scalar(select(User).where(User.username == username))


async def add(session: AsyncSession, user: User) -> User:
    session.add(user)
    await session.flush()
    await session.refresh(user, ["unit"])
    return user


async def flush_with_unit(session: AsyncSession, user: User) -> None:
    """A changed `unit_id` leaves the loaded `user.unit` the old unit, which the answer names,
    until it is read again."""
    await session.flush()
    await session.refresh(user, ["unit"])


async def active_of_units(session: AsyncSession, unit_ids: list[int]) -> list[User]:
    return list(await session.scalars(select(User).where(User.unit_id.in_(unit_ids),
                                                         User.is_active.is_(True))
                                      .order_by(User.id)))

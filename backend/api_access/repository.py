"""All SQL of API tokens and API clients as their owners and administrators manage them."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import unit_filter
from backend.models import ApiClient, ApiToken, Role, User


async def tokens_of_user(session: AsyncSession, user_id: int) -> list[ApiToken]:
    return list(await session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                                      .order_by(ApiToken.id.desc())))


async def api_token(session: AsyncSession, token_id: int) -> ApiToken | None:
    return await session.get(ApiToken, token_id)


async def add_token(session: AsyncSession, token: ApiToken) -> ApiToken:
    session.add(token)
    await session.flush()
    return token


def _administered(principal: Principal) -> Select[ApiClient]:
    """The API clients whose service account sits in the caller's administered subtree."""
    return select(ApiClient).join(User, User.id == ApiClient.user_id).where(
        unit_filter(principal, User.unit_id, acting_as=Role.admin))


async def administered_clients(session: AsyncSession, principal: Principal) -> list[ApiClient]:
    return list(await session.scalars(_administered(principal).order_by(ApiClient.client_id)))


async def administered_client(session: AsyncSession, principal: Principal,
                              client_pk: int) -> ApiClient | None:
    return await session.scalar(_administered(principal).where(ApiClient.id == client_pk))


async def add_client(session: AsyncSession, client: ApiClient) -> ApiClient:
    session.add(client)
    await session.flush()
    await session.refresh(client, ["user"])
    return client

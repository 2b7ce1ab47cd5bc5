"""API tokens (scripts, per user) and API clients (the portal, with a service account)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api_access import repository, schemas
from backend.audit.service import record
from backend.auth.errors import InsufficientScope
from backend.auth.principal import Principal
from backend.auth.repository import api_client, api_client_by_client_id
from backend.auth.scopes import within
from backend.config import get_settings
from backend.errors import Conflict, InvalidInput, NotFound, field_error
from backend.kit.security import digest_token, hash_password, new_api_token, new_client_secret
from backend.models import ApiClient, ApiToken
from backend.org_units.schemas import OrgUnitRef
from backend.users.schemas import UserCreate
from backend.users.service import create_user


class ClientIdTaken(Conflict):
    code = "client_id_taken"


async def tokens_of(session: AsyncSession, principal: Principal) -> list[ApiToken]:
    return await repository.tokens_of_user(session, principal.user_id)


async def create_token(session: AsyncSession, principal: Principal,
                       data: schemas.ApiTokenCreate) -> schemas.ApiTokenCreated:
    if principal.scopes is not None and not within(set(data.scopes), principal.scopes):
        raise InsufficientScope("A token cannot make a token with scopes it does not hold itself.")
    client = (await api_client(session, principal.api_client_id)
              if principal.api_client_id is not None else None)
    token = new_api_token()
    row = await repository.add_token(session, ApiToken(
        user_id=principal.user_id, name=data.name, prefix=token[:12],
        token_digest=digest_token(token), scopes=sorted(set(data.scopes)),
        expires_at=_expiry(principal, data.expires_in_days),
        api_client_id=client.id if client else None,
        client_generation=client.token_generation if client else None))
    await record(session, principal, "create", "api_token", row.id, org_unit_id=principal.unit_id,
                 after={"name": row.name, "scopes": row.scopes, "prefix": row.prefix})
    return schemas.ApiTokenCreated(**schemas.ApiToken.model_validate(row).model_dump(), token=token)


def _expiry(principal: Principal, days: int | None) -> datetime:
    """Within the server's maximum, and never after the API token that asks for it."""
    longest = get_settings().api_token_max_days
    if days is not None and days > longest:
        raise InvalidInput(f"An API token lives at most {longest} days.", errors=[
            field_error(["body", "expires_in_days"], f"at most {longest}")])
    expires = datetime.now(UTC) + timedelta(days=days or longest)
    return min(expires, principal.expires_at) if principal.expires_at else expires


async def revoke_token(session: AsyncSession, principal: Principal, token_id: int) -> None:
    row = await repository.api_token(session, token_id)
    if row is None or row.user_id != principal.user_id or row.revoked_at is not None:
        raise NotFound(f"No active API token {token_id} of yours.")
    row.revoked_at = datetime.now(UTC)
    await record(session, principal, "revoke", "api_token", row.id, org_unit_id=principal.unit_id,
                 before={"revoked_at": None}, after={"revoked_at": row.revoked_at.isoformat()})


def client_view(client: ApiClient) -> schemas.ApiClient:
    user = client.user
    return schemas.ApiClient(id=client.id, client_id=client.client_id, name=client.name,
                             unit=OrgUnitRef.model_validate(user.unit) if user.unit else None,
                             roles=user.roles, scopes=client.scopes, is_active=client.is_active,
                             rate_limit_per_minute=client.rate_limit_per_minute)


async def clients(session: AsyncSession, principal: Principal) -> list[ApiClient]:
    return await repository.administered_clients(session, principal)


async def get_client(session: AsyncSession, principal: Principal, client_id: int) -> ApiClient:
    found = await repository.administered_client(session, principal, client_id)
    if found is None:
        raise NotFound(f"No API client {client_id}.")
    return found


async def create_client(session: AsyncSession, principal: Principal,
                        data: schemas.ApiClientCreate) -> schemas.ApiClientCreated:
    if await api_client_by_client_id(session, data.client_id) is not None:
        raise ClientIdTaken(f"The client id {data.client_id} is taken.")
    secret = new_client_secret()
    # The service account: never signs in with a password (a random one no one knows).
    account = await create_user(session, principal, UserCreate(
        username=f"client.{data.client_id}"[:64], full_name=data.name, unit_id=data.unit_id,
        roles=data.roles, password=new_client_secret()))
    client = await repository.add_client(session, ApiClient(
        client_id=data.client_id, name=data.name, secret_hash=hash_password(secret),
        user_id=account.id, scopes=sorted(set(data.scopes)), is_active=True,
        rate_limit_per_minute=data.rate_limit_per_minute))
    await record(session, principal, "create", "api_client", client.id, org_unit_id=data.unit_id,
                 after={"client_id": client.client_id, "scopes": client.scopes})
    return schemas.ApiClientCreated(**client_view(client).model_dump(), client_secret=secret)


async def update_client(session: AsyncSession, principal: Principal, client_id: int,
                        data: schemas.ApiClientUpdate) -> schemas.ApiClient | schemas.ApiClientCreated:
    client = await get_client(session, principal, client_id)
    before = {"is_active": client.is_active, "scopes": client.scopes,
              "rate_limit_per_minute": client.rate_limit_per_minute}
    if data.is_active is not None:
        client.is_active = data.is_active
    if data.scopes is not None:
        client.scopes = sorted(set(data.scopes))
    if "rate_limit_per_minute" in data.model_fields_set:
        client.rate_limit_per_minute = data.rate_limit_per_minute
    secret = new_client_secret() if data.rotate_secret else None
    if secret:
        client.secret_hash = hash_password(secret)
    if secret or data.is_active is False:
        # Its tokens die with the old secret, or with the client, for good: enabling it again does
        # not bring them back.
        client.token_generation += 1
    await record(session, principal, "update", "api_client", client.id,
                 org_unit_id=client.user.unit_id, before=before,
                 after={"is_active": client.is_active, "scopes": client.scopes,
                        "rate_limit_per_minute": client.rate_limit_per_minute,
                        **({"secret": "rotated"} if secret else {})})
    view = client_view(client)
    return schemas.ApiClientCreated(**view.model_dump(), client_secret=secret) if secret else view



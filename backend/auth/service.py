"""Sign-in rules: Argon2 check, lock after repeated failures, short access and longer refresh tokens."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.errors import (
    AccountLocked,
    InvalidClient,
    InvalidCredentials,
    InvalidGrant,
    InvalidToken,
)
from backend.auth.principal import Principal
from backend.auth.schemas import Token
from backend.config import Settings
from backend.kit.security import (
    TokenError,
    digest_api_token,
    issue_token,
    read_token,
    verify_password,
)
from backend.models import ApiClient, ApiToken, User


def _tokens_for(user: User, settings: Settings) -> Token:
    lifetime = timedelta(minutes=settings.access_token_minutes)
    return Token(
        access_token=issue_token(str(user.id), "access", settings.secret_key, lifetime),
        expires_in=int(lifetime.total_seconds()),
        refresh_token=issue_token(str(user.id), "refresh", settings.secret_key,
                                  timedelta(days=settings.refresh_token_days)),
    )


def _raise_if_locked(user: User, now: datetime) -> None:
    if user.locked_until is not None and user.locked_until > now:
        until = user.locked_until
        raise AccountLocked(
            f"The account is locked after repeated wrong passwords until {until:%H:%M} UTC"
            f" on {until:%d/%m/%Y}.", locked_until=until.isoformat())


async def sign_in(session: AsyncSession, settings: Settings, username: str,
                  password: str) -> Token:
    user = await session.scalar(select(User).where(User.username == username.strip().lower()))
    now = datetime.now(UTC)
    if user is not None:
        _raise_if_locked(user, now)
    if user is None or not verify_password(password, user.password_hash) or not user.is_active:
        if user is not None and user.is_active:
            _count_failure(user, settings, now)
        raise InvalidCredentials("Wrong username or password.")
    user.failed_logins = 0
    user.locked_until = None
    return _tokens_for(user, settings)


def _count_failure(user: User, settings: Settings, now: datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= settings.lockout_attempts:
        user.failed_logins = 0
        user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
        _raise_if_locked(user, now)


async def refresh(session: AsyncSession, settings: Settings, refresh_token: str) -> Token:
    try:
        claims = read_token(refresh_token, "refresh", settings.secret_key)
    except TokenError as exc:
        raise InvalidGrant("The refresh token is invalid or expired; sign in again.") from exc
    user = await session.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        raise InvalidGrant("The account no longer exists or is disabled.")
    _raise_if_locked(user, datetime.now(UTC))
    return _tokens_for(user, settings)


async def client_credentials(session: AsyncSession, settings: Settings, client_id: str,
                             client_secret: str) -> Token:
    """OAuth2 client credentials: a portal's access token, acting as its service account."""
    client = await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    if (client is None or not verify_password(client_secret, client.secret_hash)
            or not client.is_active or not client.user.is_active):
        raise InvalidClient("Unknown client or wrong secret.")
    lifetime = timedelta(minutes=settings.access_token_minutes)
    scope = " ".join(client.scopes)
    return Token(access_token=issue_token(str(client.user_id), "access", settings.secret_key,
                                          lifetime, scp=client.scopes, cid=client.client_id),
                 expires_in=int(lifetime.total_seconds()), scope=scope)


async def api_token_principal(session: AsyncSession, token: str) -> Principal:
    """The user behind a script's API token, with the token's scopes; stamps its last use."""
    found = await session.scalar(select(ApiToken).where(
        ApiToken.token_digest == digest_api_token(token)))
    now = datetime.now(UTC)
    if (found is None or found.revoked_at is not None or not found.user.is_active
            or (found.expires_at is not None and found.expires_at <= now)):
        raise InvalidToken("The API token is unknown, revoked or expired.")
    found.last_used_at = now
    return Principal.of(found.user, may_write="write" in found.scopes)

"""Sign-in rules: Argon2 check, lock after repeated failures, short access and longer refresh tokens."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.errors import (
    AccountLocked,
    IdentityProviderUnavailable,
    InvalidClient,
    InvalidCredentials,
    InvalidGrant,
    InvalidToken,
    RateLimited,
)
from backend.auth.oidc import JwksUnavailable, jwks_cache
from backend.auth.principal import Principal
from backend.auth.schemas import Token
from backend.config import Settings
from backend.kit.ratelimit import InProcessRateLimiter, RateLimiter, RedisRateLimiter, retry_after
from backend.kit.security import (
    TokenError,
    UnknownSigningKey,
    digest_api_token,
    issue_token,
    issuer_of,
    read_oidc_token,
    read_token,
    verify_password,
)
from backend.models import ApiClient, ApiToken, User

rate_limiter = InProcessRateLimiter()


@lru_cache
def _shared_rate_limiter(redis_url: str) -> RedisRateLimiter:
    return RedisRateLimiter.from_url(redis_url)


def _rate_limiter(settings: Settings) -> RateLimiter:
    """One limiter per process, picked by the settings. It follows redis_url at each call rather than
    being fixed at import, because tests change the cached settings in place."""
    return _shared_rate_limiter(settings.redis_url) if settings.redis_url else rate_limiter


def tokens_for(user: User, settings: Settings) -> Token:
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
    return tokens_for(user, settings)


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
    return tokens_for(user, settings)


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


async def api_token_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """The user behind a script's API token, with the token's scopes; stamps its last use."""
    found = await session.scalar(select(ApiToken).where(
        ApiToken.token_digest == digest_api_token(token)))
    now = datetime.now(UTC)
    if (found is None or found.revoked_at is not None or not found.user.is_active
            or (found.expires_at is not None and found.expires_at <= now)):
        raise InvalidToken("The API token is unknown, revoked or expired.")
    await _throttle(settings, f"token:{found.id}", settings.rate_limit_per_minute)
    found.last_used_at = now
    return Principal.of(found.user, scopes=frozenset(found.scopes))


async def bearer_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """The caller of a JWT: QCDC's own access token, or the identity provider's when SSO is on."""
    if settings.oidc_enabled and issuer_of(token) == settings.oidc_issuer:
        return await _sso_principal(session, settings, token)
    try:
        claims = read_token(token, "access", settings.secret_key)
    except TokenError as exc:
        raise InvalidToken("The access token is invalid or expired.") from exc
    user = await session.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        raise InvalidToken("The account of this token no longer exists or is disabled.")
    if "cid" not in claims:
        return Principal.of(user)
    return await _client_principal(session, settings, user, claims)


async def _client_principal(session: AsyncSession, settings: Settings, user: User,
                            claims: dict[str, Any]) -> Principal:
    """A portal's token is worth what its client is worth now: disabling the client or narrowing its
    scopes takes effect on the next call, not when the token expires."""
    client = await session.scalar(select(ApiClient).where(ApiClient.client_id == claims["cid"]))
    if client is None or not client.is_active or client.user_id != user.id:
        raise InvalidToken("The API client of this token is disabled or no longer exists.")
    await _throttle(settings, f"client:{client.client_id}",
                    client.rate_limit_per_minute or settings.rate_limit_per_minute)
    return Principal.of(user, scopes=frozenset(claims.get("scp", [])) & frozenset(client.scopes))


async def _sso_principal(session: AsyncSession, settings: Settings, token: str) -> Principal:
    """A person signed in at the provincial identity provider, as the QCDC user its claim names."""
    claims = await verified_sso_claims(settings, token, str(settings.oidc_audience))
    return Principal.of(await sso_user(session, settings, claims))


async def sso_user(session: AsyncSession, settings: Settings, claims: dict[str, Any]) -> User:
    username = claims.get(settings.oidc_username_claim)
    user = (await session.scalar(select(User).where(User.username == username.strip().lower()))
            if isinstance(username, str) else None)
    if user is None or not user.is_active:
        raise InvalidToken(f"No active QCDC account matches this sign-in "
                           f"({settings.oidc_username_claim}={username!r}).")
    return user


async def verified_sso_claims(settings: Settings, token: str, audience: str) -> dict[str, Any]:
    """`audience`: QCDC's as a resource (API calls), or its client id (the web sign-in's ID token)."""
    issuer = str(settings.oidc_issuer)
    try:
        try:
            return read_oidc_token(token, await jwks_cache.keys(settings), issuer, audience)
        except UnknownSigningKey:
            # The provider may have rotated its keys since we fetched them.
            return read_oidc_token(token, await jwks_cache.keys(settings, refresh=True), issuer,
                                   audience)
    except TokenError as exc:
        raise InvalidToken("The identity provider's token is invalid or expired.") from exc
    except JwksUnavailable as exc:
        raise IdentityProviderUnavailable(str(exc)) from exc


async def _throttle(settings: Settings, caller: str, per_minute: int) -> None:
    wait = await _rate_limiter(settings).take(caller, per_minute)
    if wait:
        raise RateLimited(f"More than {per_minute} requests a minute: try again in "
                          f"{retry_after(wait)} s.", headers={"Retry-After": retry_after(wait)})

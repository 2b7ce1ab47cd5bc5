"""Sign-in sessions: the refresh tokens of one sign-in form a family that rotates on every use.

A refresh token is good for one renewal; the session keeps only the digest of the latest. When an
older one comes back it has been copied, by a thief or from its owner, and which of the two holds the
newer one cannot be told: the whole session ends. Access tokens name their session (`sid`) and stop
working the moment it ends: at sign-out, at a replay, when the password changes or the account is
disabled.
"""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth import repository
from backend.auth.errors import InvalidGrant, RefreshTokenReused
from backend.auth.schemas import Token
from backend.config import Settings
from backend.kit.security import TokenError, TokenKind, digest_token, issue_token, read_token
from backend.models import AuthSession, User

EndReason = Literal["sign_out", "reuse", "password", "disabled"]
# Ids are PostgreSQL integers: a larger one names no session (and must not reach the query).
_MAX_ID = 2**31 - 1


async def start(session: AsyncSession, settings: Settings, user: User) -> Token:
    """A new session for a user who has just proved who they are."""
    now = datetime.now(UTC)
    # Sweeping the user's expired sessions here keeps the table as small as the live ones.
    await repository.delete_expired_sessions(session, user.id, now)
    row = await repository.add_auth_session(
        session, AuthSession(user_id=user.id, refresh_digest="", expires_at=now))
    return _renew(row, settings, now)


async def refresh(session: AsyncSession, settings: Settings, refresh_token: str) -> Token:
    try:
        claims = read_token(refresh_token, "refresh", settings.secret_key)
    except TokenError as exc:
        raise InvalidGrant("The refresh token is invalid or expired; sign in again.") from exc
    row = await _locked(session, claims)
    if row is None or row.revoked_at is not None:
        raise InvalidGrant("This session has ended; sign in again.")
    if not secrets.compare_digest(row.refresh_digest, digest_token(refresh_token)):
        _end(row, "reuse", datetime.now(UTC))
        raise RefreshTokenReused("This refresh token was used before, so its session has ended "
                                 "for safety; sign in again.")
    if not row.user.is_active:
        raise InvalidGrant("The account is disabled.")
    return _renew(row, settings, datetime.now(UTC))


async def revoke(session: AsyncSession, settings: Settings, token: str) -> None:
    """RFC 7009: a refresh or access token of a session ends it; any other token changes nothing."""
    kinds: tuple[TokenKind, ...] = ("refresh", "access")
    for kind in kinds:
        try:
            claims = read_token(token, kind, settings.secret_key)
        except TokenError:
            continue
        row = await _session_of(session, claims)
        if row is not None and row.revoked_at is None:
            _end(row, "sign_out", datetime.now(UTC))
        return


async def user_of(session: AsyncSession, claims: dict[str, Any]) -> User | None:
    """The active user of an access token whose session is live."""
    row = await _session_of(session, claims)
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    return row.user


async def end_all(session: AsyncSession, user_id: int, reason: EndReason) -> None:
    """Every token of the user dies: sessions with their access tokens, and API tokens."""
    now = datetime.now(UTC)
    await repository.end_sessions(session, user_id, reason, now)
    await repository.revoke_api_tokens(session, user_id, now)


def _renew(row: AuthSession, settings: Settings, now: datetime) -> Token:
    """New access and refresh tokens; the refresh token given before is spent."""
    access = timedelta(minutes=settings.access_token_minutes)
    lifetime = timedelta(days=settings.refresh_token_days)
    subject, sid = str(row.user_id), str(row.id)
    refresh_token = issue_token(subject, "refresh", settings.secret_key, lifetime, sid=sid)
    row.refresh_digest = digest_token(refresh_token)
    row.expires_at = now + lifetime
    return Token(access_token=issue_token(subject, "access", settings.secret_key, access, sid=sid),
                 expires_in=int(access.total_seconds()), refresh_token=refresh_token)


def _end(row: AuthSession, reason: EndReason, now: datetime) -> None:
    row.revoked_at, row.revoked_reason = now, reason


def _session_id(claims: dict[str, Any]) -> int | None:
    sid = claims.get("sid")
    return int(sid) if isinstance(sid, str) and sid.isdigit() and int(sid) <= _MAX_ID else None


async def _session_of(session: AsyncSession, claims: dict[str, Any]) -> AuthSession | None:
    sid = _session_id(claims)
    row = await repository.auth_session(session, sid) if sid is not None else None
    return row if row is not None and str(row.user_id) == claims["sub"] else None


async def _locked(session: AsyncSession, claims: dict[str, Any]) -> AuthSession | None:
    """The token's session, locked: two renewals with one token must not both succeed."""
    sid = _session_id(claims)
    if sid is None:
        return None
    row = await repository.locked_auth_session(session, sid)
    return row if row is not None and str(row.user_id) == claims["sub"] else None

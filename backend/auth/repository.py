"""All SQL of signing in: sessions, API tokens and API clients looked up by what a caller presents."""

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import ApiClient, ApiToken, AuthSession, User


async def user_by_id(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def api_client(session: AsyncSession, client_pk: int) -> ApiClient | None:
    return await session.get(ApiClient, client_pk)


async def api_client_by_client_id(session: AsyncSession, client_id: str) -> ApiClient | None:
    return await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))


async def api_token_by_digest(session: AsyncSession, digest: str) -> ApiToken | None:
    return await session.scalar(select(ApiToken).where(ApiToken.token_digest == digest))


async def auth_session(session: AsyncSession, session_id: int) -> AuthSession | None:
    return await session.get(AuthSession, session_id)


async def locked_auth_session(session: AsyncSession, session_id: int) -> AuthSession | None:
    """Re-read under a row lock, so that what an earlier read cached cannot pass for the latest."""
    return await session.scalar(select(AuthSession).where(AuthSession.id == session_id)
                                .with_for_update(of=AuthSession)
                                .execution_options(populate_existing=True))


async def add_auth_session(session: AsyncSession, row: AuthSession) -> AuthSession:
    session.add(row)
    await session.flush()
    return row


async def delete_expired_sessions(session: AsyncSession, user_id: int, now: datetime) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.user_id == user_id,
                                                    AuthSession.expires_at <= now))


async def end_sessions(session: AsyncSession, user_id: int, reason: str, now: datetime) -> None:
    await session.execute(update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)).values(
        revoked_at=now, revoked_reason=reason))


async def revoke_api_tokens(session: AsyncSession, user_id: int, now: datetime) -> None:
    await session.execute(update(ApiToken).where(
        ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(revoked_at=now))

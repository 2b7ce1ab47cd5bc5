"""`Idempotency-Key`: a retried request gets the first answer again and changes nothing."""

import hashlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.errors import Conflict
from backend.models import IdempotencyRecord


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


class HashingStream:
    """Passes a request body through while hashing it, so a retry can be recognised."""

    def __init__(self, chunks: AsyncIterator[bytes], salt: str) -> None:
        self.chunks = chunks
        self.digest = hashlib.sha256(salt.encode())

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.chunks:
            self.digest.update(chunk)
            yield chunk

    async def drain(self) -> str:
        async for _ in self:
            pass
        return self.digest.hexdigest()


async def earlier_answer(session: AsyncSession, principal: Principal, key: str,
                         body: HashingStream) -> tuple[int, dict[str, Any]] | None:
    record = await session.get(IdempotencyRecord, (principal.user_id, key))
    if record is None:
        return None
    if await body.drain() != record.request_hash:
        raise IdempotencyKeyReused("This Idempotency-Key was used for a different request.")
    return record.status_code, record.response


def remember(session: AsyncSession, principal: Principal, key: str, body: HashingStream,
             status_code: int, response: dict[str, Any]) -> None:
    session.add(IdempotencyRecord(user_id=principal.user_id, key=key,
                                  request_hash=body.digest.hexdigest(), status_code=status_code,
                                  response=response))

"""Requests per minute for machine callers: a token bucket per caller, in the memory of the process.

One bucket per API client or API token. The bucket holds a minute's worth of requests and refills
continuously, so a caller may burst up to its limit and then goes at the limit's pace. Several
server processes each keep their own buckets: the limit is per process (README: configuration).
"""

import math
import time
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self) -> None:
        self._buckets: dict[str, _Bucket] = {}

    def take(self, caller: str, per_minute: int) -> float:
        """Spend one request of the caller; answers 0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        rate = per_minute / 60.0
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = self._buckets[caller] = _Bucket(tokens=float(per_minute), at=now)
        bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / rate

    def forget(self) -> None:
        self._buckets.clear()


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))

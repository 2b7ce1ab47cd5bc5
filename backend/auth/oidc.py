"""The signing keys of the provincial identity provider, fetched from its JWKS and kept a while."""

import json
import time
from typing import Any

import anyio
import httpx

from backend.config import Settings

# A token naming an unknown key makes us fetch the JWKS again, but not more often than this, so a
# flood of forged key ids cannot hammer the provider.
_REFETCH_AFTER_SECONDS = 30.0


class JwksUnavailable(Exception):
    pass


class JwksCache:
    def __init__(self) -> None:
        self._keys: dict[str, Any] | None = None
        self._fetched_at = 0.0

    async def keys(self, settings: Settings, *, refresh: bool = False) -> dict[str, Any]:
        age = time.monotonic() - self._fetched_at
        stale = self._keys is None or age > settings.oidc_jwks_cache_seconds
        if stale or (refresh and age > _REFETCH_AFTER_SECONDS):
            self._keys = await _load(settings)
            self._fetched_at = time.monotonic()
        assert self._keys is not None
        return self._keys

    def forget(self) -> None:
        self._keys, self._fetched_at = None, 0.0


async def _load(settings: Settings) -> dict[str, Any]:
    try:
        if settings.oidc_jwks_file is not None:
            text = await anyio.Path(settings.oidc_jwks_file).read_text()
        else:
            async with httpx.AsyncClient(timeout=5) as http:
                response = await http.get(str(settings.oidc_jwks_url))
                response.raise_for_status()
                text = response.text
        document = json.loads(text)
    except (OSError, ValueError, httpx.HTTPError) as exc:
        raise JwksUnavailable(f"the identity provider's keys cannot be read: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksUnavailable("the identity provider's JWKS has no `keys` list")
    return document


jwks_cache = JwksCache()

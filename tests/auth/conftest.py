"""What the auth tests share: the provincial identity provider, configured as QCDC's SSO."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.auth.oidc import jwks_cache
from backend.config import get_settings
from tests.auth.identity_provider import AUDIENCE, ISSUER, IdentityProvider


@pytest.fixture
def provider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[IdentityProvider]:
    idp = IdentityProvider("key-2026")
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(json.dumps(idp.jwks()))
    settings = get_settings()
    monkeypatch.setattr(settings, "oidc_issuer", ISSUER)
    monkeypatch.setattr(settings, "oidc_audience", AUDIENCE)
    monkeypatch.setattr(settings, "oidc_jwks_file", jwks_file)
    jwks_cache.forget()
    yield idp
    jwks_cache.forget()

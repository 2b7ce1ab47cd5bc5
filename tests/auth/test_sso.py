"""Single sign-on: tokens of the provincial identity provider (OIDC, RS256, keys from a JWKS) are
accepted for existing QCDC users, and every forgery is refused."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from backend.auth.oidc import jwks_cache
from backend.config import get_settings
from tests.auth.identity_provider import AUDIENCE, ISSUER, IdentityProvider
from tests.helpers import assert_problem


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _handmade(claims: dict[str, Any], header: dict[str, Any], hmac_key: str | None = None) -> str:
    """A token written by hand: libraries refuse to make these forgeries."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = (hmac.new(hmac_key.encode(), signing_input.encode(), hashlib.sha256).digest()
                 if hmac_key else b"")
    return f"{signing_input}.{_b64(signature)}"


async def test_a_person_signed_in_at_the_provider_is_the_qcdc_user_its_claim_names(client,
                                                                                  provider):
    me = await client.get("/api/v1/auth/me", headers=_bearer(provider.token()))
    assert me.status_code == 200, me.text
    assert me.json()["username"] == "songvan.reporter"
    # The person acts with the user's rights: a reporter sees its own commune's reports.
    assert (await client.get("/api/v1/submissions", headers=_bearer(provider.token()))
            ).status_code == 200


async def test_wrong_issuer_audience_expiry_or_account_are_refused(client, provider):
    refused = [
        provider.token(iss="https://sso.elsewhere.gov.vn"),
        provider.token(aud="another-app"),
        provider.token(exp=int(time.time()) - 60),
        provider.token(preferred_username="nobody.here"),
        provider.token(preferred_username=None),
    ]
    for token in refused:
        assert_problem(await client.get("/api/v1/auth/me", headers=_bearer(token)), 401,
                       "invalid_token")


async def test_forged_signatures_and_algorithms_are_refused(client, provider):
    impostor = IdentityProvider(provider.kid)
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 300,
              "preferred_username": "bacgiang.admin"}
    forged = [
        impostor.token(preferred_username="bacgiang.admin"),
        _handmade(claims, {"alg": "none", "typ": "JWT", "kid": provider.kid}),
        # The classic confusion: HS256 signed with the provider's public key as the secret.
        _handmade(claims, {"alg": "HS256", "typ": "JWT", "kid": provider.kid}, provider.public_pem),
        provider.token(preferred_username="bacgiang.admin")[:-4] + "AAAA",
        IdentityProvider("unknown-kid").token(preferred_username="bacgiang.admin"),
    ]
    for token in forged:
        assert_problem(await client.get("/api/v1/auth/me", headers=_bearer(token)), 401,
                       "invalid_token")


async def test_qcdc_tokens_still_work_beside_sso(client, login, provider):
    assert (await client.get("/api/v1/auth/me", headers=await login("tanyen.planner"))
            ).status_code == 200


class _JwksHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


async def test_keys_come_from_the_providers_jwks_url(client, provider, monkeypatch):
    _JwksHandler.body = json.dumps(provider.jwks()).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _JwksHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = get_settings()
    try:
        monkeypatch.setattr(settings, "oidc_jwks_file", None)
        monkeypatch.setattr(settings, "oidc_jwks_url",
                            f"http://127.0.0.1:{server.server_address[1]}/certs")
        jwks_cache.forget()
        me = await client.get("/api/v1/auth/me", headers=_bearer(provider.token()))
        assert me.status_code == 200, me.text
    finally:
        server.shutdown()
    monkeypatch.setattr(settings, "oidc_jwks_url", "http://127.0.0.1:9/certs")
    jwks_cache.forget()
    assert_problem(await client.get("/api/v1/auth/me", headers=_bearer(provider.token())), 503,
                   "identity_provider_unavailable")

"""Signing in to the web app at the provincial identity provider (authorization code with PKCE): the
browser goes there and back, QCDC exchanges the code at a real (local) token endpoint, and hands the
web app QCDC's own tokens; every failure sends the browser back to the sign-in page with a reason."""

import base64
import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.config import get_settings
from tests.auth.identity_provider import IdentityProvider
from tests.helpers import assert_problem

AUTHORIZE = "https://sso.bacgiang.gov.vn/realms/egov/protocol/openid-connect/auth"
CLIENT_ID, CLIENT_SECRET = "qcdc-web", "web-client-secret"


class TokenEndpoint:
    """The provider's token endpoint: it knows the codes it gave out (for whom, with which PKCE
    challenge and nonce) and answers as a real one does."""

    def __init__(self, idp: IdentityProvider) -> None:
        self.idp = idp
        self.codes: dict[str, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(
                    int(self.headers["Content-Length"])).decode()).items()}
                endpoint.calls.append({"form": form, "auth": self.headers.get("Authorization")})
                status, body = endpoint.answer(form, self.headers.get("Authorization"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"

    def give_code(self, authorization: dict[str, str], username: str, **claims: Any) -> str:
        code = f"code-{len(self.codes)}"
        self.codes[code] = {"challenge": authorization["code_challenge"],
                            "redirect_uri": authorization["redirect_uri"],
                            "claims": {"aud": CLIENT_ID, "nonce": authorization["nonce"],
                                       "preferred_username": username, **claims}}
        return code

    def answer(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict[str, Any]]:
        basic = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != basic:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        return 200, {"access_token": "opaque", "token_type": "Bearer",
                     "id_token": self.idp.token(**grant["claims"])}

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def provider_sign_in(provider: IdentityProvider, monkeypatch: pytest.MonkeyPatch
                     ) -> Iterator[TokenEndpoint]:
    endpoint = TokenEndpoint(provider)
    settings = get_settings()
    for name, value in {"oidc_authorization_url": AUTHORIZE, "oidc_token_url": endpoint.url,
                        "oidc_client_id": CLIENT_ID, "oidc_client_secret": CLIENT_SECRET,
                        "oidc_login_label": "Tài khoản một cửa tỉnh Bắc Giang"}.items():
        monkeypatch.setattr(settings, name, value)
    yield endpoint
    endpoint.close()


async def _go_to_provider(client, next_path: str = "/plans") -> tuple[dict[str, str], str]:
    """The sign-in button: QCDC sends the browser to the provider, with the state in a cookie."""
    started = await client.get("/api/v1/auth/sso/login", params={"next": next_path})
    assert started.status_code == 302, started.text
    target = urlsplit(started.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == AUTHORIZE
    cookie = started.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "Path=/api/v1/auth/sso" in cookie
    return {k: v[0] for k, v in parse_qs(target.query).items()}, cookie.split(";")[0]


async def _come_back(client, cookie: str | None, **query: str) -> str:
    """The provider's redirect, in a browser holding `cookie` (None: a browser without it)."""
    client.cookies.clear()
    headers = {"Cookie": cookie} if cookie else {}
    back = await client.get("/api/v1/auth/sso/callback", params=query, headers=headers)
    assert back.status_code == 303, back.text
    return back.headers["location"]


def _fragment(location: str) -> dict[str, str]:
    assert location.startswith("/login/sso#"), location
    return {k: v[0] for k, v in parse_qs(location.split("#", 1)[1]).items()}


async def test_an_official_signs_in_at_the_provider_and_gets_qcdc_tokens(client, provider_sign_in):
    info = (await client.get("/api/v1/auth/sso")).json()
    assert info == {"enabled": True, "label": "Tài khoản một cửa tỉnh Bắc Giang"}
    authorization, cookie = await _go_to_provider(client)
    assert authorization["client_id"] == CLIENT_ID and authorization["response_type"] == "code"
    assert authorization["code_challenge_method"] == "S256" and "openid" in authorization["scope"]
    assert authorization["redirect_uri"].endswith("/api/v1/auth/sso/callback")

    code = provider_sign_in.give_code(authorization, "tanyen.planner")
    signed_in = _fragment(await _come_back(client, cookie, code=code,
                                           state=authorization["state"]))
    assert signed_in["next"] == "/plans" and int(signed_in["expires_in"]) > 0
    me = await client.get("/api/v1/auth/me",
                          headers={"Authorization": f"Bearer {signed_in['access_token']}"})
    assert me.json()["username"] == "tanyen.planner"
    renewed = await client.post("/api/v1/auth/token", data={
        "grant_type": "refresh_token", "refresh_token": signed_in["refresh_token"]})
    assert renewed.status_code == 200
    # QCDC proved the code was its own: the secret (HTTP Basic) and the PKCE verifier.
    [call] = provider_sign_in.calls
    assert call["form"]["grant_type"] == "authorization_code" and call["form"]["code_verifier"]


async def test_every_failure_returns_to_the_sign_in_page_with_its_reason(client, provider_sign_in):
    authorization, cookie = await _go_to_provider(client)
    state = authorization["state"]
    give = provider_sign_in.give_code
    cases = {
        "state": [
            # Another browser's answer (no cookie), a forged or mismatched state.
            {"cookie": None, "code": give(authorization, "tanyen.planner"), "state": state},
            {"cookie": cookie, "code": give(authorization, "tanyen.planner"), "state": "forged"},
            {"cookie": "qcdc_sso=not-a-token", "code": "x", "state": state},
        ],
        "denied": [{"cookie": cookie, "error": "access_denied", "state": state}],
        "provider": [{"cookie": cookie, "code": "never-given", "state": state}],
        "token": [{"cookie": cookie, "state": state,
                   "code": give(authorization, "tanyen.planner", nonce="replayed")},
                  {"cookie": cookie, "state": state,
                   "code": give(authorization, "tanyen.planner", aud="another-app")}],
        "no_account": [{"cookie": cookie, "state": state,
                        "code": give(authorization, "nobody.here")}],
    }
    for reason, attempts in cases.items():
        for attempt in attempts:
            query = {k: v for k, v in attempt.items() if k != "cookie" and v is not None}
            location = await _come_back(client, attempt["cookie"], **query)
            assert location == f"/login?sso_error={reason}", (reason, attempt, location)


async def test_the_return_path_stays_on_this_site(client, provider_sign_in):
    for target in ("https://evil.example/steal", "//evil.example", "/\\evil.example"):
        authorization, cookie = await _go_to_provider(client, target)
        code = provider_sign_in.give_code(authorization, "tanyen.planner")
        location = await _come_back(client, cookie, code=code, state=authorization["state"])
        assert _fragment(location)["next"] == "/"


async def test_without_configuration_the_sign_in_page_offers_no_provider(client):
    assert (await client.get("/api/v1/auth/sso")).json() == {"enabled": False, "label": None}
    assert_problem(await client.get("/api/v1/auth/sso/login"), 404, "not_found")

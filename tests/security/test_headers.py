"""Every response, of the API, its problem documents, the web app's files and the API's docs,
tells the browser what it may load, frame, sniff and send on: CSP, nosniff, no framing, the
referrer kept on this site, and HSTS in production."""

import base64
import hashlib
import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from backend.config import get_settings
from backend.main import create_app
from tests.helpers import assert_problem

COMMON = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
          "referrer-policy": "same-origin"}
SPA = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"
API = "default-src 'none'"

Client = Callable[..., AsyncIterator[httpx.AsyncClient]]


def _directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {d.split(" ", 1)[0]: d.partition(" ")[2] for d in policy.split("; ")}


def assert_secured(response: httpx.Response, policy: str) -> None:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    assert response.headers["content-security-policy"].startswith(policy), response.request.url
    directives = _directives(response)
    assert directives["frame-ancestors"] == "'none'"
    assert "strict-transport-security" not in response.headers  # not in development


@pytest.fixture
def web_app(tmp_path, monkeypatch):
    """An app whose web app is a built SPA of two files; `production` sets QCDC_ENV."""
    (tmp_path / "index.html").write_text("<!doctype html><title>QCDC</title>")
    (tmp_path / "app.js").write_text("console.log('qcdc')")

    def make(production: bool = False):
        monkeypatch.setattr(get_settings(), "static_dir", tmp_path)
        monkeypatch.setattr(get_settings(), "env", "production" if production else "test")
        transport = httpx.ASGITransport(app=create_app(), raise_app_exceptions=False)
        return httpx.AsyncClient(transport=transport, base_url="http://qcdc.test")

    return make


async def test_api_answers_and_problem_documents(client, login):
    assert_secured(await client.get("/api/v1/health"), API)
    assert_secured(await client.get("/api/v1/org-units", headers=await login("admin")), API)
    assert_secured(await client.head("/api/v1/health"), API)
    assert_secured(assert_problem_response(await client.get("/api/v1/org-units"), 401), API)
    assert_secured(assert_problem_response(await client.get("/api/v1/no-such-thing"), 404), API)
    assert_secured(assert_problem_response(await client.get(
        "/api/v1/org-units", params={"page": "x"}, headers=await login("admin")), 422), API)
    assert_secured(assert_problem_response(await client.post(
        "/api/v1/org-units", content=b"x" * (get_settings().max_body_bytes + 1),
        headers=await login("admin")), 413), API)
    csv = await client.get("/api/v1/public/indicators", params={"format": "csv"})
    assert_secured(csv, API)
    assert_secured(await client.get("/api/v1/public/indicators", params={"format": "csv"},
                                    headers={"If-None-Match": csv.headers["etag"]}), API)
    assert_secured(await client.get("/api/v1/openapi.json"), API)


def assert_problem_response(response: httpx.Response, status: int) -> httpx.Response:
    assert_problem(response, status)
    return response


async def test_an_unexpected_error_is_a_secured_500(web_app, monkeypatch):
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("backend.health.endpoints.get_engine", broken)
    async with web_app() as client:
        response = await client.get("/api/v1/ready")
    assert_problem(response, 500, "internal_error")
    assert_secured(response, API)


async def test_the_web_app_files_and_deep_links(web_app):
    async with web_app() as client:
        for path in ("/", "/app.js", "/plans/12", "/favicon.svg"):
            response = await client.get(path)
            assert response.status_code == 200, path
            assert_secured(response, SPA)
        directives = _directives(await client.get("/"))
        assert directives["connect-src"] == "'self'" and directives["base-uri"] == "'self'"
        assert directives["form-action"] == "'self'" and directives["object-src"] == "'none'"
        assert_secured(assert_problem_response(await client.post("/"), 405), SPA)


async def test_the_api_docs_may_load_swagger_ui_and_nothing_else(client):
    response = await client.get("/api/v1/docs")
    assert response.status_code == 200 and "swagger-ui-bundle.js" in response.text
    assert_secured(response, "default-src 'none'")
    directives = _directives(response)
    scripts = re.findall(r"<script>(.*?)</script>", response.text, flags=re.S)
    assert scripts  # the inline start of Swagger UI, allowed by its hash alone
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"].split()
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in directives["script-src"].split()
    assert directives["connect-src"] == "'self'"


async def test_strict_transport_security_in_production_only(web_app):
    async with web_app(production=True) as client:
        for path in ("/", "/api/v1/health", "/api/v1/nothing"):
            response = await client.get(path)
            assert response.headers["strict-transport-security"] == (
                "max-age=31536000; includeSubDomains"), path
    async with web_app() as client:
        assert "strict-transport-security" not in (await client.get("/")).headers

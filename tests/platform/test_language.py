"""The server answers in the caller's language (Accept-Language): Vietnamese for the web app, so no
English reaches a Vietnamese screen; English for a caller that asks for it or names neither."""

import pytest

from backend.kit.said import language_of
from backend.problem_messages import FIELD_MESSAGES, MESSAGES
from tests.helpers import assert_problem

VI = {"Accept-Language": "vi"}


@pytest.mark.parametrize(("header", "language"), [
    (None, "en"), ("", "en"), ("vi", "vi"), ("vi-VN,vi;q=0.9,en-US;q=0.8", "vi"),
    ("en-US,en;q=0.9,vi;q=0.8", "en"), ("fr, vi;q=0.5", "vi"), ("fr, de", "en"),
    ("vi;q=0, en", "en"), ("vi;q=abc, en;q=0.1", "en"), ("EN;q=0.4, VI-vn;q=0.6", "vi"),
])
def test_the_language_asked_for(header, language):
    assert language_of(header) == language


async def test_a_problem_in_vietnamese_and_in_english(client, login):
    headers = await login("songvan.reporter")
    missing = "/api/v1/submissions/999999999"
    vietnamese = await client.get(missing, headers={**headers, **VI})
    body = assert_problem(vietnamese, 404, "not_found")
    assert body["title"] == body["detail"] == MESSAGES["not_found"].vi
    assert vietnamese.headers["content-language"] == "vi"
    assert "Accept-Language" in vietnamese.headers["vary"]
    english = await client.get(missing, headers=headers)
    assert "999999999" in assert_problem(english, 404, "not_found")["detail"]
    assert english.headers["content-language"] == "en"


async def test_the_validators_errors_in_vietnamese_with_their_limits(client, login):
    headers = {**await login("admin"), **VI}
    response = await client.post("/api/v1/org-units", headers=headers,
                                 json={"code": "X" * 65, "kind": "commune"})
    body = assert_problem(response, 422, "validation_failed")
    by_field = {error["loc"][-1]: error["msg"] for error in body["errors"]}
    assert by_field["name"] == FIELD_MESSAGES["missing"].vi
    assert by_field["code"] == "Tối đa 64 ký tự."
    assert all("ctx" not in error for error in body["errors"])


async def test_a_problem_before_the_routes_speaks_too(client):
    """The body limit answers outside the app's routes: in the caller's language all the same."""
    response = await client.post("/api/v1/auth/token", headers=VI, content=b"x" * (11 * 1024 * 1024))
    body = assert_problem(response, 413)
    assert body["detail"] == MESSAGES[body["code"]].vi

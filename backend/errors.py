"""RFC 9457 problem documents: every error the API gives has this shape and a stable `code`."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://qcdc.gov.vn/problems/"


class ProblemError(Exception):
    """A failure the caller can act on. Subclasses fix status and code; detail says what happened."""

    status: int = 400
    code: str = "bad_request"
    title: str | None = None
    # What was written before the failure stays (a replayed refresh token still ends its session).
    keeps_changes: bool = False

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.extra = extra


class NotFound(ProblemError):
    status = 404
    code = "not_found"


class Forbidden(ProblemError):
    status = 403
    code = "forbidden"


class Conflict(ProblemError):
    status = 409
    code = "conflict"


class Unauthorized(ProblemError):
    status = 401
    code = "unauthorized"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="qcdc"'}, **extra)


class InvalidInput(ProblemError):
    """A request that is well-formed but breaks a rule; `errors` names each field at fault."""

    status = 422
    code = "validation_failed"


def problem_response(status: int, code: str, detail: str, *, title: str | None = None,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def field_error(loc: list[str | int], msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": [str(part) for part in loc], "msg": msg, "type": type_}


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
               413: "payload_too_large", 415: "unsupported_media_type", 429: "too_many_requests"}


async def _problem_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.code, exc.detail, title=exc.title,
                            headers=exc.headers, **exc.extra)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}"
    return problem_response(exc.status_code, code, detail, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        errors.append({"loc": loc, "msg": err.get("msg", "invalid"), "type": err.get("type", "")})
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(400, "invalid_json", "The request body is not valid JSON.",
                                errors=errors)
    fields = ", ".join(".".join(e["loc"][1:]) or e["loc"][0] for e in errors if e["loc"])
    return problem_response(422, "validation_failed", f"Invalid input: {fields}", errors=errors)


# PostgreSQL's refusals of a character its text and jsonb cannot hold (NUL, U+0000): the caller's
# text, not a fault of the server. SQLite stores it.
_UNSTORABLE_CHARACTER = {"22021", "22P05"}  # character_not_in_repertoire, untranslatable_character


def sqlstate(error: DBAPIError) -> str | None:
    """PostgreSQL's SQLSTATE of a database error (SQLite's errors carry none)."""
    return getattr(error.orig, "sqlstate", None)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    if sqlstate(exc) in _UNSTORABLE_CHARACTER:
        return problem_response(422, "validation_failed",
                                "Text cannot contain the NUL character (\\u0000); nothing was saved.")
    raise exc


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)

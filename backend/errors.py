"""RFC 9457 problem documents: every error the API gives has this shape and a stable `code`."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.kit.said import Language, Said, spoken
from backend.problem_messages import FIELD_MESSAGES, MESSAGES

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://qcdc.gov.vn/problems/"


class ProblemError(Exception):
    """A failure the caller can act on. Subclasses fix status and code; detail says what happened."""

    status: int = 400
    code: str = "bad_request"
    title: str | None = None
    # What was written before the failure stays (a replayed refresh token still ends its session).
    keeps_changes: bool = False

    def __init__(self, detail: str | Said, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(str(detail))
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


class DatabaseUnavailable(ProblemError):
    """The database is gone, restarting, or out of connections: the request did not complete, and
    the same request may be sent again once the database is back (`Retry-After`)."""

    status = 503
    code = "database_unavailable"
    retry_after_seconds = 5
    usual_detail = "The database is unreachable; the request was not completed. Try again shortly."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.usual_detail,
                         headers={"Retry-After": str(self.retry_after_seconds)}, **extra)


class DatabaseBusy(DatabaseUnavailable):
    """Another write held the database for longer than a write waits (SQLite: one at a time)."""

    code = "database_busy"
    retry_after_seconds = 2
    usual_detail = "The database is busy with other writes; nothing was saved. Try again shortly."


class InvalidInput(ProblemError):
    """A request that is well-formed but breaks a rule; `errors` names each field at fault."""

    status = 422
    code = "validation_failed"


def problem_response(status: int, code: str, detail: str | Said, *, title: str | None = None,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    """The problem document in the caller's language (`said`): no English reaches a Vietnamese
    screen."""
    language = spoken.get()
    message = MESSAGES.get(code)
    if language == "vi" and message:
        title = message.vi
    detail = said(code, detail).in_(language)
    if "errors" in extra:
        extra["errors"] = [_field_error_in(error, language) for error in extra["errors"]]
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    spoken_headers = {**(headers or {}), "Content-Language": language, "Vary": "Accept-Language"}
    return JSONResponse(body, status_code=status, headers=spoken_headers,
                        media_type=PROBLEM_MEDIA_TYPE)


def said(code: str, detail: str | Said) -> Said:
    """A problem's detail in both languages: a detail the server wrote only in English is, in
    Vietnamese, the code's own message."""
    if isinstance(detail, Said):
        return detail
    message = MESSAGES.get(code)
    return Said(vi=message.vi if message else detail, en=detail)


def field_error(loc: list[str | int], msg: str | Said, type_: str = "value_error",
                **ctx: object) -> dict[str, Any]:
    """A field at fault. `msg` as a Said is answered in the caller's language; a plain English one
    is, in Vietnamese, the message of its `type` (with the limits in `ctx`)."""
    error: dict[str, Any] = {"loc": [str(part) for part in loc], "msg": msg, "type": type_}
    if ctx:
        error["ctx"] = ctx
    return error


def _field_error_in(error: dict[str, Any], language: Language) -> dict[str, Any]:
    msg, ctx = error.get("msg", ""), error.pop("ctx", None) or {}
    if isinstance(msg, Said):
        return {**error, "msg": msg.in_(language)}
    if language == "vi":
        message = FIELD_MESSAGES.get(error.get("type", ""), FIELD_MESSAGES["value_error"])
        try:
            return {**error, "msg": message.vi.format(**ctx)}
        except (KeyError, IndexError):
            return {**error, "msg": FIELD_MESSAGES["value_error"].vi}
    return error


HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
               413: "payload_too_large", 415: "unsupported_media_type", 429: "too_many_requests"}
# Codes answered without a ProblemError: a framework's error, the body limit, the last resort.
OTHER_CODES = {"http_error", "invalid_json", "validation_failed", "internal_error",
               "spa_not_built"}


async def _problem_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.code, exc.detail, title=exc.title,
                            headers=exc.headers, **exc.extra)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}"
    return problem_response(exc.status_code, code, detail, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        errors.append(field_error(list(err.get("loc", ())), err.get("msg", "invalid"),
                                  err.get("type", ""), **_readable(err.get("ctx") or {})))
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(400, "invalid_json", "The request body is not valid JSON.",
                                errors=errors)
    fields = ", ".join(".".join(e["loc"][1:]) or e["loc"][0] for e in errors if e["loc"])
    return problem_response(422, "validation_failed", f"Invalid input: {fields}", errors=errors)


def _readable(ctx: dict[str, Any]) -> dict[str, object]:
    """A validator's limits as a message says them ('a', 'b' rather than the enum's repr)."""
    return {name: value if isinstance(value, int | float | str) else str(value)
            for name, value in ctx.items()}


# PostgreSQL's refusals of a character its text and jsonb cannot hold (NUL, U+0000): the caller's
# text, not a fault of the server. SQLite stores it.
_UNSTORABLE_CHARACTER = {"22021", "22P05"}  # character_not_in_repertoire, untranslatable_character


def sqlstate(error: DBAPIError) -> str | None:
    """PostgreSQL's SQLSTATE of a database error (SQLite's errors carry none)."""
    return getattr(error.orig, "sqlstate", None)


# PostgreSQL's SQLSTATEs of a server that is not there for the request: connection exceptions
# (class 08), shut down by an administrator or a crash, starting up, out of connection slots.
_GONE_CLASS = "08"
_GONE = {"57P01", "57P02", "57P03", "53300"}
# SQLite's result codes of a database another connection holds (their extended codes share the
# low byte).
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def unavailable(error: DBAPIError) -> DatabaseUnavailable | None:
    """The 503 a database error stands for, when it says the database was out of reach or busy
    rather than that the request was wrong."""
    state = sqlstate(error)
    if error.connection_invalidated or state in _GONE or (state or "").startswith(_GONE_CLASS):
        return DatabaseUnavailable()
    if (getattr(error.orig, "sqlite_errorcode", 0) & 0xFF) in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseBusy()
    return None


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    if sqlstate(exc) in _UNSTORABLE_CHARACTER:
        return problem_response(422, "validation_failed",
                                "Text cannot contain the NUL character (\\u0000); nothing was saved.")
    problem = unavailable(exc)
    if problem is None:
        raise exc
    return await _problem_error(request, problem)


async def _pool_timeout(request: Request, _exc: Exception) -> JSONResponse:
    return await _problem_error(request, DatabaseBusy(
        "Every connection to the database is in use; nothing was saved. Try again shortly."))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeout, _pool_timeout)

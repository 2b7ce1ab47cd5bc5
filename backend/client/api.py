"""HTTP to a QCDC server: the bearer token, problem documents turned into readable errors, and
bounded retries for the requests that are safe to send again."""

import email.utils
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from backend.client import ClientError

API_PREFIX = "/api/v1"
# Worth another try: the server or a proxy in front of it failed or asked to slow down.
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ATTEMPTS = 6
FIRST_WAIT_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 30.0
# A Retry-After longer than this (an account lockout, say) is reported rather than slept through.
LONGEST_RETRY_AFTER_SECONDS = 300.0
# Imports answer after the whole body is read and merged: the read timeout covers that work.
TIMEOUT = httpx.Timeout(30.0, read=900.0)

Body = Callable[[], Iterator[bytes]]
Notice = Callable[[str], None]


class ApiError(ClientError):
    """A 4xx/5xx answer; `problem` holds its RFC 9457 document (empty when it had none)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.problem = _problem_of(response)
        super().__init__(_describe(response, self.problem))

    @property
    def code(self) -> str | None:
        return self.problem.get("code")


def _problem_of(response: httpx.Response) -> dict[str, Any]:
    if "json" not in response.headers.get("content-type", ""):
        return {}
    try:
        document = response.json()
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _describe(response: httpx.Response, problem: dict[str, Any]) -> str:
    status = response.status_code
    if not problem:
        return f"{response.request.method} {response.request.url.path}: HTTP {status} " \
               f"{response.reason_phrase} {response.text[:200]}".rstrip()
    code = f", {problem['code']}" if problem.get("code") else ""
    lines = [f"{problem.get('title') or response.reason_phrase} ({status}{code}): "
             f"{problem.get('detail', '')}"]
    lines += [f"  {'.'.join(map(str, error.get('loc', [])))}: {error.get('msg')}"
              for error in problem.get("errors") or [] if isinstance(error, dict)]
    if status == 401 and "authorization" in response.request.headers:
        lines.append("  sign in again with `qcdc login`")
    return "\n".join(lines)


def _wait_asked(response: httpx.Response) -> float | None:
    """Retry-After in seconds, given as seconds or as an HTTP date."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff(attempt: int) -> float:
    return float(min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (attempt - 1)))


class Api:
    """One server, one token; `notice` hears about each retry (for the user's eyes)."""

    def __init__(self, server: str, token: str | None = None, *, notice: Notice | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.server = server.rstrip("/")
        self.http = httpx.Client(base_url=self.server + API_PREFIX, headers=headers, timeout=TIMEOUT)
        self.notice = notice or (lambda _text: None)

    def __enter__(self) -> "Api":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.close()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.send("GET", path, retry=True, **kwargs)

    def send(self, method: str, path: str, *, retry: bool = False, body: Body | None = None,
             **kwargs: Any) -> httpx.Response:
        """The successful answer, or ApiError / ClientError. With `retry` (reads, and writes that
        carry an Idempotency-Key) dropped connections, 5xx and 429 are tried again after a growing
        wait, or the one Retry-After asks; `body` makes a fresh request body for every attempt."""
        attempt = 1
        while True:
            last = attempt == MAX_ATTEMPTS or not retry
            content = body() if body is not None else None
            try:
                response = self.http.request(method, path, content=content, **kwargs)
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
                if last:
                    raise ClientError(f"{method} {self.server}{API_PREFIX}{path}: {reason}") from exc
                wait = backoff(attempt)
            else:
                if response.is_success:
                    return response
                asked = _wait_asked(response)
                if last or response.status_code not in RETRIED_STATUSES or (
                        asked is not None and asked > LONGEST_RETRY_AFTER_SECONDS):
                    raise ApiError(response)
                reason = f"HTTP {response.status_code}"
                wait = backoff(attempt) if asked is None else asked
            self.notice(f"{method} {path}: {reason}; trying again in {wait:.1f} s "
                        f"(attempt {attempt + 1} of {MAX_ATTEMPTS})")
            time.sleep(wait)
            attempt += 1

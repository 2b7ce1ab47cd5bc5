"""Texts in the two languages QCDC answers in, and which of them a caller asked for."""

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
# Machine callers that send no Accept-Language get English, the language of the API's contract.
DEFAULT: Language = "en"


@dataclass(frozen=True)
class Said:
    vi: str
    en: str

    def in_(self, language: Language) -> str:
        return self.vi if language == "vi" else self.en

    def after(self, prefix: str) -> "Said":
        return Said(vi=prefix + self.vi, en=prefix + self.en)

    def format(self, **values: object) -> "Said":
        return Said(vi=self.vi.format(**values), en=self.en.format(**values))

    def __str__(self) -> str:
        return self.en


def language_of(accept_language: str | None) -> Language:
    """The caller's language by RFC 9110's Accept-Language: the one of ours with the highest
    weight ("vi-VN" counts as "vi"); DEFAULT when it names neither."""
    best: tuple[float, Language] | None = None
    for item in (accept_language or "").split(","):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        language = next((ours for ours in LANGUAGES if ours == primary), None)
        weight = _weight(params)
        if language and weight > 0 and (best is None or weight > best[0]):
            best = (weight, language)
    return best[1] if best else DEFAULT


def _weight(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


# The language of the request being answered, set by LanguageMiddleware for whatever answers it.
spoken: ContextVar[Language] = ContextVar("spoken", default=DEFAULT)


class LanguageMiddleware:
    """Reads Accept-Language once per request, so any answer deep in the stack (an error handler,
    a limit refusing a body) speaks the caller's language without being handed the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("accept-language")
        token = spoken.set(language_of(header))
        try:
            await self.app(scope, receive, send)
        finally:
            spoken.reset(token)

"""Every problem document the suite receives is checked against the contract: its `code` must be
declared for the operation and status that answered it (backend/problems.py). The app under test
is wrapped; `undeclared()` is asked at the end of the session (conftest.pytest_sessionfinish)."""

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import PROBLEM_MEDIA_TYPE
from backend.problems import declared

Seen = tuple[str, str, int, str]  # operation id, method, status, code


class ProblemsSeen:
    def __init__(self, app: Any) -> None:
        self.app: ASGIApp = app
        self.spec: dict[str, Any] = app.openapi()
        self.seen: set[Seen] = set()
        self._operations = [
            (method.upper(), re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
            for path, operations in self.spec["paths"].items() for method in operations]

    def __getattr__(self, name: str) -> Any:  # the app's own attributes (openapi, state, ...)
        return getattr(self.app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status, problem, body = 0, False, bytearray()

        async def watching(message: Message) -> None:
            nonlocal status, problem
            if message["type"] == "http.response.start":
                status = message["status"]
                problem = any(k == b"content-type" and v.decode().startswith(PROBLEM_MEDIA_TYPE)
                              for k, v in message.get("headers", []))
            elif message["type"] == "http.response.body" and problem:
                body.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, watching)
        if problem:
            self._note(scope["method"], scope["path"], status, json.loads(bytes(body))["code"])

    def _note(self, method: str, path: str, status: int, code: str) -> None:
        for wanted, pattern, template in self._operations:
            if wanted == method and pattern.match(path):
                self.seen.add((template, method.lower(), status, code))
                return

    def undeclared(self) -> list[str]:
        return sorted(f"{method.upper()} {path} {status} {code}"
                      for path, method, status, code in self.seen
                      if code not in declared(self.spec, path, method).get(status, set()))

"""Assertions and a real server, shared by the API tests."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import httpx

from backend.config import PROJECT_ROOT

QCDC = [sys.executable, "-m", "backend.cli"]


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(env: dict[str, str], log: IO[bytes] | None = None) -> Iterator[str]:
    """`qcdc serve` in a process of its own, with `env`: the API's base URL once it answers.

    Its log goes to `log`, or nowhere: a pipe nobody reads would fill up and stall the server on
    its next error."""
    port = _free_port()
    server = subprocess.Popen([*QCDC, "serve", "--port", str(port)], env=env, cwd=PROJECT_ROOT,
                              stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


async def every_item(client, url: str, headers: dict[str, str], **params: object) -> list[dict]:
    """Every item of a paged list, page after page of the largest size."""
    found: list[dict] = []
    page = 1
    while True:
        response = await client.get(url, headers=headers, params={**params, "limit": 200,
                                                                   "page": page})
        assert response.status_code == 200, response.text
        found += response.json()["items"]
        if len(found) >= response.json()["pagination"]["total"]:
            return found
        page += 1

"""The API's interactive docs (Swagger UI) under a policy of their own.

Swagger UI comes from its CDN and starts with an inline script; the page allows that CDN's files
and that one script (by its hash), talks to this site only, and may not be framed. Swagger UI 5
needs no inline style (checked in Chromium, "Try it out" included). The rest of the site's
policies (backend/kit/headers.py) stay as strict as they are.
"""

import base64
import hashlib
import re

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def install_docs(app: FastAPI, path: str) -> None:
    @app.get(path, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        page = get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}",
                                   title=f"{app.title} - Swagger UI",
                                   swagger_favicon_url=f"{root}/favicon.svg")
        page.headers["Content-Security-Policy"] = _policy(bytes(page.body).decode())
        return page


def _policy(html: str) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(html))
    return "; ".join((
        "default-src 'none'", f"script-src {CDN} {hashes}", f"style-src {CDN}",
        "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'",
        "form-action 'none'"))

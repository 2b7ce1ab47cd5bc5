"""The ASGI application: API under /api/v1, the SPA at every other path."""

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from backend import problems
from backend.api import API_PREFIX, api_router
from backend.config import get_settings
from backend.docs import install_docs
from backend.documents import pdf
from backend.errors import install_error_handlers, problem_response
from backend.kit.headers import SecurityHeaders, SecurityPolicy
from backend.kit.limits import BodySizeLimit
from backend.kit.proxies import TrustedProxies
from backend.kit.said import LanguageMiddleware
from backend.notifications.sender import notify_forever
from backend.webhooks.dispatch import dispatch_forever
from backend.webhooks.endpoints import announced

log = logging.getLogger("qcdc")

DESCRIPTION = """QCDC runs the Law on Grassroots Democracy (10/2022/QH15): plans, tasks assigned to
agencies, periodic reports and live indicators. Errors are RFC 9457 problem documents with a stable
`code`; lists are paged with `page` and `limit`."""


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Sends the webhook outbox and the notifications in the background while the app serves
    (one process at a time: each takes a database lock); stops the PDF converters when it stops."""
    settings = get_settings()
    # The app's own objects (routes, models, schemas: some 200,000) live as long as the process;
    # left to the collector, every full collection walks them again, which cost a third of the
    # time of parsing a million imported rows (bench/).
    gc.freeze()
    senders = []
    if settings.webhook_dispatch:
        senders.append(asyncio.create_task(dispatch_forever(settings.webhook_interval_seconds)))
    if settings.notify_dispatch:
        senders.append(asyncio.create_task(notify_forever(settings.notify_interval_seconds)))
    yield
    for sender in senders:
        sender.cancel()
        with suppress(asyncio.CancelledError):
            await sender
    await asyncio.to_thread(pdf.stop)


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(title="QCDC API", version="1.0.0", description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    install_error_handlers(app)
    app.add_exception_handler(Exception, _unexpected_error)
    app.include_router(api_router)
    app.webhooks.include_router(announced)
    install_docs(app, f"{API_PREFIX}/docs")
    problems.declare(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes,
                       overrides={f"{API_PREFIX}/data-values/import": settings.import_max_bytes,
                                  # a plan file, with room for the form's other fields
                                  f"{API_PREFIX}/plans/import":
                                      settings.plan_file_max_bytes + 64 * 1024})
    # The one place that decides who the client is (sign-in limits, SSO's callback URL): the ASGI
    # server must not rewrite it first (`qcdc serve` runs uvicorn without proxy headers).
    app.add_middleware(TrustedProxies, trusted=lambda: get_settings().trusted_proxies)
    # Added (nearly) last, so outermost: the body limit's 413 carries the headers too.
    app.add_middleware(SecurityHeaders, policy=_security_policy())
    app.add_middleware(LanguageMiddleware)
    _serve_spa(app, settings.static_dir)
    return app


def _security_policy() -> SecurityPolicy:
    return SecurityPolicy(API_PREFIX, https_only=get_settings().env == "production")


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    # Starlette answers this one outside every middleware: the headers are added here.
    return problem_response(500, "internal_error",
                            "Something went wrong on our side; nothing was saved.",
                            headers=_security_policy().headers(request.url.path))


def _serve_spa(app: FastAPI, static_dir: Path) -> None:
    """Files of the built SPA, and index.html for its deep links (client-side routes)."""
    root = static_dir.resolve()

    @app.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path.startswith(API_PREFIX.strip("/")):
            return problem_response(404, "not_found", f"No resource at /{path}")
        if request.method not in ("GET", "HEAD"):
            return problem_response(405, "method_not_allowed", "The web app only answers GET.")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        index = root / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return problem_response(404, "spa_not_built",
                                "The web app is not built: run `make run` or `npm run build`.")


app = create_app()

"""Security headers on every response: what a browser may run, load, frame, sniff and send on.

The web app's policy lets a page run and load only this site's files. Ant Design writes its
styles into <style> elements as it renders, hence 'unsafe-inline' for styles (never for scripts);
the workbook export zips large tables in workers made from blob: URLs. Signing in at the identity
provider is a link to the API, which redirects the whole page there: CSP restricts neither, so the
provider appears nowhere. API answers are data, never pages: nothing may load from them. A route
that needs another policy (the API's docs) sets its own, which is kept.

Referrer-Policy same-origin: a URL of the app (unit ids, searches) never goes to another site, not
even its origin, while the app's own requests keep their Referer and Origin for any same-site
check (no-referrer would make the browser send `Origin: null` on the app's own POSTs).
"""

from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WEB_APP_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'",
    # A report's PDF is previewed in a frame from a blob: the page made of the downloaded file.
    "frame-src 'self' blob:",
    "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"))
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# A year, the subdomains too; browsers heed it over HTTPS only, so it is safe behind a TLS proxy.
HSTS = "max-age=31536000; includeSubDomains"


@dataclass(frozen=True)
class SecurityPolicy:
    api_prefix: str
    # Production is served over HTTPS only: browsers must never try plain HTTP again.
    https_only: bool

    def headers(self, path: str) -> dict[str, str]:
        policy = DATA_POLICY if path.startswith(self.api_prefix) else WEB_APP_POLICY
        headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
                   "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}
        if self.https_only:
            headers["Strict-Transport-Security"] = HSTS
        return headers


class SecurityHeaders:
    """Adds the policy's headers to every HTTP response; a header the response has is kept."""

    def __init__(self, app: ASGIApp, policy: SecurityPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.policy.headers(scope["path"])

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, secured_send)

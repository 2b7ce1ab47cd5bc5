"""Where a webhook may be sent: an https URL in production, to a public address or one of the
networks in QCDC_WEBHOOK_ALLOWED_NETWORKS. Checked when a subscription is made or changed, and
again at every attempt, since what a name resolves to may change in between."""

from dataclasses import dataclass
from typing import Any

import httpx

from backend.config import Settings
from backend.kit import netguard


@dataclass(frozen=True)
class Target:
    """A URL pinned to the address that was vetted: the request goes to `url` (the address in place
    of the name) with the name in the Host header and, over TLS, in SNI and the certificate check,
    so nothing resolves the name a second time."""

    url: httpx.URL
    host_header: str
    extensions: dict[str, Any]


async def vet(url: str, settings: Settings, resolver: netguard.Resolver) -> Target:
    """The pinned target of a subscription's URL; netguard.Refused when QCDC does not send there,
    OSError when its name does not resolve."""
    parsed = httpx.URL(url)
    if settings.env == "production" and parsed.scheme != "https":
        raise netguard.Refused("in production webhooks are sent over https only")
    host = parsed.raw_host.decode("ascii")  # an international name as DNS and TLS spell it
    address = await netguard.vet(host, settings.webhook_allowed_networks, resolver)
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    return Target(url=parsed.copy_with(host=str(address)), host_header=parsed.netloc.decode(),
                  extensions=extensions)

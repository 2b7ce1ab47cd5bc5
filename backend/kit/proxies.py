"""The client's address and scheme as reverse proxies we trust report them, and only those.

Each proxy appends the address it was connected from to X-Forwarded-For, so everything left of the
nearest trusted proxy's entry was written by whoever connected to it. The client is therefore the
rightmost address that is not a trusted proxy; a peer that is not trusted is the client itself,
whatever headers it sends.
"""

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(spec: str) -> tuple[Network, ...]:
    """`10.0.0.0/8, 127.0.0.1`: networks or single addresses, comma-separated. Host bits set
    (`10.0.0.1/8`) are refused as the typo they usually are."""
    return tuple(ipaddress.ip_network(part.strip())
                 for part in spec.split(",") if part.strip())


def _is_trusted(host: str, networks: tuple[Network, ...]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_host(peer: str, forwarded_for: list[str], networks: tuple[Network, ...]) -> str:
    if not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def address_key(host: str) -> str:
    """What a limit per client address counts by: an IPv6 client usually holds a whole /64, so one
    address of it is no more one client than its last bits are."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # an IPv4 client of a dual-stack socket
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class TrustedProxies:
    """Sets the request's client (and scheme) from the headers of a trusted proxy. `trusted` is read
    at each request, so a change of the settings needs no new app."""

    def __init__(self, app: ASGIApp, trusted: Callable[[], str]) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and client:
            networks = parse_networks(self.trusted())
            if _is_trusted(client[0], networks):
                scope = {**scope, **self._forwarded(scope, client[0], networks)}
        await self.app(scope, receive, send)

    @staticmethod
    def _forwarded(scope: Scope, peer: str, networks: tuple[Network, ...]) -> dict[str, object]:
        headers = [(name, value.decode("latin-1")) for name, value in scope["headers"]]
        forwarded_for = [value for name, value in headers if name == b"x-forwarded-for"]
        changes: dict[str, object] = {"client": (client_host(peer, forwarded_for, networks), 0)}
        proto = next((value.strip() for name, value in headers if name == b"x-forwarded-proto"), "")
        if proto in ("http", "https"):
            changes["scheme"] = proto
        return changes

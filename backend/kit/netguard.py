"""Where a server may connect on a user's behalf: public internet addresses, and the networks an
operator lists. Loopback, private, link-local, unique-local, site-local, multicast, reserved and
unspecified addresses reach the server's own neighbourhood (its database, a cloud's metadata
service), which a user-supplied URL must never do.

A name is judged by every address it resolves to, and the caller connects to the address judged:
resolving again when connecting would let DNS answer differently the second time (rebinding)."""

import asyncio
import socket
from collections.abc import Awaitable, Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
# host → the addresses it names; substituted in tests for names resolving where they need.
Resolver = Callable[[str], Awaitable[list[str]]]


class Refused(Exception):
    """The host is, or resolves to, an address outside the permitted ones."""


async def system_resolver(host: str) -> list[str]:
    """The operating system's answer (getaddrinfo: also the numeric forms such as 2130706433)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _embedded(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 one carries to the same host (::ffff:a.b.c.d) or a relay (6to4)."""
    return address.ipv4_mapped or address.sixtofour


def is_public(address: Address) -> bool:
    if isinstance(address, IPv6Address):
        embedded = _embedded(address)
        if embedded is not None:
            return is_public(embedded)
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def permitted(address: Address, allowed: Sequence[Network]) -> bool:
    inner = _embedded(address) if isinstance(address, IPv6Address) else None
    listed = any(candidate in network for candidate in (address, inner) if candidate is not None
                 for network in allowed if candidate.version == network.version)
    return listed or is_public(address)


def _literal(host: str) -> Address | None:
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_localhost(host: str) -> bool:
    """RFC 6761: `localhost` and every name under it are the machine itself, whatever DNS says."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


async def vet(host: str, allowed: Sequence[Network], resolver: Resolver) -> Address:
    """The address to connect to for `host`, once all it resolves to is permitted; else Refused.
    A resolver's failure (an unknown name, no answer) propagates as OSError."""
    if is_localhost(host):
        raise Refused(f"{host} is this machine")
    literal = _literal(host)
    addresses = [literal] if literal else [ip_address(a) for a in await resolver(host)]
    if not addresses:
        raise OSError(f"{host} has no address")
    for address in addresses:
        if not permitted(address, allowed):
            # Which address is left unsaid: the answer must not map the private network.
            raise Refused(f"{host} leads to a loopback, private or otherwise internal address")
    return addresses[0]

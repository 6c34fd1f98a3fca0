"""The client's address: the one function every part of the portal asks.

Behind nginx every request comes from the proxy's address, so REMOTE_ADDR alone would make
every visitor one client (one lockout, one rate-limit bucket for the city). X-Forwarded-For
is believed only when the request comes from an address in TRUSTED_PROXIES; the client is
then the right-most address of that header which is not itself a trusted proxy, since each
proxy appends the address it was reached from and only the part our proxies wrote can be
trusted: anything to its left is what the client chose to send. With TRUSTED_PROXIES empty
(the default, a single-machine install) the header is never read.

Login throttling (django-axes), rate limits (django-ratelimit), the personal-data access log
and the audit entries all call `client_ip`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# When REMOTE_ADDR is empty (a Unix socket with no proxy header) or not an address at all.
UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder value, never bound


def parse_trusted_proxies(entries) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks; a bad entry stops the portal from starting."""
    networks = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or CIDR network."
            ) from error
        networks.append(_unmapped_network(network))
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_trusted_proxies(entries)


def _unmapped(address: Address) -> Address:
    # ::ffff:10.0.0.1 (a dual-stack socket) is the IPv4 address 10.0.0.1.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _unmapped_network(network: Network) -> Network:
    if isinstance(network, ipaddress.IPv6Network) and network.network_address.ipv4_mapped:
        prefix = max(network.prefixlen - 96, 0)
        return ipaddress.ip_network(f"{network.network_address.ipv4_mapped}/{prefix}", strict=False)
    return network


def _parse(value: str) -> Address | None:
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return _unmapped(ipaddress.ip_address(value))
    except ValueError:
        return None


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str:
    """The address of the client that sent this request, as text."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return UNKNOWN
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        # A direct client (or an untrusted peer): whatever header it sent is its own words.
        return str(peer)
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A hop our proxies did not write cleanly: stop at the last one they vouch for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)

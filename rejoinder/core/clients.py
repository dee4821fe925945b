"""Who the client is: the one place that reads a request's network address.

Behind a reverse proxy every request comes from the proxy, so the client's own address is
taken from `X-Forwarded-For` — but only when the direct peer is one of settings.TRUSTED_PROXIES:
anyone else could write that header. Rate limits, network bans, votes, reports and logs all
key on `client_address` (or on `network_key`, its keyed hash), never on REMOTE_ADDR.
"""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

_NETWORK_SALT = "rejoinder.network"


@lru_cache(maxsize=4)
def _trusted(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The client's address: the direct peer's, unless that is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not itself a trusted proxy, read from the
    right (each proxy appends the address it got the request from, so only the entries our
    own proxies wrote can be believed). Empty when there is no usable address."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(address):
        return _valid_or_empty(address)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _valid_or_empty(hop):
            # A malformed entry was written by whoever sent it to our proxy: stop believing
            # the header there, and take the last address our proxies vouch for.
            break
        address = hop
        if not _is_trusted(hop):
            break
    return _valid_or_empty(address)


def _valid_or_empty(address: str) -> str:
    try:
        return str(ip_address(address))
    except ValueError:
        return ""


def network_of(address: str) -> str:
    """The network an address stands for: itself for IPv4, its /64 for IPv6 (one
    household's block, which one client can walk through). Empty for no address."""
    if not address:
        return ""
    prefix = 64 if ":" in address else 32
    return str(ip_network(f"{address}/{prefix}", strict=False))


def network_key(request: HttpRequest) -> str:
    """A keyed hash of the client's network: bans and limits match it; the address itself
    is never stored. Empty when the request has no usable address."""
    return _network_key_of(client_address(request), settings.SECRET_KEY)


@lru_cache(maxsize=4096)
def _network_key_of(address: str, secret: str) -> str:
    """network_key's hash of an address's network, kept for the most recent addresses
    (bounded): every vote and post asks, and parsing and hashing anew cost about 10 µs
    each time (#16). The secret is part of the question, so a new one is never answered
    with a hash made with the old."""
    network = network_of(address)
    if not network:
        return ""
    return salted_hmac(_NETWORK_SALT, network, secret=secret, algorithm="sha256").hexdigest()

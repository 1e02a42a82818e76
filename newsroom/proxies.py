"""The client's address behind a reverse proxy, for the login lock-out (django-axes).

Behind the proxy the README recommends, every request's REMOTE_ADDR is the
proxy's, so a lock-out keyed on it would lock one username out for every
client at once. A trusted proxy appends the address it received the request
from to X-Forwarded-For; anything left of that may have been written by the
client itself. So the header is read from the right, passing over trusted
proxies only, and the first address that is not one is the client. From a
REMOTE_ADDR that is not a trusted proxy the header is ignored: a client must
not choose the address it is locked out (or let in) by.

Trusted proxies are `NEWSROOM_TRUSTED_PROXIES` (addresses or networks, see
`newsroom/settings.py`).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or what trusted proxies say it is."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = [ipaddress.ip_network(n, strict=False) for n in settings.NEWSROOM_TRUSTED_PROXIES]
    client = _address(remote)
    if client is None or not _trusted(client, networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:  # garbage: the last trusted hop is all we know
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def _trusted(address: Address, networks: list) -> bool:
    return any(address in network for network in networks)


def _address(text: str) -> Address | None:
    text = text.strip().removeprefix("[").removesuffix("]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None

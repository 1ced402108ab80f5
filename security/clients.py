"""Who is asking: the one rule for a client's address, read by every per-client limit (the sign-in
lock-out of django-axes, the survey's and the password reset's rate limits).

Behind reverse proxies, ``REMOTE_ADDR`` is the nearest proxy and each proxy appends the address it
received the request from to ``X-Forwarded-For``. With ``TRUSTED_PROXY_COUNT`` proxies in front of the
app (an environment variable, 0 by default: the app faces the clients itself), the client is the
address the outermost trusted proxy appended: the ``TRUSTED_PROXY_COUNT``-th entry from the right.
What a client writes into the header itself stands further left and is never read, so nobody can
pass for another address. Anything that is not an IP address falls back to ``REMOTE_ADDR``.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request: HttpRequest) -> str:
    """The client's IP address (django-axes reads it through AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            candidate = _address(hops[-proxies] if len(hops) >= proxies else hops[0])
            if candidate is not None:
                return str(candidate)
    address = _address(remote)
    return str(address) if address is not None else remote


def client_network(request: HttpRequest) -> str:
    """The client's address, with an IPv6 client grouped by its /64 (one household or office line)."""
    address = _address(client_address(request))
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address) if address is not None else "unknown"


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key: a salted hash of ``client_network``, enough to count, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_network(request)}".encode()).hexdigest()[:32]

"""The address of the client behind the reverse proxy, for login throttling, reset throttling and the audit.

Only a peer listed in TRUSTED_PROXIES (the nginx on this server by default) may say who the client is, in
X-Forwarded-For. A client that reaches the application directly and sends the header itself is judged by
its own address. Through several trusted proxies the chain is read from the right, skipping each of them.

django-ipware was considered: it reads the header whoever sent it (trust is matched against the addresses in
the chain, not against the peer), which is what lets a direct client escape a lockout; so the rule is here.
"""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The client's address as a string (REMOTE_ADDR unless a trusted proxy forwarded the request)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(_parse(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: what lies left of it cannot be trusted
        if not _is_trusted(address, networks):
            return str(address)
    return remote


def axes_username(request, credentials: dict | None = None) -> str:
    """django-axes' username (AXES_USERNAME_CALLABLE): as typed, cut to the 150 characters a username can have,
    so an absurdly long guess is recorded (and locked out) like any other instead of failing to be stored."""
    if credentials:
        value = credentials.get("username")
    else:
        value = request.POST.get("username") if hasattr(request, "POST") else None
    return str(value or "")[:150]

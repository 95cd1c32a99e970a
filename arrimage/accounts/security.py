"""What a security event keeps of a request, and no more (Law 25): a truncated network address and the
browser's family and system."""

from __future__ import annotations

import ipaddress
import re

from django.http import HttpRequest

from arrimage.core.ratelimit import client_ip

#: Bits kept of an address: an IPv4 /24 (the last byte zeroed), an IPv6 /48 (a site, not a device).
IPV4_PREFIX = 24
IPV6_PREFIX = 48

_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(Chrome|CriOS|Chromium)/")),
    ("Safari", re.compile(r"\bSafari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux")),
)


def network_of(address: str) -> str:
    """`"203.0.113.57"` → `"203.0.113.0/24"`; an IPv6 address → its /48; anything else → `""`."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def browser_of(user_agent: str) -> str:
    """`"Mozilla/5.0 (Windows NT 10.0; …) Firefox/131.0"` → `"Firefox, Windows"`: the family and the
    system only, never the versions nor the full string."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), "")
    if not browser and not system:
        return user_agent.split("/", 1)[0].strip()[:30] if user_agent else ""
    return ", ".join(part for part in (browser, system) if part)


def request_origin(request: HttpRequest | None) -> tuple[str, str]:
    """The truncated network and the browser summary of `request` (empty without one)."""
    if request is None:
        return "", ""
    meta = getattr(request, "META", {})
    return network_of(client_ip(request)), browser_of(str(meta.get("HTTP_USER_AGENT", "")))

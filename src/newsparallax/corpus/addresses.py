"""Which hosts a fetch may reach: a URL's host read the way browsers and curl read it, and the
rule for which addresses count as public.

A refusal list is only as good as the parsing in front of it. `http://2130706433/`,
`http://0177.0.0.1/`, `http://0x7f.1/` and `http://127.1/` are all 127.0.0.1 to a browser (the
WHATWG URL standard's IPv4 parser) and to getaddrinfo (inet_aton), so the host is turned into
that dotted quad *before* any resolver sees it: a resolver that took "2130706433" for a name
could otherwise answer with anything. Names go to ASCII (IDNA) the way the socket layer would
send them, so the name checked is the name resolved and the Host header sent. An IPv6 address
carrying an IPv4 one (mapped, NAT64, 6to4, IPv4-compatible) is judged by the IPv4 address it
leads to.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")
_NUMBER = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")
# IPv6 ranges whose last 32 bits are an IPv4 address a packet may end up at: NAT64's
# well-known prefix, IPv4-compatible (deprecated) and IPv4-translated addresses.
_EMBEDDING = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96"))


class BadHost(ValueError):
    """A host no browser would connect to; the message is the reason."""


def canonical_host(host: str) -> str:
    """`host` (as `urlsplit(url).hostname` gives it) as it must be resolved and checked: an IPv4
    address as a dotted quad whatever its notation, an IPv6 address compressed, a name in
    lower-case ASCII. Raises BadHost for what is neither."""
    host = unquote(host)
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host.split("%")[0]))
        except ValueError:
            raise BadHost("malformed IPv6 address") from None
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise BadHost("malformed host name") from None
    if not _NAME.fullmatch(name):
        raise BadHost("malformed host name")
    parts = name.removesuffix(".").split(".")
    if not _NUMBER.fullmatch(parts[-1]):
        return name
    return _ipv4(parts)


def _ipv4(parts: list[str]) -> str:
    """WHATWG's IPv4 parser: one to four parts, each decimal, octal (leading 0) or hex (0x);
    the last part fills the remaining bytes. A name ending in a number that is not such an
    address is refused, as browsers refuse it."""
    if len(parts) > 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise BadHost("malformed IPv4 address")
    numbers = []
    for part in parts:
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if any(c in "89" for c in part):
                raise BadHost("malformed IPv4 address")
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        raise BadHost("malformed IPv4 address")
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(head))
    return str(ipaddress.IPv4Address(value))


def is_public(address: str) -> bool:
    """True for a globally routable unicast address. An IPv6 address that embeds an IPv4 one
    is judged by that; reserved and site-local IPv6 ranges, which Python still counts as
    global, are not public. Anything unparseable is not public."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
        elif ip.is_reserved or ip.is_site_local:
            return False
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if any(ip in net for net in _EMBEDDING):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None

"""The client address behind the reverse proxies the site trusts.

``ckanext.pekalongan.trusted_proxies`` lists the proxies (IP addresses or CIDR
networks; empty = trust nobody). Only when the immediate peer (``REMOTE_ADDR``)
is one of them is ``X-Forwarded-For`` read, from the right: the right-most
address that is *not* a trusted proxy is the client (every hop to its right was
appended by a proxy we trust; everything to its left was written by the client
and proves nothing). ``X-Forwarded-Proto`` is taken from a trusted peer too.

A request from anybody else keeps its own ``REMOTE_ADDR`` and loses its
``X-Forwarded-*`` / ``X-Real-IP`` headers, so that no later code (CKAN's own
``g.remote_addr`` included) can be fooled by a client that sends them itself.

This is Werkzeug's ``ProxyFix`` with a list of trusted peers instead of a
fixed number of hops, which a direct client could otherwise bypass.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_X_REAL_IP", "HTTP_FORWARDED",
)
ORIGINAL_PEER = "pekalongan.proxy.peer"


def parse_networks(values: Iterable[str] | str | None) -> list[Network]:
    """``["10.0.0.1", "172.30.0.0/24"]`` -> networks; ValueError on a bad entry."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    networks = []
    for value in values or ():
        value = str(value).strip()
        if value:
            networks.append(ipaddress.ip_network(value, strict=False))
    return networks


def parse_address(value: str | None) -> Address | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted(address: Address | None, networks: list[Network]) -> bool:
    return address is not None and any(address in net for net in networks)


def client_address(peer: str | None, forwarded_for: str | None,
                   networks: list[Network]) -> str | None:
    """The client of a request that reached us from ``peer``."""
    peer_ip = parse_address(peer)
    if not is_trusted(peer_ip, networks):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return peer  # a trusted proxy wrote garbage: better the proxy than a guess
        if not is_trusted(address, networks):
            return str(address)
    return str(parse_address(hops[0])) if hops else peer


class TrustedProxies:
    """WSGI middleware: see the module docstring."""

    def __init__(self, app: Callable, networks: list[Network]):
        self.app = app
        self.networks = networks

    def __call__(self, environ: dict[str, Any], start_response: Callable):
        peer = environ.get("REMOTE_ADDR")
        if self.networks and is_trusted(parse_address(peer), self.networks):
            environ[ORIGINAL_PEER] = peer
            environ["REMOTE_ADDR"] = client_address(
                peer, environ.get("HTTP_X_FORWARDED_FOR"), self.networks
            )
            proto = (environ.get("HTTP_X_FORWARDED_PROTO") or "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        else:
            for header in FORWARDED_HEADERS:
                environ.pop(header, None)
        return self.app(environ, start_response)

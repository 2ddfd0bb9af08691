"""Outbound fetches that cannot be turned against the portal's own network (SSRF guard).

Every fetch of an address an editor or a remote catalogue chose (DataStore loading,
harvesting) goes through :func:`safe_get`:

- only ``http``/``https`` URLs with a host name;
- the host is resolved once (all addresses ``getaddrinfo`` returns) and refused when any
  address is loopback, private (RFC 1918, ``fc00::/7``), shared (``100.64/10``),
  link-local, cloud metadata, multicast, reserved or unspecified -- also when hidden in
  IPv4-mapped, 6to4, Teredo or NAT64 IPv6 addresses, or written as a decimal/octal/hex
  literal (``http://2130706433/``, ``http://0x7f.1/``): the check runs on what the
  resolver returns, normalised by :mod:`ipaddress`;
- the connection goes to the vetted address only (no second DNS lookup, so DNS rebinding
  cannot swap the address), while the ``Host`` header, TLS SNI and certificate
  verification keep using the host name;
- redirects are followed by hand, each hop checked again; ``max_bytes`` caps the body.

``ckanext.pekalongan.fetch.allowed_hosts`` (space-separated ``host`` or ``host:port``)
exempts exactly those hosts from the address check (intranet mirrors, tests' local
servers). The portal's own ``ckan.site_url`` is *not* exempt: files uploaded to the
portal are read from its storage (see ``previews/fetch.py``).

The address classification and URL parsing are pure (no CKAN import at module level), so
``tests/unit/test_netguard.py`` runs without a database. Messages are English msgids
translated when shown (``str(error)`` or :meth:`FetchRefused.render`).
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import parse_url

from ckanext.pekalongan.text import N_

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

CONFIG_ALLOWED_HOSTS = "ckanext.pekalongan.fetch.allowed_hosts"
SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_CODES = (301, 302, 303, 307, 308)
# headers never sent on to another host after a redirect
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "x-ckan-api-key")
CHUNK = 64 * 1024

# Cloud metadata services, by address and by name (the names resolve to link-local
# addresses inside the clouds, but refuse them even where they resolve elsewhere).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean...
    "169.254.170.2",  # AWS ECS task metadata
    "100.100.100.200",  # Alibaba Cloud
    "fd00:ec2::254",  # AWS IMDS over IPv6
))
METADATA_NAMES = frozenset((
    "metadata.google.internal", "metadata.goog", "metadata", "instance-data",
    "instance-data.ec2.internal",
))
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
# Special-purpose blocks refused whatever this Python's ipaddress tables say (they changed
# between 3.11 and 3.13): protocol assignments, documentation, benchmarking, relays.
SPECIAL_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "100::/64", "2001::/23", "2001:db8::/32", "fec0::/10",
))
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))



MESSAGES = {
    "scheme": N_("Only http and https addresses can be fetched by the portal: {url}"),
    "invalid": N_("This is not a valid web address: {url}"),
    "no_host": N_("The address has no host name: {url}"),
    "unresolvable": N_("The host name of this address cannot be found: {host}"),
    "blocked_name": N_("The portal may not fetch this address: {url} (cloud metadata service)"),
    "blocked_address": N_("The portal may not fetch this address: {url} points to {address} "
                          "(local/private network)"),
    "too_many_redirects": N_("The address {url} redirects too many times (more than {limit})"),
    "too_large": N_("The file at {url} is larger than the limit of {limit} bytes"),
}


class FetchRefused(ValueError):
    """A fetch the guard refused; ``code``, ``message`` (msgid) and ``params`` describe why."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.message = MESSAGES[code]
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(self.message.format(**self.params))

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.message).format(**self.params)

    def __str__(self) -> str:
        return self.render(_gettext())


class BlockedURL(FetchRefused):
    """The URL, or one of its redirects, may not be fetched."""


class ResponseTooLarge(FetchRefused):
    """The response body is over ``max_bytes``."""


def _gettext() -> Callable[[str], str]:
    try:
        import ckan.plugins.toolkit as tk
    except ImportError:  # pragma: no cover - the guard without CKAN
        return lambda s: s

    def gettext(msgid: str) -> str:
        try:
            return str(tk._(msgid))
        except Exception:  # no application context: untranslated is better than nothing
            return msgid
    return gettext


# -- pure part: addresses ---------------------------------------------------------------

def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.version != 6:
        return None
    assert isinstance(ip, ipaddress.IPv6Address)
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_category(ip: IPAddress | str) -> str | None:
    """Why the portal must not connect to ``ip`` (a short code), or None when it may.

    Codes: ``metadata``, ``unspecified``, ``loopback``, ``link_local``, ``private``,
    ``shared``, ``multicast``, ``reserved``, ``not_global``.
    """
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip)
    if ip.version == 6 and getattr(ip, "scope_id", None):
        ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    inner = embedded_ipv4(ip)
    if inner is not None:
        return address_category(inner) or (
            None if ip.is_global and not ip.is_multicast else "reserved")
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if ip.version == 4 and ip in SHARED_ADDRESS_SPACE:
        return "shared"
    if ip.is_reserved or any(ip in net for net in SPECIAL_NETWORKS if net.version == ip.version):
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "not_global"
    return None


def is_public(ip: IPAddress | str) -> bool:
    return address_category(ip) is None


# -- pure part: URLs and the allowlist ----------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A URL as requests will send it, split into what the guard needs."""
    url: str
    scheme: str
    host: str  # lower case, IDNA-encoded, no brackets, no trailing dot
    port: int


def parse_target(url: str) -> Target:
    """Split ``url`` the way requests prepares it; BlockedURL when it cannot be fetched."""
    if not isinstance(url, str) or not url.strip():
        raise BlockedURL("invalid", url=url)
    url = url.strip()
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url) or "\\" in url:
        raise BlockedURL("invalid", url=url)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise BlockedURL("scheme", url=url)
    try:
        prepared = requests.Request("GET", url).prepare()
        parts = parse_url(prepared.url)
    except (requests.RequestException, ValueError, UnicodeError):
        raise BlockedURL("invalid", url=url) from None
    host = (parts.host or "").strip("[]").rstrip(".").lower()
    if not host:
        raise BlockedURL("no_host", url=url)
    if parts.scheme not in SCHEMES:
        raise BlockedURL("scheme", url=url)
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    return Target(url=str(prepared.url), scheme=parts.scheme, host=host, port=port)


def parse_allowed_hosts(value: str | Iterable[str] | None) -> frozenset[tuple[str, int | None]]:
    """``"data.example.go.id intranet:8080 [::1]:9000"`` -> {(host, port or None)}."""
    if not value:
        return frozenset()
    entries = value.split() if isinstance(value, str) else list(value)
    allowed: set[tuple[str, int | None]] = set()
    for entry in entries:
        entry = entry.strip().lower()
        if not entry:
            continue
        port: int | None = None
        if entry.startswith("["):
            host, _, rest = entry[1:].partition("]")
            if rest.startswith(":") and rest[1:].isdigit():
                port = int(rest[1:])
        elif entry.count(":") == 1:
            host, _, port_text = entry.partition(":")
            if not port_text.isdigit():
                continue
            port = int(port_text)
        else:
            host = entry
        host = host.rstrip(".")
        if host:
            allowed.add((host, port))
    return frozenset(allowed)


def host_allowed(target: Target, allowed: frozenset[tuple[str, int | None]]) -> bool:
    return (target.host, None) in allowed or (target.host, target.port) in allowed


def refusal(target: Target, addresses: Iterable[IPAddress],
            allowed: frozenset[tuple[str, int | None]] = frozenset()) -> BlockedURL | None:
    """The BlockedURL for ``target`` resolved to ``addresses``, or None when it may be fetched."""
    if host_allowed(target, allowed):
        return None
    if target.host in METADATA_NAMES:
        return BlockedURL("blocked_name", url=target.url)
    for ip in addresses:
        if address_category(ip) is not None:
            return BlockedURL("blocked_address", url=target.url, address=ip)
    return None


# -- resolution and fetching ---------------------------------------------------------------

def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses of ``host`` (a literal in any inet_aton form resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise BlockedURL("unresolvable", host=host) from None
    addresses: list[IPAddress] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise BlockedURL("unresolvable", host=host)
    return addresses


def configured_allowed_hosts() -> frozenset[tuple[str, int | None]]:
    try:
        import ckan.plugins.toolkit as tk
        return parse_allowed_hosts(tk.config.get(CONFIG_ALLOWED_HOSTS) or "")
    except (ImportError, RuntimeError, KeyError):  # pragma: no cover - without CKAN config
        return frozenset()


def _allowed(allowed_hosts: str | Iterable[str] | None) -> frozenset[tuple[str, int | None]]:
    configured = configured_allowed_hosts()
    return configured | parse_allowed_hosts(allowed_hosts) if allowed_hosts else configured


def vet(url: str, *, allowed_hosts: str | Iterable[str] | None = None
        ) -> tuple[Target, list[IPAddress]]:
    """Parse, resolve and check ``url``; the target and the addresses it may connect to."""
    target = parse_target(url)
    allowed = _allowed(allowed_hosts)
    if target.host in METADATA_NAMES and not host_allowed(target, allowed):
        raise BlockedURL("blocked_name", url=target.url)
    addresses = resolve(target.host, target.port)
    problem = refusal(target, addresses, allowed)
    if problem is not None:
        raise problem
    return target, addresses


def check_url(url: str, *, allowed_hosts: str | Iterable[str] | None = None) -> None:
    """Raise :class:`BlockedURL` unless the portal may fetch ``url`` (resolves the host).

    :param allowed_hosts: extra ``host``/``host:port`` entries on top of
        ``ckanext.pekalongan.fetch.allowed_hosts``.
    """
    vet(url, allowed_hosts=allowed_hosts)


class _PinnedConnectionMixin:
    """Connect to the vetted address instead of resolving the host name again."""
    pinned_address = ""

    def _new_conn(self):  # type: ignore[no-untyped-def]
        host = self._dns_host  # type: ignore[has-type]
        self._dns_host = self.pinned_address
        try:
            return super()._new_conn()  # type: ignore[misc]
        finally:
            self._dns_host = host


class PinnedAdapter(HTTPAdapter):
    """A transport adapter whose connections all go to one IP address.

    The URL keeps the host name, so the ``Host`` header, TLS SNI and certificate
    verification use it; only the TCP connection is pinned.
    """

    def __init__(self, address: IPAddress | str, **kwargs: Any) -> None:
        self.pinned_address = str(address)
        super().__init__(max_retries=0, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        attrs = {"pinned_address": self.pinned_address}
        http_conn = type("PinnedHTTPConnection", (_PinnedConnectionMixin, HTTPConnection), attrs)
        https_conn = type("PinnedHTTPSConnection", (_PinnedConnectionMixin, HTTPSConnection),
                          attrs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,),
                         {"ConnectionCls": http_conn}),
            "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": https_conn}),
        }

    def proxy_manager_for(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        raise requests.exceptions.InvalidProxyURL("the fetch guard does not use proxies")


def _request_once(target: Target, address: IPAddress, *, timeout: Any,
                  headers: Mapping[str, str] | None, verify: Any) -> requests.Response:
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment
    adapter = PinnedAdapter(address)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # the session is not closed here: a streamed response still reads from its pool
    return session.get(target.url, headers=dict(headers or {}), timeout=timeout,
                       allow_redirects=False, stream=True, verify=verify)


def _limit_body(response: requests.Response, max_bytes: int, url: str) -> None:
    """Make every read of the body (``iter_content``, ``content``...) stop at ``max_bytes``."""
    length = response.headers.get("content-length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        response.close()
        raise ResponseTooLarge("too_large", url=url, limit=max_bytes)
    original = response.iter_content

    def iter_content(chunk_size: int | None = 1, decode_unicode: bool = False) -> Iterator[Any]:
        seen = 0
        for chunk in original(chunk_size=chunk_size, decode_unicode=decode_unicode):
            seen += len(chunk)
            if seen > max_bytes:
                response.close()
                raise ResponseTooLarge("too_large", url=url, limit=max_bytes)
            yield chunk
    response.iter_content = iter_content  # type: ignore[method-assign]


def safe_get(url: str, *, timeout: Any, max_bytes: int | None = None,
             headers: Mapping[str, str] | None = None, stream: bool = False,
             max_redirects: int = 5, allowed_hosts: str | Iterable[str] | None = None,
             verify: Any = True) -> requests.Response:
    """GET ``url`` through the guard; the final (non-redirect) response.

    :raises BlockedURL: the URL or a redirect may not be fetched, or redirects loop.
    :raises ResponseTooLarge: the body is over ``max_bytes`` (with ``stream=True``: while
        it is read).
    :raises requests.RequestException: network errors, as requests raises them.
    """
    headers = dict(headers or {})
    current = url
    for _hop in range(max_redirects + 1):
        target, addresses = vet(current, allowed_hosts=allowed_hosts)
        response = None
        for index, address in enumerate(addresses):
            try:
                response = _request_once(target, address, timeout=timeout, headers=headers,
                                         verify=verify)
                break
            except requests.ConnectionError:
                if index == len(addresses) - 1:
                    raise
        assert response is not None
        if response.status_code in REDIRECT_CODES and response.headers.get("location"):
            location = response.headers["location"]
            response.close()
            following = urljoin(target.url, location)
            try:
                next_host = parse_target(following).host
            except BlockedURL:
                next_host = None
            if next_host != target.host:
                headers = {k: v for k, v in headers.items()
                           if k.lower() not in CREDENTIAL_HEADERS}
            current = following
            continue
        if max_bytes is not None:
            _limit_body(response, max_bytes, target.url)
        if not stream:
            response._content = b"".join(response.iter_content(CHUNK))
            response._content_consumed = True
            response.close()
        return response
    raise BlockedURL("too_many_redirects", url=url, limit=max_redirects)

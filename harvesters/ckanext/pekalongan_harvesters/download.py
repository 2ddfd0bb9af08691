"""Downloading a source or a data file: bounded in time and size, errors in Indonesian.

``download`` goes through ckanext-pekalongan's SSRF guard (``netguard.safe_get``): the host
is resolved and refused when any of its addresses is loopback, private, link-local,
multicast, reserved or a cloud metadata service, the connection goes to the vetted address
only, and every redirect is checked again (``ckanext.pekalongan.fetch.allowed_hosts``
exempts exactly the hosts it names). On top of it, the guards the stock harvesters lack
(ckanext-harvest's CKAN harvester and ckanext-dcat call ``requests`` without a timeout):

- a connect/read timeout, plus a deadline for the whole body (a server that drips one byte
  every few seconds never trips a read timeout);
- a size cap checked against ``Content-Length`` and again while streaming;
- at most ``max_redirects`` redirects (a redirect loop is refused);
- HTTP errors (4xx/5xx) are failures, not content.

Every failure is a ``DownloadError`` whose text is the operator's message.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import requests

from ckanext.pekalongan import netguard
from ckanext.pekalongan_harvesters import messages as m

USER_AGENT = "ckanext-pekalongan-harvesters/0.1 (+https://satudata.pekalongankab.go.id)"
CHUNK = 64 * 1024


class DownloadError(Exception):
    """The URL could not be downloaded; ``str(error)`` is the operator's message."""


@dataclass(frozen=True)
class Downloaded:
    content: bytes
    content_type: str
    url: str  # after redirects


@dataclass(frozen=True)
class Budget:
    """How long and how much one download may take.

    ``timeout``: seconds to connect and between two bytes; ``deadline``: seconds for the
    whole download; ``max_bytes``: the body's size cap.
    """

    timeout: float = 30.0
    deadline: float = 300.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10


def download(url: str, budget: Budget | None = None, *, accept: str | None = None,
             headers: dict[str, str] | None = None,
             allowed_hosts: str | None = None) -> Downloaded:
    """GET ``url`` within ``budget``, through the SSRF guard; raises ``DownloadError``.

    :param allowed_hosts: ``host``/``host:port`` entries exempt from the address check, on
        top of ``ckanext.pekalongan.fetch.allowed_hosts`` (tests without a CKAN config)
    """
    budget = budget or Budget()
    request_headers = {"User-Agent": USER_AGENT}
    if accept:
        request_headers["Accept"] = accept
    request_headers.update(headers or {})
    started = time.monotonic()
    try:
        response = netguard.safe_get(
            url, timeout=(budget.timeout, budget.timeout), headers=request_headers,
            stream=True, max_redirects=budget.max_redirects, allowed_hosts=allowed_hosts)
        try:
            _check_status(url, response)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > budget.max_bytes:
                raise DownloadError(m.render(
                    m.DOWNLOAD_TOO_LARGE, url=url, ukuran=m.megabytes(int(declared)),
                    batas=m.megabytes(budget.max_bytes),
                ))
            body = bytearray()
            for chunk in response.iter_content(chunk_size=CHUNK):
                body += chunk
                if len(body) > budget.max_bytes:
                    raise DownloadError(m.render(
                        m.DOWNLOAD_TOO_LARGE_STREAM, url=url,
                        batas=m.megabytes(budget.max_bytes),
                    ))
                if time.monotonic() - started > budget.deadline:
                    raise DownloadError(m.render(
                        m.DOWNLOAD_DEADLINE, url=url, detik=_seconds(budget.deadline)
                    ))
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            return Downloaded(bytes(body), content_type.lower(), response.url)
        finally:
            response.close()
    except DownloadError:
        raise
    except netguard.BlockedURL as error:
        raise DownloadError(_blocked(url, error)) from None
    except netguard.ResponseTooLarge:
        raise DownloadError(m.render(
            m.DOWNLOAD_TOO_LARGE_STREAM, url=url, batas=m.megabytes(budget.max_bytes),
        )) from None
    except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout):
        raise DownloadError(m.render(
            m.DOWNLOAD_TIMEOUT, url=url, detik=_seconds(budget.timeout)
        )) from None
    except requests.exceptions.ConnectionError as error:
        if "timed out" in str(error).lower():  # a read timeout while streaming the body
            raise DownloadError(m.render(
                m.DOWNLOAD_TIMEOUT, url=url, detik=_seconds(budget.timeout)
            )) from None
        raise DownloadError(m.render(
            m.DOWNLOAD_UNREACHABLE, url=url, detail=_reason(error)
        )) from None
    except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema) as error:
        raise DownloadError(m.render(m.DOWNLOAD_BAD_URL, url=url, detail=error)) from None
    except requests.exceptions.RequestException as error:
        raise DownloadError(m.render(
            m.DOWNLOAD_UNREACHABLE, url=url, detail=_reason(error)
        )) from None


def _blocked(url: str, error: netguard.BlockedURL) -> str:
    """The operator's message for a URL (or redirect) the guard refused."""
    if error.code == "too_many_redirects":
        return m.render(m.DOWNLOAD_REDIRECT_LOOP, url=url, batas=error.params.get("limit"))
    if error.code == "unresolvable":
        return m.render(m.DOWNLOAD_UNREACHABLE, url=url, detail="nama host tidak dikenal")
    if error.code in ("blocked_address", "blocked_name"):
        target = error.params.get("url") or url
        address = error.params.get("address") or "metadata"
        return m.render(m.DOWNLOAD_BLOCKED, url=target, alamat=address)
    return m.render(m.DOWNLOAD_BAD_URL, url=url, detail=error.code)


def _check_status(url: str, response: requests.Response) -> None:
    if response.status_code >= 400:
        raise DownloadError(m.render(
            m.DOWNLOAD_HTTP, url=url, kode=response.status_code,
            alasan=response.reason or "",
        ))


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _reason(error: Exception) -> str:
    """The innermost cause of a requests error, short: "Connection refused"."""
    text = str(error)
    for marker in ("Connection refused", "Name or service not known",
                   "No route to host", "Temporary failure in name resolution",
                   "Connection reset", "Remote end closed connection"):
        if marker in text:
            return {
                "Connection refused": "koneksi ditolak",
                "Name or service not known": "nama host tidak dikenal",
                "Temporary failure in name resolution": "nama host tidak dapat dicari",
                "No route to host": "host tidak dapat dijangkau",
                "Connection reset": "koneksi diputus server",
                "Remote end closed connection": "server menutup koneksi tanpa jawaban",
            }[marker]
    return text[:200]

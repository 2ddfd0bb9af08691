"""Downloads bounded in time, size and redirects, with the reason in Indonesian."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ckanext.pekalongan_harvesters.download import Budget, DownloadError, download

ROUTES: dict[str, tuple] = {
    "/ok": (200, {"Content-Type": "text/csv; charset=utf-8"}, b"a,b\n1,2\n"),
    "/missing": (404, {}, b"not here"),
    "/error": (500, {}, b"boom"),
    "/loop-a": (302, {"Location": "/loop-b"}, b""),
    "/loop-b": (302, {"Location": "/loop-a"}, b""),
    "/moved": (301, {"Location": "/ok"}, b""),
    "/declared-big": (200, {"Content-Length": str(50 * 1024 * 1024)}, b""),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/drip":  # a byte at a time, never a read timeout
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/endless":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"y" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                return
        status, headers, body = ROUTES.get(self.path, (200, {}, b"late"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path != "/declared-big":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _host(base: str) -> str:
    """The ``host:port`` of the test server: the one exception to the SSRF guard."""
    return base.split("//", 1)[1]


def test_a_file_is_downloaded_with_its_type(base):
    got = download(base + "/moved", allowed_hosts=_host(base))
    assert got.content == b"a,b\n1,2\n"
    assert got.content_type == "text/csv"
    assert got.url == base + "/ok"


@pytest.mark.parametrize("path, budget, message", [
    ("/missing", Budget(), "menjawab HTTP 404 Not Found"),
    ("/error", Budget(), "menjawab HTTP 500"),
    ("/loop-a", Budget(max_redirects=5), "lebih dari 5 kali, kemungkinan pengalihan melingkar"),
    ("/slow", Budget(timeout=0.5), "tidak menjawab dalam 0,5 detik"),
    ("/drip", Budget(timeout=1, deadline=1), "tidak selesai dalam 1 detik"),
    ("/declared-big", Budget(max_bytes=1024 * 1024), "terlalu besar (50 MB, batas 1 MB)"),
    ("/endless", Budget(max_bytes=1024 * 1024), "terlalu besar (lebih dari 1 MB)"),
])
def test_each_failure_says_why_in_indonesian(base, path, budget, message):
    with pytest.raises(DownloadError, match=".*") as caught:
        download(base + path, budget, allowed_hosts=_host(base))
    assert message in str(caught.value)


def test_a_closed_port_is_unreachable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError) as caught:
        download(f"http://127.0.0.1:{port}/x", allowed_hosts=f"127.0.0.1:{port}")
    assert "tidak dapat dihubungi (koneksi ditolak)" in str(caught.value)


def test_a_url_that_is_not_http_is_refused():
    with pytest.raises(DownloadError) as caught:
        download("file:///etc/passwd")
    assert "URL 'file:///etc/passwd' tidak sah" in str(caught.value)


# --- the SSRF guard (ckanext.pekalongan.netguard) --------------------------------------------
@pytest.mark.parametrize("url, address", [
    ("http://127.0.0.1:{port}/ok", "127.0.0.1"),  # the test server itself, not allowed here
    ("http://localhost:{port}/ok", "127.0.0.1"),  # a host name that resolves to loopback
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),  # cloud metadata
    ("http://10.1.2.3/daftar.xlsx", "10.1.2.3"),  # private network (never connected to)
    ("http://[::1]:{port}/ok", "::1"),
    ("http://2130706433:{port}/ok", "127.0.0.1"),  # 127.0.0.1 as a decimal number
])
def test_local_private_and_metadata_addresses_are_refused(base, url, address):
    port = _host(base).split(":")[1]
    with pytest.raises(DownloadError) as caught:
        download(url.format(port=port))
    message = str(caught.value)
    assert message.startswith("portal tidak boleh mengambil"), message
    assert f"mengarah ke {address}" in message


def test_a_redirect_to_the_loopback_is_refused(base):
    """An allowed (public-looking) host that redirects to a loopback address: each hop is
    checked again, so the allowance of the first host does not carry over."""
    other = f"localhost:{_host(base).split(':')[1]}"
    ROUTES["/to-loopback"] = (302, {"Location": f"http://{other}/ok"}, b"")
    with pytest.raises(DownloadError) as caught:
        download(base + "/to-loopback", allowed_hosts=_host(base))
    assert "portal tidak boleh mengambil http://" + other in str(caught.value)

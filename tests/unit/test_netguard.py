"""The SSRF guard (ckanext/pekalongan/netguard.py): address classification, URL parsing,
the allowlist, and fetches against local HTTP(S) servers (DNS pinning, redirects, size)."""
from __future__ import annotations

import datetime
import http.server
import ipaddress
import socket
import ssl
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.pekalongan import netguard as ng

BLOCKED_NETWORKS = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
    "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
]


def _in(network: str) -> st.SearchStrategy:
    net = ipaddress.ip_network(network)
    return st.integers(int(net.network_address), int(net.broadcast_address)).map(
        lambda n: ipaddress.ip_address(n) if net.version == 4 else ipaddress.IPv6Address(n))


blocked_v4 = st.one_of(*[_in(n) for n in BLOCKED_NETWORKS if ":" not in n])
blocked_any = st.one_of(*[_in(n) for n in BLOCKED_NETWORKS])


class TestAddressCategory:
    @pytest.mark.parametrize("address, category", [
        ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"), ("::1", "loopback"),
        ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"), ("fc00::1", "private"),
        ("169.254.1.1", "link_local"), ("fe80::1", "link_local"),
        ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"), ("::", "unspecified"),
        ("100.64.0.1", "shared"), ("100.127.255.254", "shared"),
        ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
        ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "metadata"),
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:c0a8:101::", "private"),  # 6to4 of 192.168.1.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("::7f00:1", "reserved"),  # IPv4-compatible (deprecated)
        ("2001:db8::1", "reserved"),  # documentation
        ("192.0.0.8", "reserved"), ("198.18.0.1", "reserved"), ("203.0.113.5", "reserved"),
    ])
    def test_non_public_addresses_are_refused(self, address, category):
        assert ng.address_category(address) == category

    @pytest.mark.parametrize("address", [
        "8.8.8.8", "1.1.1.1", "103.10.20.30", "2001:4860:4860::8888", "::ffff:8.8.8.8",
        "2002:808:808::", "64:ff9b::808:808",
    ])
    def test_public_addresses_pass(self, address):
        assert ng.address_category(address) is None

    def test_zone_ids_do_not_hide_link_local(self):
        assert ng.address_category("fe80::1%eth0") == "link_local"

    @given(blocked_any)
    def test_every_address_of_a_blocked_network_is_refused(self, ip):
        assert not ng.is_public(ip)

    @given(blocked_v4)
    def test_ipv4_mapped_ipv6_of_a_blocked_address_is_refused(self, ip):
        assert not ng.is_public(ipaddress.IPv6Address("::ffff:" + str(ip)))

    @given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
    def test_public_means_globally_routable_unicast(self, ip):
        special = any(ip in net for net in ng.SPECIAL_NETWORKS)
        assert ng.is_public(ip) == (ip.is_global and not ip.is_multicast and not special
                                    and ip not in ng.METADATA_ADDRESSES)

    @given(st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address))
    @settings(max_examples=300)
    def test_no_ipv6_address_is_public_unless_global(self, ip):
        if ng.is_public(ip):
            assert ip.is_global and not ip.is_multicast


class TestParseTarget:
    @pytest.mark.parametrize("url", [
        "ftp://example.com/a.csv", "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO",
        "dict://127.0.0.1:11211/", "javascript:alert(1)", "//example.com/a", "example.com/a",
    ])
    def test_other_schemes_are_refused(self, url):
        with pytest.raises(ng.BlockedURL) as e:
            ng.parse_target(url)
        assert e.value.code == "scheme"

    @pytest.mark.parametrize("url", [
        "", "   ", "http://", "http:///path", "http://exa mple.com/", "http://a\x00b.com/",
        "http://evil.com\\@127.0.0.1/", "http://[::1/", None, 42, ["http://x/"],
    ])
    def test_malformed_urls_are_refused(self, url):
        with pytest.raises(ng.BlockedURL) as e:
            ng.parse_target(url)
        assert e.value.code in ("invalid", "no_host")

    def test_host_is_normalised(self):
        target = ng.parse_target("HTTP://User:pw@Data.Example.GO.ID.:8080/x?y=1")
        assert (target.scheme, target.host, target.port) == ("http", "data.example.go.id", 8080)
        assert ng.parse_target("https://[::1]/").host == "::1"
        assert ng.parse_target("https://bücher.example/").host == "xn--bcher-kva.example"
        assert ng.parse_target("https://example.com/").port == 443


class TestAllowlist:
    def test_entries_are_host_or_host_and_port(self):
        allowed = ng.parse_allowed_hosts(" Intranet.Local  127.0.0.1:8080 [::1]:9000 x:y ")
        assert allowed == {("intranet.local", None), ("127.0.0.1", 8080), ("::1", 9000)}

    def test_an_allowed_host_and_port_is_exempt_and_nothing_else(self):
        allowed = ng.parse_allowed_hosts("127.0.0.1:8080")
        loopback = [ipaddress.ip_address("127.0.0.1")]
        assert ng.refusal(ng.parse_target("http://127.0.0.1:8080/"), loopback, allowed) is None
        for url in ("http://127.0.0.1:8081/", "http://localhost:8080/",
                    "http://2130706433:8080/", "http://127.1:8080/"):
            assert ng.refusal(ng.parse_target(url), loopback, allowed) is not None, url

    def test_a_host_without_port_allows_every_port(self):
        allowed = ng.parse_allowed_hosts("intranet.local")
        target = ng.parse_target("https://intranet.local:4443/")
        assert ng.refusal(target, [ipaddress.ip_address("10.0.0.5")], allowed) is None

    def test_the_configured_allowlist_is_empty_by_default(self):
        assert ng.configured_allowed_hosts() == frozenset()


class TestCheckUrl:
    @pytest.mark.parametrize("url", [
        "http://127.0.0.1/", "http://localhost:5000/api/3/action/status_show",
        "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://0177.0.0.1/",
        "http://017700000001/", "http://127.1/", "http://0/", "http://0.0.0.0:8983/solr/",
        "http://[::1]:8983/", "http://[::]/", "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/", "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/", "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./", "http://10.0.0.1/", "http://192.168.0.1/",
        "http://172.31.255.255/", "http://100.64.0.1/", "http://224.0.0.1/",
        "http://localhost./", "http://LOCALHOST/", "https://127.0.0.1:443/",
        "http://user:pass@127.0.0.1/",
    ])
    def test_local_addresses_in_every_spelling_are_refused(self, url):
        with pytest.raises(ng.BlockedURL) as e:
            ng.check_url(url)
        assert e.value.code in ("blocked_address", "blocked_name")
        assert "local/private network" in e.value.render() or "metadata" in e.value.render()

    def test_an_unresolvable_host_is_refused_clearly(self):
        with pytest.raises(ng.BlockedURL) as e:
            ng.check_url("http://does-not-exist.invalid/")
        assert e.value.code == "unresolvable"

    def test_every_resolved_address_is_checked(self, monkeypatch):
        real = socket.getaddrinfo

        def getaddrinfo(host, *args, **kwargs):
            if host == "mixed.example":
                return (real("8.8.8.8", 80, type=socket.SOCK_STREAM)
                        + real("127.0.0.1", 80, type=socket.SOCK_STREAM))
            return real(host, *args, **kwargs)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        with pytest.raises(ng.BlockedURL) as e:
            ng.check_url("http://mixed.example/")
        assert e.value.params["address"] == "127.0.0.1"

    def test_blocked_url_is_a_value_error_with_an_indonesian_message(self):
        error = ng.BlockedURL("blocked_address", url="http://127.0.0.1/", address="127.0.0.1")
        assert isinstance(error, ValueError)
        from pathlib import Path

        from babel.support import Translations
        mo = Path(ng.__file__).parent / "i18n"
        translations = Translations.load(str(mo), ["id"], "ckanext-pekalongan")
        assert error.render(translations.gettext) == (
            "Alamat ini tidak boleh diambil oleh portal: http://127.0.0.1/ mengarah ke "
            "127.0.0.1 (jaringan lokal/privat)")


# -- fetching against real local servers ------------------------------------------------

class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list

    def do_GET(self):  # noqa: N802
        self.hits.append({"path": self.path, "host": self.headers.get("Host"),
                          "authorization": self.headers.get("Authorization"),
                          "server": self.server.server_address[0]})
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/unsized":  # HTTP/1.0 without Content-Length: read until close
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"y" * 1000)
            return
        body = b"x" * (1000 if self.path == "/big" else 10)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    """A local HTTP server recording its hits: (host, port, hits)."""
    hits: list = []
    handler = type("H", (Recorder,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", httpd.server_address[1], hits
    httpd.shutdown()
    httpd.server_close()


class TestSafeGet:
    def test_a_loopback_server_is_never_contacted(self, server):
        host, port, hits = server
        with pytest.raises(ng.BlockedURL):
            ng.safe_get(f"http://{host}:{port}/", timeout=5)
        with pytest.raises(ng.BlockedURL):
            ng.safe_get(f"http://localhost:{port}/", timeout=5)
        assert hits == []

    def test_an_allowed_server_is_fetched(self, server):
        host, port, hits = server
        response = ng.safe_get(f"http://{host}:{port}/a", timeout=5,
                               allowed_hosts=f"{host}:{port}")
        assert response.status_code == 200 and response.content == b"x" * 10
        assert hits[0]["path"] == "/a"

    def test_a_redirect_to_the_loopback_is_refused(self, server):
        host, port, hits = server
        allowed = f"localhost:{port}"
        with pytest.raises(ng.BlockedURL) as e:
            ng.safe_get(f"http://localhost:{port}/redirect?to=http://{host}:{port}/secret",
                        timeout=5, allowed_hosts=allowed)
        assert e.value.params["url"] == f"http://{host}:{port}/secret"
        assert [hit["path"] for hit in hits] == [f"/redirect?to=http://{host}:{port}/secret"]

    def test_redirects_are_followed_within_the_allowlist(self, server):
        host, port, hits = server
        response = ng.safe_get(f"http://{host}:{port}/redirect?to=/final", timeout=5,
                               allowed_hosts=f"{host}:{port}",
                               headers={"Authorization": "secret"})
        assert response.status_code == 200
        assert [hit["path"] for hit in hits] == ["/redirect?to=/final", "/final"]
        assert hits[1]["authorization"] == "secret"  # same host: credentials kept

    def test_credentials_do_not_follow_a_redirect_to_another_host(self, server):
        host, port, hits = server
        ng.safe_get(f"http://{host}:{port}/redirect?to=http://localhost:{port}/b", timeout=5,
                    allowed_hosts=f"{host}:{port} localhost:{port}",
                    headers={"Authorization": "secret"})
        assert hits[1]["host"] == f"localhost:{port}" and hits[1]["authorization"] is None

    def test_redirect_loops_end(self, server):
        host, port, hits = server
        with pytest.raises(ng.BlockedURL) as e:
            ng.safe_get(f"http://{host}:{port}/loop", timeout=5,
                        allowed_hosts=f"{host}:{port}", max_redirects=3)
        assert e.value.code == "too_many_redirects" and len(hits) == 4

    def test_max_bytes_is_enforced(self, server):
        host, port, _hits = server
        url = f"http://{host}:{port}/big"
        with pytest.raises(ng.ResponseTooLarge):
            ng.safe_get(url, timeout=5, max_bytes=100, allowed_hosts=f"{host}:{port}")
        assert len(ng.safe_get(url, timeout=5, max_bytes=1000,
                               allowed_hosts=f"{host}:{port}").content) == 1000

    def test_max_bytes_is_enforced_while_streaming_without_content_length(self, server):
        host, port, _hits = server
        response = ng.safe_get(f"http://{host}:{port}/unsized", timeout=5, max_bytes=100,
                               stream=True, allowed_hosts=f"{host}:{port}")
        assert "content-length" not in response.headers
        with pytest.raises(ng.ResponseTooLarge):
            b"".join(response.iter_content(64))

    def test_the_vetted_address_is_used_no_second_lookup(self, server, monkeypatch):
        """DNS rebinding: the first answer is checked, a later answer must not be used."""
        host, port, hits = server
        other_hits: list = []
        other = http.server.ThreadingHTTPServer(
            ("127.0.0.2", 0), type("H2", (Recorder,), {"hits": other_hits}))
        threading.Thread(target=other.serve_forever, daemon=True).start()
        real = socket.getaddrinfo
        lookups = []

        def getaddrinfo(name, *args, **kwargs):
            if name == "rebind.example":
                lookups.append(name)
                answer = "127.0.0.1" if len(lookups) == 1 else "127.0.0.2"
                return real(answer, port, type=socket.SOCK_STREAM)
            return real(name, *args, **kwargs)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        try:
            response = ng.safe_get(f"http://rebind.example:{port}/pinned", timeout=5,
                                   allowed_hosts=f"rebind.example:{port}")
        finally:
            other.shutdown()
            other.server_close()
        assert response.status_code == 200
        assert lookups == ["rebind.example"]
        assert hits == [{"path": "/pinned", "host": f"rebind.example:{port}",
                         "authorization": None, "server": "127.0.0.1"}]
        assert other_hits == []

    def test_environment_proxies_are_ignored(self, server, monkeypatch):
        host, port, hits = server
        monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
        monkeypatch.setenv("NO_PROXY", "")
        response = ng.safe_get(f"http://{host}:{port}/direct", timeout=5,
                               allowed_hosts=f"{host}:{port}")
        assert response.status_code == 200 and hits[0]["path"] == "/direct"


def _certificate(tmp_path, name: str):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


class TestTls:
    @pytest.fixture()
    def tls_server(self, tmp_path):
        cert, key = _certificate(tmp_path, "data.example")
        hits: list = []
        names: list = []
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), type("H", (Recorder,), {"hits": hits}))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.sni_callback = lambda sock, name, ctx: names.append(name)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield httpd.server_address[1], cert, tmp_path, names, hits
        httpd.shutdown()
        httpd.server_close()

    @pytest.fixture()
    def resolve_to_loopback(self, monkeypatch):
        real = socket.getaddrinfo

        def getaddrinfo(name, port, *args, **kwargs):
            if name in ("data.example", "other.example"):
                return real("127.0.0.1", port, type=socket.SOCK_STREAM)
            return real(name, port, *args, **kwargs)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def test_sni_and_certificate_use_the_host_name(self, tls_server, resolve_to_loopback):
        port, cert, _tmp, names, hits = tls_server
        response = ng.safe_get(f"https://data.example:{port}/tls", timeout=5, verify=cert,
                               allowed_hosts=f"data.example:{port}")
        assert response.status_code == 200
        assert names == ["data.example"]
        assert hits[0]["host"] == f"data.example:{port}"

    def test_a_certificate_for_another_name_is_refused(self, tls_server, resolve_to_loopback):
        import requests

        port, cert, _tmp, _names, hits = tls_server
        with pytest.raises(requests.exceptions.SSLError):
            ng.safe_get(f"https://other.example:{port}/tls", timeout=5, verify=cert,
                        allowed_hosts=f"other.example:{port}")
        assert hits == []

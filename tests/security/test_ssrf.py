"""Server-side request forgery through the DataStore loader (issue 17, item 3), against
the real stack: a live portal (gunicorn) with its own ini, a real ``ckan jobs worker
--burst`` running ckanext-xloader 2.5.2, and two local HTTP servers that record every hit:

- ``internal`` (127.0.0.1) stands for the portal's private network: Solr, Redis, cloud
  metadata. Nothing may ever reach it;
- ``allowed`` (127.0.0.1, another port) is the one host the portal's
  ``ckanext.pekalongan.fetch.allowed_hosts`` exempts: it serves a CSV and redirects.

The Solr part of the item is at the end: the development Solr listens on the loopback
only; in docker/ it is never published and every request needs a login (security.json).
"""
from __future__ import annotations

import http.server
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from pkl_live import free_port, set_option, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
CSV = b"tahun,jumlah\n2021,10\n2022,12\n2023,15\n"
REFUSED = "Alamat ini tidak boleh diambil oleh portal"


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
            return
        body = CSV if self.path.endswith(".csv") else b"SECRET"
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server:
    def __init__(self):
        self.hits: list[str] = []
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), type("H", (Recorder,), {"hits": self.hits}))
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def servers():
    internal, allowed = Server(), Server()
    yield internal, allowed
    internal.close()
    allowed.close()


class Portal:
    def __init__(self, base: str, ini: Path, token: str, dataset: dict):
        self.base, self.ini, self.token, self.dataset = base, ini, token, dataset

    def call(self, action: str, **data):
        return requests.post(f"{self.base}/api/3/action/{action}", json=data, timeout=60,
                             headers={"Authorization": self.token})

    def get(self, action: str, **params):
        return requests.get(f"{self.base}/api/3/action/{action}", params=params, timeout=60,
                            headers={"Authorization": self.token})

    def run_jobs(self) -> None:
        log = (ROOT / "var" / "log" / f"{self.ini.stem}-worker.log").open("ab")
        subprocess.run([str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(self.ini), "jobs",
                        "worker", "--burst"], stdout=log, stderr=subprocess.STDOUT,
                       timeout=600, check=True)


@pytest.fixture(scope="module")
def portal(pytestconfig, reset_db, migrate_db_for, reset_queues, servers):
    """A clean database (one sysadmin whose token loads the DataStore, one dataset), served
    by gunicorn; only the ``allowed`` server is exempt from the guard."""
    import ckan.model as model
    from ckan import plugins
    from ckan.tests import factories
    from pkl_factories import SatuDataset
    from pkl_search import empty_database

    _internal, allowed = servers
    plugins.load_all()
    empty_database(pytestconfig, reset_db, migrate_db_for)
    # no jobs left by earlier tests (Suara notifications nobody ran): the real worker below
    # would run each of them, loading CKAN again for every job
    reset_queues()
    admin = factories.SysadminWithToken()
    dataset = SatuDataset(name="uji-ssrf", title="Uji SSRF")
    model.Session.remove()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    ini = test_ini.with_name(f"{test_ini.stem}-ssrf-{port}.ini")
    text = test_ini.read_text()
    text = set_option(text, "ckan.site_url", base)
    text = set_option(text, "ckanext.xloader.api_token", admin["token"])
    text = set_option(text, "ckanext.pekalongan.fetch.allowed_hosts",
                      f"127.0.0.1:{allowed.port}")
    plugins_line = re.search(r"(?m)^ckan\.plugins = (.*)$", text).group(1).split()
    if "pekalongan_previews" not in plugins_line:
        plugins_line.append("pekalongan_previews")
    text = set_option(text, "ckan.plugins", " ".join(plugins_line))
    ini.write_text(text)
    log = (ROOT / "var" / "log" / "test-ssrf-portal.log").open("ab")
    proc = start_gunicorn(ini, port, log)
    try:
        yield Portal(base, ini, admin["token"], dataset)
    finally:
        stop(proc)
        ini.unlink(missing_ok=True)


def _enqueue_job_directly(portal: Portal, resource: dict) -> None:
    """Queue xloader's job function itself, skipping ``xloader_submit`` (and its
    ``can_upload`` check): what a job fetches when DNS changed after submission."""
    import ckan.plugins.toolkit as tk

    from ckanext.xloader import jobs

    task = portal.call("task_status_update", entity_id=resource["id"], entity_type="resource",
                       task_type="xloader", key="xloader", value="{}", error="{}",
                       state="pending", last_updated="2025-01-01T00:00:00")
    assert task.status_code == 200, task.text  # as xloader_submit leaves it
    data = {
        "api_key": portal.token,
        "job_type": "xloader_to_datastore",
        "result_url": f"{portal.base}/api/3/action/xloader_hook",
        "metadata": {"ignore_hash": True, "ckan_url": portal.base,
                     "resource_id": resource["id"], "set_url_type": False,
                     "task_created": "2025-01-01T00:00:00", "original_url": resource["url"],
                     "tries": 99},
    }
    tk.enqueue_job(jobs.xloader_data_into_datastore, [data],
                   queue=jobs.get_default_queue_name(resource["package_id"]),
                   title=f"xloader_to_datastore {resource['id']}")


@pytest.fixture(scope="module")
def loaded(portal, servers):
    """Links to the internal network entered every way an editor can, then every queued
    job run by a real worker."""
    internal, allowed = servers
    made = {}
    # a link added with its dataset skips resource_create's check: refused at submit
    response = portal.call("package_patch", id=portal.dataset["id"], resources=[
        {"name": "internal", "url": internal.url("/internal.csv"), "format": "CSV"},
        {"name": "rebound", "url": internal.url("/rebound.csv"), "format": "CSV"},
    ])
    assert response.status_code == 200, response.text
    for resource in response.json()["result"]["resources"]:
        made[resource["name"]] = resource
    made["submit"] = portal.call("xloader_submit", resource_id=made["internal"]["id"])
    # the job itself, queued without the submit check
    _enqueue_job_directly(portal, made["rebound"])
    # an allowed host that redirects into the internal network
    for name, url in (
        ("redirect", allowed.url(f"/redirect?to={internal.url('/secret.csv', 'localhost')}")),
        ("good", allowed.url("/good.csv")),
    ):
        response = portal.call("resource_create", package_id=portal.dataset["id"],
                               name=name, url=url, format="CSV")
        assert response.status_code == 200, response.text
        made[name] = response.json()["result"]
    response = requests.post(
        f"{portal.base}/api/3/action/resource_create", timeout=60,
        headers={"Authorization": portal.token},
        data={"package_id": portal.dataset["id"], "name": "upload", "format": "CSV"},
        files={"upload": ("upload.csv", CSV)})
    assert response.status_code == 200, response.text
    made["upload"] = response.json()["result"]
    portal.run_jobs()
    return made


def _status(portal: Portal, resource_id: str) -> tuple[dict, dict]:
    response = portal.get("xloader_status", resource_id=resource_id)
    assert response.status_code == 200, response.text
    xloader = response.json()["result"]
    preview = portal.get("pekalongan_preview_status", resource_id=resource_id).json()["result"]
    return xloader, preview


@pytest.mark.parametrize("path_host", [
    ("/a.csv", "127.0.0.1"), ("/a.csv", "localhost"), ("/a.csv", "2130706433"),
    ("/a.csv", "0x7f.1"), ("/a.csv", "[::ffff:127.0.0.1]"),
], ids=["ip", "localhost", "decimal", "hex", "mapped-v6"])
def test_a_link_into_the_local_network_is_refused_when_entered(portal, servers, path_host):
    internal, _allowed = servers
    path, host = path_host
    response = portal.call("resource_create", package_id=portal.dataset["id"], name="x",
                           url=internal.url(path, host), format="CSV")
    assert response.status_code == 409, response.text
    assert REFUSED in " ".join(response.json()["error"]["url"])
    assert "jaringan lokal/privat" in " ".join(response.json()["error"]["url"])
    assert internal.hits == []


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/",
    "http://10.0.0.1/data.csv", "http://[::1]:8983/solr/admin/cores",
])
def test_metadata_and_private_addresses_are_refused_when_entered(portal, url):
    response = portal.call("resource_create", package_id=portal.dataset["id"], name="x",
                           url=url, format="CSV")
    assert response.status_code == 409, response.text
    assert REFUSED in " ".join(response.json()["error"]["url"])


def test_a_link_cannot_be_changed_to_the_local_network(portal, loaded, servers):
    internal, _allowed = servers
    response = portal.call("resource_patch", id=loaded["good"]["id"],
                           url=internal.url("/x.csv", "localhost"))
    assert response.status_code == 409, response.text
    assert REFUSED in " ".join(response.json()["error"]["url"])


def test_the_internal_server_was_never_contacted(loaded, servers):
    internal, _allowed = servers
    assert internal.hits == []


def test_a_link_added_with_its_dataset_is_not_queued_and_says_why(portal, loaded):
    assert loaded["submit"].json()["result"] is False
    xloader, preview = _status(portal, loaded["internal"]["id"])
    assert xloader["status"] == "error"
    assert REFUSED in xloader["error"]["message"]
    assert preview["state"] == "error" and REFUSED in preview["reason"]
    assert "jaringan lokal/privat" in preview["reason"]


def test_the_job_itself_refuses_the_local_network(portal, loaded):
    xloader, preview = _status(portal, loaded["rebound"]["id"])
    assert xloader["status"] == "error"
    assert REFUSED in xloader["error"]["message"]
    assert "Traceback" not in str(xloader["error"])
    assert preview["state"] == "error" and REFUSED in preview["reason"]
    html = requests.get(f"{portal.base}/dataset/{portal.dataset['name']}/resource/"
                        f"{loaded['rebound']['id']}", timeout=60).text
    assert REFUSED in html and "Traceback" not in html


def test_a_redirect_into_the_local_network_is_refused(portal, loaded, servers):
    internal, allowed = servers
    assert [hit for hit in allowed.hits if hit.startswith("/redirect")] == [
        f"/redirect?to={internal.url('/secret.csv', 'localhost')}"]
    xloader, preview = _status(portal, loaded["redirect"]["id"])
    assert xloader["status"] == "error"
    assert REFUSED in xloader["error"]["message"]
    assert f"localhost:{internal.port}/secret.csv" in preview["reason"]


def test_an_allowed_link_is_still_loaded(portal, loaded):
    result = portal.get("datastore_search", resource_id=loaded["good"]["id"]).json()
    assert result["success"] and result["result"]["total"] == 3


def test_an_upload_is_read_from_storage_and_loaded(portal, loaded):
    result = portal.get("datastore_search", resource_id=loaded["upload"]["id"]).json()
    assert result["success"] and result["result"]["total"] == 3


# --------------------------------------------------------------------------------------
# Solr: loopback only in development, a login for everything in production (docker/)
# --------------------------------------------------------------------------------------

SOLR_PORT = int(os.environ.get("SOLR_PORT", "8983"))
DOCKER = ROOT / "docker"
SOLR_AUTH = DOCKER / "solr" / "solr-auth.sh"
SOLR_LIB = ROOT / ".cache" / "solr"


def _listening(port: int) -> list[str]:
    """Local addresses of the LISTEN sockets on ``port`` (from /proc/net/tcp{,6})."""
    import ipaddress

    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(str(ipaddress.ip_address(raw)))
    return found


def _own_addresses() -> list[str]:
    """The machine's non-loopback addresses (``ip -o addr``)."""
    out = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True,
                         check=True).stdout
    addresses = []
    for line in out.splitlines():
        parts = line.split()
        family, cidr = parts[2], parts[3]
        address = cidr.split("/")[0]
        if family in ("inet", "inet6") and not address.startswith(("127.", "::1", "fe80")):
            addresses.append(address)
    return addresses


def test_development_solr_listens_on_the_loopback_only():
    import ipaddress
    import socket

    listening = _listening(SOLR_PORT)
    assert listening, f"nothing listens on the Solr port {SOLR_PORT}"
    for address in listening:
        ip = ipaddress.ip_address(address)
        ip = getattr(ip, "ipv4_mapped", None) or ip
        assert ip.is_loopback, f"Solr listens on {address}"
    for address in _own_addresses():
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
            s.settimeout(2)
            assert s.connect_ex((address, SOLR_PORT)) != 0, f"Solr answers on {address}"


def test_the_solr_launcher_refuses_a_non_loopback_host(tmp_path):
    (tmp_path / "solr.xml").write_text("<solr/>")
    result = subprocess.run(
        ["java", "-cp", f"{SOLR_LIB}/classes:{SOLR_LIB}/lib/*", "pekalongan.solr.SolrLauncher",
         "--home", str(tmp_path), "--port", str(free_port()), "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 64, result.stderr
    assert "only loopback addresses are allowed" in result.stderr


@pytest.fixture(scope="module")
def compose():
    import yaml

    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


def test_compose_never_publishes_solr(compose):
    solr = compose["services"]["solr"]
    assert not solr.get("ports"), "Solr's port is published"
    assert solr.get("network_mode") is None
    networks = solr.get("networks") or []
    assert list(networks) == ["backend"], networks
    assert compose["networks"]["backend"].get("internal") is True
    for name, service in compose["services"].items():
        for port in service.get("ports") or []:
            assert "8983" not in str(port), f"{name} publishes {port}"


def test_compose_gives_solr_and_ckan_the_same_required_login(compose):
    solr_env = compose["services"]["solr"]["environment"]
    assert solr_env["SOLR_AUTH_USER"] == "${SOLR_AUTH_USER}"
    assert solr_env["SOLR_AUTH_PASSWORD"].startswith("${SOLR_AUTH_PASSWORD:?")
    ckan_env = compose["x-ckan-env"]
    assert ckan_env["CKAN_SOLR_USER"] == "${SOLR_AUTH_USER}"
    assert ckan_env["CKAN_SOLR_PASSWORD"].startswith("${SOLR_AUTH_PASSWORD:?")
    assert "@" not in ckan_env["CKAN_SOLR_URL"]
    health = " ".join(compose["services"]["solr"]["healthcheck"]["test"])
    assert "--http-user" in health and "$$SOLR_AUTH_PASSWORD" in health
    example = (DOCKER / ".env.example").read_text()
    assert re.search(r"(?m)^SOLR_AUTH_PASSWORD=$", example), "a Solr password is committed"
    assert "SOLR_AUTH_PASSWORD=" in (DOCKER / "generate-env.sh").read_text()


def test_the_solr_image_writes_security_json_at_start():
    dockerfile = (DOCKER / "solr" / "Dockerfile").read_text()
    assert "COPY --chmod=755 docker/solr/solr-auth.sh /opt/pekalongan/solr-auth.sh" in dockerfile
    cmd = re.search(r"(?m)^CMD (.*)$", dockerfile).group(1)
    assert cmd.index("/opt/pekalongan/solr-auth.sh || exit 1") < cmd.index("solr-precreate")
    assert "!docker/solr/solr-auth.sh" in (
        DOCKER / "solr" / "Dockerfile.dockerignore").read_text()
    assert not list(ROOT.glob("**/security.json")), "a security.json is committed"


def _security_json(tmp_path, **env):
    result = subprocess.run(["bash", str(SOLR_AUTH), str(tmp_path)], capture_output=True,
                            text=True, env={"PATH": os.environ["PATH"], **env}, timeout=30)
    return result


def test_security_json_requires_a_login_for_everything(tmp_path):
    import json

    result = _security_json(tmp_path, SOLR_AUTH_USER="ckan",
                            SOLR_AUTH_PASSWORD="kata-sandi-uji-0123456789")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "security.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    security = json.loads(path.read_text())
    authentication, authorization = security["authentication"], security["authorization"]
    assert authentication["class"] == "solr.BasicAuthPlugin"
    assert authentication["blockUnknown"] is True
    assert list(authentication["credentials"]) == ["ckan"]
    assert "kata-sandi" not in path.read_text()
    assert authorization["class"] == "solr.RuleBasedAuthorizationPlugin"
    assert authorization["permissions"] == [{"name": "all", "role": "admin"}]
    assert authorization["user-role"] == {"ckan": ["admin"]}


def test_the_stored_hash_is_the_one_solr_checks(tmp_path):
    """Solr's own Sha256AuthenticationProvider (from the development Solr's jars) hashes
    the password with the stored salt to exactly the stored hash."""
    import json

    password = "kata-sandi-uji-0123456789"
    assert _security_json(tmp_path, SOLR_AUTH_USER="ckan",
                          SOLR_AUTH_PASSWORD=password).returncode == 0
    stored_hash, salt = json.loads((tmp_path / "security.json").read_text())[
        "authentication"]["credentials"]["ckan"].split()
    source = tmp_path / "Hash.java"
    source.write_text(
        "public class Hash { public static void main(String[] a) { System.out.println("
        "org.apache.solr.security.Sha256AuthenticationProvider.sha256(a[0], a[1])); } }")
    result = subprocess.run(["java", "-cp", f"{SOLR_LIB}/lib/*", str(source), password, salt],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == stored_hash


@pytest.mark.parametrize("env, words", [
    ({"SOLR_AUTH_USER": "ckan"}, "SOLR_AUTH_PASSWORD is empty"),
    ({"SOLR_AUTH_USER": "ckan", "SOLR_AUTH_PASSWORD": "pendek"}, "shorter than 16"),
    ({"SOLR_AUTH_USER": 'x","role":null,"y', "SOLR_AUTH_PASSWORD": "0123456789abcdef0"},
     "may hold letters"),
], ids=["no-password", "short", "json-injection"])
def test_solr_does_not_start_without_a_proper_login(tmp_path, env, words):
    result = _security_json(tmp_path, **env)
    assert result.returncode != 0 and words in result.stderr
    assert not (tmp_path / "security.json").exists()


def test_prerun_checks_solr_with_the_login():
    """The base image's prerun.py is patched at build time to send CKAN's Solr login."""
    import importlib.util

    dockerfile = (DOCKER / "Dockerfile").read_text()
    assert "RUN python3 /srv/app/pekalongan/prerun_solr_auth.py /srv/app/prerun.py" in dockerfile
    spec = importlib.util.spec_from_file_location(
        "prerun_solr_auth", DOCKER / "ckan" / "prerun_solr_auth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    prerun = ("import os\nfrom urllib.request import urlopen\n\n\n"
              "def check_solr_connection(retry=None):\n"
              "    search_url = os.environ['CKAN_SOLR_URL'] + '/schema/name?wt=json'\n"
              "    return urlopen(search_url)\n\n\ndef init_db():\n    pass\n")
    namespace: dict = {}
    exec(compile(module.patch(prerun), "prerun.py", "exec"), namespace)  # noqa: S102
    os.environ.update(CKAN_SOLR_USER="ckan", CKAN_SOLR_PASSWORD="rahasia")
    try:
        request = namespace["_pekalongan_solr_request"]("http://solr:8983/solr/ckan/x")
    finally:
        del os.environ["CKAN_SOLR_USER"], os.environ["CKAN_SOLR_PASSWORD"]
    assert request.get_header("Authorization") == "Basic Y2thbjpyYWhhc2lh"
    with pytest.raises(SystemExit):
        module.patch("def check_solr_connection():\n    pass\n\ndef x():\n    pass\n")

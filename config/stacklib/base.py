"""The stack's foundations: paths, ports, packages, plugins and sites; the one-line error;
the processes (PID files in var/run, logs in var/log, start, wait, stop, log rotation); the
generated secrets of var/secrets.env. Standard library only (runs before the virtualenv)."""
from __future__ import annotations

import base64
import hashlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
VAR = ROOT / "var"
LOG = VAR / "log"
RUN = VAR / "run"
VENV = ROOT / ".venv"
CACHE = ROOT / ".cache"
BIN = VENV / "bin"

ENV = os.environ.get
HOST = "127.0.0.1"
PG_PORT = int(ENV("PG_PORT", "5432"))
REDIS_PORT = int(ENV("REDIS_PORT", "6379"))
SOLR_PORT = int(ENV("SOLR_PORT", "8983"))
CKAN_PORT = int(ENV("CKAN_PORT", "5000"))
SMTP_PORT = int(ENV("SMTP_PORT", "8025"))
CKAN_WORKERS = int(ENV("CKAN_WORKERS", "2"))
SYSADMIN_NAME = ENV("CKAN_SYSADMIN_NAME", "admin")
# var/log rotation (the `logrotate` process): a log over LOG_MAX_MB is copied to <name>.1
# (older copies shift up to LOG_KEEP) and emptied in place, checked every LOG_ROTATE_EVERY s.
LOG_MAX_MB = float(ENV("LOG_MAX_MB", "20"))
LOG_KEEP = int(ENV("LOG_KEEP", "5"))
LOG_ROTATE_EVERY = float(ENV("LOG_ROTATE_EVERY", "60"))

# Debian packages the stack needs, keyed by a file that proves the package is there.
APT_PACKAGES = {
    "postgresql": "/usr/lib/postgresql",
    "postgresql-contrib": "/usr/share/postgresql-common",
    "redis-server": "/usr/bin/redis-server",
    "chromium": "/usr/bin/chromium",
    # the same Chromium build without its desktop shell: the tests' headless browser
    # (tests/conftest.py ``browser``), about 30 % less CPU than `chromium --headless`
    "chromium-headless-shell": "/usr/bin/chromium-headless-shell",
    "libpq-dev": "/usr/bin/pg_config",
    "maven": "/usr/bin/mvn",
    "default-jdk-headless": "/usr/bin/javac",
    "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu",
    # libmagic for python-magic: uploads and harvested files are typed by their content
    "libmagic1": "/usr/share/misc/magic.mgc",
    # the SMS center (Suara Masyarakat): Gammu's SMS daemon and its tools; it also ships
    # the SQL schema of the daemon's database (SMSD_SCHEMA below)
    "gammu-smsd": "/usr/bin/gammu-smsd",
    "gammu": "/usr/bin/gammu",
    # Indonesian spelling dictionary: which affixed forms are words, when the stemmer
    # override dictionary is generated (search/stemming.py); Solr does not read it
    "hunspell": "/usr/bin/hunspell",
    "hunspell-id": "/usr/share/hunspell/id_ID.dic",
    # reverse proxy over several web nodes (tests/ops/test_two_web_nodes.py, make loadtest);
    # run unprivileged from a config under var/, never as the system service
    "nginx": "/usr/sbin/nginx",
}

# The CKAN plugins of the portal, in order (earlier plugins win on templates).
PLUGINS = (
    "pekalongan ppid suara scheming_datasets scheming_organizations activity "
    "datastore xloader datatables_view image_view text_view "
    "harvest dcat "
    "dcat_json_interface structured_data "
    "pekalongan_harvest opd_workbook_harvester pekalongan_ckan_harvester "
    "pekalongan_dcat_rdf_harvester pekalongan_search pekalongan_previews pekalongan_ops"
)

SITES = {
    # name: (ini file, database, redis db, solr core, storage dir, site url)
    "dev": ("ckan.ini", "ckan", 0, "ckan", "storage", f"http://{HOST}:{CKAN_PORT}"),
    "test": ("test.ini", "ckan_test", 1, "ckan_test", "storage-test", "http://test.ckan.net"),
}
# Extra isolated test sites (var/test-N.ini with their own database, Solr core and Redis db),
# so several developers' suites can run at once on one machine: `make test TEST_SLOT=N`.
# `make test` without TEST_SLOT runs pytest-xdist workers: the first on var/test.ini, the
# others on the XDIST_SLOTS (tests/conftest.py gives each worker its site).
XDIST_SLOTS = (9, 10)
TEST_SLOTS = (1, 2, 3, 4, 5, 6, 7, 8, *XDIST_SLOTS)
for _n in TEST_SLOTS:
    SITES[f"test-{_n}"] = (f"test-{_n}.ini", f"ckan_test_{_n}", 1 + _n, f"ckan_test_{_n}",
                           f"storage-test-{_n}", "http://test.ckan.net")


class StackError(Exception):
    """A step failed; the message is the one line shown to the operator."""


def say(msg: str) -> None:
    # one write per line: the sites' databases are initialised from threads side by side
    sys.stdout.write(f"==> {msg}\n")
    sys.stdout.flush()


def sh(cmd, check=True, quiet=False, **kw) -> subprocess.CompletedProcess:
    if quiet:
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.run(cmd, check=check, **kw)


def sha256_of(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


# --------------------------------------------------------------------------- processes

def pidfile(name: str) -> Path:
    return RUN / f"{name}.pid"


def running_pid(name: str) -> int | None:
    f = pidfile(name)
    try:
        pid = int(f.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    # A zombie or a recycled PID of another program does not count.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return None
    except OSError:
        return None
    return pid


def port_open(port: int, host: str = HOST) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def spawn(name: str, cmd: list[str], env: dict | None = None, cwd: Path = ROOT,
          user: str | None = None) -> int:
    """Start a detached process with its own session, stdio to var/log/<name>.log."""
    log = (LOG / f"{name}.log").open("ab")
    preexec = None
    if user:
        pw = pwd.getpwnam(user)

        def preexec():  # noqa: F811 - drop privileges in the child
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or os.environ.copy(), stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=preexec, close_fds=True)
    pidfile(name).write_text(str(proc.pid))
    return proc.pid


def rotate_logs(directory: Path = LOG, max_bytes: int | None = None,
                keep: int = LOG_KEEP) -> list[Path]:
    """Rotate every ``*.log`` of ``directory`` larger than ``max_bytes`` (not those of its
    sub-directories: Solr's own var/log/solr-server rolls itself, config/solr/log4j2.xml):
    copy it to ``<name>.1`` (``.1`` -> ``.2`` ... up to ``keep`` copies) and truncate it
    in place ("copytruncate"). The processes keep their file open: spawn() opens every
    log in append mode (O_APPEND), as gunicorn does its access log, so their next line
    lands at the start of the emptied file; a line written between the copy and the
    truncation can be lost. Returns the rotated logs."""
    if max_bytes is None:
        max_bytes = int(LOG_MAX_MB * 1024 * 1024)
    rotated = []
    for log in sorted(directory.glob("*.log")):
        try:
            if not log.is_file() or log.stat().st_size <= max_bytes:
                continue
            for n in range(keep - 1, 0, -1):
                older = log.with_name(f"{log.name}.{n}")
                if older.exists():
                    older.replace(log.with_name(f"{log.name}.{n + 1}"))
            if keep > 0:
                shutil.copyfile(log, log.with_name(f"{log.name}.1"))
            os.truncate(log, 0)
            rotated.append(log)
        except OSError as e:  # a log that vanished or is not ours: try the others
            print(f"!! rotating {log}: {e}", file=sys.stderr, flush=True)
    return rotated


def wait_until(name: str, ready, timeout: float, pid_name: str | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if ready():
            return
        if pid_name and running_pid(pid_name) is None:
            raise StackError(f"{name} exited during start-up; see {LOG / (pid_name + '.log')}")
        time.sleep(0.5)
    raise StackError(f"{name} did not become ready in {int(timeout)}s; "
                     f"see {LOG}/{pid_name or name}.log")


def stop(name: str, timeout: float = 20) -> bool:
    pid = running_pid(name)
    if pid is None:
        pidfile(name).unlink(missing_ok=True)
        return False
    try:
        os.killpg(pid, signal.SIGTERM)
    except OSError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.time() + timeout
    while time.time() < deadline and running_pid(name):
        time.sleep(0.2)
    if running_pid(name):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    pidfile(name).unlink(missing_ok=True)
    return True


def ensure_port_free(service: str, port: int) -> None:
    if port_open(port):
        raise StackError(f"{service}: port {port} on {HOST} is already in use by another program "
                         f"(set {service.upper()}_PORT to use another port)")


# --------------------------------------------------------------------------- secrets

def secrets_env() -> dict[str, str]:
    f = VAR / "secrets.env"
    values: dict[str, str] = {}
    if f.exists():
        for line in f.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                values[k] = v
    wanted = ["SECRET_KEY", "JWT_SECRET", "PG_SUPERUSER_PASSWORD", "PG_CKAN_PASSWORD",
              "PG_DATASTORE_RO_PASSWORD", "SITE_ID_SUFFIX", "PERSONAL_DATA_KEYS",
              "PERSONAL_DATA_HASH_KEY", "PG_SMSD_PASSWORD"]
    changed = False
    for k in wanted:
        if k not in values:
            if k == "PERSONAL_DATA_KEYS":  # a Fernet key; rotation: README "Security"
                values[k] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
            else:
                values[k] = secrets.token_urlsafe(8 if k == "SITE_ID_SUFFIX" else 32)
            changed = True
    if changed:
        VAR.mkdir(exist_ok=True)
        f.write_text("# Generated once per install by config/stack.py; never commit.\n"
                     + "".join(f"{k}={v}\n" for k, v in values.items()))
        f.chmod(0o600)
    return values

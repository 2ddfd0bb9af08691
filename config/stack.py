#!/usr/bin/env python3
"""Brings the whole portal up on one machine: install, services, config, database, processes.

Run through the Makefile (`make run`, `make up`, `make test`, ...). Standard library only: it
runs with the system Python before the virtualenv exists. Every long-running process writes
its PID to var/run/<name>.pid and its log to var/log/<name>.log; `down` stops them by PID.

Each step is idempotent: what is installed, started or initialised already is left alone, so a
second run is fast and a run after a failure picks up where the failure was.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
}

# The CKAN plugins of the portal, in order (earlier plugins win on templates).
PLUGINS = (
    "pekalongan ppid suara scheming_datasets scheming_organizations activity "
    "datastore xloader datatables_view image_view text_view "
    "harvest dcat "
    "dcat_json_interface structured_data "
    "pekalongan_harvest opd_workbook_harvester pekalongan_ckan_harvester "
    "pekalongan_dcat_rdf_harvester pekalongan_search pekalongan_previews"
)

SITES = {
    # name: (ini file, database, redis db, solr core, storage dir, site url)
    "dev": ("ckan.ini", "ckan", 0, "ckan", "storage", f"http://{HOST}:{CKAN_PORT}"),
    "test": ("test.ini", "ckan_test", 1, "ckan_test", "storage-test", "http://test.ckan.net"),
}
# Extra isolated test sites (var/test-N.ini with their own database, Solr core and Redis db),
# so several developers' suites can run at once on one machine: `make test TEST_SLOT=N`.
TEST_SLOTS = (1, 2, 3, 4, 5)
for _n in TEST_SLOTS:
    SITES[f"test-{_n}"] = (f"test-{_n}.ini", f"ckan_test_{_n}", 1 + _n, f"ckan_test_{_n}",
                           f"storage-test-{_n}", "http://test.ckan.net")


class StackError(Exception):
    """A step failed; the message is the one line shown to the operator."""


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


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


# --------------------------------------------------------------------------- install

def install_apt() -> None:
    missing = [pkg for pkg, probe in APT_PACKAGES.items() if not Path(probe).exists()]
    if not missing:
        return
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log = LOG / "apt.log"
    with log.open("a") as out:
        if sh(apt + ["update", "-q"], check=False, stdout=out, stderr=out, env=env).returncode:
            raise StackError(f"apt-get update failed; see {log}")
        rc = sh(apt + ["install", "-y", "-q", "--no-install-recommends", *missing],
                check=False, stdout=out, stderr=out, env=env).returncode
    if rc:
        raise StackError(f"apt-get install {' '.join(missing)} failed; see {log}")


def install_venv() -> None:
    reqs = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt", ROOT / "constraints.txt",
            ROOT / "ckanext-pekalongan" / "pyproject.toml", ROOT / "harvesters" / "pyproject.toml"]
    stamp = VENV / ".pekalongan-stamp"
    want = sha256_of(*reqs)
    if stamp.exists() and stamp.read_text() == want and (BIN / "ckan").exists():
        return
    say("building the virtualenv .venv (pinned by constraints.txt)")
    log = LOG / "pip.log"
    with log.open("a") as out:
        if not (BIN / "python").exists():
            sh([sys.executable, "-m", "venv", str(VENV)], stdout=out, stderr=out)
        steps = [
            ["install", "-q", "pip==25.3"],
            ["install", "-q", "-r", "requirements.txt", "-r", "requirements-dev.txt",
             "-c", "constraints.txt"],
            ["install", "-q", "--no-deps", "-e", "ckanext-pekalongan", "-e", "harvesters"],
        ]
        for step in steps:
            if sh([str(BIN / "pip"), *step], cwd=ROOT, check=False,
                  stdout=out, stderr=out).returncode:
                raise StackError(f"pip {' '.join(step)} failed; see {log}")
    stamp.write_text(want)


def compile_translations() -> None:
    if sh([str(BIN / "python"), str(ROOT / "config" / "i18n.py"), "compile"],
          check=False).returncode:
        raise StackError("compiling the translation catalogues failed")


# Our Solr configset: CKAN's schema with Indonesian analysis (schema.xml), solrconfig.xml,
# lang/ (stop words, synonyms, stemmer overrides). The same directory goes into the
# production Solr image (docker/solr/Dockerfile).
SOLR_CONF = ROOT / "config" / "solr" / "conf"


def solr_conf_hash() -> str:
    """Fingerprint of config/solr/conf: when it changes, the running Solr reloads its
    cores and the development index is rebuilt."""
    h = hashlib.sha256()
    for p in sorted(f for f in SOLR_CONF.rglob("*") if f.is_file()):
        h.update(str(p.relative_to(SOLR_CONF)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def install_solr() -> None:
    log = LOG / "solr-build.log"
    with log.open("a") as out:
        if sh(["bash", str(ROOT / "config/solr/build.sh"), str(CACHE / "solr")],
              check=False, stdout=out, stderr=out).returncode:
            raise StackError(f"building the Solr launcher failed; see {log}")
        if sh(["bash", str(ROOT / "config/solr/make-home.sh"), str(SOLR_CONF / "schema.xml"),
               str(VAR / "solr")], check=False, stdout=out, stderr=out).returncode:
            raise StackError(f"preparing the Solr home failed; see {log}")


def install() -> None:
    for d in (VAR, LOG, RUN):
        d.mkdir(parents=True, exist_ok=True)
    install_apt()
    install_venv()
    compile_translations()
    install_solr()


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


# --------------------------------------------------------------------------- PostgreSQL

def pg_bin(tool: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + tool))
    if not versions:
        raise StackError("PostgreSQL binaries not found under /usr/lib/postgresql")
    return str(versions[-1])


def pg_user() -> str | None:
    return "postgres" if os.geteuid() == 0 else None


def pg_dirs() -> tuple[Path, Path]:
    base = VAR / "pg"
    return base / "data", base / "socket"


def as_pg(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    user = pg_user()
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return sh(cmd, **kw)


def start_postgres() -> None:
    data, sock = pg_dirs()
    if running_pid("postgres") and port_open(PG_PORT):
        return
    ensure_port_free("pg", PG_PORT)
    user = pg_user()
    for d in (data.parent, data, sock):
        d.mkdir(parents=True, exist_ok=True)
        if user:
            shutil.chown(d, user, user)
    data.chmod(0o700)
    log = LOG / "postgres.log"
    if user:
        log.touch()
        shutil.chown(log, user, user)
    if not (data / "PG_VERSION").exists():
        say("initialising the PostgreSQL data directory var/pg/data")
        pwfile = VAR / "pg" / ".pw"
        pwfile.write_text(secrets_env()["PG_SUPERUSER_PASSWORD"] + "\n")
        if user:
            shutil.chown(pwfile, user, user)
        rc = as_pg([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                    "--locale=C.UTF-8", "--auth-local=peer" if user else "--auth-local=trust",
                    "--auth-host=scram-sha-256", f"--pwfile={pwfile}"],
                   check=False, stdout=log.open("a"), stderr=subprocess.STDOUT).returncode
        pwfile.unlink(missing_ok=True)
        if rc:
            raise StackError(f"postgres: initdb failed; see {log}")
    spawn("postgres", [pg_bin("postgres"), "-D", str(data), "-c", f"listen_addresses={HOST}",
                       "-p", str(PG_PORT), "-c", f"unix_socket_directories={sock}",
                       "-c", "synchronous_commit=off"], user=user)
    wait_until("postgres", lambda: port_open(PG_PORT) and psql("select 1", check=False)
               .returncode == 0, 60, "postgres")


def psql(sql: str, db: str = "postgres", check: bool = True,
         variables: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run SQL as the PostgreSQL superuser (over the private socket); the script is sent on
    stdin, so psql meta-commands such as \\connect work too (``variables``: psql -v)."""
    _, sock = pg_dirs()
    cmd = [pg_bin("psql"), "-h", str(sock), "-p", str(PG_PORT), "-U", "postgres", "-d", db,
           "-v", "ON_ERROR_STOP=1", "-tAq", "-f", "-"]
    for k, v in (variables or {}).items():
        cmd[-2:-2] = ["-v", f"{k}={v}"]
    return as_pg(cmd, check=check, capture_output=True, text=True, input=sql)


def ensure_databases() -> None:
    s = secrets_env()
    roles = {"ckan": s["PG_CKAN_PASSWORD"], "datastore_ro": s["PG_DATASTORE_RO_PASSWORD"]}
    for role, pw in roles.items():
        exists = psql(f"select 1 from pg_roles where rolname='{role}'").stdout.strip()
        verb = "alter" if exists else "create"
        psql(f"{verb} role {role} with login password '{pw}'")
    for site in SITES.values():
        for db in (site[1], site[1] + "_datastore"):
            if not psql(f"select 1 from pg_database where datname='{db}'").stdout.strip():
                res = psql(f"create database {db} owner ckan encoding 'UTF8' "
                           "template template0", check=False)
                # another `make` may have created it meanwhile: that is fine
                if res.returncode and "already exists" not in res.stderr:
                    raise StackError(f"postgres: cannot create database {db}: "
                                     f"{res.stderr.strip()}; see {LOG / 'postgres.log'}")
    audit_owner()
    ensure_smsd_databases()


AUDIT_OWNER_SQL = (ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "migration" / "ppid"
                   / "audit_owner.sql")


def audit_owner() -> None:
    """The audit trail (ppid_event) of every site's main database is owned by the NOLOGIN
    role pekalongan_audit, not by the role the web connects as (ckan): see the SQL file.
    Applied again when the file changes or a database was re-created (stamp per database
    oid); a lock keeps two `make` runs from altering the same database at once."""
    import fcntl

    want = sha256_of(AUDIT_OWNER_SQL)
    RUN.mkdir(parents=True, exist_ok=True)
    with (RUN / "audit-owner.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        oids = dict(line.split("|", 1) for line in psql(
            "select datname || '|' || oid from pg_database").stdout.split())
        for site in SITES.values():
            db = site[1]
            stamp = RUN / f"audit-owner-{db}"
            if stamp.exists() and stamp.read_text() == f"{want}:{oids.get(db)}":
                continue
            res = psql(AUDIT_OWNER_SQL.read_text(), db=db, check=False,
                       variables={"web_role": "ckan"})
            if res.returncode:
                raise StackError(f"postgres: audit owner of {db} failed: "
                                 f"{res.stderr.strip()[-300:]}")
            stamp.write_text(f"{want}:{oids.get(db)}")


# --------------------------------------------------------------------------- Gammu SMS daemon
# The SMS center (Suara Masyarakat): Gammu's SMS daemon (gammu-smsd) with its SQL service on
# our PostgreSQL, one database per site (smsd, smsd_test, smsd_test_N) owned by the role
# smsd, its schema the pgsql.sql that the Debian package ships. Development and tests use
# Gammu's dummy phone (a directory under var/gammu/<site>/phone); a real GSM modem is named by
# GAMMU_DEVICE (e.g. /dev/ttyUSB0) and GAMMU_CONNECTION (default "at"), used by the dev site.
# CKAN's SMS worker (`ckan suara sms worker`) reads the daemon's inbox and writes its outbox.
SMSD_SCHEMAS = ("/usr/share/doc/gammu-smsd/examples/pgsql.sql",
                "/usr/share/doc/gammu/examples/sql/pgsql.sql")


def smsd_database(site: str) -> str:
    """The Gammu database of a site: ckan -> smsd, ckan_test_1 -> smsd_test_1."""
    return "smsd" + SITES[site][1][len("ckan"):]


def smsd_dir(site: str) -> Path:
    return VAR / "gammu" / site


def smsd_schema_sql() -> str:
    import gzip

    for name in SMSD_SCHEMAS:
        for path in (Path(name), Path(name + ".gz")):
            if path.exists():
                raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" \
                    else path.read_bytes()
                # PL/pgSQL is built in since PostgreSQL 9.0: CREATE LANGUAGE would fail
                return raw.decode().replace("CREATE LANGUAGE plpgsql;", "")
    raise StackError("Gammu's pgsql.sql not found (is gammu-smsd installed?): "
                     + ", ".join(SMSD_SCHEMAS))


def ensure_smsd_databases() -> None:
    """Role smsd, one database per site with Gammu's tables (created once)."""
    pw = secrets_env()["PG_SMSD_PASSWORD"]
    exists = psql("select 1 from pg_roles where rolname='smsd'").stdout.strip()
    psql(f"{'alter' if exists else 'create'} role smsd with login password '{pw}'")
    schema = None
    for site in SITES:
        db = smsd_database(site)
        if not psql(f"select 1 from pg_database where datname='{db}'").stdout.strip():
            res = psql(f"create database {db} owner smsd encoding 'UTF8' template template0",
                       check=False)
            if res.returncode and "already exists" not in res.stderr:
                raise StackError(f"postgres: cannot create database {db}: {res.stderr.strip()}")
        if psql("select to_regclass('public.gammu') is not null", db=db).stdout.strip() == "t":
            continue
        schema = schema or smsd_schema_sql()
        res = psql("set role smsd;\n" + schema, db=db, check=False)
        if res.returncode:
            raise StackError(f"postgres: Gammu's schema in {db} failed: "
                             f"{res.stderr.strip()[-300:]}")


def smsd_database_url(site: str) -> str:
    pw = secrets_env()["PG_SMSD_PASSWORD"]
    return f"postgresql://smsd:{pw}@{HOST}:{PG_PORT}/{smsd_database(site)}"


def render_smsd_config(site: str) -> Path:
    """var/gammu/<site>/smsdrc: the daemon's configuration (dummy phone unless the dev site
    has GAMMU_DEVICE), its phone directory and log. Returns the file."""
    base = smsd_dir(site)
    phone = base / "phone"
    for folder in range(1, 6):
        (phone / "sms" / str(folder)).mkdir(parents=True, exist_ok=True)
    device, connection, model = str(phone) + "/", "none", "dummy"
    if site == "dev" and ENV("GAMMU_DEVICE"):
        device, connection, model = ENV("GAMMU_DEVICE"), ENV("GAMMU_CONNECTION", "at"), ""
    text = (
        "# Rendered by config/stack.py; do not edit (see README \"SMS center\").\n"
        "[gammu]\n"
        f"device = {device}\nconnection = {connection}\n"
        + (f"model = {model}\n" if model else "")
        + "\n[smsd]\n"
        "service = sql\ndriver = native_pgsql\nsql = pgsql\n"
        f"host = {HOST}:{PG_PORT}\nuser = smsd\npassword = {secrets_env()['PG_SMSD_PASSWORD']}\n"
        f"database = {smsd_database(site)}\n"
        f"phoneid = pekalongan-{site}\n"
        # stderr: var/log/smsd.log under `make run` (spawn), rotated with the others
        "logfile = stderr\ndebuglevel = 1\n"
        # poll often: a reply leaves within seconds (a modem may want CommTimeout 5-30)
        "commtimeout = 1\nreceivefrequency = 1\nloopsleep = 1\nstatusfrequency = 0\n"
        "checkbattery = 0\nchecksignal = 0\n"
        "deliveryreport = no\nmultiparttimeout = 600\n"
    )
    pin = ENV("GAMMU_PIN") if site == "dev" and model != "dummy" else None
    text += f"pin = {pin}\n" if pin else "checksecurity = 0\n"
    target = base / "smsdrc"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
        target.chmod(0o600)
    return target


# --------------------------------------------------------------------------- Redis, Solr

def start_redis() -> None:
    if running_pid("redis") and port_open(REDIS_PORT):
        return
    ensure_port_free("redis", REDIS_PORT)
    (VAR / "redis").mkdir(exist_ok=True)
    spawn("redis", ["redis-server", "--bind", HOST, "--port", str(REDIS_PORT),
                    "--dir", str(VAR / "redis"), "--daemonize", "no", "--save", "60 1000",
                    "--appendonly", "no", "--protected-mode", "yes"])
    wait_until("redis", lambda: port_open(REDIS_PORT), 30, "redis")


def solr_ready(core: str = "ckan") -> bool:
    try:
        with urllib.request.urlopen(
                f"http://{HOST}:{SOLR_PORT}/solr/{core}/select?q=*:*&rows=0", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_solr() -> None:
    if running_pid("solr") and all(solr_ready(site[3]) for site in SITES.values()):
        reload_solr_conf()
        return
    stop("solr")
    ensure_port_free("solr", SOLR_PORT)
    conf = solr_conf_hash()
    spawn("solr", ["bash", str(ROOT / "config/solr/run.sh"), str(CACHE / "solr"),
                   str(VAR / "solr"), str(LOG / "solr-server"), str(SOLR_PORT)])
    try:
        wait_until("solr", lambda: all(solr_ready(site[3]) for site in SITES.values()), 180,
                   "solr")
    except StackError as e:
        tail = [ln for ln in (LOG / "solr.log").read_text(errors="replace").splitlines()
                if ln.startswith("solr:")][-1:]
        raise StackError(f"{e}{': ' + tail[0] if tail else ''}") from None
    (RUN / "solr.conf").write_text(conf)


def reload_solr_conf() -> None:
    """Solr reads a core's conf/ when it loads the core: after install_solr() brought a
    changed config/solr/conf into var/solr, RELOAD every core (the running Solr keeps
    serving meanwhile; no restart). The indexes stay; see reindex_dev()."""
    stamp = RUN / "solr.conf"
    want = solr_conf_hash()
    if stamp.exists() and stamp.read_text() == want:
        return
    say("reloading the Solr cores (config/solr/conf changed)")
    for core in sorted({site[3] for site in SITES.values()}):
        url = (f"http://{HOST}:{SOLR_PORT}/solr/admin/cores?action=RELOAD"
               f"&core={core}&wt=json")
        try:
            with urllib.request.urlopen(url, timeout=180) as r:
                r.read()
        except (urllib.error.URLError, OSError) as e:
            detail = e.read().decode(errors="replace")[:300] if hasattr(e, "read") else e
            raise StackError(f"solr: reloading core {core} failed: {detail}; "
                             f"see {LOG / 'solr-server' / 'solr.log'}") from None
    stamp.write_text(want)


def services() -> None:
    start_postgres()
    start_redis()
    start_solr()
    ensure_databases()


# --------------------------------------------------------------------------- configuration

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


def render_config() -> None:
    s = secrets_env()
    template = (ROOT / "config" / "ckan.ini.in").read_text()
    for name, (ini, db, redis_db, core, storage, url) in SITES.items():
        values = {
            "SITE_ID": f"pekalongan-{name}",
            "SITE_URL": url,
            "SECRET_KEY": s["SECRET_KEY"],
            "JWT_SECRET": s["JWT_SECRET"],
            "SQLALCHEMY_URL": f"postgresql://ckan:{s['PG_CKAN_PASSWORD']}@{HOST}:{PG_PORT}/{db}",
            "DATASTORE_WRITE_URL":
                f"postgresql://ckan:{s['PG_CKAN_PASSWORD']}@{HOST}:{PG_PORT}/{db}_datastore",
            "DATASTORE_READ_URL": f"postgresql://datastore_ro:{s['PG_DATASTORE_RO_PASSWORD']}"
                                  f"@{HOST}:{PG_PORT}/{db}_datastore",
            "SOLR_URL": f"http://{HOST}:{SOLR_PORT}/solr/{core}",
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{redis_db}",
            "REDIS_PORT": str(REDIS_PORT),
            "REDIS_DB": str(redis_db),
            "STORAGE_PATH": str(VAR / storage),
            "PLUGINS": PLUGINS,
            "SMTP_SERVER": f"{HOST}:{SMTP_PORT}",
            "SYSADMIN_NAME": SYSADMIN_NAME,
            "PERSONAL_DATA_KEYS": s["PERSONAL_DATA_KEYS"],
            "PERSONAL_DATA_HASH_KEY": s["PERSONAL_DATA_HASH_KEY"],
            # the SMS center: Gammu's database and (dev, tests) its dummy phone directory
            "SMSD_DATABASE_URL": smsd_database_url(name),
            "SMSD_DUMMY_DEVICE": str(smsd_dir(name) / "phone"),
            "LOG_LEVEL": "INFO" if name == "dev" else "WARNING",
            "XLOADER_TOKEN_LINE": (f"ckanext.xloader.api_token = {s['XLOADER_TOKEN']}"
                                   if name == "dev" and s.get("XLOADER_TOKEN") else
                                   "# ckanext.xloader.api_token: set once the sysadmin exists"),
        }
        text = template
        for k, v in values.items():
            text = text.replace(f"@{k}@", v)
        (VAR / storage).mkdir(parents=True, exist_ok=True)
        render_smsd_config(name)
        target = VAR / ini
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            target.chmod(0o600)


# --------------------------------------------------------------------------- CKAN

def ckan(site: str, *args: str, check: bool = True, capture: bool = False):
    ini = VAR / SITES[site][0]
    cmd = [str(BIN / "ckan"), "-c", str(ini), *args]
    if capture:
        return sh(cmd, check=check, capture_output=True, text=True, cwd=ROOT)
    log = LOG / f"ckan-{site}-cli.log"
    with log.open("a") as out:
        res = sh(cmd, check=False, stdout=out, stderr=out, cwd=ROOT)
    if check and res.returncode:
        raise StackError(f"`ckan {' '.join(args)}` failed for the {site} site; see {log}")
    return res


def datastore_permissions(site: str) -> None:
    db = SITES[site][1]
    sql = ckan(site, "datastore", "set-permissions", capture=True).stdout
    res = psql(sql, db=db + "_datastore", check=False)
    if res.returncode:
        raise StackError(f"datastore set-permissions failed for {db}_datastore: "
                         f"{res.stderr.strip().splitlines()[-1] if res.stderr else ''}")


def init_site(site: str) -> None:
    stamp = VAR / f".{site}-db-stamp"
    want = sha256_of(*sorted((ROOT / "ckanext-pekalongan").rglob("migration/**/*.py")),
                     VENV / ".pekalongan-stamp")
    if stamp.exists() and stamp.read_text() == want + str(pg_dirs()[0].stat().st_ino):
        return
    say(f"initialising the {site} database")
    ckan(site, "db", "init")
    ckan(site, "db", "upgrade")
    datastore_permissions(site)
    stamp.write_text(want + str(pg_dirs()[0].stat().st_ino))


def ensure_sysadmin() -> None:
    res = ckan("dev", "user", "show", SYSADMIN_NAME, capture=True, check=False)
    if "User: <User" in res.stdout:
        ckan("dev", "sysadmin", "add", SYSADMIN_NAME)
        return
    password = ENV("CKAN_SYSADMIN_PASSWORD") or secrets.token_urlsafe(12)
    email = ENV("CKAN_SYSADMIN_EMAIL", f"{SYSADMIN_NAME}@pekalongankab.go.id")
    ckan("dev", "user", "add", SYSADMIN_NAME, f"email={email}", f"password={password}")
    ckan("dev", "sysadmin", "add", SYSADMIN_NAME)
    if not ENV("CKAN_SYSADMIN_PASSWORD"):
        print(f"\n    sysadmin created: {SYSADMIN_NAME} / {password}\n"
              "    (shown once; set CKAN_SYSADMIN_PASSWORD to choose it)\n", flush=True)


def ensure_xloader_token() -> None:
    """ckanext-xloader calls the API back as the sysadmin: give it a token of its own."""
    if secrets_env().get("XLOADER_TOKEN"):
        return
    out = ckan("dev", "user", "token", "add", SYSADMIN_NAME, "xloader", capture=True).stdout
    token = out.strip().splitlines()[-1].strip()
    with (VAR / "secrets.env").open("a") as f:
        f.write(f"XLOADER_TOKEN={token}\n")
    render_config()


def load_demo() -> None:
    stamp = VAR / ".demo-stamp"
    demo_dir = ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "demo"
    want = sha256_of(*sorted(demo_dir.glob("*.py"))) + str(pg_dirs()[0].stat().st_ino)
    if stamp.exists() and stamp.read_text() == want:
        return
    say("loading the demo catalogue")
    res = ckan("dev", "pekalongan", "load-demo", "--sysadmin", SYSADMIN_NAME, capture=True,
               check=False)
    (LOG / "demo.log").write_text(res.stdout + res.stderr)
    if res.returncode:
        raise StackError(f"loading the demo catalogue failed; see {LOG / 'demo.log'}")
    print("    " + res.stdout.strip().splitlines()[-1], flush=True)
    stamp.write_text(want)


def reindex_dev() -> None:
    """Documents are analysed when indexed: after a change of the Solr configuration, of
    the plugins or of what the search plugin indexes, rebuild the development index (the
    test sites index their own data in each test)."""
    stamp = VAR / ".dev-index-stamp"
    want = (solr_conf_hash() + PLUGINS
            + sha256_of(ROOT / "ckanext-pekalongan/ckanext/pekalongan/search/indexing.py")
            + str(pg_dirs()[0].stat().st_ino))
    if stamp.exists() and stamp.read_text() == want:
        return
    say("rebuilding the search index of the dev site")
    ckan("dev", "search-index", "rebuild")
    stamp.write_text(want)


def prepare(site: str) -> None:
    install()
    secrets_env()
    render_config()
    services()
    init_site(site)
    if site == "dev":
        ensure_sysadmin()
        ensure_xloader_token()
        load_demo()
        reindex_dev()


def portal_ready() -> bool:
    try:
        with urllib.request.urlopen(
                f"http://{HOST}:{CKAN_PORT}/api/3/action/status_show", timeout=3) as r:
            return json.load(r).get("success") is True
    except (urllib.error.URLError, OSError, ValueError):
        return False


# gunicorn's access log line: client, time, method, path without the query string, status,
# size, duration (microseconds).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(D)s'


def app_processes() -> dict[str, list[str]]:
    ini = str(VAR / "ckan.ini")
    ck = [str(BIN / "ckan"), "-c", ini]
    return {
        "web": [str(BIN / "gunicorn"), "--chdir", str(ROOT / "config"), "wsgi:application",
                "--bind", f"{HOST}:{CKAN_PORT}", "--workers", str(CKAN_WORKERS),
                "--timeout", "120", "--access-logfile", str(LOG / "access.log"),
                # the path only, never the query string: no search terms or codes in logs
                "--access-logformat", ACCESS_LOG_FORMAT],
        "worker": [*ck, "jobs", "worker", "default"],
        # the SMS center: Gammu's daemon (var/gammu/dev/smsdrc) and our worker between its
        # inbox/outbox and the Suara reports
        "smsd": ["gammu-smsd", "--config", str(smsd_dir("dev") / "smsdrc")],
        "sms-worker": [*ck, "suara", "sms", "worker"],
        "harvest-gather": [*ck, "harvester", "gather-consumer"],
        "harvest-fetch": [*ck, "harvester", "fetch-consumer"],
        "scheduler": [str(BIN / "python"), str(ROOT / "config" / "scheduler.py"), ini],
        "smtp": [str(BIN / "python"), str(ROOT / "config" / "mailsink.py"), HOST,
                 str(SMTP_PORT), str(VAR / "mail")],
        # rotates the logs of var/log: these processes', PostgreSQL's, Redis's, Solr's console
        "logrotate": [sys.executable, str(ROOT / "config" / "stack.py"), "rotate-logs",
                      "--every", str(LOG_ROTATE_EVERY)],
    }


def start_app() -> None:
    env = dict(os.environ, CKAN_INI=str(VAR / "ckan.ini"))
    if not running_pid("web") or not portal_ready():
        stop("web")
        ensure_port_free("ckan", CKAN_PORT)
    if running_pid("smtp") is None and port_open(SMTP_PORT):
        raise StackError(f"smtp: port {SMTP_PORT} on {HOST} is already in use "
                         "(set SMTP_PORT to use another port)")
    for name, cmd in app_processes().items():
        if running_pid(name) is None:
            spawn(name, cmd, env=env)
    wait_until("the portal", portal_ready, 120, "web")


def stop_app() -> None:
    for name in app_processes():
        stop(name)


def cmd_up(_args) -> None:
    prepare("dev")
    start_app()
    say(f"portal ready at http://{HOST}:{CKAN_PORT}  (logs in var/log, stop with `make down`)")


def cmd_run(_args) -> None:
    prepare("dev")
    start_app()
    say(f"portal ready at http://{HOST}:{CKAN_PORT}  — Ctrl-C stops everything")
    stopping = False

    def handler(_sig, _frm):
        nonlocal stopping
        stopping = True
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    while not stopping:
        for name in app_processes():
            if running_pid(name) is None:
                print(f"!! {name} stopped; see {LOG / (name + '.log')}", flush=True)
                stopping = True
                break
        time.sleep(1)
    say("stopping")
    cmd_down(None)


def cmd_down(_args) -> None:
    stop_app()
    for name in ("solr", "redis"):
        stop(name)
    if running_pid("postgres"):
        data, _ = pg_dirs()
        as_pg([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], check=False,
              quiet=True)
        stop("postgres")
    say("stopped")


def cmd_status(_args) -> None:
    names = ["postgres", "redis", "solr", *app_processes()]
    for name in names:
        pid = running_pid(name)
        print(f"{name:16} {f'running (pid {pid})' if pid else 'stopped'}")
    print(f"{'portal':16} {'answers' if portal_ready() else 'not answering'} "
          f"at http://{HOST}:{CKAN_PORT}")


def cmd_rotate_logs(args) -> None:
    directory = Path(args.dir) if args.dir else LOG
    max_bytes = int(args.max_bytes) if args.max_bytes else None
    while True:
        for log in rotate_logs(directory, max_bytes, args.keep):
            print(f"rotated {log}", flush=True)
        if not args.every:
            return
        time.sleep(args.every)


def cmd_prepare(args) -> None:
    prepare(args.site)


def cmd_install(_args) -> None:
    install()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install").set_defaults(func=cmd_install)
    p = sub.add_parser("prepare")
    p.add_argument("site", choices=sorted(SITES))
    p.set_defaults(func=cmd_prepare)
    p = sub.add_parser("rotate-logs", help="rotate the logs of var/log over LOG_MAX_MB")
    p.add_argument("--dir", help="directory of the logs (default var/log)")
    p.add_argument("--max-bytes", type=int, help="rotate above this size (default LOG_MAX_MB)")
    p.add_argument("--keep", type=int, default=LOG_KEEP, help="rotated copies kept")
    p.add_argument("--every", type=float, default=0, help="repeat every N seconds")
    p.set_defaults(func=cmd_rotate_logs)
    for name, func in (("up", cmd_up), ("run", cmd_run), ("down", cmd_down),
                       ("status", cmd_status)):
        sub.add_parser(name).set_defaults(func=func)
    args = parser.parse_args()
    try:
        args.func(args)
    except StackError as e:
        print(f"!! {e}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("!! interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

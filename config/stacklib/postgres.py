"""PostgreSQL of the stack: the cluster in var/pg, the roles and every site's databases, the
owner role of the audit trail."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from stacklib.base import (
    HOST,
    LOG,
    PG_PORT,
    ROOT,
    RUN,
    SITES,
    VAR,
    StackError,
    ensure_port_free,
    port_open,
    running_pid,
    say,
    secrets_env,
    sh,
    sha256_of,
    spawn,
    stop,
    wait_until,
)

# Server settings of every cluster we run (here; docker/compose.yaml and the helm chart's
# postgresql.parameters say the same). JIT compilation off: the site's queries are short, and
# PostgreSQL compiles any whose cost estimate passes jit_above_cost, which a count over
# 100,000 PPID requests with the officer queue's "not closed" filter does: 150 ms of
# compiling for a 45 ms query (`make bench`, tests/bench/test_ppid_bench.py).
SERVER_SETTINGS = {"jit": "off"}


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
        if _settings_in_force():
            return
        say("restarting PostgreSQL: its server settings changed (SERVER_SETTINGS)")
        stop("postgres")
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
                       "-c", "synchronous_commit=off",
                       *(a for k, v in SERVER_SETTINGS.items() for a in ("-c", f"{k}={v}"))],
          user=user)
    wait_until("postgres", lambda: port_open(PG_PORT) and psql("select 1", check=False)
               .returncode == 0, 60, "postgres")


def _settings_in_force() -> bool:
    """Whether the running cluster has SERVER_SETTINGS (one started before a setting was
    added has not). A cluster that does not answer is left as it is, as before."""
    shown = psql("".join(f"SHOW {name};\n" for name in SERVER_SETTINGS), check=False)
    return shown.returncode != 0 or shown.stdout.split() == list(SERVER_SETTINGS.values())


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

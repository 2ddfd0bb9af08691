"""Gammu's SMS daemon of the stack (the SMS center of Suara Masyarakat): its databases and
its configuration per site."""
from __future__ import annotations

from pathlib import Path

from stacklib.base import ENV, HOST, PG_PORT, SITES, VAR, StackError, secrets_env
from stacklib.postgres import psql

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

"""The SMS center in production: compose services `smsd` (Gammu's SMS daemon on the GSM modem,
docker/gammu) and `sms-worker` (our worker, the CKAN image), their database and settings.

No Docker engine is needed: the files are parsed and checked against each other; the smsd
image's entry point is RUN here, on this machine's gammu-smsd and PostgreSQL, with Gammu's
dummy phone in place of the modem: it creates Gammu's tables in a new database and the
daemon it starts stores an SMS that arrives.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from pkl_docker import (
    DOCKER,
    command_of,
    compose_variables,
    from_images,
    instruction_args,
    read_env_file,
    resolved_env,
    walk_strings,
)

GAMMU = DOCKER / "gammu"
GAMMU_DOCKERFILE = GAMMU / "Dockerfile"
ENTRYPOINT = GAMMU / "entrypoint.sh"
URL_KEY = "CKANEXT__PEKALONGAN__SUARA__SMS__DATABASE_URL"


def test_smsd_is_built_from_docker_gammu_and_gets_the_modem(services, filled_env):
    smsd = services["smsd"]
    assert smsd["build"]["context"] == "gammu" and GAMMU_DOCKERFILE.exists()
    assert smsd["image"] == "${SMSD_IMAGE}"
    assert smsd.get("devices") == ["${GAMMU_DEVICE}:${GAMMU_DEVICE}"]
    env = resolved_env(smsd, filled_env)
    assert env["GAMMU_DEVICE"] == filled_env["GAMMU_DEVICE"] == "/dev/ttyUSB0"
    assert env["GAMMU_CONNECTION"] == "at"
    assert env["SMSD_DB_HOST"] == "db:5432"
    # a daemon needs no port and no way out: the database only
    assert "ports" not in smsd and smsd["networks"] == ["backend"]
    assert smsd["depends_on"]["db"]["condition"] == "service_healthy"
    assert smsd.get("restart") == "unless-stopped"


def test_sms_worker_runs_our_worker_from_the_ckan_image(services):
    worker = services["sms-worker"]
    assert command_of(worker) == ["ckan", "suara", "sms", "worker"]
    assert worker["image"] == services["worker"]["image"]
    assert worker["depends_on"]["ckan"]["condition"] == "service_healthy"
    assert worker["healthcheck"] == {"disable": True}


@pytest.mark.parametrize("name", ["ckan", "worker", "sms-worker"])
def test_ckan_containers_reach_the_daemons_database(services, filled_env, name):
    env = resolved_env(services[name], filled_env)
    url = urlsplit(env[URL_KEY])
    db = resolved_env(services["db"], filled_env)
    smsd = resolved_env(services["smsd"], filled_env)
    assert url.scheme == "postgresql" and url.hostname == "db" and url.port == 5432
    assert url.path.lstrip("/") == db["SMSD_DB"] == smsd["SMSD_DB"] == "smsd"
    assert url.username == db["SMSD_DB_USER"] == smsd["SMSD_DB_USER"]
    assert url.password == db["SMSD_DB_PASSWORD"] == smsd["SMSD_DB_PASSWORD"]
    assert url.username != resolved_env(services["db"], filled_env)["CKAN_DB_USER"]


def test_the_daemons_password_is_required_and_generated(compose, env_example, tmp_path):
    refs = [op for text in walk_strings(compose) for name, op in compose_variables(text)
            if name == "SMSD_DB_PASSWORD"]
    assert refs and all(op == ":?" for op in refs), refs
    assert env_example["SMSD_DB_PASSWORD"] == ""
    for name in ("SMSD_IMAGE", "GAMMU_DEVICE", "GAMMU_CONNECTION", "GAMMU_PIN", "SMSD_DB",
                 "SMSD_DB_USER", "SMS_OWN_NUMBERS"):
        assert name in env_example, name
    shutil.copy(DOCKER / ".env.example", tmp_path / ".env.example")
    shutil.copy(DOCKER / "generate-env.sh", tmp_path / "generate-env.sh")
    subprocess.run(["sh", str(tmp_path / "generate-env.sh")], check=True,
                   capture_output=True)
    generated = read_env_file(tmp_path / ".env")
    assert len(generated["SMSD_DB_PASSWORD"]) >= 32
    assert generated["SMSD_DB_PASSWORD"].isalnum()  # URL-safe: it goes into a URL


def test_initdb_creates_the_daemons_role_and_database():
    text = (DOCKER / "postgres" / "initdb.sh").read_text()
    assert 'CREATE ROLE :"smsd_user" LOGIN NOSUPERUSER' in text
    assert "CREATE DATABASE :\"smsd_db\" OWNER :\"smsd_user\"" in text
    assert "REVOKE ALL ON DATABASE :\"smsd_db\" FROM PUBLIC" in text


def test_the_image_runs_debians_gammu_smsd_with_its_schema_as_a_modem_user():
    assert from_images(GAMMU_DOCKERFILE) == ["debian:bookworm-slim"]  # gammu-smsd 1.42
    run = " ".join(instruction_args(GAMMU_DOCKERFILE, "RUN"))
    assert "gammu-smsd" in run and "postgresql-client" in run
    # the slim image drops /usr/share/doc: the schema is let in and checked
    assert "path-include /usr/share/doc/gammu-smsd/examples/pgsql.sql" in run
    assert "test -s /usr/share/doc/gammu-smsd/examples/pgsql.sql" in run
    assert "--groups dialout smsd" in run
    assert instruction_args(GAMMU_DOCKERFILE, "USER") == ["smsd"]
    assert "gammu-smsd-monitor" in " ".join(instruction_args(GAMMU_DOCKERFILE, "HEALTHCHECK"))
    copies = " ".join(instruction_args(GAMMU_DOCKERFILE, "COPY"))
    assert "entrypoint.sh" in copies and os.access(ENTRYPOINT, os.X_OK)


def test_the_entrypoint_refuses_to_start_without_a_modem(tmp_path):
    res = subprocess.run(["sh", str(ENTRYPOINT), "render"], capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"], "SMSDRC": str(tmp_path / "rc"),
                              "SMSD_DB": "smsd", "SMSD_DB_USER": "smsd",
                              "SMSD_DB_PASSWORD": "x"})
    assert res.returncode != 0 and "GAMMU_DEVICE" in res.stderr


def test_the_entrypoint_renders_the_modem_settings(tmp_path):
    rc = tmp_path / "smsdrc"
    subprocess.run(["sh", str(ENTRYPOINT), "render"], check=True, env={
        "PATH": os.environ["PATH"], "SMSDRC": str(rc), "GAMMU_DEVICE": "/dev/ttyUSB0",
        "GAMMU_PIN": "1234", "SMSD_DB": "smsd", "SMSD_DB_USER": "smsd",
        "SMSD_DB_PASSWORD": "secret"})
    text = rc.read_text()
    for line in ("device = /dev/ttyUSB0", "connection = at", "service = sql",
                 "driver = native_pgsql", "host = db:5432", "database = smsd", "pin = 1234"):
        assert line in text.splitlines(), line
    assert "model =" not in text  # a real modem: Gammu detects it
    assert oct(rc.stat().st_mode & 0o777) == "0o600"  # the password is in it


# --- the entry point, run for real ------------------------------------------------------------

DB = "smsd_docker_check"


@pytest.fixture
def fresh_database():
    """An empty database owned by the daemons' role smsd (as initdb.sh makes it)."""
    import ckan.plugins.toolkit as tk
    from pkl_audit import owner_engine

    url = sa.engine.make_url(tk.config["ckanext.pekalongan.suara.sms.database_url"])
    admin = owner_engine()
    assert admin is not None, "no superuser connection (var/secrets.env)"
    site_db = admin.url.database
    admin = sa.create_engine(admin.url.set(database="postgres"), poolclass=sa.pool.NullPool,
                             isolation_level="AUTOCOMMIT")
    name = f"{DB}_{site_db}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" OWNER "{url.username}" '
                             "ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_entrypoint_creates_gammus_tables_and_runs_the_daemon(fresh_database, tmp_path):
    from ckanext.pekalongan.suara.sms import dummy

    url = fresh_database
    phone = tmp_path / "phone"
    for folder in range(1, 6):
        (phone / "sms" / str(folder)).mkdir(parents=True)
    env = {"PATH": os.environ["PATH"], "SMSDRC": str(tmp_path / "smsdrc"),
           "GAMMU_DEVICE": f"{phone}/", "GAMMU_CONNECTION": "none", "GAMMU_MODEL": "dummy",
           "SMSD_PHONE_ID": "docker-check", "SMSD_COMMTIMEOUT": "1",
           "SMSD_RECEIVEFREQUENCY": "1", "SMSD_DB_HOST": f"{url.host}:{url.port}",
           "SMSD_DB": url.database, "SMSD_DB_USER": url.username,
           "SMSD_DB_PASSWORD": url.password}
    log = (tmp_path / "smsd.out").open("wb")
    proc = subprocess.Popen(["sh", str(ENTRYPOINT)], env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        dummy.deliver(phone, "+6281234567890", "LAPOR uji modem")
        deadline, rows = time.monotonic() + 40, []
        while time.monotonic() < deadline and not rows and proc.poll() is None:
            time.sleep(0.5)
            try:
                with engine.connect() as conn:
                    rows = list(conn.execute(sa.text(
                        'SELECT "SenderNumber", "TextDecoded", "RecipientID" FROM inbox')))
            except sa.exc.ProgrammingError:  # the tables are not there yet
                rows = []
        assert proc.poll() is None, (tmp_path / "smsd.out").read_text()[-2000:]
        assert rows == [("+6281234567890", "LAPOR uji modem", "docker-check")]
        with engine.connect() as conn:
            assert conn.execute(sa.text('SELECT "Version" FROM gammu')).scalar() == 17
            owner = conn.execute(sa.text(
                "SELECT tableowner FROM pg_tables WHERE tablename = 'inbox'")).scalar()
        assert owner == url.username
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()
        engine.dispose()
    assert Path(env["SMSDRC"]).exists()

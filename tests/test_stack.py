"""config/stack.py: the failure paths `make run` relies on, and the rendered configuration."""
from __future__ import annotations

import configparser
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_a_taken_port_stops_with_one_line_naming_the_service(stack):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(stack.StackError) as err:
            stack.ensure_port_free("redis", port)
    assert str(err.value).startswith(f"redis: port {port} on 127.0.0.1 is already in use")
    assert "\n" not in str(err.value)


def test_a_service_that_dies_during_start_up_is_reported_not_waited_for(stack, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr(stack.base, "RUN", tmp_path)  # the processes live in stacklib/base.py
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    (tmp_path / "fake.pid").write_text(str(proc.pid))
    with pytest.raises(stack.StackError, match="fake exited during start-up; see .*fake.log"):
        stack.wait_until("fake", lambda: False, timeout=30, pid_name="fake")


def test_rendered_configs_are_complete_and_isolated(stack):
    inis = {}
    for site, (ini, db, _redis_db, core, _storage, _url) in stack.SITES.items():
        text = (ROOT / "var" / ini).read_text()
        settings = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
        assert not re.search(r"@[A-Z_]+@", settings), f"unfilled placeholder in {ini}"
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read_string(text)
        app = parser["app:main"]
        assert app["ckan.locale_default"] == "id"
        assert app["ckan.locales_offered"].split() == ["id", "en"]
        assert app["ckan.display_timezone"] == "Asia/Jakarta"
        assert app["solr_url"].endswith(f"/solr/{core}")
        assert app["sqlalchemy.url"].endswith(f"/{db}")
        assert "pekalongan" in app["ckan.plugins"].split()
        inis[site] = app
    urls = [(a["sqlalchemy.url"], a["solr_url"], a["ckan.redis.url"]) for a in inis.values()]
    for column in zip(*urls, strict=True):
        assert len(set(column)) == len(column), f"sites share a resource: {column}"
    assert len({a["ckan.site_id"] for a in inis.values()}) == len(inis)


def test_the_running_cluster_has_the_server_settings(stack):
    """The PostgreSQL the tests talk to runs with stacklib/postgres.py SERVER_SETTINGS (JIT
    off: compiling a query took 150 ms of the officer queue's 200 at 100,000 requests)."""
    import ckan.model as model
    import sqlalchemy as sa

    settings = stack.postgres.SERVER_SETTINGS
    assert settings["jit"] == "off"
    for name, value in settings.items():
        assert model.Session.execute(sa.text(f"SHOW {name}")).scalar() == value


def test_secrets_stay_out_of_git():
    ignored = subprocess.run(["git", "check-ignore", "var/secrets.env", "var/ckan.ini"],
                             cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == ["var/secrets.env", "var/ckan.ini"]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                             text=True).stdout
    secret = (ROOT / "var" / "secrets.env").read_text().split("SECRET_KEY=")[1].split()[0]
    for name in tracked.split():
        path = ROOT / name
        if path.is_file() and path.stat().st_size < 2_000_000:
            assert secret not in path.read_text(errors="ignore"), name

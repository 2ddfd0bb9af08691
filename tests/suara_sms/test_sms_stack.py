"""How `make` sets the SMS center up (config/stack.py): Gammu's package, one daemon database
per site with Gammu's schema, a daemon configuration per site, the processes of `make run`."""
from __future__ import annotations

import configparser
from urllib.parse import urlsplit


def test_gammu_smsd_is_a_package_of_the_stack(stack):
    assert stack.APT_PACKAGES["gammu-smsd"] == "/usr/bin/gammu-smsd"
    assert any(__import__("pathlib").Path(p).exists() for p in stack.SMSD_SCHEMAS)


def test_every_site_has_its_own_daemon_database_and_phone(stack):
    seen_db, seen_device = set(), set()
    for site, (ini, *_rest) in stack.SITES.items():
        rc = configparser.ConfigParser(interpolation=None)
        rc.read(stack.smsd_dir(site) / "smsdrc")
        assert rc["smsd"]["service"] == "sql" and rc["smsd"]["driver"] == "native_pgsql"
        assert rc["smsd"]["database"] == stack.smsd_database(site)
        assert rc["smsd"]["phoneid"] == f"pekalongan-{site}"
        if site != "dev":
            assert rc["gammu"]["model"] == "dummy" and rc["gammu"]["connection"] == "none"
        seen_db.add(rc["smsd"]["database"])
        seen_device.add(rc["gammu"]["device"])
        app = configparser.ConfigParser(interpolation=None, strict=False)
        app.read(stack.VAR / ini)
        url = urlsplit(app["app:main"]["ckanext.pekalongan.suara.sms.database_url"])
        assert url.path.lstrip("/") == stack.smsd_database(site) and url.username == "smsd"
        assert app["app:main"]["ckanext.pekalongan.suara.sms.dummy_device"].rstrip("/") == \
            rc["gammu"]["device"].rstrip("/") or site == "dev"
    assert len(seen_db) == len(seen_device) == len(stack.SITES)
    assert stack.smsd_database("dev") == "smsd"
    assert stack.smsd_database("test-3") == "smsd_test_3"


def test_the_daemon_databases_hold_gammus_schema(stack):
    for site in stack.SITES:
        res = stack.psql('select "Version" from gammu', db=stack.smsd_database(site))
        assert res.stdout.strip() == "17", site
        owner = stack.psql("select tableowner from pg_tables where tablename = 'inbox'",
                           db=stack.smsd_database(site))
        assert owner.stdout.strip() == "smsd"


def test_make_run_starts_the_daemon_and_the_worker(stack):
    procs = stack.app_processes()
    assert procs["smsd"] == ["gammu-smsd", "--config", str(stack.smsd_dir("dev") / "smsdrc")]
    assert procs["sms-worker"][-3:] == ["suara", "sms", "worker"]
    assert procs["sms-worker"][:3] == [str(stack.BIN / "ckan"), "-c", str(stack.VAR / "ckan.ini")]

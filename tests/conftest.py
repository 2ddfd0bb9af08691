"""Shared fixtures: CKAN's pytest plugin runs against var/test.ini (real PostgreSQL, Solr,
Redis started by `make test`).

CKAN's ``clean_db`` rebuilds only the core tables; ours also applies the migrations of the
plugins that own tables, so every test starts from the schema `ckan db upgrade` produces.
"""
from __future__ import annotations

import os

import pytest

MIGRATED_PLUGINS = ("activity", "harvest", "ppid", "suara", "pekalongan", "pekalongan_search")

collect_ignore = [] if os.environ.get("PEKALONGAN_BENCH") else ["bench"]


def _truncate_append_only_tables() -> None:
    """Empty the ppid_* tables (as the superuser) and unseal the audit trail
    before CKAN's reset; see ``pkl_audit.empty_ppid_tables``."""
    from pkl_audit import empty_ppid_tables

    empty_ppid_tables()


@pytest.fixture(scope="session")
def migrate_db_for():
    """CKAN's ``migrate_db_for``, then the audit tables sealed again (a reset
    unsealed them; see ``_truncate_append_only_tables``)."""
    from ckan.cli.db import _run_migrations

    def runner(plugin, version="head", forward=True):
        assert plugin, "Cannot apply migrations of unknown plugin"
        _run_migrations(plugin, version, forward)
        if plugin in ("ppid", "suara"):
            from pkl_audit import seal_audit_tables

            seal_audit_tables()

    return runner


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    _truncate_append_only_tables()
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        migrate_db_for(plugin)


@pytest.fixture(scope="module")
def stack():
    """config/stack.py (the set-up of `make`) as a module, for tests of the stack itself."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "config" / "stack.py"
    spec = importlib.util.spec_from_file_location("stack", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def live_portal(pytestconfig):
    """The portal served by gunicorn on var/test.ini (real services), for HTTP clients and
    the browser. Yields its base URL; tests create the data they need first."""
    from pathlib import Path

    from pkl_live import ROOT, free_port, set_option, start_gunicorn, stop

    port = free_port()
    log = (ROOT / "var" / "log" / "test-live-portal.log").open("ab")
    # The same site, but with its own address as ckan.site_url: CKAN's redirects are
    # absolute, so a browser following them stays on the live portal.
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    live_ini = test_ini.with_name(f"{test_ini.stem}-live-{port}.ini")
    live_ini.write_text(set_option(test_ini.read_text(), "ckan.site_url",
                                   f"http://127.0.0.1:{port}"))
    proc = start_gunicorn(live_ini, port, log)
    yield f"http://127.0.0.1:{port}"
    stop(proc)
    live_ini.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def sysadmin_token():
    """A sysadmin and an API token for it (for HTTP clients of the live portal)."""
    from ckan.tests import factories

    user = factories.SysadminWithToken()
    return user["name"], user["token"]


@pytest.fixture(scope="module")
def demo_site(pytestconfig, reset_db, migrate_db_for, reset_index):
    """The demo catalogue (OPDs, topics, Satu Data datasets with their uploaded CSV
    resources, the development indicators), loaded at most once per session (as in
    tests/search) with the site's plugins, for tests that only read it (the browser checks,
    the Indonesian-strings pages). They must not use ``clean_db`` or ``with_plugins``.
    Returns the demo datasets by name."""
    from ckan import plugins
    from pkl_search import demo_is_intact, load_demo

    from ckanext.pekalongan.demo import catalogue

    plugins.load_all()
    demo = {d["name"]: d for d in catalogue.datasets()}
    if not demo_is_intact(set(demo)):
        load_demo(pytestconfig, reset_db, migrate_db_for, reset_index)
    return demo

"""Shared fixtures: CKAN's pytest plugin runs against var/test.ini (real PostgreSQL, Solr,
Redis started by `make test`).

CKAN's ``clean_db`` rebuilds only the core tables; ours also applies the migrations of the
plugins that own tables, so every test starts from the schema `ckan db upgrade` produces.
"""
from __future__ import annotations

import os

import pkl_speedups
import pytest

pkl_speedups.install()  # with_plugins without re-reading the same metadata and YAML

MIGRATED_PLUGINS = ("activity", "harvest", "ppid", "suara", "pekalongan", "pekalongan_search")

collect_ignore = [] if os.environ.get("PEKALONGAN_BENCH") else ["bench"]

# The fixtures of the modules that read the demo catalogue (loaded at most once per session
# and worker, as long as no test in between empties the database): see
# pytest_collection_modifyitems.
DEMO_FIXTURES = ("demo_catalogue", "demo_site")


def _xdist_slots() -> tuple[int, ...]:
    """config/stacklib/base.py XDIST_SLOTS: the test sites of workers gw1, gw2, ..."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "config" / "stacklib" / "base.py"
    spec = importlib.util.spec_from_file_location("_pkl_stack_base", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.XDIST_SLOTS)


def pytest_configure(config):
    """Under pytest-xdist (``-n N``) every worker has a test site of its own (database,
    Solr core, Redis db, storage): gw0 the ``--ckan-ini`` given, gw1, gw2, ... the sites
    var/test-9.ini, var/test-10.ini, ... (XDIST_SLOTS). Set before CKAN's pytest plugin
    reads the ini at the start of the session.

    The groups are handed out in the order pytest_collection_modifyitems gives them (the
    longest first), not in xdist's default order of the most tests first, which left the
    long one-test modules (a harvest on schedule, the whole PPID circle) to the end while
    the other workers had nothing left to do."""
    config.option.loadscopereorder = False
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or worker == "gw0":
        return
    from pathlib import Path

    slots = _xdist_slots()
    index = int(worker[2:])
    if index > len(slots):
        raise pytest.UsageError(f"at most {len(slots) + 1} workers (-n): config/stacklib/"
                                "base.py XDIST_SLOTS has a test site for the others")
    ini = Path(config.option.ckan_ini or "var/test.ini").resolve().parent
    config.option.ckan_ini = str(ini / f"test-{slots[index - 1]}.ini")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """``--dist loadgroup``: a module runs whole on one worker (its module fixtures, its
    order). The modules that read the demo catalogue (DEMO_FIXTURES) are shared out in as many
    groups as there are workers, each group run whole on one worker: a worker loads the demo
    once for its group, and no worker waits for all of them. Runs before xdist's own hook,
    which turns these marks into the groups it schedules by (same on every worker)."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    sizes: dict[str, int] = {}
    for item in items:
        if any(f in getattr(item, "fixturenames", ()) for f in DEMO_FIXTURES):
            module = item.nodeid.split("::", 1)[0]
            sizes[module] = sizes.get(module, 0) + 1
    demo, loads = {}, [0] * workers  # the largest modules first, each to the lightest group
    for module in sorted(sizes, key=lambda m: (-sizes[m], m)):
        group = loads.index(min(loads))
        demo[module], loads[group] = f"demo-{group}", loads[group] + sizes[module]
    group_of, weights = {}, {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(demo.get(module, module)))
        group = group_of[item.nodeid] = item.get_closest_marker("xdist_group").args[0]
        weight = _weight(item, group)
        weights[group] = min(weights.get(group, weight), weight)
    # the longest groups first (xdist hands them out in this order), so that no worker
    # starts a long one while the other has finished
    items.sort(key=lambda item: weights[group_of[item.nodeid]])


SLOW_FIXTURES = ("live_portal", "browser", "page")
SLOW_DIRECTORIES = ("tests/ops/", "tests/harvest/", "tests/browser/", "tests/load/",
                    "tests/suara_sms/")  # the real gammu-smsd answers once a second


def _weight(item, group) -> int:
    """0: the demo groups, 1: a live portal or the browser, 2: the services of their own
    (ops, harvests), 3: the rest."""
    if str(group).startswith("demo-"):
        return 0
    if any(f in getattr(item, "fixturenames", ()) for f in SLOW_FIXTURES):
        return 1
    return 2 if item.nodeid.startswith(SLOW_DIRECTORIES) else 3


def _truncate_append_only_tables() -> None:
    """Empty the ppid_* tables (as the superuser) and unseal the audit trail
    before CKAN's reset; see ``pkl_audit.empty_ppid_tables``. Nothing to do once the fast
    reset (tests/pkl_reset.py) serves ``reset_db``: it empties them itself."""
    import pkl_reset
    from pkl_audit import empty_ppid_tables

    if not pkl_reset.fast_ready():
        empty_ppid_tables()


@pytest.fixture(scope="session")
def migrate_db_for():
    """CKAN's ``migrate_db_for``, then the audit tables sealed again (a reset
    unsealed them; see ``_truncate_append_only_tables``); not run again for a plugin
    already at head since the last full reset (tests/pkl_reset.py)."""
    import pkl_reset

    return pkl_reset.migrate_db_for


@pytest.fixture(scope="session")
def reset_db():
    """CKAN's ``reset_db`` (every table of CKAN's metadata and the ppid/suara tables
    emptied), after the first full reset of the session as a ``DELETE`` of the tables that
    hold rows (tests/pkl_reset.py): ~100x faster, for every test that cleans the database."""
    import pkl_reset
    from ckan.tests import factories

    factories.fake.unique.clear()
    return pkl_reset.reset_db


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    _truncate_append_only_tables()
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        migrate_db_for(plugin)


@pytest.fixture
def with_plugins(ckan_config):
    """CKAN's ``with_plugins`` (every plugin of ``ckan.plugins`` loaded for the test), but
    the plugins stay loaded at the end, as CKAN's ``app`` fixture leaves them: the next test
    with the same configuration finds them loaded (tests/pkl_speedups.py,
    ``cached_load_all``); a test with other plugins loads those. With
    ``PEKALONGAN_TEST_RELOAD=1``, CKAN's fixture as it is (unloaded at the end)."""
    from ckan import plugins

    plugins.load_all()
    yield
    if os.environ.get("PEKALONGAN_TEST_RELOAD"):
        plugins.unload_non_system_plugins()


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


# Debian's chromium-headless-shell: Chromium's own headless build (the Blink, V8 and network
# stack of the `chromium` package, no desktop browser around them), which Playwright also
# drives by default. `chromium --headless` runs the whole desktop browser without a window:
# the same tests took ~30 % more browser CPU (issue #14). PKL_CHROMIUM=/usr/bin/chromium
# runs them in that one.
CHROMIUM = os.environ.get("PKL_CHROMIUM", "/usr/bin/chromium-headless-shell")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
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

"""Helpers shared by the search tests (tests/search) and the search benchmark
(tests/bench): the plugin list with ``pekalongan_search``, and the demo catalogue loaded
into the test site the way the search tests need it."""
from __future__ import annotations

from pathlib import Path

from ckan.common import config

ROOT_CONFTEST = Path(__file__).resolve().parent / "conftest.py"
SEARCH_PLUGIN = "pekalongan_search"


def search_plugins(with_search: bool = True) -> list[str]:
    """The test site's plugins (var/test*.ini, rendered from config/stack.py PLUGINS) with
    (or without) ``pekalongan_search``."""
    from ckan.plugins.toolkit import aslist

    names = [n for n in aslist(config.get("ckan.plugins")) if n != SEARCH_PLUGIN]
    return [*names, SEARCH_PLUGIN] if with_search else names


def root_conftest(pytestconfig):
    """tests/conftest.py as loaded by pytest (its clean_db logic, for module fixtures)."""
    for plugin in pytestconfig.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__) == ROOT_CONFTEST:
            return plugin
    raise RuntimeError("tests/conftest.py is not loaded")


def db_holds_demo(names: set[str]) -> bool:
    """The database holds exactly the demo datasets (``names``), all active."""
    import ckan.model as model
    import sqlalchemy as sa

    try:
        rows = model.Session.query(model.Package.name, model.Package.state).all()
    except sa.exc.SQLAlchemyError:
        model.Session.rollback()
        return False
    return {n for n, _ in rows} == names and {s for _, s in rows} == {"active"}


def demo_is_intact(names: set[str]) -> bool:
    """The database holds exactly the demo datasets, and the index all of them as our
    plugin indexes them (with the OPD names in ``opd``)."""
    from ckan.plugins import toolkit as tk

    if not db_holds_demo(names):
        return False
    found = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"q": "*:*", "fq": "opd:[* TO *]", "rows": 0, "include_private": True})
    return found["count"] == len(names)


def empty_database(pytestconfig, reset_db, migrate_db_for) -> None:
    """What the root ``clean_db`` does, for module-scoped fixtures (which cannot use the
    function-scoped ``clean_db``): empty the append-only tables, rebuild CKAN's tables and
    apply the migrations of the plugins that own tables."""
    root = root_conftest(pytestconfig)
    root._truncate_append_only_tables()
    reset_db()
    for plugin in root.MIGRATED_PLUGINS:
        migrate_db_for(plugin)


def load_demo(pytestconfig, reset_db, migrate_db_for, reset_index) -> None:
    """Empty database and index (as the root ``clean_db`` and ``clean_index``), then the
    demo catalogue written through the actions, indexed by the plugins loaded now."""
    import ckan.model as model

    from ckanext.pekalongan.demo import loader

    empty_database(pytestconfig, reset_db, migrate_db_for)
    reset_index()
    # one Solr commit at the end instead of one per write: loads in half the time
    commit = config.get("ckan.search.solr_commit")
    config["ckan.search.solr_commit"] = False
    try:
        loader.load_demo()
    finally:
        config["ckan.search.solr_commit"] = commit
    commit_index()
    model.Session.remove()


def commit_index() -> None:
    """Commit the Solr core of ``solr_url`` and wait until searches see the commit."""
    from ckan.lib.search.common import make_connection

    make_connection().commit(waitSearcher=True)

"""Fixtures of the search tests: the site's plugins plus ``pekalongan_search``, and the demo
catalogue loaded and indexed once for the search modules.

The Solr core of the test site must serve our configset (config/solr/conf): the shared
development Solr does once config/stack.py has reloaded it after a change of the conf.
"""
from __future__ import annotations

import pytest
from ckan.common import config
from pkl_search import demo_is_intact, load_demo, search_plugins


@pytest.fixture(scope="module")
def demo_catalogue(pytestconfig, reset_db, migrate_db_for, reset_index):
    """The demo catalogue (49 OPD and kecamatan, 11 topic groups, 55 datasets) in the test
    site, indexed with ``pekalongan_search`` loaded. Loaded at most once per session: a
    module reloads it only when the database or index no longer hold exactly the demo
    (another test cleaned them), so a module that adds data must remove it again.
    Yields the demo datasets by name.

    Tests using it must not use ``clean_db``/``clean_index``/``with_plugins`` (they would
    empty or unload what this fixture set up for the whole module).
    """
    from ckan import plugins

    from ckanext.pekalongan.demo import catalogue

    demo = {d["name"]: d for d in catalogue.datasets()}
    saved = config.get("ckan.plugins")
    config["ckan.plugins"] = search_plugins()
    plugins.load_all()
    try:
        if not demo_is_intact(set(demo)):
            load_demo(pytestconfig, reset_db, migrate_db_for, reset_index)
        yield demo
    finally:
        config["ckan.plugins"] = saved
        plugins.load_all()


@pytest.fixture
def search_app(ckan_config, make_app, monkeypatch):
    """The web app with ``pekalongan_search`` among its plugins."""
    monkeypatch.setitem(ckan_config, "ckan.plugins", search_plugins())
    return make_app()

"""What makes CKAN's ``with_plugins`` cheap in the tests (issue #14), same results.

``with_plugins`` unloads and loads every plugin of the site for each test (~900 tests): ~1.9 s
each, spent mostly in two places that return the same value every time within one session:

* ``importlib.metadata.entry_points(group=..., name=...)``, which CKAN's ``_get_service``
  calls for every plugin: it reads the metadata of every installed distribution. The packages
  do not change during a session, so the answer is kept per (group, name).
* ``yaml.safe_load`` and ``msgspec.yaml.decode`` of the same files (CKAN's and every
  plugin's config declaration, the scheming schemas) at every load: the result is kept per
  document text and a deep copy returned, so a caller that changes it changes only its copy.
  Another text is parsed as before.
* ``inspect.stack()`` in ``toolkit.add_template_directory``/``add_public_directory`` and
  ``toolkit.add_resource``: the caller's file is read from its frame (``served_directory``,
  ``served_resource``).

CKAN's ``app`` fixture builds the whole Flask application for each test (~500 tests):

* werkzeug compiles two URL builder functions for each of the ~300 routes at every build
  (Python ``ast`` → ``compile``: ~40% of ``make_app``). A builder is a function of the
  rule's text, its parsed parts, its defaults and converters only, so the compiled function is
  kept per those and bound to the new rule, as werkzeug binds the one it compiles. The
  arguments of a converter (``<any(a, b):x>``) are parsed once per text.

Loading the same plugins again with the same configuration gives the same result, yet CKAN's
fixtures do it several times per test: ``with_plugins`` loads every plugin (an unload and a
load, each running ``update_config``), unloads them at the end, and the ``app`` fixture's
``make_app`` loads them all again and builds a new Flask application, whose templates are
compiled again at the first page. Here (``cached_load_all``) a ``load_all`` that finds the
same plugins loaded and the configuration as one of its earlier loads left it, or as it was
before that load, puts back the configuration that load produced and refreshes what depends
on the database or on a test's patches (the caches of actions, validators, auth functions
and helpers, the site user, the app globals) instead of reloading; any other configuration
or set of plugins loads for real. ``with_plugins`` (tests/conftest.py) leaves the plugins
loaded at the end (as CKAN's ``app`` fixture always has). ``cached_test_app`` keeps the
Flask application built for one configuration (after ``load_environment``, which still
runs for every test) and gives it again to the next test with exactly that configuration,
with a new test client; another configuration (``ckan_config`` marks, options set in a
test) builds its own. ``PEKALONGAN_TEST_RELOAD=1`` turns both off (every load and every app
as CKAN makes them), to tell a test's own failure from one of these shortcuts.

CKAN's migration environment binds the model to an engine without a pool (``NullPool``) and
only the next ``update_config`` binds a pooled one again: with loads skipped, every query
after a migration opened a new PostgreSQL connection (~16 ms). ``pooled_engine_back`` binds
the model to one pooled engine per database URL (as ``update_config`` makes it) after a
migration and after a skipped load.

And the factories hash every user's password with pbkdf2-sha512 at 25,000 rounds (~50 ms
each, thousands of users): the tests hash at 1,000 rounds. Verifying reads the rounds from
the stored hash, so a password set here still logs in (the site would re-hash it at its
own rounds on login, as CKAN does for any older hash).

Installed by the root conftest before CKAN loads a plugin (the blanket decorators take
``yaml.safe_load`` when a plugin module is imported). Tests only; the site never imports it.
"""
from __future__ import annotations

import copy
import functools
import importlib.metadata
import os
import sys

import yaml

_original_safe_load = yaml.safe_load


@functools.lru_cache(maxsize=512)
def _parsed(text):
    return _original_safe_load(text)


def cached_safe_load(stream):
    text = stream.read() if hasattr(stream, "read") else stream
    try:
        return copy.deepcopy(_parsed(text))
    except TypeError:  # unhashable input: parse as before
        return _original_safe_load(text)


_original_msgspec_decode = None


@functools.lru_cache(maxsize=64)
def _decoded(data):
    return _original_msgspec_decode(data)


def cached_msgspec_decode(data, **params):
    """``msgspec.yaml.decode`` (CKAN's core config declaration at every load) kept per text."""
    if params or not isinstance(data, (bytes, str)):
        return _original_msgspec_decode(data, **params)
    return copy.deepcopy(_decoded(data))


@functools.lru_cache(maxsize=1)
def _all_entry_points():
    return importlib.metadata.entry_points()


@functools.lru_cache(maxsize=1024)
def _entry_points(group: str, name: str):
    # what entry_points(group=..., name=...) selects, from one read of every distribution's
    # entry points instead of one read per plugin
    return tuple(_all_entry_points().select(group=group, name=name))


def cached_entry_points(**params):
    if set(params) == {"group", "name"}:
        return _entry_points(params["group"], params["name"])
    return importlib.metadata.entry_points(**params)


def served_directory(config_, relative_path: str, config_var: str) -> str:
    """CKAN's ``toolkit._add_served_directory`` (a plugin's template or public directory,
    relative to the file of the plugin that calls ``add_template_directory`` or
    ``add_public_directory``), finding that file from the caller's frame instead of
    ``inspect.stack()``, which reads the source lines of every frame of pytest's deep stack
    (~0.1 s for each of the site's plugins at every load)."""
    assert config_var in ("plugin_template_paths", "plugin_public_paths")
    caller = sys._getframe(2).f_code.co_filename  # 0: here, 1: add_*_directory
    path = os.path.join(os.path.dirname(caller), relative_path)
    paths = config_.get(config_var, [])
    if path not in paths:
        config_[config_var] = [path, *paths] if config_var in config_ else [path]
    return path


def served_resource(path: str, name: str) -> None:
    """CKAN's ``toolkit.add_resource`` (a plugin's WebAssets library, relative to the file
    that calls it), finding that file from the caller's frame instead of ``inspect.stack()``
    (as ``served_directory``): ~45 s of the workers' CPU in one `make test`."""
    from ckan.lib.webassets_tools import create_library

    caller = sys._getframe(1).f_code.co_filename
    create_library(name, os.path.join(os.path.dirname(caller), path))


_builders: dict = {}
_original_compile_builder = None


def _builder_key(rule, append_unknown: bool):
    defaults = rule.defaults or {}
    return (rule.rule, tuple(rule._trace), append_unknown,
            tuple(sorted((str(k), repr(v)) for k, v in defaults.items())),
            tuple(sorted((k, type(c).__name__,
                          repr(sorted((n, v) for n, v in vars(c).items() if n != "map")))
                         for k, c in rule._converters.items())))


def cached_compile_builder(self, append_unknown: bool = True):
    """werkzeug's ``Rule._compile_builder``, compiled once per rule shape (see above)."""
    try:
        key = _builder_key(self, append_unknown)
        hash(key)
    except TypeError:
        return _original_compile_builder(self, append_unknown)
    function = _builders.get(key)
    if function is None:
        function = _builders[key] = _original_compile_builder(self, append_unknown)
    return function


@functools.lru_cache(maxsize=1024)
def _converter_args(argstr: str):
    return _original_parse_converter_args(argstr)


_original_parse_converter_args = None


def cached_parse_converter_args(argstr: str):
    args, kwargs = _converter_args(argstr)
    return args, dict(kwargs)


class _Loaded:
    keys: tuple[str, ...] = ()  # the configuration before and after the last real load_all
    after: dict | None = None  # the configuration that load left
    plugins: tuple[str, ...] = ()  # the plugins it loaded, in order


_original_load_all = None


# set by CKAN's _get_test_app before every load; the load does not read it
NOT_LOADED_OPTIONS = ("testing",)


def _fingerprint(skip: tuple[str, ...] = ()) -> str | None:
    from ckan.common import config

    try:
        return repr(sorted(item for item in config.items() if item[0] not in skip))
    except Exception:  # an unorderable or odd value: load for real
        return None


_engines: dict[str, object] = {}


def pooled_engine_back() -> None:
    """Bind CKAN's model to a pooled engine if a migration left it on a ``NullPool`` one."""
    import ckan.model as model
    import sqlalchemy as sa
    from ckan.common import config

    engine = model.meta.engine
    if engine is not None and not isinstance(engine.pool, sa.pool.NullPool):
        return
    url = config.get("sqlalchemy.url")
    if not url:
        return
    pooled = _engines.get(url)
    if pooled is None:
        pooled = _engines[url] = sa.engine_from_config(config)
    model.init_model(pooled)


def _refresh_after_skipped_load() -> None:
    """What a load refreshes that a test or the database may have changed since."""
    import ckan.authz as authz
    import ckan.lib.app_globals as app_globals
    import ckan.lib.helpers as helpers
    import ckan.lib.plugins as lib_plugins
    import ckan.logic as logic

    pooled_engine_back()
    lib_plugins.reset_package_plugins()
    lib_plugins.register_package_plugins()
    lib_plugins.reset_group_plugins()
    lib_plugins.register_group_plugins()
    app_globals.app_globals._init()
    helpers.load_plugin_helpers()
    logic.clear_actions_cache()
    logic.clear_validators_cache()
    authz.clear_auth_functions_cache()
    try:  # as update_config does: the site user exists (a reset may have removed it)
        logic.get_action("get_site_user")({"ignore_auth": True}, {})
    except Exception:  # no user table yet (a reset in progress): as update_config
        import ckan.model as model

        model.Session.rollback()


def _build_lazy_tables() -> None:
    """CKAN builds its tables of actions and auth functions on their first use after the
    plugins load; a test's second thread that finds one half built by the first misses the
    plugins' functions ("Authorization function not found"). They are built here, in the
    thread that loaded the plugins (a web worker builds them on its first request)."""
    import ckan.authz as authz
    import ckan.logic as logic

    logic.get_action("status_show")
    authz.auth_functions_list()


def cached_load_all() -> None:
    """``plugins.load_all`` without reloading what is loaded already (see above)."""
    import ckan.plugins.core as core
    from ckan.common import config

    key = _fingerprint(NOT_LOADED_OPTIONS)
    if (key is not None and key in _Loaded.keys and _Loaded.after is not None
            and tuple(core._PLUGINS) == _Loaded.plugins):
        kept = {k: config[k] for k in NOT_LOADED_OPTIONS if k in config}
        config.clear()
        config.update(copy.deepcopy(_Loaded.after))
        for option in NOT_LOADED_OPTIONS:
            config.pop(option, None)
        config.update(kept)
        _refresh_after_skipped_load()
        _build_lazy_tables()
        return
    _Loaded.keys, _Loaded.after = (), None
    _original_load_all()
    _build_lazy_tables()
    after = _fingerprint(NOT_LOADED_OPTIONS)
    if key is not None and after is not None:
        _Loaded.keys = (key, after)
        _Loaded.after = copy.deepcopy(dict(config))
        _Loaded.plugins = tuple(core._PLUGINS)


_apps: dict[str, object] = {}
APPS_KEPT = 3


def cached_test_app():
    """CKAN's ``_get_test_app`` keeping the Flask application per configuration."""
    import ckan.config.middleware as middleware
    from ckan.common import config
    from ckan.config.environment import load_environment
    from ckan.tests.helpers import CKANTestApp

    config["testing"] = True
    load_environment(config)
    key = _fingerprint()
    flask_app = _apps.get(key) if key is not None else None
    if flask_app is None:
        flask_app = middleware.make_flask_stack(config)
        if key is not None:
            while len(_apps) >= APPS_KEPT:
                _apps.pop(next(iter(_apps)))
            _apps[key] = flask_app
    middleware._internal_test_request_context = flask_app._wsgi_app.test_request_context()
    return CKANTestApp(flask_app)


def install_boot() -> None:
    """Only the shortcuts that change how CKAN finds its plugins' entry points and files
    while it loads them (``cached_entry_points``, ``served_directory``, ``served_resource``):
    for the tests' live portals too (tests/pkl_wsgi.py)."""
    import ckan.plugins.core as core
    import ckan.plugins.toolkit as toolkit

    core.entry_points = cached_entry_points
    toolkit._add_served_directory = served_directory
    toolkit.add_resource = served_resource


def install() -> None:
    import ckan.model.user as user_model
    import ckan.plugins.core as core
    import werkzeug.routing.rules as rules
    from werkzeug.routing.rules import Rule

    global _original_compile_builder, _original_parse_converter_args

    global _original_msgspec_decode
    import msgspec.yaml

    yaml.safe_load = cached_safe_load
    if _original_msgspec_decode is None:
        _original_msgspec_decode = msgspec.yaml.decode
        msgspec.yaml.decode = cached_msgspec_decode
    install_boot()
    if _original_compile_builder is None:
        _original_compile_builder = Rule._compile_builder
        Rule._compile_builder = cached_compile_builder
        _original_parse_converter_args = rules.parse_converter_args
        rules.parse_converter_args = cached_parse_converter_args
    user_model.pbkdf2_sha512 = user_model.pbkdf2_sha512.using(rounds=1000)
    global _original_load_all
    if _original_load_all is None and not os.environ.get("PEKALONGAN_TEST_RELOAD"):
        import ckan.plugins as plugins
        import ckan.tests.helpers as test_helpers

        _original_load_all = core.load_all
        core.load_all = plugins.load_all = cached_load_all
        test_helpers._get_test_app = cached_test_app

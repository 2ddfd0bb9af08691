"""The ``suara`` plugin: Suara Masyarakat, citizens' aspirations and complaints.

Thin on purpose: actions, auth functions, CLI and config come from ``logic/``,
``cli.py`` and ``config_declaration.yaml`` through the toolkit blankets; the
web pages, statistics and template helpers come from modules that may or may
not be installed yet (``views``, ``stats_views``, ``logic/action/stats``,
``logic/auth_stats``, ``helpers``): each is used only if it exists. Tables
come from ``ckanext/pekalongan/migration/suara/`` (``ckan db upgrade -p
suara``, after ``-p ppid``: the clocks use the PPID holiday table). Needs the
``ppid`` plugin (the holiday calendar, the rate limiter, the roles).
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.translation import PekalonganTranslation

PACKAGE = "ckanext.pekalongan.suara"


def _here():
    from pathlib import Path

    return Path(__file__).resolve().parent


def _optional(name: str) -> ModuleType | None:
    """``suara.<name>`` if that module exists (a missing module is not an
    error; an error inside an existing one is)."""
    full = f"{PACKAGE}.{name}"
    try:
        if importlib.util.find_spec(full) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(full)


def _members(module: ModuleType | None) -> dict:
    if module is None:
        return {}
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items()
                 if n.startswith("suara_") and callable(v)]
    return {n: getattr(module, n) for n in names}


def actions() -> dict:
    out: dict = {}
    for name in ("logic.action.get", "logic.action.create", "logic.action.update",
                 "logic.action.stats"):
        out.update(_members(_optional(name)))
    return out


def auth_functions() -> dict:
    out: dict = {}
    for name in ("logic.auth", "logic.auth_stats"):
        out.update(_members(_optional(name)))
    return out


def blueprints() -> list:
    found = []
    for name in ("views", "stats_views"):
        module = _optional(name)
        if module is not None and getattr(module, "blueprint", None) is not None:
            found.append(module.blueprint)
    return found


def helpers() -> dict:
    module = _optional("helpers")
    return module.get_helpers() if module is not None else {}


def commands() -> list:
    from ckanext.pekalongan.suara.cli import suara

    return [suara]


@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth_functions)
@tk.blanket.blueprints(blueprints)
@tk.blanket.helpers(helpers)
@tk.blanket.cli(commands)
@tk.blanket.config_declarations
class SuaraPlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        if (_here() / "assets" / "webassets.yml").exists():
            tk.add_resource("assets", "pekalongan_suara")

"""The ``suara`` plugin: Suara Masyarakat, citizens' aspirations and complaints.

Thin on purpose: actions (``logic/action/{get,create,update,stats}.py``), their auth
functions (``logic/auth.py``, ``logic/auth_stats.py``), the blueprints (``views.py``,
``stats_views.py``), template helpers, CLI and config come in through the toolkit blankets.
Tables come from ``ckanext/pekalongan/migration/suara/`` (``ckan db upgrade -p suara``,
after ``-p ppid``: the clocks use the shared holiday table). Needs the ``ppid`` plugin (the
holiday calendar, the rate limiter, the roles).
"""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.translation import PekalonganTranslation


def _public(module) -> dict:
    return {name: getattr(module, name) for name in module.__all__}


def actions() -> dict:
    from ckanext.pekalongan.suara.logic.action import create, get, stats, update

    return {**_public(get), **_public(create), **_public(update), **_public(stats)}


def auth_functions() -> dict:
    from ckanext.pekalongan.suara.logic import auth, auth_stats

    return {**_public(auth), **_public(auth_stats)}


def blueprints() -> list:
    from ckanext.pekalongan.suara import stats_views, views

    return [views.blueprint, stats_views.blueprint]


def helpers() -> dict:
    from ckanext.pekalongan.suara import helpers as suara_helpers

    return suara_helpers.get_helpers()


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
        tk.add_resource("assets", "pekalongan_suara")

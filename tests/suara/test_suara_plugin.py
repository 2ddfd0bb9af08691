"""The suara plugin: its actions and auth functions (one of the same name each), its declared
options with the SP4N-LAPOR! day counts, and the CLI group."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import pytest

from ckanext.pekalongan.suara import plugin

pytestmark = pytest.mark.usefixtures("with_plugins")

CORE_ACTIONS = {
    "suara_report_create", "suara_report_show", "suara_report_list", "suara_report_verify",
    "suara_report_update", "suara_report_route", "suara_report_respond",
    "suara_report_add_info", "suara_report_close", "suara_report_reopen", "suara_report_rate",
    "suara_report_withdraw",
}


def test_plugin_is_loaded_with_every_action_and_its_auth_function():
    assert p.plugin_loaded("suara")
    actions, auth = plugin.actions(), plugin.auth_functions()
    assert CORE_ACTIONS <= set(actions)
    assert set(actions) <= set(auth), set(actions) - set(auth)
    for name in CORE_ACTIONS:
        assert tk.get_action(name) is not None
        assert actions[name].__doc__ and ":returns:" in actions[name].__doc__


def test_no_private_helper_becomes_an_action():
    assert all(name.startswith("suara_") for name in plugin.actions())


def test_declared_defaults_follow_the_sp4n_lapor_practice():
    assert tk.config.get("ckanext.pekalongan.suara.days.verify") == 3
    assert tk.config.get("ckanext.pekalongan.suara.days.sederhana") == 5
    assert tk.config.get("ckanext.pekalongan.suara.days.tanpa_lapangan") == 14
    assert tk.config.get("ckanext.pekalongan.suara.days.lapangan") == 60
    assert tk.config.get("ckanext.pekalongan.suara.reopen_days") == 10
    assert tk.aslist(tk.config.get("ckanext.pekalongan.suara.reminder_days")) == ["1"]


def test_every_page_and_helper_is_registered():
    assert {b.name for b in plugin.blueprints()} == {"suara", "suara_stats"}
    assert "pekalongan_suara_opds" in plugin.helpers()


def test_cli_group(cli):
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["suara", "--help"])
    assert result.exit_code == 0 and "sweep" in result.output

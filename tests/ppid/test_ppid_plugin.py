"""The plugin's wiring: actions and auth functions by name, typed config
defaults, the CLI, the holiday seed."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk

ACTIONS = (
    "ppid_request_create", "ppid_request_show", "ppid_request_list", "ppid_request_route",
    "ppid_request_extend", "ppid_request_decide", "ppid_request_correct_receipt",
    "ppid_request_withdraw",
    "ppid_document_create", "ppid_document_show", "ppid_objection_create",
    "ppid_objection_show", "ppid_objection_decide", "ppid_holiday_list",
    "ppid_holiday_create", "ppid_holiday_delete", "ppid_deadline_explain",
    "ppid_register_list", "ppid_annual_report",
    "ppid_request_publish", "ppid_request_export",  # 15D
    "ppid_dispute_bundle_show", "ppid_dispute_show", "ppid_dispute_record",  # 15C
    "ppid_service_standard_show", "ppid_service_standard_update", "ppid_annual_report_update",
    "ppid_notice_link_show",  # the decision e-mail's link
    # the DIP and DIK registers
    "ppid_dip_entry_create", "ppid_dip_entry_update", "ppid_dip_entry_delete",
    "ppid_dip_entry_show", "ppid_dip_entry_list", "ppid_dik_entry_create",
    "ppid_dik_entry_update", "ppid_dik_entry_delete", "ppid_dik_entry_show",
    "ppid_dik_entry_list", "ppid_dip_suggest",
)


@pytest.mark.usefixtures("with_plugins")
def test_every_action_has_an_auth_function_of_the_same_name():
    from ckan import authz

    for name in ACTIONS:
        assert tk.get_action(name)
        assert authz.is_authorized(name, {"user": "", "ignore_auth": False}, {}) is not None


@pytest.mark.usefixtures("with_plugins")
def test_no_private_helper_became_an_action():
    from ckan.logic import _actions

    ppid_actions = {name for name in _actions if name.startswith("ppid")}
    assert ppid_actions == set(ACTIONS)


@pytest.mark.usefixtures("with_plugins")
def test_config_defaults_are_typed():
    get = tk.config.get
    assert get("ckanext.pekalongan.ppid.notice_days") == 10
    assert get("ckanext.pekalongan.ppid.extension_days") == 7
    assert get("ckanext.pekalongan.ppid.objection_window_days") == 30
    assert get("ckanext.pekalongan.ppid.objection_answer_days") == 30
    assert get("ckanext.pekalongan.ppid.dispute_days") == 14
    assert get("ckanext.pekalongan.ppid.count_cuti_bersama_as_working_day") is True
    assert get("ckanext.pekalongan.ppid.reminder_days") == ["3", "1", "0"]
    assert get("ckanext.pekalongan.ppid.utama_organization") == "dinas-komunikasi-dan-informatika"
    assert get("ckanext.pekalongan.ppid.atasan_organization") == "atasan-ppid"
    assert get("ckanext.pekalongan.ppid.rate_limit") == 5
    assert get("ckanext.pekalongan.ppid.upload_max_mb") == 5
    assert get("ckanext.pekalongan.ppid.upload_types") == ["pdf", "jpg", "jpeg", "png"]
    assert get("ckanext.pekalongan.ppid.ticket_prefix") == "PPID"
    assert get("ckanext.pekalongan.ppid.timezone") == "Asia/Jakarta"


@pytest.mark.usefixtures("with_plugins")
class TestSeedHolidays:
    def test_seed_adds_only_missing_rows_and_never_resurrects(self, people, kit, cli):
        from ckan.cli.cli import ckan

        result = cli.invoke(ckan, ["ppid", "seed-holidays"])
        assert result.exit_code == 0, result.output
        assert "0 added" in result.output
        nyepi = [h for h in kit.act("ppid_holiday_list", None, year=2026)["results"]
                 if h["date"] == "2026-03-19"][0]
        kit.act("ppid_holiday_delete", people.sysadmin, id=nyepi["id"])
        result = cli.invoke(ckan, ["ppid", "seed-holidays"])
        assert "0 added" in result.output
        dates = {h["date"] for h in kit.act("ppid_holiday_list", None, year=2026)["results"]}
        assert "2026-03-19" not in dates

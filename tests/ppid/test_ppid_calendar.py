"""The holiday table (versioned) and the explanation of due dates."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


@pytest.mark.usefixtures("with_plugins")
class TestHolidays:
    def test_anyone_lists_the_seeded_holidays(self, people, kit):
        res = kit.act("ppid_holiday_list", None, year=2026)
        by_date = {h["date"]: h for h in res["results"]}
        assert by_date["2026-03-19"]["kind"] == "national"
        assert by_date["2026-03-23"]["kind"] == "cuti_bersama"
        assert res["count_cuti_bersama_as_working_day"] is True
        assert res["calendar_version"].endswith("-cbw")

    def test_bad_year_is_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_holiday_list", None, year="dua ribu")
        assert "year" in kit.errors(e)

    def test_sysadmin_adds_and_removes_a_holiday_creating_new_versions(self, people, kit):
        v0 = kit.act("ppid_holiday_list", None)["calendar_version"]
        added = kit.act("ppid_holiday_create", people.sysadmin, date="2026-03-25",
                        name="Hari Jadi Kabupaten (uji)", kind="national")
        assert added["calendar_version"] != v0
        removed = kit.act("ppid_holiday_delete", people.sysadmin, id=added["id"])
        assert removed["active"] is False
        assert removed["calendar_version"] == v0  # same holidays, same fingerprint
        with_deleted = kit.act("ppid_holiday_list", people.sysadmin, year=2026,
                               include_deleted=True)
        assert any(h["id"] == added["id"] for h in with_deleted["results"])
        public = kit.act("ppid_holiday_list", None, year=2026, include_deleted=True)
        assert not any(h["id"] == added["id"] for h in public["results"])

    def test_holiday_changes_are_audited(self, people, kit):
        import ckan.model as model

        from ckanext.pekalongan.ppid.model import PpidEvent

        added = kit.act("ppid_holiday_create", people.sysadmin, date="2026-12-28",
                        name="Cuti uji", kind="cuti_bersama")
        kit.act("ppid_holiday_delete", people.sysadmin, id=added["id"])
        actions = [e.action for e in model.Session.query(PpidEvent).order_by(PpidEvent.id)]
        assert actions == ["holiday_create", "holiday_delete"]

    def test_invalid_holidays_are_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_holiday_create", people.sysadmin, date="2026-13-01", name="",
                    kind="libur")
        assert set(kit.errors(e)) == {"date", "name", "kind"}
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_holiday_create", people.sysadmin, date="2026-03-19", name="Dobel",
                    kind="national")
        assert "date" in kit.errors(e)
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_holiday_delete", people.sysadmin, id="no-such-holiday")

    def test_only_sysadmins_manage_holidays(self, people, kit):
        for user in (people.utama, people.atasan, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_holiday_create", user, date="2026-03-25", name="x",
                        kind="national")
        some_id = kit.act("ppid_holiday_list", None, year=2026)["results"][0]["id"]
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_holiday_delete", people.utama, id=some_id)

    def test_calendar_change_does_not_move_stored_due_dates(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
        assert r["due_date"] == "2026-03-31"
        # a new holiday inside the counted span
        kit.act("ppid_holiday_create", people.sysadmin, date="2026-03-26",
                name="Libur daerah (uji)", kind="national")
        with at("2026-03-16"):
            later = kit.new_request()
        assert later["due_date"] == "2026-04-01"  # new requests use the new calendar
        assert later["calendar_version"] != r["calendar_version"]
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["due_date"] == "2026-03-31"
        assert shown["calendar_version"] == r["calendar_version"]
        # the extension uses the stored calendar too: +7 HK from 31 Mar = Fri 10 Apr
        with at("2026-03-30"):
            ext = kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="x")
        assert ext["due_date"] == "2026-04-10"
        # and its explanation is the one of the stored calendar
        explained = kit.act("ppid_deadline_explain", people.utama, ticket=r["ticket"])
        assert explained["explanation"]["due"] == "2026-03-31"
        assert explained["explanation"]["calendar_version"] == r["calendar_version"]
        assert all(d["date"] != "2026-03-26" or d["counted"]
                   for d in explained["explanation"]["days"])


@pytest.mark.usefixtures("with_plugins")
class TestExplain:
    def test_anyone_explains_a_start_and_a_number_of_days(self, people, kit):
        res = kit.act("ppid_deadline_explain", None, start="2026-03-16", days=10)
        explanation = res["explanation"]
        assert explanation["due"] == "2026-03-31"
        skipped = {d["date"]: d["reason"]["code"] for d in explanation["days"] if not d["counted"]}
        assert skipped["2026-03-19"] == "national_holiday"
        assert skipped["2026-03-21"] == "national_holiday"  # Idul Fitri on a Saturday
        assert skipped["2026-03-28"] == "weekend"
        counted_cuti = [d["date"] for d in explanation["days"] if d["note"]]
        assert counted_cuti == ["2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24"]
        assert res["both_policies"] == {
            "counting_cuti_bersama": "2026-03-31", "skipping_cuti_bersama": "2026-04-07",
        }

    def test_the_other_policy_can_be_asked_for(self, people, kit):
        res = kit.act("ppid_deadline_explain", None, start="2026-03-16", days=10,
                      count_cuti_bersama_as_working_day=False)
        assert res["explanation"]["due"] == "2026-04-07"

    def test_start_and_days_are_required_without_a_ticket(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_deadline_explain", None, days=0)
        assert set(kit.errors(e)) == {"start", "days"}

    def test_explaining_a_ticket_needs_the_code_or_an_officer(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
        mine = kit.act("ppid_deadline_explain", None, ticket=r["ticket"],
                       tracking_code=r["tracking_code"])
        assert mine["explanation"]["n"] == 10 and mine["extension"] is None
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_deadline_explain", None, ticket=r["ticket"])
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_deadline_explain", people.other_pelaksana, ticket=r["ticket"])
        with at("2026-03-20"):
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="x")
        officer = kit.act("ppid_deadline_explain", people.atasan, ticket=r["ticket"])
        assert officer["extension"]["start"] == "2026-03-31"
        assert officer["extension"]["due"] == officer["due_date"] == "2026-04-10"
        good_friday = [d for d in officer["extension"]["days"] if d["date"] == "2026-04-03"]
        assert good_friday[0]["reason"]["name"] == "Wafat Yesus Kristus"


@pytest.mark.usefixtures("with_plugins")
def test_plugin_migrations_are_found_where_ckan_looks_for_them():
    from ckan.cli.db import _resolve_alembic_config

    path = _resolve_alembic_config("ppid")
    assert path.endswith("ckanext/pekalongan/migration/ppid/alembic.ini")

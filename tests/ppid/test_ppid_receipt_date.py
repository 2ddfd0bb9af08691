"""Receipt dates are bounded (not before the service started, not in the
future), and PPID Utama corrects a wrong one with a reason: the due dates are
counted again with the current calendar and the audit trail keeps the old and
new dates, the reason and the actor."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time

MONDAY = "2026-03-16 03:00:00"


@pytest.mark.usefixtures("with_plugins")
class TestReceiptDateBounds:
    @pytest.mark.parametrize("received", ["0001-01-01", "2000-01-03", "2023-12-29"])
    def test_before_the_service_started_is_refused(self, people, kit, received):
        with freeze_time(MONDAY), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_create", people.utama,
                    **kit.data(received_on=received, channel="letter"))
        [message] = kit.errors(e)["received_on"]
        assert "2024-01-01" in message or "2000-01-01" in message  # a field message either way

    def test_the_future_is_refused(self, people, kit):
        with freeze_time(MONDAY), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_create", people.utama,
                    **kit.data(received_on="2026-03-17", channel="letter"))
        assert kit.errors(e)["received_on"]

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.service_start", "2026-03-01")
    def test_the_start_is_a_setting(self, people, kit):
        with freeze_time(MONDAY):
            ok = kit.act("ppid_request_create", people.utama,
                         **kit.data(received_on="2026-03-02", channel="letter"))
            assert ok["ticket"] == "PPID-2026-000001"
            with pytest.raises(tk.ValidationError):
                kit.act("ppid_request_create", people.utama,
                        **kit.data(received_on="2026-02-27", channel="letter"))


@pytest.mark.usefixtures("with_plugins")
class TestCorrectReceipt:
    def _letter(self, people, kit, received="2026-03-16"):
        with freeze_time(MONDAY):
            return kit.act("ppid_request_create", people.utama,
                           **kit.data(received_on=received, channel="letter"))

    def test_utama_corrects_the_date_and_the_due_dates_follow(self, people, kit):
        r = self._letter(people, kit)
        assert r["due_date"] == "2026-03-31"
        with freeze_time(MONDAY):
            out = kit.act("ppid_request_correct_receipt", people.utama, ticket=r["ticket"],
                          received_on="2026-03-09", reason="Surat tercatat salah tanggal")
            assert out["received_on"] == "2026-03-09"
            assert out["original_due_date"] == out["due_date"] != r["due_date"]
            shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        [event] = [e for e in shown["timeline"] if e["action"] == "receipt_correct"]
        assert event["actor"] == people.utama["name"]
        assert event["data"]["old_received_on"] == "2026-03-16"
        assert event["data"]["received_on"] == "2026-03-09"
        assert event["data"]["old_due_date"] == r["due_date"]
        assert event["data"]["due_date"] == out["due_date"]
        assert event["data"]["reason"] == "Surat tercatat salah tanggal"
        assert shown["ticket"] == r["ticket"]  # the number the citizen holds stays

    def test_an_extended_request_keeps_its_extension(self, people, kit):
        r = self._letter(people, kit)
        with freeze_time(MONDAY):
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="Arsip")
            out = kit.act("ppid_request_correct_receipt", people.utama, ticket=r["ticket"],
                          received_on="2026-03-12", reason="Salah tanggal")
        assert out["extended"] is True
        assert out["due_date"] == out["latest_due_date"] > out["original_due_date"]

    def test_the_reason_is_required_and_the_bounds_hold(self, people, kit):
        r = self._letter(people, kit)
        with freeze_time(MONDAY):
            for bad, key in ((dict(received_on="2026-03-09"), "reason"),
                             (dict(received_on="2023-01-02", reason="x"), "received_on"),
                             (dict(received_on="2026-03-20", reason="x"), "received_on"),
                             (dict(received_on="2026-03-16", reason="x"), "received_on"),
                             (dict(received_on="2026-03-09", reason="x\u202e"), "reason")):
                with pytest.raises(tk.ValidationError) as e:
                    kit.act("ppid_request_correct_receipt", people.utama, ticket=r["ticket"],
                            **bad)
                assert kit.errors(e)[key], bad

    def test_only_ppid_utama_and_sysadmins(self, people, kit):
        r = self._letter(people, kit)
        with freeze_time(MONDAY):
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"],
                    org="dinas-kesehatan")
            for user in (people.pelaksana, people.atasan, people.citizen, None):
                with pytest.raises(tk.NotAuthorized):
                    kit.act("ppid_request_correct_receipt", user, ticket=r["ticket"],
                            received_on="2026-03-09", reason="x")
            kit.act("ppid_request_correct_receipt", people.sysadmin, ticket=r["ticket"],
                    received_on="2026-03-09", reason="x")

    def test_a_decided_request_cannot_be_corrected(self, people, kit):
        r = self._letter(people, kit)
        with freeze_time(MONDAY):
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="x")
            with pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_request_correct_receipt", people.utama, ticket=r["ticket"],
                        received_on="2026-03-09", reason="x")
        assert kit.errors(e)["status"]

    def test_an_objection_cannot_be_filed_before_the_receipt(self, people, kit):
        r = self._letter(people, kit)
        with freeze_time("2026-04-01 03:00:00"), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_objection_create", people.utama, ticket=r["ticket"],
                    grounds=["35_1_b"], reasons="x", filed_on="2026-03-13")
        assert kit.errors(e)["filed_on"]


@pytest.mark.usefixtures("with_plugins")
class TestDeprecatedNames:
    """``received_at``/``filed_at`` were the names of the dates before ``_on``: a client
    written against them keeps working for one release (casework/names.py)."""

    def test_the_old_names_are_accepted_and_returned(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.act("ppid_request_create", people.utama,
                        **kit.data(received_at="2026-03-16", channel="letter"))
            assert r["received_on"] == r["received_at"] == "2026-03-16"
            out = kit.act("ppid_request_correct_receipt", people.utama, ticket=r["ticket"],
                          received_at="2026-03-09", reason="Surat tercatat salah tanggal")
            assert out["received_on"] == out["received_at"] == "2026-03-09"
            listed = kit.act("ppid_request_list", people.utama, sort="received_at desc")
            assert [row["ticket"] for row in listed["results"]] == [r["ticket"]]
            assert listed["results"][0]["received_at"] == "2026-03-09"

    def test_a_bad_date_under_the_old_name_is_a_field_error_under_the_new(self, people, kit):
        with freeze_time(MONDAY), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_create", people.utama,
                    **kit.data(received_at="2026-13-40", channel="letter"))
        assert kit.errors(e)["received_on"]

"""Request actions: create, show, list, route, extend, decide, withdraw — each
with its happy path, its validation errors and its auth denials."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time

MONDAY = "2026-03-16 03:00:00"  # Mon 16 Mar 2026, 10:00 WIB


@pytest.mark.usefixtures("with_plugins")
class TestCreate:
    def test_anonymous_web_request_gets_ticket_code_and_statutory_dates(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request()
        assert r["ticket"] == "PPID-2026-000001"
        assert r["status"] == "received"
        assert r["channel"] == "web"
        assert r["received_on"] == "2026-03-16"
        assert r["due_date"] == "2026-03-31"
        assert r["latest_due_date"] == "2026-04-10"
        assert r["objection_window"] == {
            "ground": "35_1_c", "days": 30, "from": "2026-04-01", "until": "2026-05-15",
        }
        assert len(r["tracking_code"].replace("-", "")) == 16

    def test_tickets_are_numbered_per_year(self, people, kit):
        with freeze_time("2025-12-31 10:00:00"):
            assert kit.new_request()["ticket"] == "PPID-2025-000001"
            assert kit.new_request()["ticket"] == "PPID-2025-000002"
        with freeze_time("2026-01-02 03:00:00"):
            assert kit.new_request()["ticket"] == "PPID-2026-000001"

    def test_receipt_date_is_taken_in_jakarta_time(self, people, kit):
        # 17:30 UTC on Sunday 15 March is 00:30 WIB on Monday 16 March
        with freeze_time("2026-03-15 17:30:00"):
            assert kit.new_request()["received_on"] == "2026-03-16"

    def test_only_the_hash_of_the_tracking_code_is_stored(self, people, kit):
        import ckan.model as model

        from ckanext.pekalongan.ppid.model import PpidRequest

        r = kit.new_request()
        stored = model.Session.get(PpidRequest, r["id"]).tracking_code_hash
        code = r["tracking_code"]
        assert code not in stored and code.replace("-", "") not in stored
        assert stored.startswith("sha256$")

    def test_legal_entity_gives_decree_number_instead_of_nik(self, people, kit):
        r = kit.new_request(requester_type="legal_entity", nik="", legal_entity_decree="AHU-123")
        shown = kit.act("ppid_request_show", None, ticket=r["ticket"],
                        tracking_code=r["tracking_code"])
        assert shown["legal_entity_decree"] == "AHU-123"
        assert shown["nik"] is None

    def test_nik_must_have_16_digits(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(nik="33260112")
        assert kit.errors(e)["nik"] == ["A NIK has exactly 16 digits."]

    def test_nik_typed_with_dots_and_spaces_is_accepted(self, people, kit):
        r = kit.new_request(nik="3326.0112 0390-0001")
        shown = kit.act("ppid_request_show", None, ticket=r["ticket"],
                        tracking_code=r["tracking_code"])
        assert shown["nik"] == kit.NIK

    def test_missing_fields_get_field_level_errors(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_create", None, requester_type="person")
        errors = kit.errors(e)
        for field in ("name", "address", "information", "purpose", "how_to_obtain",
                      "how_to_receive", "nik", "phone", "email"):
            assert field in errors, field

    def test_phone_or_email_is_required(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(phone="", email="")
        assert "phone" in kit.errors(e) and "email" in kit.errors(e)
        assert kit.new_request(email="")["ticket"]  # a phone alone is enough

    def test_unknown_codes_are_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(how_to_obtain=["telepati"], how_to_receive="merpati",
                            requester_type="alien")
        assert set(kit.errors(e)) >= {"how_to_obtain", "how_to_receive", "requester_type"}

    def test_how_to_obtain_accepts_a_form_string(self, people, kit):
        r = kit.new_request(how_to_obtain="melihat, salinan_hardcopy")
        shown = kit.act("ppid_request_show", None, ticket=r["ticket"],
                        tracking_code=r["tracking_code"])
        assert shown["how_to_obtain"] == ["melihat", "salinan_hardcopy"]

    def test_invalid_email_error_does_not_echo_the_address(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(email="budi@@rumah")
        assert kit.errors(e)["email"] == ["This is not a valid e-mail address."]
        assert "budi" not in str(e.value)

    def test_target_org_must_be_an_opd(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(target_org="no-such-opd")
        assert kit.errors(e)["target_org"] == ["Unknown OPD."]
        with pytest.raises(tk.ValidationError):
            kit.new_request(target_org="atasan-ppid")
        r = kit.new_request(target_org="dinas-kesehatan")
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["target_org"]["name"] == "dinas-kesehatan"

    def test_honeypot_is_refused_and_nothing_is_stored(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(website="http://spam.example")
        assert list(kit.errors(e)) == ["website"]
        assert kit.act("ppid_request_list", people.utama)["count"] == 0

    def test_officer_registers_a_letter_with_its_real_receipt_date(self, people, kit):
        with freeze_time("2026-03-20 03:00:00"):
            r = kit.new_request(people.utama, received_on="2026-03-16", channel="letter")
        assert (r["received_on"], r["channel"], r["due_date"]) == (
            "2026-03-16", "letter", "2026-03-31"
        )
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["timeline"][0]["actor"] == people.utama["name"]

    def test_receipt_date_in_the_future_is_refused(self, people, kit):
        with freeze_time(MONDAY), pytest.raises(tk.ValidationError) as e:
            kit.new_request(people.pelaksana, received_on="2026-03-17")
        assert kit.errors(e) == {"received_on": ["The receipt date cannot be in the future."]}

    def test_malformed_receipt_date_is_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(people.utama, received_on="16/03/2026")
        assert "received_on" in kit.errors(e)

    def test_citizens_cannot_backdate_or_choose_the_channel(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request(people.citizen, received_on="2026-03-01", channel="letter")
        assert (r["received_on"], r["channel"]) == ("2026-03-16", "web")

    def test_a_deleted_user_may_not_file(self, people, kit):
        from ckan.tests import factories, helpers

        gone = factories.User()
        helpers.call_action("user_delete", id=gone["id"])
        with pytest.raises(tk.NotAuthorized):
            kit.new_request(gone)


@pytest.mark.usefixtures("with_plugins")
class TestUploads:
    def test_power_of_attorney_is_stored_outside_the_web_root(self, people, kit):
        import os

        r = kit.new_request(power_of_attorney=kit.upload())
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["has_power_of_attorney"] is True
        [doc] = shown["documents"]
        assert (doc["kind"], doc["filename"], doc["content_type"]) == (
            "power_of_attorney", "surat-kuasa.pdf", "application/pdf"
        )
        info = tk.get_action("ppid_document_show")(
            {"user": people.utama["name"], "ppid_file_path": True},
            {"ticket": r["ticket"], "document_id": doc["id"]},
        )
        assert os.path.isfile(info["file_path"])
        assert "/ppid/" in info["file_path"] and info["file_path"].endswith(doc["id"])
        # the requester does not get unreleased or non-response documents
        mine = kit.act("ppid_request_show", None, ticket=r["ticket"],
                       tracking_code=r["tracking_code"])
        assert mine["documents"] == []

    def test_wrong_file_type_is_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(power_of_attorney=kit.upload(b"MZ\x90\x00", "kuasa.exe"))
        assert kit.errors(e)["power_of_attorney"][0].startswith("This file type is not accepted")

    def test_content_must_match_the_extension(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(power_of_attorney=kit.upload(b"<html>", "kuasa.pdf"))
        assert kit.errors(e)["power_of_attorney"] == ["The file content does not match its type."]

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.upload_max_mb", 1)
    def test_too_large_file_is_refused_and_nothing_is_stored(self, people, kit):
        big = kit.PDF + b"0" * (1024 * 1024)
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(power_of_attorney=kit.upload(big))
        assert kit.errors(e)["power_of_attorney"] == ["The file is too large (at most 1 MB)."]
        assert kit.act("ppid_request_list", people.utama)["count"] == 0


@pytest.mark.usefixtures("with_plugins")
class TestShow:
    def test_requester_with_code_sees_own_data_timeline_and_deadline(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request()
        with freeze_time("2026-03-27 03:00:00"):
            shown = kit.act("ppid_request_show", None, ticket=r["ticket"],
                            tracking_code=r["tracking_code"].lower().replace("-", " "))
        assert shown["access"] == "requester"
        assert (shown["nik"], shown["email"], shown["address"]) == (
            kit.NIK, kit.EMAIL, kit.ADDRESS
        )
        assert [e["action"] for e in shown["timeline"]] == ["create"]
        deadline = shown["deadline"]
        assert deadline["due_date"] == "2026-03-31"
        assert deadline["days_left"] == 2  # Mon 30, Tue 31
        assert deadline["urgency"] == "due_soon"
        assert "created_by" not in shown

    def test_officers_see_everything_by_ticket_alone(self, people, kit):
        r = kit.new_request()
        for officer in (people.utama, people.atasan, people.sysadmin):
            shown = kit.act("ppid_request_show", officer, ticket=r["ticket"])
            assert shown["access"] == "officer" and shown["nik"] == kit.NIK

    def test_show_also_accepts_the_id(self, people, kit):
        r = kit.new_request()
        assert kit.act("ppid_request_show", people.utama, id=r["id"])["ticket"] == r["ticket"]

    def test_wrong_ticket_and_wrong_code_give_the_same_answer(self, people, kit):
        r = kit.new_request()
        attempts = [
            {"ticket": r["ticket"], "tracking_code": "AAAA-BBBB-CCCC-DDDD"},
            {"ticket": "PPID-2026-999999", "tracking_code": r["tracking_code"]},
            {"ticket": r["ticket"]},
            {"ticket": "PPID-2026-999999"},
        ]
        messages = set()
        for data in attempts:
            for user in (None, people.citizen):
                with pytest.raises(tk.ObjectNotFound) as e:
                    kit.act("ppid_request_show", user, **data)
                messages.add(str(e.value))
        assert messages == {"No request matches this ticket and tracking code."}

    def test_pelaksana_of_another_opd_gets_nothing(self, people, kit):
        r = kit.new_request(target_org="dinas-kesehatan")
        assert kit.act("ppid_request_show", people.pelaksana, ticket=r["ticket"])["nik"]
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_request_show", people.other_pelaksana, ticket=r["ticket"])

    def test_wrong_ticket_and_wrong_code_are_identical_over_http(self, app, people, kit):
        r = kit.new_request()
        a = app.post("/api/3/action/ppid_request_show",
                     json={"ticket": r["ticket"], "tracking_code": "WRONG"}, status=404)
        b = app.post("/api/3/action/ppid_request_show",
                     json={"ticket": "PPID-2026-424242", "tracking_code": "WRONG"}, status=404)
        assert a.json["error"] == b.json["error"]
        assert kit.NIK not in a.body


@pytest.mark.usefixtures("with_plugins")
class TestList:
    def _three(self, people, kit):
        with freeze_time("2026-03-02 03:00:00"):
            a = kit.new_request(target_org="dinas-kesehatan", information="Anggaran puskesmas")
        with freeze_time("2026-03-09 03:00:00"):
            b = kit.new_request(information="Data jalan rusak", email="siti@mail.example")
            kit.act("ppid_request_route", people.utama, ticket=b["ticket"], org="dinas-pendidikan")
        with freeze_time(MONDAY):
            c = kit.new_request(people.utama, channel="walk_in", information="Data sekolah")
        return a, b, c

    def test_utama_sees_all_sorted_by_due_date_with_personal_data_masked(self, people, kit):
        a, b, c = self._three(people, kit)
        with freeze_time("2026-03-17 03:00:00"):
            res = kit.act("ppid_request_list", people.utama)
        assert res["count"] == 3
        assert [r["ticket"] for r in res["results"]] == [a["ticket"], b["ticket"], c["ticket"]]
        row = res["results"][0]
        assert row["nik"] == "3326********0001"
        assert row["email"] == "b***@mail.example"
        assert row["phone"] == "+628*******890"  # stored in E.164
        assert "address" not in row
        assert {r["urgency"] for r in res["results"]} <= {"on_time", "due_soon", "overdue"}

    def test_pelaksana_sees_only_requests_held_by_their_opd(self, people, kit):
        a, b, _c = self._three(people, kit)
        mine = kit.act("ppid_request_list", people.pelaksana)
        assert [r["ticket"] for r in mine["results"]] == [a["ticket"]]
        theirs = kit.act("ppid_request_list", people.other_pelaksana)
        assert [r["ticket"] for r in theirs["results"]] == [b["ticket"]]
        assert kit.act("ppid_request_list", people.atasan)["count"] == 3

    def test_filters(self, people, kit):
        a, b, c = self._three(people, kit)

        def tickets(**filters):
            with freeze_time("2026-03-17 03:00:00"):
                res = kit.act("ppid_request_list", people.utama, **filters)
            return [r["ticket"] for r in res["results"]]

        assert tickets(status="routed") == [b["ticket"]]
        assert tickets(org="dinas-kesehatan") == [a["ticket"]]
        assert tickets(channel=["walk_in"]) == [c["ticket"]]
        assert tickets(q="jalan") == [b["ticket"]]
        assert tickets(q=a["ticket"]) == [a["ticket"]]
        assert tickets(received_from="2026-03-05", received_to="2026-03-10") == [b["ticket"]]
        assert tickets(sort="due_date desc") == [c["ticket"], b["ticket"], a["ticket"]]
        assert tickets(limit=1, offset=1) == [b["ticket"]]
        with freeze_time("2026-03-17 03:00:00"):
            # a (2 Mar) is due 16 Mar: overdue on the 17th
            assert tickets(overdue=True) == [a["ticket"]]
            assert tickets(overdue=False) == [b["ticket"], c["ticket"]]

    def test_bad_filters_are_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_list", people.utama, status="lost", sort="name", limit=5000)
        assert set(kit.errors(e)) == {"status", "sort", "limit"}

    def test_citizens_and_anonymous_cannot_list(self, people, kit):
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_request_list", people.citizen)
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_request_list", None)


@pytest.mark.usefixtures("with_plugins")
class TestRoute:
    def test_utama_routes_to_an_opd(self, people, kit):
        r = kit.new_request()
        out = kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        assert out["status"] == "routed" and out["routed_org"]["name"] == "dinas-kesehatan"
        # now the Pelaksana of that OPD sees and handles it
        assert kit.act("ppid_request_list", people.pelaksana)["count"] == 1

    def test_unknown_opd_and_same_opd_are_refused(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="nowhere")
        assert kit.errors(e) == {"org": ["Unknown OPD."]}
        kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        assert "org" in kit.errors(e)

    def test_unknown_ticket_is_not_found(self, people, kit):
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_request_route", people.utama, ticket="PPID-2026-000404",
                    org="dinas-kesehatan")

    def test_only_utama_routes(self, people, kit):
        r = kit.new_request(target_org="dinas-kesehatan")
        for user in (people.pelaksana, people.atasan, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_request_route", user, ticket=r["ticket"], org="dinas-kesehatan")


@pytest.mark.usefixtures("with_plugins")
class TestExtend:
    def test_extension_is_counted_from_the_original_due_date(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request()
        with freeze_time("2026-03-30 03:00:00"):
            out = kit.act("ppid_request_extend", people.utama, ticket=r["ticket"],
                          reason="Dokumen tersebar di tiga bidang")
        assert out["status"] == "extended"
        assert (out["original_due_date"], out["due_date"]) == ("2026-03-31", "2026-04-10")
        assert out["extension_reason"] == "Dokumen tersebar di tiga bidang"

    def test_extension_is_refused_after_the_first(self, people, kit):
        r = kit.new_request()
        kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="Pertama")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="Kedua")
        assert kit.errors(e) == {"status": ["The deadline can be extended only once."]}
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["extension_reason"] == "Pertama"
        assert [e["action"] for e in shown["timeline"]] == ["create", "extend"]

    def test_extension_needs_a_reason(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="  ")
        assert "reason" in kit.errors(e)

    def test_extension_after_the_due_date_is_refused(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request()
        with freeze_time("2026-04-01 03:00:00"), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="Telat")
        assert "status" in kit.errors(e)

    def test_routed_pelaksana_extends_others_may_not(self, people, kit):
        r = kit.new_request(target_org="dinas-kesehatan")
        # targeted but not yet routed: the Pelaksana sees it but cannot act yet
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_request_extend", people.pelaksana, ticket=r["ticket"], reason="x")
        kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        for user in (people.other_pelaksana, people.atasan, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_request_extend", user, ticket=r["ticket"], reason="x")
        out = kit.act("ppid_request_extend", people.pelaksana, ticket=r["ticket"], reason="x")
        assert out["extended"] is True


@pytest.mark.usefixtures("with_plugins")
class TestDecide:
    def test_granted(self, people, kit):
        with freeze_time(MONDAY):
            r = kit.new_request()
        with freeze_time("2026-03-25 03:00:00"):
            out = kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                          decision="granted", info_given="Daftar penerima (PDF)",
                          format="PDF", medium="surel", cost="0")
        assert (out["status"], out["decision"], out["decided_on"]) == (
            "decided", "granted", "2026-03-25"
        )
        assert out["objection_grounds_arisen"] == {}

    def test_refusal_must_cite_pasal_17_and_the_consequence_test(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="refused")
        errors = kit.errors(e)
        assert errors["exemption_grounds"] == ["Cite at least one Pasal 17 exemption ground."]
        assert "consequence_test_ref" in errors
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="refused",
                    exemption_grounds=["17z"], consequence_test_ref="UK-1")
        assert "exemption_grounds" in kit.errors(e)
        out = kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="refused",
                      exemption_grounds=["17h"], consequence_test_ref="UK/PPID/2026/03",
                      dik_entry=kit.dik_entry(people))
        assert out["exemption_grounds"] == ["17h"]

    def test_not_held_must_name_the_holding_body(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="not_held")
        assert "holding_body" in kit.errors(e)
        out = kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                      decision="not_held", holding_body="BPS Kabupaten Pekalongan")
        assert out["holding_body"] == "BPS Kabupaten Pekalongan"

    def test_partial_grant_needs_grounds_info_given_and_blackout_reason(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="partly_granted", exemption_grounds="17h",
                    consequence_test_ref="UK-2", blacked_out="NIK penerima", cost="5000")
        assert set(kit.errors(e)) == {"info_given", "blackout_reason", "payment_method"}

    def test_unknown_decision_and_closed_requests_are_refused(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="maybe")
        assert "decision" in kit.errors(e)
        kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="granted",
                info_given="x")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="granted",
                    info_given="y")
        assert kit.errors(e) == {"status": ["This record is closed and can no longer change."]}

    def test_atasan_and_other_opds_cannot_decide_requests(self, people, kit):
        r = kit.new_request()
        kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        for user in (people.atasan, people.other_pelaksana, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_request_decide", user, ticket=r["ticket"], decision="granted",
                        info_given="x")
        out = kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                      decision="granted", info_given="x")
        assert out["decided_by"] == people.pelaksana["id"]


@pytest.mark.usefixtures("with_plugins")
class TestWithdraw:
    def test_requester_withdraws_with_the_code(self, people, kit):
        r = kit.new_request()
        out = kit.act("ppid_request_withdraw", None, ticket=r["ticket"],
                      tracking_code=r["tracking_code"], reason="Sudah tidak diperlukan")
        assert out["status"] == "withdrawn"
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["timeline"][-1]["actor"] == "requester"
        assert shown["timeline"][-1]["data"] == {"by": "requester"}

    def test_officer_withdraws_on_the_requesters_behalf(self, people, kit):
        r = kit.new_request()
        out = kit.act("ppid_request_withdraw", people.utama, ticket=r["ticket"],
                      reason="Pemohon menelepon")
        assert out["status"] == "withdrawn"

    def test_wrong_code_is_not_found_and_other_officers_are_refused(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_request_withdraw", None, ticket=r["ticket"], tracking_code="X",
                    reason="x")
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_request_withdraw", people.atasan, ticket=r["ticket"], reason="x")

    def test_reason_is_required_and_closed_requests_stay_closed(self, people, kit):
        r = kit.new_request()
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_withdraw", people.utama, ticket=r["ticket"])
        assert "reason" in kit.errors(e)
        kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="granted",
                info_given="x")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_withdraw", None, ticket=r["ticket"],
                    tracking_code=r["tracking_code"], reason="x")
        assert "status" in kit.errors(e)

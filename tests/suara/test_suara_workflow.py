"""The officer and reporter actions, each with its happy path, a validation error and an
auth denial: verify, update, route, respond, add_info, close, reopen, rate, withdraw."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from pkl_suara import act, new_report, routed_report

pytestmark = pytest.mark.usefixtures("with_plugins")

PUBLIC_TEXT = "Jalan rusak di Desa Wangandowo, Bojong."


def verify(people, number, **kw):
    data = {"decision": "accept", "public_text": PUBLIC_TEXT, **kw}
    return act("suara_report_verify", people["pengelola"], number=number, **data)


class TestVerify:
    def test_pengelola_accepts_with_public_text(self, people):
        r = new_report()
        shown = verify(people, r["number"], topic="perhubungan")
        assert shown["status"] == "verified" and shown["public_text"] == PUBLIC_TEXT
        assert shown["topic"] == "perhubungan" and shown["view"] == "pengelola"
        assert "suara_report_route" in shown["allowed_actions"]

    def test_accept_without_public_text_is_refused(self, people):
        r = new_report()
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_verify", people["pengelola"], number=r["number"],
                decision="accept")
        assert "public_text" in e.value.error_dict

    def test_reject_needs_a_reason_and_a_duplicate_needs_its_original(self, people):
        first, second = new_report(), new_report()
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_verify", people["pengelola"], number=second["number"],
                decision="reject")
        assert "reason" in e.value.error_dict
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_verify", people["pengelola"], number=second["number"],
                decision="reject", reason="duplicate", duplicate_of="SM-2026-999999")
        assert "duplicate_of" in e.value.error_dict
        shown = act("suara_report_verify", people["pengelola"], number=second["number"],
                    decision="reject", reason="duplicate", duplicate_of=first["number"])
        assert shown["status"] == "rejected" and shown["duplicate_of"] == first["number"]
        assert shown["allowed_actions"] == []

    def test_verifying_twice_is_refused(self, people):
        r = new_report()
        verify(people, r["number"])
        with pytest.raises(tk.ValidationError) as e:
            verify(people, r["number"])
        assert "status" in e.value.error_dict

    @pytest.mark.parametrize("who", ["opd_a_officer", "citizen", None])
    def test_only_the_pengelola_verifies(self, people, who):
        r = new_report()
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_verify", people[who] if who else None, number=r["number"],
                decision="accept", public_text=PUBLIC_TEXT)

    def test_unknown_number_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound):
            verify(people, "SM-2026-424242")

    def test_malformed_number_is_a_field_error(self, people):
        with pytest.raises(tk.ValidationError) as e:
            verify(people, "SM-2026-1'; DROP TABLE x")
        assert "number" in e.value.error_dict


class TestUpdate:
    def test_pengelola_edits_the_public_text(self, people):
        r = new_report()
        verify(people, r["number"])
        shown = act("suara_report_update", people["pengelola"], number=r["number"],
                    public_text="Teks baru.", kecamatan="33.26.01")
        assert shown["public_text"] == "Teks baru." and shown["kecamatan"] == "33.26.01"
        assert any(e["event"] == "update" for e in shown["timeline"])

    def test_unknown_kecamatan_is_refused(self, people):
        r = new_report()
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_update", people["pengelola"], number=r["number"],
                kecamatan="33.26.99")
        assert "kecamatan" in e.value.error_dict

    def test_opd_officer_may_not_edit(self, people):
        r = routed_report(people)
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_update", people["opd_a_officer"], number=r["number"],
                public_text="x")


class TestRoute:
    def test_route_starts_the_answer_clock(self, people):
        r = new_report()
        verify(people, r["number"])
        shown = act("suara_report_route", people["pengelola"], number=r["number"],
                    organizations=[people["opd_a"]["name"], people["opd_b"]["id"]],
                    complexity="tanpa_lapangan")
        assert shown["status"] == "routed" and shown["answer_due"] > shown["received_on"]
        assert {a["organization"]["name"] for a in shown["assignments"]} == {
            "dinas-pekerjaan-umum", "dinas-kesehatan-suara"}
        assert all(a["due"] == shown["answer_due"] for a in shown["assignments"])

    def test_reroute_replaces_the_opds(self, people):
        r = routed_report(people)
        shown = act("suara_report_route", people["pengelola"], number=r["number"],
                    organizations=people["opd_b"]["name"], complexity="sederhana")
        active = [a["organization"]["name"] for a in shown["assignments"] if a["active"]]
        assert active == ["dinas-kesehatan-suara"]
        # the OPD taken off the report sees only what the public sees
        seen = act("suara_report_show", people["opd_a_officer"], number=r["number"])
        assert seen["view"] == "public" and "name" not in seen and seen["allowed_actions"] == []

    def test_unknown_opd_and_complexity_are_refused(self, people):
        r = new_report()
        verify(people, r["number"])
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_route", people["pengelola"], number=r["number"],
                organizations=["tidak-ada"], complexity="rumit")
        assert set(e.value.error_dict) >= {"organizations", "complexity"}

    def test_cannot_route_before_verification(self, people):
        r = new_report()
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_route", people["pengelola"], number=r["number"],
                organizations=[people["opd_a"]["name"]], complexity="sederhana")
        assert "status" in e.value.error_dict

    def test_opd_officer_may_not_route(self, people):
        r = new_report()
        verify(people, r["number"])
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_route", people["opd_a_officer"], number=r["number"],
                organizations=[people["opd_a"]["name"]], complexity="sederhana")


class TestRespond:
    def test_routed_opd_answers(self, people):
        r = routed_report(people)
        shown = act("suara_report_respond", people["opd_a_officer"], number=r["number"],
                    text="Perbaikan dijadwalkan pekan depan.")
        assert shown["status"] == "answered" and shown["view"] == "opd"
        assert shown["responses"][-1]["organization"]["name"] == "dinas-pekerjaan-umum"
        assert shown["assignments"][0]["answered"] is True
        assert "suara_report_close" in shown["allowed_actions"]

    def test_request_info_then_reporter_adds_it(self, people):
        r = routed_report(people)
        shown = act("suara_report_respond", people["opd_a_officer"], number=r["number"],
                    kind="request_info", text="Mohon titik lokasi persisnya.")
        assert shown["status"] == "awaiting_reporter"
        mine = act("suara_report_show", None, number=r["number"],
                   tracking_code=r["tracking_code"])
        assert mine["allowed_actions"] == ["suara_report_add_info", "suara_report_withdraw"]
        back = act("suara_report_add_info", None, number=r["number"],
                   tracking_code=r["tracking_code"], text="Depan SD Wangandowo 01.")
        assert back["status"] == "routed" and back["view"] == "reporter"

    def test_another_opd_cannot_answer(self, people):
        r = routed_report(people)
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_respond", people["opd_b_officer"], number=r["number"],
                text="Bukan urusan kami.")

    def test_a_member_without_role_cannot_answer(self, people):
        r = routed_report(people)
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_respond", people["opd_a_member"], number=r["number"], text="x")

    def test_empty_and_oversized_answers_are_refused(self, people):
        r = routed_report(people)
        for text in ("   ", "x" * 4001, ["a"], "a\x00b"):
            with pytest.raises(tk.ValidationError) as e:
                act("suara_report_respond", people["opd_a_officer"], number=r["number"],
                    text=text)
            assert "text" in e.value.error_dict

    def test_answering_for_an_opd_not_routed_is_refused(self, people):
        r = routed_report(people)
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_respond", people["pengelola"], number=r["number"],
                text="x", organization=people["opd_b"]["name"])
        assert "organization" in e.value.error_dict


def answered(people):
    r = routed_report(people)
    act("suara_report_respond", people["opd_a_officer"], number=r["number"],
        text="Sudah diperbaiki.")
    return r


class TestReporterActions:
    def test_add_info_needs_the_right_code(self, people):
        r = routed_report(people)
        act("suara_report_respond", people["opd_a_officer"], number=r["number"],
            kind="request_info", text="Di mana?")
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_add_info", None, number=r["number"], tracking_code="AAAAAAAAAA",
                text="x")
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_add_info", None, number=r["number"],
                tracking_code=r["tracking_code"], text="")
        assert "text" in e.value.error_dict

    def test_add_info_only_when_asked(self, people):
        r = routed_report(people)
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_add_info", None, number=r["number"],
                tracking_code=r["tracking_code"], text="Tambahan.")
        assert "status" in e.value.error_dict

    def test_close_then_rate_once(self, people):
        r = answered(people)
        closed = act("suara_report_close", people["opd_a_officer"], number=r["number"],
                     note="Selesai diperbaiki.")
        assert closed["status"] == "closed"
        rated = act("suara_report_rate", None, number=r["number"],
                    tracking_code=r["tracking_code"], rating="5", comment="Cepat.")
        assert rated["rating"] == 5
        assert "suara_report_rate" not in rated["allowed_actions"]
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_rate", None, number=r["number"],
                tracking_code=r["tracking_code"], rating=4)
        assert "rating" in e.value.error_dict

    @pytest.mark.parametrize("rating", [0, 6, 10**30, "lima", True, 4.5, [5], None])
    def test_rating_out_of_range_or_wrong_type(self, people, rating):
        r = answered(people)
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_rate", None, number=r["number"], tracking_code=r["tracking_code"],
                rating=rating)
        assert "rating" in e.value.error_dict

    def test_officer_cannot_rate_for_the_reporter(self, people):
        r = answered(people)
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_rate", people["pengelola"], number=r["number"], rating=1)

    def test_close_is_refused_before_an_answer_and_for_other_opds(self, people):
        r = routed_report(people)
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_close", people["pengelola"], number=r["number"])
        assert "status" in e.value.error_dict
        act("suara_report_respond", people["opd_a_officer"], number=r["number"], text="Ok.")
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_close", people["opd_b_officer"], number=r["number"])

    def test_reopen_sends_it_back_with_a_new_clock(self, people):
        r = answered(people)
        shown = act("suara_report_reopen", None, number=r["number"],
                    tracking_code=r["tracking_code"], reason="Belum diperbaiki sama sekali.")
        assert shown["status"] == "routed" and shown["reopen_count"] == 1
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_reopen", None, number=r["number"],
                tracking_code=r["tracking_code"], reason="lagi")
        assert "status" in e.value.error_dict

    def test_reopen_needs_a_reason_and_the_code(self, people):
        r = answered(people)
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_reopen", None, number=r["number"],
                tracking_code=r["tracking_code"], reason="\x07")
        assert "reason" in e.value.error_dict
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_reopen", None, number=r["number"], reason="x")

    def test_reopen_window_closes(self, people, freezer):
        r = answered(people)
        freezer.move_to("2099-01-01")
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_reopen", None, number=r["number"],
                tracking_code=r["tracking_code"], reason="Terlambat.")
        assert "status" in e.value.error_dict

    def test_withdraw_by_reporter_and_by_pengelola(self, people):
        a, b = new_report(), new_report()
        shown = act("suara_report_withdraw", None, number=a["number"],
                    tracking_code=a["tracking_code"], reason="Sudah beres sendiri.")
        assert shown["status"] == "withdrawn" and shown["allowed_actions"] == []
        shown = act("suara_report_withdraw", people["pengelola"], number=b["number"])
        assert shown["status"] == "withdrawn"
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_withdraw", people["pengelola"], number=b["number"])
        assert "status" in e.value.error_dict

    def test_withdraw_denied_without_code_or_role(self, people):
        r = new_report()
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_withdraw", None, number=r["number"])
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_withdraw", people["opd_a_officer"], number=r["number"])
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_withdraw", None, number=r["number"],
                tracking_code=r["tracking_code"], reason={"x": 1})
        assert "reason" in e.value.error_dict


def test_reporter_adds_a_photo_with_the_information_asked_for(people):
    import io

    from werkzeug.datastructures import FileStorage

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    r = routed_report(people)
    act("suara_report_respond", people["opd_a_officer"], number=r["number"],
        kind="request_info", text="Mohon fotonya.")
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_add_info", None, number=r["number"], tracking_code=r["tracking_code"],
            text="Ini fotonya.", attachments=[FileStorage(io.BytesIO(b"GIF89a"), "x.png")])
    assert "attachments" in e.value.error_dict
    shown = act("suara_report_add_info", None, number=r["number"],
                tracking_code=r["tracking_code"], text="Ini fotonya.",
                attachments=[FileStorage(io.BytesIO(png), "lubang.png")])
    assert [a["filename"] for a in shown["attachments"]] == ["lubang.png"]
    opd = act("suara_report_show", people["opd_a_officer"], number=r["number"])
    assert len(opd["attachments"]) == 1
    assert "attachments" not in act("suara_report_show", None, number=r["number"])

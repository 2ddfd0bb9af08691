"""suara_report_show and suara_report_list: who sees what (public board, reporter, OPD,
pengelola), filters, the officer queue, validation and auth."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from pkl_suara import EMAIL, NAME, PHONE, TEXT, act, new_report, routed_report

pytestmark = pytest.mark.usefixtures("with_plugins")

PERSONAL = (NAME, PHONE, EMAIL, "081234567891", TEXT)


def no_personal_data(blob) -> None:
    text = repr(blob)
    for value in PERSONAL:
        assert value not in text, value


class TestShow:
    def test_public_view_of_a_routed_report(self, people):
        r = routed_report(people)
        shown = act("suara_report_show", None, number=r["number"])
        assert shown["view"] == "public" and shown["status"] == "routed"
        assert shown["public_text"] == "Jalan rusak di Desa Wangandowo, Bojong."
        assert shown["assignments"][0]["organization"]["title"].startswith("Dinas Pekerjaan")
        assert shown["allowed_actions"] == [] and shown["overdue"] is False
        assert [e["event"] for e in shown["timeline"]] == ["create", "verify", "route"]
        no_personal_data(shown)
        assert "text" not in shown and "attachments" not in shown

    def test_unverified_report_is_not_found_for_the_public(self, people):
        r = new_report()
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_show", None, number=r["number"])
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_show", people["citizen"], id=r["id"])

    def test_wrong_code_and_unknown_number_get_the_same_answer(self, people):
        r = routed_report(people)
        with pytest.raises(tk.ObjectNotFound) as wrong:
            act("suara_report_show", None, number=r["number"], tracking_code="ABCDEFGHJK")
        with pytest.raises(tk.ObjectNotFound) as unknown:
            act("suara_report_show", None, number="SM-2026-777777", tracking_code="ABCDEFGHJK")
        assert str(wrong.value) == str(unknown.value)

    def test_code_is_forgiving_about_case_and_spaces(self, people):
        r = new_report()
        code = r["tracking_code"].lower()
        shown = act("suara_report_show", None, number=r["number"].lower(),
                    tracking_code=f" {code[:5]} {code[5:]} ")
        assert shown["view"] == "reporter"

    def test_pengelola_sees_everything_by_id(self, people):
        r = new_report(privacy="rahasia")
        shown = act("suara_report_show", people["pengelola"], id=r["id"])
        assert shown["view"] == "pengelola" and shown["name"] == NAME and shown["text"] == TEXT
        assert shown["allowed_actions"] == [
            "suara_report_verify", "suara_report_update", "suara_report_withdraw"]

    def test_opd_sees_identity_of_a_public_report(self, people):
        r = routed_report(people)
        shown = act("suara_report_show", people["opd_a_officer"], number=r["number"])
        assert shown["view"] == "opd" and shown["phone"] == PHONE and shown["text"] == TEXT
        assert shown["allowed_actions"] == ["suara_report_respond"]

    def test_anonim_hides_identity_and_original_text_from_the_opd(self, people):
        r = routed_report(people, privacy="anonim")
        shown = act("suara_report_show", people["opd_a_officer"], number=r["number"])
        assert shown["view"] == "opd"
        for key in ("name", "phone", "email", "text"):
            assert key not in shown
        no_personal_data(shown)
        mine = act("suara_report_show", None, number=r["number"],
                   tracking_code=r["tracking_code"])
        assert mine["name"] == NAME

    def test_rahasia_is_not_on_the_board_but_the_opd_and_reporter_see_it(self, people):
        r = routed_report(people, privacy="rahasia")
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_show", None, number=r["number"])
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_show", people["opd_b_officer"], number=r["number"])
        assert act("suara_report_show", people["opd_a_officer"],
                   number=r["number"])["view"] == "opd"
        assert act("suara_report_show", None, number=r["number"],
                   tracking_code=r["tracking_code"])["view"] == "reporter"

    def test_reporter_words_are_not_on_the_board(self, people):
        r = routed_report(people)
        act("suara_report_respond", people["opd_a_officer"], number=r["number"],
            kind="request_info", text="Di mana tepatnya?")
        act("suara_report_add_info", None, number=r["number"], tracking_code=r["tracking_code"],
            text="Rumah Bu Siti Aminah nomor 7.")
        public = act("suara_report_show", None, number=r["number"])
        assert [x["kind"] for x in public["responses"]] == ["request_info"]
        assert "Siti Aminah" not in repr(public)
        opd = act("suara_report_show", people["opd_a_officer"], number=r["number"])
        assert [x["kind"] for x in opd["responses"]] == ["request_info", "reporter_info"]

    @pytest.mark.parametrize("params,field", [
        ({"number": "SM-2026-000001\x00"}, "number"),
        ({"number": ["SM-2026-000001"]}, "number"),
        ({"number": "SM-2026-000001", "tracking_code": {"a": 1}}, "tracking_code"),
        ({"id": "x" * 101}, "id"),
        ({}, "number"),
    ])
    def test_malformed_references_are_field_errors(self, people, params, field):
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_show", None, **params)
        assert field in e.value.error_dict


class TestList:
    def test_the_board_shows_only_public_moderated_reports(self, people):
        shown = routed_report(people)
        routed_report(people, privacy="rahasia")
        new_report()  # not yet verified
        rejected = new_report()
        act("suara_report_verify", people["pengelola"], number=rejected["number"],
            decision="reject", reason="unclear")
        board = act("suara_report_list", None)
        assert board["count"] == 1
        assert [x["number"] for x in board["results"]] == [shown["number"]]
        no_personal_data(board)

    def test_filters(self, people):
        a = routed_report(people)
        b = routed_report(people, topic="kesehatan", kecamatan="33.26.01")
        assert act("suara_report_list", None, topic="kesehatan")["results"][0]["number"] == \
            b["number"]
        assert act("suara_report_list", None, kecamatan="33.26.11")["count"] == 1
        assert act("suara_report_list", None, org=people["opd_a"]["name"])["count"] == 2
        assert act("suara_report_list", None, org=people["opd_b"]["name"])["count"] == 0
        assert act("suara_report_list", None, q="wangandowo")["count"] == 2
        assert act("suara_report_list", None, q=a["number"])["count"] == 1
        assert act("suara_report_list", None, q="100%_")["count"] == 0
        assert act("suara_report_list", None, status="answered")["count"] == 0
        assert act("suara_report_list", None, year="2001")["count"] == 0
        page = act("suara_report_list", None, limit=1, offset=1)
        assert page["count"] == 2 and len(page["results"]) == 1

    def test_board_results_carry_public_answers_and_timeline(self, people):
        r = routed_report(people)
        act("suara_report_respond", people["opd_a_officer"], number=r["number"],
            kind="request_info", text="Di mana?")
        act("suara_report_add_info", None, number=r["number"], tracking_code=r["tracking_code"],
            text="Depan rumah Siti Aminah.")
        act("suara_report_respond", people["opd_a_officer"], number=r["number"],
            text="Sudah ditambal.")
        [item] = act("suara_report_list", None)["results"]
        assert [x["kind"] for x in item["responses"]] == ["request_info", "answer"]
        assert item["responses"][1]["organization"]["name"] == "dinas-pekerjaan-umum"
        assert [e["event"] for e in item["timeline"]] == [
            "create", "verify", "route", "request_info", "add_info", "answer"]
        no_personal_data(item)
        assert "Siti" not in repr(item)

    def test_q_matches_any_word_best_first(self, people):
        one = routed_report(people)
        act("suara_report_update", people["pengelola"], number=one["number"],
            public_text="Lampu jalan mati di Kajen.")
        two = routed_report(people)
        act("suara_report_update", people["pengelola"], number=two["number"],
            public_text="Jalan rusak dan lampu jalan mati di Bojong.")
        found = act("suara_report_list", None, q="lampu mati bojong")
        assert [x["number"] for x in found["results"]] == [two["number"], one["number"]]

    def test_queue_is_for_officers_and_scoped_to_their_opd(self, people):
        mine = routed_report(people, privacy="rahasia")
        new_report()
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_list", None, scope="queue")
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_list", people["opd_a_member"], scope="queue")
        assert act("suara_report_list", people["pengelola"], scope="queue")["count"] == 2
        queue = act("suara_report_list", people["opd_a_officer"], scope="queue")
        assert [x["number"] for x in queue["results"]] == [mine["number"]]
        assert act("suara_report_list", people["opd_b_officer"], scope="queue")["count"] == 0
        no_personal_data(queue)

    def test_overdue_is_visible_in_the_queue(self, people, freezer):
        freezer.move_to("2026-03-02T09:00:00+07:00")
        late = new_report()
        freezer.move_to("2026-03-10T09:00:00+07:00")  # verify due 5 Mar: late
        fresh = new_report()
        queue = act("suara_report_list", people["pengelola"], scope="queue", overdue="true")
        assert [x["number"] for x in queue["results"]] == [late["number"]]
        assert queue["results"][0]["overdue"] is True and queue["results"][0]["clock"] == "verify"
        rest = act("suara_report_list", people["pengelola"], scope="queue", overdue=False)
        assert [x["number"] for x in rest["results"]] == [fresh["number"]]

    @pytest.mark.parametrize("params,field", [
        ({"limit": 10**20}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"year": "99999"}, "year"),
        ({"q": "a\x00"}, "q"),
        ({"status": "hacked"}, "status"),
        ({"scope": "all"}, "scope"),
        ({"kecamatan": "33.26.99"}, "kecamatan"),
        ({"overdue": "maybe"}, "overdue"),
        ({"org": ["a", "b"]}, "org"),
    ])
    def test_bad_filters_are_field_errors(self, people, params, field):
        with pytest.raises(tk.ValidationError) as e:
            act("suara_report_list", None, **params)
        assert field in e.value.error_dict

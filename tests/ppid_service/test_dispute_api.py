"""The dispute bundle (who may read it, when a request is eligible, the timeline) and the
record of the dispute at the Komisi Informasi (issue #15 item 6)."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


@pytest.mark.usefixtures("with_plugins")
class TestBundleAccess:
    def test_requester_with_the_code_gets_the_bundle_with_the_timeline(self, rejected, kit):
        with at("2026-04-21"):
            b = kit.act("ppid_dispute_bundle_show", None, ticket=rejected["ticket"],
                        tracking_code=rejected["tracking_code"])
        assert b["access"] == "requester"
        assert b["request"]["nik"] == kit.NIK  # the requester's own copy
        assert b["objection"]["number"] == rejected["objection"]
        assert b["unanswered"] is False
        steps = {s["code"]: s for s in b["steps"]}
        assert steps["received"]["date"] == "2026-03-16"
        assert steps["notice_due"]["date"] == "2026-03-31"
        assert steps["notice_due"]["article"] == "UU 14/2008 Pasal 22(7)"
        assert steps["not_answered"]["late"] is True
        assert steps["objection_filed"]["date"] == "2026-04-01"
        assert steps["answer_due"]["date"] == "2026-05-18"
        assert steps["answered"]["date"] == "2026-04-20"
        # 14 HK after Mon 20 Apr 2026 (Thu 14 May and Fri 15 May 2026 are holidays... as
        # the seeded calendar says): computed by the same engine as the objection's
        assert steps["dispute_window"]["article"] == "UU 14/2008 Pasal 37(2)"
        assert steps["dispute_window"]["date"] > "2026-05-01"
        assert "14" in steps["dispute_window"]["explanation"]

    def test_officers_get_it_without_a_code(self, people, rejected, kit):
        for user in (people.utama, people.atasan, people.sysadmin):
            with at("2026-04-21"):
                b = kit.act("ppid_dispute_bundle_show", user, ticket=rejected["ticket"])
            assert b["access"] == "officer"

    def test_strangers_get_the_one_not_found_answer(self, people, rejected, kit):
        for user, data in (
            (None, {}),
            (None, {"tracking_code": "SALAH-KODE"}),
            (people.citizen, {}),
            (people.other_pelaksana, {}),
        ):
            with at("2026-04-21"), pytest.raises(tk.ObjectNotFound) as e:
                kit.act("ppid_dispute_bundle_show", user, ticket=rejected["ticket"], **data)
            assert str(e.value) == "No request matches this ticket and tracking code."
        with pytest.raises(tk.ObjectNotFound) as e:
            kit.act("ppid_dispute_bundle_show", None, ticket="PPID-2026-999999",
                    tracking_code="x")
        assert str(e.value) == "No request matches this ticket and tracking code."

    def test_hostile_parameters_are_field_errors(self, rejected, kit):
        for bad in ("PPID\x00-2026", ["a"], {"x": 1}):
            with pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_dispute_bundle_show", None, ticket=bad, tracking_code="x")
            assert "ticket" in kit.errors(e)


@pytest.mark.usefixtures("with_plugins")
class TestBundleEligibility:
    def test_an_objection_still_within_its_time_gives_no_bundle(self, people, pending, kit):
        with at("2026-05-18"):  # the answer's due day itself
            for user, data in ((people.utama, {}),
                               (None, {"tracking_code": pending["tracking_code"]})):
                with pytest.raises(tk.ObjectNotFound) as e:
                    kit.act("ppid_dispute_bundle_show", user, ticket=pending["ticket"],
                            **data)
                assert "no dispute bundle" in str(e.value)

    def test_an_unanswered_objection_gives_the_proof_that_none_came(self, pending, kit):
        with at("2026-05-19"):
            b = kit.act("ppid_dispute_bundle_show", None, ticket=pending["ticket"],
                        tracking_code=pending["tracking_code"])
        assert b["unanswered"] is True
        steps = {s["code"]: s for s in b["steps"]}
        assert "answered" not in steps
        assert steps["no_answer"]["date"] == "2026-05-18"
        assert steps["dispute_window"]["date"] == "2026-06-09"  # 14 HK after 18 May

    def test_an_accepted_objection_gives_no_bundle(self, people, pending, kit):
        with at("2026-04-20"):
            kit.act("ppid_objection_decide", people.atasan, number=pending["objection"],
                    outcome="accepted", reasons="Harus dijawab",
                    atasan_name="Ir. Atasan", atasan_position="Sekretaris Daerah")
        with at("2026-06-01"), pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_dispute_bundle_show", people.utama, ticket=pending["ticket"])

    def test_a_request_without_objection_gives_no_bundle(self, people, kit):
        with at("2026-03-16"):
            receipt = kit.new_request()
        with at("2026-06-01"), pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_dispute_bundle_show", None, ticket=receipt["ticket"],
                    tracking_code=receipt["tracking_code"])


RECORD = {"status": "registered", "registered_on": "2026-05-04",
          "register_number": "012/V/KIP-JTG-PS/2026"}


@pytest.mark.usefixtures("with_plugins")
class TestDisputeRecord:
    def test_officer_records_the_course_and_the_outcome(self, people, rejected, kit):
        with at("2026-05-05"):
            out = kit.act("ppid_dispute_record", people.utama, ticket=rejected["ticket"],
                          **RECORD)
        assert out["dispute"]["status"] == "registered"
        with at("2026-07-01"):
            out = kit.act("ppid_dispute_record", people.atasan, ticket=rejected["ticket"],
                          **dict(RECORD, status="decided", mediation_on="2026-05-20",
                                 outcome="partly", decided_on="2026-06-30",
                                 decision_number="045/PTS/KIP-JTG/2026"))
        assert (out["dispute"]["outcome"], out["dispute"]["decided_on"]) == (
            "partly", "2026-06-30")
        shown = kit.act("ppid_request_show", people.utama, ticket=rejected["ticket"])
        assert [e["to_state"] for e in shown["timeline"]
                if e["action"] == "dispute_record"] == ["registered", "decided"]
        report = kit.act("ppid_annual_report", None, year=2026)
        assert report["disputes"]["registered"] == 1
        assert report["disputes"]["by_outcome"]["partly"] == 1

    def test_rules_are_field_errors_in_words(self, people, rejected, kit):
        cases = [
            (dict(RECORD, status="decided"), {"outcome", "decided_on", "decision_number"}),
            (dict(RECORD, registered_on="2026-12-01"), {"registered_on"}),
            (dict(RECORD, registered_on="2026-03-01"), {"registered_on"}),
            (dict(RECORD, outcome="granted"), {"status"}),
            (dict(RECORD, status="maybe"), {"status"}),
            (dict(RECORD, register_number="12\x00"), {"register_number"}),
            (dict(RECORD, register_number=["x"]), {"register_number"}),
            (dict(RECORD, registered_on="99999-01-01"), {"registered_on"}),
            (dict(RECORD, register_number="x" * 101), {"register_number"}),
        ]
        for data, fields in cases:
            with at("2026-05-05"), pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_dispute_record", people.utama, ticket=rejected["ticket"],
                        **data)
            assert fields <= set(kit.errors(e)), (data, kit.errors(e))

    def test_only_officers_of_the_request_may_record(self, people, rejected, kit):
        for user in (None, people.citizen, people.other_pelaksana):
            with at("2026-05-05"), pytest.raises(tk.NotAuthorized):
                kit.act("ppid_dispute_record", user, ticket=rejected["ticket"], **RECORD)

    def test_no_record_before_the_objection_failed(self, people, pending, kit):
        with at("2026-05-05"), pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_dispute_record", people.utama, ticket=pending["ticket"],
                    **RECORD)
        assert "status" in kit.errors(e)

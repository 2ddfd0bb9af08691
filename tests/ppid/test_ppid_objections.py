"""Objections (keberatan): grounds, windows, numbering, the Atasan's answer."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time

# the ground's words in messages (UU 14/2008 Pasal 35(1)c), never its code
NOT_ANSWERED = "Tidak ditanggapinya permohonan informasi"


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


@pytest.fixture
def filed(people, kit):
    """A request received Mon 16 Mar 2026 (due Tue 31 Mar), never answered."""
    with at("2026-03-16"):
        return kit.new_request()


def objection(kit, r, user=None, **data):
    data.setdefault("grounds", ["35_1_c"])
    data.setdefault("reasons", "Tidak ada jawaban sampai batas waktu")
    if user is None:
        data.setdefault("tracking_code", r["tracking_code"])
    return kit.act("ppid_objection_create", user, ticket=r["ticket"], **data)


@pytest.mark.usefixtures("with_plugins")
class TestObjectionCreate:
    def test_not_answered_is_accepted_the_day_after_the_due_date_before_any_sweep(
        self, filed, kit
    ):
        with at("2026-04-01"):
            obj = objection(kit, filed)
        assert obj["number"] == "KEB-2026-0001"
        assert obj["grounds"] == ["35_1_c"]
        assert obj["due_date"] == "2026-05-18"  # 30 HK after Wed 1 Apr

    def test_not_answered_is_refused_on_the_due_date_itself(self, filed, kit):
        with at("2026-03-31"), pytest.raises(tk.ValidationError) as e:
            objection(kit, filed)
        assert kit.errors(e) == {"grounds": [
            f"The ground “{NOT_ANSWERED}” has not arisen for this request, so it cannot be "
            "cited now."]}

    def test_objection_outside_the_window_is_refused(self, filed, kit):
        # the window for 35(1)c runs 30 HK from Tue 31 Mar: until Fri 15 May
        with at("2026-05-15"):
            assert objection(kit, filed)["number"]

    def test_objection_one_day_late_is_refused(self, filed, kit):
        with at("2026-05-18"), pytest.raises(tk.ValidationError) as e:
            objection(kit, filed)
        assert kit.errors(e) == {
            "grounds": [f"The objection period for the ground “{NOT_ANSWERED}” ended on "
                        "15 Mei 2026."]
        }

    def test_refusal_ground_only_after_a_refusal(self, people, filed, kit):
        with at("2026-03-20"):
            with pytest.raises(tk.ValidationError):
                objection(kit, filed, grounds=["35_1_a"])
            kit.act("ppid_request_decide", people.utama, ticket=filed["ticket"],
                    decision="refused", exemption_grounds=["17c"], consequence_test_ref="UK-3",
                    dik_entry=kit.dik_entry(people, ["17c"]))
            obj = objection(kit, filed, grounds=["35_1_a", "35_1_f"])
        assert obj["grounds"] == ["35_1_a", "35_1_f"]

    def test_unknown_or_repeated_grounds_are_refused(self, people, filed, kit):
        with at("2026-04-01"):
            with pytest.raises(tk.ValidationError) as e:
                objection(kit, filed, grounds=["35_1_z"])
            assert "grounds" in kit.errors(e)
            with pytest.raises(tk.ValidationError) as e:
                objection(kit, filed, grounds=[], reasons="")
            assert set(kit.errors(e)) == {"grounds", "reasons"}
            objection(kit, filed)
            with pytest.raises(tk.ValidationError) as e:
                objection(kit, filed)
            assert kit.errors(e) == {
                "grounds": [f"An objection on the ground “{NOT_ANSWERED}” was already "
                            "filed against this decision."]
            }

    def test_withdrawn_requests_cannot_be_objected_to(self, filed, kit):
        kit.act("ppid_request_withdraw", None, ticket=filed["ticket"],
                tracking_code=filed["tracking_code"], reason="x")
        with at("2026-04-01"), pytest.raises(tk.ValidationError) as e:
            objection(kit, filed)
        assert "status" in kit.errors(e)

    def test_wrong_code_is_not_found(self, filed, kit):
        with at("2026-04-01"), pytest.raises(tk.ObjectNotFound) as e:
            objection(kit, filed, tracking_code="NOPE")
        assert str(e.value) == "No request matches this ticket and tracking code."

    def test_officer_registers_a_written_objection_with_its_date(self, people, filed, kit):
        with at("2026-04-06"):
            obj = objection(kit, filed, people.utama, filed_on="2026-04-02", channel="letter")
        assert (obj["filed_on"], obj["channel"]) == ("2026-04-02", "letter")
        with at("2026-04-06"), pytest.raises(tk.ValidationError) as e:
            objection(kit, filed, people.atasan, grounds=["35_1_b"], filed_on="2026-04-07")
        assert "filed_on" in kit.errors(e)

    def test_other_opd_may_not_register_objections(self, people, filed, kit):
        with at("2026-04-01"), pytest.raises(tk.NotAuthorized):
            objection(kit, filed, people.other_pelaksana)


@pytest.mark.usefixtures("with_plugins")
class TestObjectionDecideAndShow:
    def _objection(self, filed, kit):
        with at("2026-04-01"):
            return objection(kit, filed)

    def test_atasan_decides(self, people, filed, kit):
        obj = self._objection(filed, kit)
        with at("2026-04-20"):
            out = kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                          outcome="rejected", reasons="Sudah dijawab",
                          atasan_name="Ir. Atasan", atasan_position="Sekretaris Daerah")
        assert (out["outcome"], out["decided_on"]) == ("rejected", "2026-04-20")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                    outcome="accepted", reasons="x", atasan_name="x", atasan_position="x")
        assert "status" in kit.errors(e)

    def test_outcome_reasons_and_signatory_are_required(self, people, filed, kit):
        obj = self._objection(filed, kit)
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"], outcome="maybe")
        assert set(kit.errors(e)) == {"outcome", "reasons", "atasan_name", "atasan_position"}

    def test_only_the_atasan_decides_objections(self, people, filed, kit):
        obj = self._objection(filed, kit)
        for user in (people.utama, people.pelaksana, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_objection_decide", user, number=obj["number"], outcome="accepted",
                        reasons="x", atasan_name="x", atasan_position="x")

    def test_unknown_number_is_not_found(self, people, kit):
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_objection_decide", people.atasan, number="KEB-2026-9999",
                    outcome="accepted", reasons="x", atasan_name="x", atasan_position="x")

    def test_show_for_requester_and_officers_only(self, people, filed, kit):
        obj = self._objection(filed, kit)
        mine = kit.act("ppid_objection_show", None, number=obj["number"],
                       tracking_code=filed["tracking_code"])
        assert mine["reasons"] == "Tidak ada jawaban sampai batas waktu"
        assert "created_by" not in mine
        assert kit.act("ppid_objection_show", people.atasan, number=obj["number"])["number"]
        for data in ({"number": obj["number"]}, {"number": obj["number"], "tracking_code": "x"},
                     {"number": "KEB-2026-4040"}):
            with pytest.raises(tk.ObjectNotFound) as e:
                kit.act("ppid_objection_show", people.citizen, **data)
            assert str(e.value) == "No objection matches this number and tracking code."
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_objection_show", people.other_pelaksana, number=obj["number"])

    def test_lapsed_answer_opens_the_dispute_window(self, people, filed, kit):
        obj = self._objection(filed, kit)
        with at("2026-05-19"):
            shown = kit.act("ppid_objection_show", people.atasan, number=obj["number"])
        assert shown["overdue"] is True and shown["urgency"] == "overdue"
        assert shown["dispute_until"] == "2026-06-09"  # 14 HK after the lapsed Mon 18 May

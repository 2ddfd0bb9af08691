"""The whole life of a request through the API, with the dates of DESIGN.md §3
(received Mon 16 Mar 2026), and the audit trail the database keeps."""
from __future__ import annotations

import json

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from freezegun import freeze_time


def at(day: str) -> freeze_time:
    """10:00 WIB on ``day``."""
    return freeze_time(f"{day} 03:00:00")


@pytest.mark.usefixtures("with_plugins")
class TestLifecycle:
    def test_create_route_extend_decide_object_and_answer(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request(target_org="dinas-kesehatan")
        assert (r["due_date"], r["latest_due_date"]) == ("2026-03-31", "2026-04-10")
        ticket, code = r["ticket"], r["tracking_code"]

        with at("2026-03-17"):
            kit.act("ppid_request_route", people.utama, ticket=ticket, org="dinas-kesehatan")
        with at("2026-03-30"):
            ext = kit.act("ppid_request_extend", people.pelaksana, ticket=ticket,
                          reason="Data harus dihimpun dari 26 puskesmas")
            assert ext["due_date"] == "2026-04-10"  # +7 HK from Tue 31 Mar; Good Friday skipped
            with pytest.raises(tk.ValidationError):
                kit.act("ppid_request_extend", people.pelaksana, ticket=ticket, reason="lagi")
        with at("2026-04-09"):
            dec = kit.act("ppid_request_decide", people.pelaksana, ticket=ticket,
                          decision="partly_granted", exemption_grounds=["17h"],
                          consequence_test_ref="UK/PPID/2026/07",
                          info_given="Jumlah penerima per desa",
                          blacked_out="Nama dan NIK penerima",
                          blackout_reason="Rahasia pribadi (Pasal 17 huruf h)",
                          format="PDF", medium="surel")
        assert dec["decided_on"] == "2026-04-09"
        assert dec["objection_grounds_arisen"] == {}  # on time: no c, no g

        with at("2026-04-13"):
            shown = kit.act("ppid_request_show", None, ticket=ticket, tracking_code=code)
            windows = shown["deadline"]["objection_windows"]
            assert windows["35_1_a"] == {
                "arose": "2026-04-09", "from": "2026-04-09", "until": "2026-05-25",
            }
            assert "35_1_c" not in windows and "35_1_g" not in windows
            obj = kit.act("ppid_objection_create", None, ticket=ticket, tracking_code=code,
                          grounds=["35_1_a"], reasons="Data agregat tidak memuat data pribadi")
        assert obj["number"] == "KEB-2026-0001"
        assert obj["filed_on"] == "2026-04-13"
        # 30 HK from Mon 13 Apr: Labour Day and Ascension skipped, cuti bersama counted
        assert obj["due_date"] == "2026-05-28"
        assert obj["status"] == "filed"

        with at("2026-05-04"):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_objection_decide", people.utama, number=obj["number"],
                        outcome="accepted", reasons="x", atasan_name="x", atasan_position="x")
            answer = kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                             outcome="accepted", reasons="Data agregat dapat dibuka",
                             atasan_name="Drs. Sekda", atasan_position="Sekretaris Daerah")
        assert (answer["status"], answer["outcome"], answer["decided_on"]) == (
            "decided", "accepted", "2026-05-04"
        )
        assert answer["dispute_until"] == "2026-05-25"  # 14 HK after Mon 4 May

        final = kit.act("ppid_request_show", people.utama, ticket=ticket)
        trail = [(e["action"], e["from_state"], e["to_state"]) for e in final["timeline"]]
        assert trail == [
            ("create", None, "received"),
            ("route", "received", "routed"),
            ("extend", "routed", "extended"),
            ("decide", "extended", "decided"),
            ("objection_create", None, "filed"),
            ("objection_decide", "filed", "decided"),
            # the accepted objection reopens the request for a new decision (15B)
            ("reopen", "decided", "reopened"),
        ]
        assert [e["actor"] for e in final["timeline"]] == [
            "requester", people.utama["name"], people.pelaksana["name"],
            people.pelaksana["name"], "requester", people.atasan["name"], people.atasan["name"],
        ]
        assert final["objections"][0]["outcome"] == "accepted"
        assert final["status"] == "reopened" and final["decision_round"] == 2

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.count_cuti_bersama_as_working_day", "false")
    def test_skipping_cuti_bersama_gives_tuesday_7_april(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
        assert r["due_date"] == "2026-04-07"
        assert r["calendar_version"].endswith("-cbo")
        with at("2026-04-01"):
            ext = kit.act("ppid_request_extend", people.utama, ticket=r["ticket"], reason="x")
        assert ext["due_date"] == "2026-04-16"

    def test_late_decision_records_grounds_c_and_g(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
        with at("2026-04-02"):
            dec = kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                          decision="granted", info_given="x")
        assert dec["objection_grounds_arisen"] == {
            "35_1_c": "2026-03-31", "35_1_g": "2026-04-02",
        }
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        grounds = [e["data"]["ground"] for e in shown["timeline"] if e["action"] == "ground_arisen"]
        assert grounds == ["35_1_c", "35_1_g"]
        assert all(
            e["actor"] == "system" for e in shown["timeline"] if e["action"] == "ground_arisen"
        )

    def test_bad_input_changes_nothing(self, people, kit):
        r = kit.new_request()
        before = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        with pytest.raises(tk.ValidationError):
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="refused",
                    exemption_grounds=["17a"])
        after = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert after["status"] == before["status"] == "received"
        assert after["version"] == before["version"]
        assert len(after["timeline"]) == len(before["timeline"]) == 1


@pytest.mark.usefixtures("with_plugins")
class TestAuditTrail:
    def _event_ids(self, ticket):
        from ckanext.pekalongan.ppid.model import PpidEvent, PpidRequest

        req = model.Session.query(PpidRequest).filter_by(ticket=ticket).one()
        return [e.id for e in model.Session.query(PpidEvent).filter_by(request_id=req.id)]

    def test_database_refuses_update_of_an_event(self, people, kit):
        # the web role has no UPDATE privilege (tests/security/test_audit_role.py); the
        # trigger refuses it even to the table's owner (here the superuser)
        from pkl_audit import owner_engine

        r = kit.new_request()
        [event_id] = self._event_ids(r["ticket"])
        sql = sa.text("UPDATE ppid_event SET actor = 'someone' WHERE id = :id")
        with pytest.raises(sa.exc.DBAPIError) as e:
            model.Session.execute(sql, {"id": event_id})
        model.Session.rollback()
        assert "permission denied" in str(e.value)
        model.Session.remove()
        with pytest.raises(sa.exc.DBAPIError) as e, owner_engine().begin() as conn:
            conn.execute(sql, {"id": event_id})
        assert "append-only" in str(e.value)
        assert "UPDATE refused" in str(e.value)

    def test_database_refuses_delete_of_an_event(self, people, kit):
        r = kit.new_request()
        [event_id] = self._event_ids(r["ticket"])
        sql = sa.text("DELETE FROM ppid_event WHERE id = :id")
        with pytest.raises(sa.exc.DBAPIError) as e:
            model.Session.execute(sql, {"id": event_id})
        model.Session.rollback()
        assert "permission denied" in str(e.value)
        model.Session.remove()
        from pkl_audit import owner_engine

        with pytest.raises(sa.exc.DBAPIError) as e, owner_engine().begin() as conn:
            conn.execute(sql, {"id": event_id})
        assert "DELETE refused" in str(e.value)
        assert self._event_ids(r["ticket"]) == [event_id]

    def test_orm_cannot_delete_an_event_either(self, people, kit):
        from ckanext.pekalongan.ppid.model import PpidEvent

        kit.new_request()
        event = model.Session.query(PpidEvent).first()
        model.Session.delete(event)
        with pytest.raises(sa.exc.DBAPIError):
            model.Session.flush()
        model.Session.rollback()
        assert model.Session.query(PpidEvent).count() == 1

    def test_events_carry_no_personal_data(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request(target_org="dinas-kesehatan", power_of_attorney=kit.upload(
                filename="kuasa-budi-santoso.pdf"))
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
            kit.act("ppid_request_extend", people.pelaksana, ticket=r["ticket"], reason="x")
            kit.act("ppid_document_create", people.pelaksana, ticket=r["ticket"],
                    upload=kit.upload(filename="jawaban-budi.pdf"), released=True)
            kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                    decision="refused", exemption_grounds=["17h"], consequence_test_ref="UK-9",
                    dik_entry=kit.dik_entry(people))
            kit.act("ppid_objection_create", None, ticket=r["ticket"],
                    tracking_code=r["tracking_code"], grounds=["35_1_a"],
                    reasons="Saya Budi Santoso, NIK " + kit.NIK)
        rows = model.Session.execute(sa.text("SELECT * FROM ppid_event")).mappings().all()
        dumped = json.dumps([dict(row) for row in rows], default=str)
        for secret in (kit.NIK, kit.EMAIL, kit.PHONE, "Budi", "Merdeka", "budi"):
            assert secret not in dumped, secret
        assert len(rows) == 7  # six of the request, one of the DIK entry its refusal cites

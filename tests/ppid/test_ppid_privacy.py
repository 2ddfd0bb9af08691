"""Personal data (NIK, name, address, phone, e-mail) reaches nobody but
officers and the requester: not lists for the wrong OPD, not the public
registers, not the annual report, not Solr."""
from __future__ import annotations

import json

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time

SECRETS_OF = ("NIK", "EMAIL", "PHONE", "ADDRESS")


def leaks(kit, payload) -> list[str]:
    text = json.dumps(payload, default=str)
    found = [getattr(kit, k) for k in SECRETS_OF if getattr(kit, k) in text]
    return found + [s for s in ("Budi Santoso", "Merdeka") if s in text]


@pytest.fixture
def story(people, kit):
    """One decided request with an objection answered, one pending request."""
    with freeze_time("2026-03-16 03:00:00"):
        a = kit.new_request(target_org="dinas-kesehatan")
        b = kit.new_request(requester_type="legal_entity", nik="", legal_entity_decree="AHU-77",
                            name="PT Data Terbuka", information="Izin usaha 2025")
        kit.act("ppid_request_route", people.utama, ticket=a["ticket"], org="dinas-kesehatan")
    with freeze_time("2026-03-27 03:00:00"):
        kit.act("ppid_request_decide", people.pelaksana, ticket=a["ticket"], decision="refused",
                exemption_grounds=["17h"], consequence_test_ref="UK-5", cost="0",
                dik_entry=kit.dik_entry(people))
    with freeze_time("2026-04-02 03:00:00"):
        obj = kit.act("ppid_objection_create", None, ticket=a["ticket"],
                      tracking_code=a["tracking_code"], grounds=["35_1_a", "35_1_f"],
                      reasons="Keberatan")
        kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                outcome="rejected", reasons="Dikecualikan", atasan_name="Ir. A",
                atasan_position="Sekda")
    return a, b, obj


@pytest.mark.usefixtures("with_plugins")
class TestPrivacy:
    def test_lists_mask_personal_data_for_every_officer(self, people, story, kit):
        for officer in (people.utama, people.pelaksana, people.atasan, people.sysadmin):
            listed = kit.act("ppid_request_list", officer)
            assert listed["count"] >= 1
            text = json.dumps(listed)
            for secret in (kit.NIK, kit.EMAIL, kit.PHONE, kit.ADDRESS):
                assert secret not in text

    def test_other_opd_sees_nothing_of_it(self, people, story, kit):
        a, _b, _obj = story
        assert kit.act("ppid_request_list", people.other_pelaksana)["count"] == 0
        with pytest.raises(tk.ObjectNotFound) as e:
            kit.act("ppid_request_show", people.other_pelaksana, ticket=a["ticket"])
        assert not leaks(kit, str(e.value))

    def test_public_register_of_requests(self, people, story, kit):
        a, b, _obj = story
        reg = kit.act("ppid_register_list", None, kind="request", year=2026)
        assert reg["count"] == 2 and reg["kind"] == "request"
        alias = kit.act("ppid_register_list", None, kind="permohonan", year=2026)
        assert alias == reg
        row = {r["ticket"]: r for r in reg["results"]}[a["ticket"]]
        assert row["requester_type"] == "person"
        assert (row["decision"], row["exemption_grounds"], row["notice_date"]) == (
            "refused", ["17h"], "2026-03-27"
        )
        assert row["information_held"] is True
        assert {r["ticket"]: r for r in reg["results"]}[b["ticket"]]["decision"] is None
        assert not leaks(kit, reg)
        assert "PT Data Terbuka" not in json.dumps(reg) and "AHU-77" not in json.dumps(reg)

    def test_public_register_of_objections(self, people, story, kit):
        _a, _b, obj = story
        reg = kit.act("ppid_register_list", None, kind="objection", year=2026)
        assert reg["kind"] == "objection"
        assert kit.act("ppid_register_list", None, kind="keberatan", year=2026) == reg
        [row] = reg["results"]
        assert (row["number"], row["outcome"], row["atasan_name"]) == (
            obj["number"], "rejected", "Ir. A"
        )
        assert not leaks(kit, reg)

    def test_register_validation(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_register_list", None, kind="rahasia", year=1999)
        assert set(kit.errors(e)) == {"kind", "year"}

    def test_annual_report(self, people, story, kit):
        rep = kit.act("ppid_annual_report", None, year=2026)
        assert rep["requests"]["received"] == 2
        assert rep["requests"]["by_decision"] == {"refused": 1}
        assert rep["requests"]["pending"] == 1
        assert rep["time_to_fulfil"]["refused"]["count"] == 1
        assert rep["time_to_fulfil"]["refused"]["on_time"] == 1
        # Mon 16 -> Fri 27 Mar: 8 working days (Nyepi skipped, cuti bersama counted)
        assert rep["time_to_fulfil"]["refused"]["max_working_days"] == 8
        assert rep["refusals_by_ground"] == {"17h": 1}
        assert rep["objections"]["filed"] == 1
        assert rep["objections"]["by_ground"] == {"35_1_a": 1, "35_1_f": 1}
        assert rep["objections"]["by_outcome"] == {"rejected": 1}
        assert not leaks(kit, rep)

    def test_annual_report_needs_a_year(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_annual_report", None)
        assert "year" in kit.errors(e)

    def test_nothing_reaches_solr(self, people, story, kit):
        import urllib.parse
        import urllib.request

        base = tk.config["solr_url"]
        for secret in (kit.NIK, "budi.santoso"):
            query = urllib.parse.urlencode({"q": f'"{secret}"', "rows": 0, "wt": "json"})
            with urllib.request.urlopen(f"{base}/select?{query}", timeout=10) as res:
                assert json.load(res)["response"]["numFound"] == 0

    def test_anonymous_and_wrong_code_get_nothing(self, people, story, kit):
        a, _b, _obj = story
        for data in ({"ticket": a["ticket"]}, {"ticket": a["ticket"], "tracking_code": "x"}):
            with pytest.raises(tk.ObjectNotFound) as e:
                kit.act("ppid_request_show", None, **data)
            assert not leaks(kit, str(e.value))

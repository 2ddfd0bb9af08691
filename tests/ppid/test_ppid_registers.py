"""The DIP and DIK registers through the Action API (issue #15 items 1, 2, 5): the happy
path, field errors in Indonesian, the officers of one OPD against another OPD's ids, the
public view without drafts or internal notes, a refusal that must cite a DIK entry."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from freezegun import freeze_time
from pkl_factories import SatuDataset

from ckanext.pekalongan.ppid import register_store

TODAY = "2026-06-15 03:00:00"


def http(app, action: str, user: dict | None, expect: int = 200, **data) -> dict:
    """Call an action over HTTP (the site's language, Indonesian) as ``user`` (API token)."""
    headers = {}
    if user is not None:
        headers["Authorization"] = factories.APIToken(user=user["id"])["token"]
    res = app.post(f"/api/3/action/{action}", json=data, headers=headers)
    assert res.status_code == expect, res.get_data(as_text=True)[:500]
    return res.json


def dip(**overrides) -> dict:
    data = {
        "category": "berkala",
        "summary": "Laporan realisasi anggaran Dinas Kesehatan semester I",
        "holder": "Sub Bagian Keuangan",
        "responsible": "Kepala Sub Bagian Keuangan",
        "made_on": "2026-05-02",
        "made_place": "Kajen",
        "formats": ["softcopy", "hardcopy"],
        "retention": "10 tahun",
        "status": "published",
    }
    data.update(overrides)
    return data


def dik(**overrides) -> dict:
    data = {
        "summary": "Rekam medis pasien rumah sakit umum daerah",
        "grounds": ["17h"],
        "legal_basis": "UU 17/2023 tentang Kesehatan Pasal 177",
        "consequence": "Membuka rekam medis mengungkap rahasia pribadi pasien dan riwayat "
                       "penyakitnya kepada siapa pun.",
        "public_interest": "Kepentingan publik tidak lebih besar daripada perlindungan "
                           "rahasia pribadi pasien; statistik agregat tetap dibuka.",
        "exempt_until": "2036-06-01",
        "decided_by_name": "dr. Siti Aminah",
        "decided_by_position": "PPID Pelaksana Dinas Kesehatan",
        "decided_on": "2026-06-01",
        "internal_notes": "Berkas di lemari arsip ruang 2",
        "status": "published",
    }
    data.update(overrides)
    return data


@pytest.mark.usefixtures("with_plugins")
class TestDip:
    @freeze_time(TODAY)
    def test_a_pelaksana_publishes_an_entry_of_their_opd_and_anyone_reads_it(self, people,
                                                                              kit):
        entry = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["name"],
                        **dip())
        assert entry["number"] == "DIP-2026-0001"
        assert entry["status"] == "published"
        assert entry["org"]["id"] == people.opd["id"]
        shown = kit.act("ppid_dip_entry_show", None, id=entry["number"])
        assert shown["summary"].startswith("Laporan realisasi")
        assert shown["stale"] is False and shown["berkala_due"] == "2026-11-02"
        listed = kit.act("ppid_dip_entry_list", None, org=people.opd["name"])
        assert [r["number"] for r in listed["results"]] == ["DIP-2026-0001"]
        assert people.opd["id"] in listed["last_updated"]

    def test_publishing_without_the_required_columns_gives_one_error_per_column(
            self, app, people, kit):
        errors = http(app, "ppid_dip_entry_create", people.pelaksana, expect=409,
                      org=people.opd["name"], summary="Profil Dinas", status="published")["error"]
        for key in ("category", "holder", "responsible", "made_on", "made_place", "formats",
                    "retention"):
            assert errors[key] == ["Isi kolom ini sebelum entri diterbitkan."], key
        assert "summary" not in errors
        # a draft with columns missing is kept, and is not public
        draft = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["name"],
                        summary="Profil Dinas")
        assert draft["status"] == "draft"
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_show", None, id=draft["number"])
        assert isinstance(e.value, tk.ObjectNotFound)
        assert kit.act("ppid_dip_entry_list", None)["count"] == 0

    def test_bad_values_are_field_errors(self, app, people, kit):
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_create", people.utama, org=people.opd["name"],
                    **dip(category="kadang", made_on="2026-13-45", formats=["cd"],
                          summary="a\x00b", holder=["x"]))
        errors = kit.errors(e)
        assert set(errors) >= {"summary", "holder"}
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_create", people.utama, org=people.opd["name"],
                    **dip(category="kadang", made_on="2026-13-45", formats=["cd"]))
        assert set(kit.errors(e)) == {"category", "made_on", "formats"}
        errors = http(app, "ppid_dip_entry_create", people.utama, expect=409,
                      org=people.opd["name"], **dip(made_on="2099-07-01"))["error"]
        assert errors["made_on"] == ["Waktu pembuatan tidak boleh di masa depan."]

    def test_another_opds_id_is_refused(self, people, kit):
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.other_opd["id"],
                    **dip())
        assert isinstance(e.value, tk.NotAuthorized)
        theirs = kit.act("ppid_dip_entry_create", people.other_pelaksana,
                         org=people.other_opd["id"], **dip())
        for action, extra in (("ppid_dip_entry_update", {"summary": "diubah"}),
                              ("ppid_dip_entry_delete", {})):
            with pytest.raises(Exception) as e:
                kit.act(action, people.pelaksana, id=theirs["id"], **extra)
            assert isinstance(e.value, tk.NotAuthorized)
        # moving one's own entry to another OPD is refused too
        mine = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"], **dip())
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_update", people.pelaksana, id=mine["id"],
                    org=people.other_opd["id"])
        assert isinstance(e.value, tk.NotAuthorized)
        for anyone in (None, people.citizen, people.atasan):
            with pytest.raises(Exception) as e:
                kit.act("ppid_dip_entry_create", anyone, org=people.opd["id"], **dip())
            assert isinstance(e.value, tk.NotAuthorized)
        # PPID Utama edits any OPD's entry
        changed = kit.act("ppid_dip_entry_update", people.utama, id=theirs["number"],
                          summary="Laporan keuangan diperbarui")
        assert changed["summary"] == "Laporan keuangan diperbarui"

    def test_update_delete_and_a_stale_version(self, people, kit):
        entry = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"], **dip())
        changed = kit.act("ppid_dip_entry_update", people.pelaksana, id=entry["id"],
                          version=entry["version"], retention="Permanen")
        assert changed["retention"] == "Permanen" and changed["version"] == entry["version"] + 1
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_update", people.pelaksana, id=entry["id"],
                    version=entry["version"], retention="5 tahun")
        assert "version" in kit.errors(e)
        # clearing a required column of a published entry is refused
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_update", people.pelaksana, id=entry["id"], holder="")
        assert "holder" in kit.errors(e)
        kit.act("ppid_dip_entry_delete", people.pelaksana, id=entry["number"])
        assert kit.act("ppid_dip_entry_list", None)["count"] == 0
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_delete", people.pelaksana, id=entry["number"])
        assert isinstance(e.value, tk.ObjectNotFound)

    def test_a_link_to_a_public_dataset_resource_or_a_checked_document(self, people, kit):
        pkg = SatuDataset(owner_org=people.opd["id"])
        res = factories.Resource(package_id=pkg["id"])
        private = SatuDataset(owner_org=people.opd["id"], private=True)
        a = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(link_type="dataset", dataset=pkg["name"]))
        assert a["link"]["dataset"]["name"] == pkg["name"]
        b = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(link_type="resource", resource=res["id"]))
        assert b["link"]["resource"]["id"] == res["id"]
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(link_type="dataset", dataset=private["name"]))
        assert "dataset" in kit.errors(e)
        c = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(link_type="document", upload=kit.upload(filename="lra.pdf")))
        assert c["link"]["filename"] == "lra.pdf"
        for data, name in ((b"<html><script>alert(1)</script></html>", "x.html"),
                           (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg"),
                           (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.pdf")):
            with pytest.raises(Exception) as e:
                kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                        **dip(link_type="document", upload=kit.upload(data, name)))
            assert "upload" in kit.errors(e)

    def test_search_and_filters(self, people, kit):
        kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"], **dip())
        kit.act("ppid_dip_entry_create", people.other_pelaksana, org=people.other_opd["id"],
                **dip(category="setiap_saat", summary="Data pokok pendidikan sekolah dasar",
                      made_on="2025-01-10"))
        listed = kit.act("ppid_dip_entry_list", None, q="pendidikan sekolah")
        assert [r["org"]["id"] for r in listed["results"]] == [people.other_opd["id"]]
        assert kit.act("ppid_dip_entry_list", None, category="berkala")["count"] == 1
        assert kit.act("ppid_dip_entry_list", None, year=2025)["count"] == 1
        assert kit.act("ppid_dip_entry_list", None, q="%")["count"] == 2  # no words: all
        with pytest.raises(Exception) as e:
            kit.act("ppid_dip_entry_list", None, year="dua ribu", limit=10**9)
        assert set(kit.errors(e)) == {"year", "limit"}


@pytest.mark.usefixtures("with_plugins")
class TestDik:
    def test_the_public_list_has_no_internal_notes(self, people, kit):
        entry = kit.act("ppid_dik_entry_create", people.pelaksana, org=people.opd["id"], **dik())
        assert entry["number"] == "DIK-2026-0001"
        assert entry["internal_notes"] == "Berkas di lemari arsip ruang 2"
        public = kit.act("ppid_dik_entry_list", None)["results"][0]
        assert "internal_notes" not in public
        assert public["exemption_state"] == "active"
        assert "internal_notes" not in kit.act("ppid_dik_entry_show", None, id=entry["id"])

    def test_the_consequence_test_must_be_whole_to_publish(self, app, people, kit):
        errors = http(app, "ppid_dik_entry_create", people.pelaksana, expect=409,
                      org=people.opd["id"], **dik(consequence="bahaya", public_interest="",
                                                  grounds=[], exempt_until="2026-05-01",
                                                  decided_on="2026-06-01"))["error"]
        assert errors["consequence"] == ["Jelaskan ini paling sedikit 30 karakter."]
        assert errors["public_interest"] == ["Isi kolom ini sebelum entri diterbitkan."]
        assert errors["grounds"] == ["Isi kolom ini sebelum entri diterbitkan."]
        assert errors["exempt_until"] == [
            "Pengecualian harus berakhir setelah tanggal penetapannya."]

    def test_another_opds_dik_is_refused(self, people, kit):
        with pytest.raises(Exception) as e:
            kit.act("ppid_dik_entry_create", people.pelaksana, org=people.other_opd["name"],
                    **dik())
        assert isinstance(e.value, tk.NotAuthorized)


@pytest.mark.usefixtures("with_plugins")
class TestRefusalCitesDik:
    def _routed(self, people, kit):
        with freeze_time(kit.MONDAY):
            r = kit.new_request()
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org=people.opd["id"])
        return r

    def test_a_refusal_without_a_dik_entry_is_a_field_error(self, people, kit):
        r = self._routed(people, kit)
        with freeze_time("2026-03-20 03:00:00"):
            with pytest.raises(Exception) as e:
                kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                        decision="refused", exemption_grounds=["17h"],
                        consequence_test_ref="UK-1")
        assert kit.errors(e)["dik_entry"] == [
            "A refusal must cite an entry of the DIK (the register of exempted information), "
            "or create one in this step."]

    def test_a_refusal_cites_a_published_dik_entry_of_its_opd(self, people, kit):
        r = self._routed(people, kit)
        with freeze_time("2026-03-18 03:00:00"):
            entry = kit.act("ppid_dik_entry_create", people.pelaksana, org=people.opd["id"],
                            **dik(decided_on="2026-03-17"))
            other = kit.act("ppid_dik_entry_create", people.other_pelaksana,
                            org=people.other_opd["id"], **dik(decided_on="2026-03-17"))
            with pytest.raises(Exception) as e:
                kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                        decision="refused", dik_entry=other["number"])
            assert "dik_entry" in kit.errors(e)
            with pytest.raises(Exception) as e:
                kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                        decision="refused", dik_entry=entry["number"],
                        exemption_grounds=["17a"])
            assert "exemption_grounds" in kit.errors(e)
            out = kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                          decision="refused", dik_entry=entry["number"])
        assert out["dik_entry"] == entry["number"]
        assert out["exemption_grounds"] == ["17h"]
        assert out["consequence_test_ref"] == entry["number"]

    def test_a_refusal_creates_its_dik_entry_in_the_same_step(self, people, kit):
        r = self._routed(people, kit)
        fields = {f"dik_{k}": v for k, v in dik(decided_on="2026-03-17").items()
                  if k != "status"}
        with freeze_time("2026-03-18 03:00:00"):
            with pytest.raises(Exception) as e:
                kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                        decision="refused", new_dik_entry=True,
                        **dict(fields, dik_consequence=""))
            assert kit.errors(e)["dik_consequence"] == [
                "Fill in this column before publishing the entry."]
            assert kit.act("ppid_dik_entry_list", None)["count"] == 0
            out = kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                          decision="refused", new_dik_entry=True, **fields)
        listed = kit.act("ppid_dik_entry_list", None)["results"]
        assert [e["number"] for e in listed] == [out["dik_entry"]]
        assert listed[0]["org"]["id"] == people.opd["id"]

    def test_an_ended_exemption_cannot_be_cited(self, people, kit):
        r = self._routed(people, kit)
        with freeze_time("2026-03-18 03:00:00"):
            entry = kit.act("ppid_dik_entry_create", people.pelaksana, org=people.opd["id"],
                            **dik(decided_on="2026-03-01", exempt_until="2026-03-17"))
            with pytest.raises(Exception) as e:
                kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                        decision="refused", dik_entry=entry["number"])
        assert kit.errors(e)["dik_entry"] == [
            "The exemption period of this DIK entry ended on 2026-03-17."]


@pytest.mark.usefixtures("with_plugins")
class TestSuggestions:
    def test_matching_dip_entries_and_the_deflection_figure(self, people, kit):
        with freeze_time(TODAY):
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"], **dip())
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(summary="Jadwal imunisasi puskesmas", status="draft"))
            found = kit.act("ppid_dip_suggest", None,
                            q="Saya minta laporan realisasi anggaran tahun 2026")
            assert [e["number"] for e in found["dip"]] == ["DIP-2026-0001"]
            assert kit.act("ppid_dip_suggest", None, q="imunisasi")["dip"] == []
            assert kit.act("ppid_dip_suggest", None, q="  ")["dip"] == []
            for metric in ("opened_sessions", "opens", "opens", "filed_after_opening"):
                register_store.count(metric)
        figures = register_store.deflection_figures(2026)
        assert figures == {"opened_sessions": 1, "opens": 2, "filed_after_opening": 1,
                           "deflected": 0}
        assert register_store.deflection_figures(2025)["opens"] == 0
        assert dt.date(2026, 6, 15)  # the counters are per day, anonymous


@pytest.mark.usefixtures("with_plugins", "with_request_context", "with_test_worker")
class TestSweepReminders:
    def test_stale_berkala_and_ending_exemptions_are_mailed_once(self, people, kit,
                                                                   mail_server):
        import ckan.model as model
        from pkl_ppid import run_jobs

        from ckanext.pekalongan.ppid import sweep

        with freeze_time("2026-01-10 03:00:00"):
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(made_on="2026-01-05"))
            kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                    **dip(category="setiap_saat", made_on="2020-01-05"))
            kit.act("ppid_dik_entry_create", people.pelaksana, org=people.opd["id"],
                    **dik(decided_on="2026-01-05", exempt_until="2026-08-05"))
        assert sweep.run(dt.date(2026, 7, 5)) == {}  # fresh, and the exemption runs on
        assert sweep.run(dt.date(2026, 7, 6)) == {"dip_stale": 1, "dik_ending": 1}
        assert sweep.run(dt.date(2026, 7, 6)) == {}  # queued once
        run_jobs()
        assert sweep.run(dt.date(2026, 7, 7)) == {}  # sent once
        assert sweep.run(dt.date(2026, 8, 6)) == {"dik_ended": 1}
        run_jobs()
        pelaksana = model.User.get(people.pelaksana["id"]).email
        mails = mail_server.get_smtp_messages()
        assert [m[2] for m in mails] == [[pelaksana]] * 3
        assert "Informasi berkala" in mails[0][3] or "berkala" in mails[0][3]

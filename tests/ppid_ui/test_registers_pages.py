"""The pages of the DIP and DIK registers (issue #15): the public list with its filters and
its exports (XLSX read back with openpyxl, PDF with pypdf), the officers' forms and their
field errors, another OPD's entry, the decision form's DIK part, and the anonymous
"Sudah tersedia?" counters of the request form."""
from __future__ import annotations

import io
import re

import pytest
from freezegun import freeze_time
from pkl_web import csrf_token

from ckanext.pekalongan.ppid import register_store

DIP = {
    "category": "berkala", "summary": "Laporan realisasi anggaran Dinas Kesehatan",
    "holder": "Sub Bagian Keuangan", "responsible": "Kepala Sub Bagian Keuangan",
    "made_on": "2026-05-02", "made_place": "Kajen", "formats": ["softcopy"],
    "retention": "10 tahun", "status": "published",
}


def html(response) -> str:
    return response.get_data(as_text=True)


def form_post(browser, url: str, data: dict):
    """Open the form (CSRF token and one-time form id), then post ``data`` as a browser."""
    page = html(browser.get(url))
    form_id = re.search(r'name="form_id" value="([^"]+)"', page)
    sent = dict(data, _csrf_token=csrf_token(page))
    if form_id:
        sent["form_id"] = form_id.group(1)
    return browser.client.post(url, data=sent, headers=browser.headers, follow_redirects=False)


@pytest.mark.usefixtures("with_plugins")
@freeze_time("2026-06-15 03:00:00")
class TestPublicPages:
    def test_list_filters_and_exports(self, app, people, kit):
        kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"], **DIP)
        kit.act("ppid_dip_entry_create", people.other_pelaksana, org=people.other_opd["id"],
                **dict(DIP, category="setiap_saat", summary="=Data pokok pendidikan",
                       made_on="2025-02-01"))
        kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                summary="Draf rahasia belum terbit")
        page = html(app.get("/ppid/dip"))
        assert "Laporan realisasi anggaran" in page and "Data pokok pendidikan" in page
        assert "Draf rahasia" not in page
        assert "Terakhir diperbarui" in page and "Dinas Kesehatan" in page
        filtered = html(app.get("/ppid/dip", query_string={"kategori": "setiap_saat"}))
        assert "Data pokok pendidikan" in filtered and "Laporan realisasi" not in filtered
        filtered = html(app.get("/ppid/dip", query_string={"opd": people.opd["id"],
                                                           "q": "anggaran"}))
        assert "Laporan realisasi" in filtered and "Data pokok" not in filtered
        bad = app.get("/ppid/dip", query_string={"tahun": "x\x00", "kategori": "<script>"})
        assert bad.status_code == 200 and "<script>" not in html(bad)
        # XLSX in the KI layout, opened with openpyxl; a typed "=" is no formula
        from openpyxl import load_workbook

        res = app.get("/ppid/dip.xlsx")
        assert res.status_code == 200
        ws = load_workbook(io.BytesIO(res.data)).active
        assert ws["A3"].value == "No." and ws["B3"].value == "Ringkasan isi informasi"
        summaries = [ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)]
        assert "'=Data pokok pendidikan" in summaries
        assert "Laporan realisasi anggaran Dinas Kesehatan" in summaries
        # PDF, read back with pypdf, filtered by category
        from pypdf import PdfReader

        res = app.get("/ppid/dip.pdf", query_string={"kategori": "berkala"})
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(res.data)).pages)
        assert "Daftar Informasi Publik" in text and "Laporan realisasi" in text
        assert "pendidikan" not in text
        english = html(app.get("/en/ppid/dip"))
        assert "List of public information (DIP)" in english

    def test_dik_list_has_no_internal_notes(self, app, people, kit):
        number = kit.dik_entry(people, internal_notes="Lemari arsip nomor 7")
        page = html(app.get("/ppid/dik"))
        assert number in page and "Lemari arsip" not in page
        assert "Menghambat" not in page or "17h" in page


@pytest.mark.usefixtures("with_plugins")
class TestOfficerForms:
    def test_publishing_with_columns_missing_is_a_form_error_and_a_draft_is_kept(
            self, people, browser_factory):
        browser = browser_factory(people.pelaksana)
        response = form_post(browser, "/ppid/admin/dip/baru", {
            "org": people.opd["id"], "summary": "Profil dinas", "publish": "1"})
        page = html(response)
        assert response.status_code == 400
        assert page.count("Isi kolom ini sebelum entri diterbitkan.") >= 7
        assert "Profil dinas" in page  # what was typed is kept
        response = form_post(browser, "/ppid/admin/dip/baru", {
            "org": people.opd["id"], "summary": "Profil dinas", "draft": "1"})
        assert response.status_code == 302
        listed = html(browser.get("/ppid/admin/dip"))
        assert "Profil dinas" in listed and "Draf" in listed

    def test_a_second_click_of_the_same_add_form_adds_nothing(self, people, browser_factory,
                                                              kit):
        browser = browser_factory(people.pelaksana)
        page = html(browser.get("/ppid/admin/dip/baru"))
        data = {"org": people.opd["id"], "summary": "Sekali saja", "draft": "1",
                "_csrf_token": csrf_token(page),
                "form_id": re.search(r'name="form_id" value="([^"]+)"', page).group(1)}
        first = browser.client.post("/ppid/admin/dip/baru", data=data, follow_redirects=False)
        second = browser.client.post("/ppid/admin/dip/baru", data=data, follow_redirects=False)
        assert first.status_code == second.status_code == 302
        listed = kit.act("ppid_dip_entry_list", people.pelaksana, include_drafts=True)
        assert listed["count"] == 1

    def test_another_opds_entry_cannot_be_edited(self, people, browser_factory, kit):
        theirs = kit.act("ppid_dip_entry_create", people.other_pelaksana,
                         org=people.other_opd["id"], summary="Milik Dinas Pendidikan")
        browser = browser_factory(people.pelaksana)
        assert browser.get(f"/ppid/admin/dip/{theirs['number']}").status_code == 404
        response = form_post(browser, "/ppid/admin/dip/baru", {
            "org": people.other_opd["id"], "summary": "Menyusup", "draft": "1"})
        assert response.status_code == 403
        assert browser_factory(people.citizen).get("/ppid/admin/dip").status_code == 403

    def test_dik_form_errors_are_indonesian(self, people, browser_factory):
        browser = browser_factory(people.pelaksana)
        response = form_post(browser, "/ppid/admin/dik/baru", {
            "org": people.opd["id"], "summary": "Rekam medis", "consequence": "bahaya",
            "decided_on": "2026-01-10", "exempt_until": "2026-01-01", "publish": "1"})
        page = html(response)
        assert response.status_code == 400
        assert "Jelaskan ini paling sedikit 30 karakter." in page
        assert "Pengecualian harus berakhir setelah tanggal penetapannya." in page

    def test_the_decision_form_asks_for_a_dik_entry(self, people, browser_factory, kit):
        ticket = kit.new_request()["ticket"]
        number = kit.dik_entry(people)
        browser = browser_factory(people.utama)
        page = html(browser.get(f"/ppid/admin/{ticket}"))
        assert f'value="{number}"' in page
        response = browser.post(f"/ppid/admin/{ticket}", {
            "form": "decide", "decision": "refused", "exemption_grounds": "17h"})
        assert response.status_code == 400
        assert "Penolakan harus merujuk entri DIK" in html(response)
        response = browser.post(f"/ppid/admin/{ticket}", {
            "form": "decide", "decision": "refused", "dik_entry": number},
            follow_redirects=False)
        assert response.status_code == 302
        shown = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert shown["dik_entry"] == number and shown["exemption_grounds"] == ["17h"]


@pytest.mark.usefixtures("with_plugins")
class TestAlreadyAvailable:
    def test_opening_a_suggestion_then_filing_is_counted_anonymously(
            self, app, people, browser_factory, kit):
        entry = kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
                        **dict(DIP, made_on="2026-01-05"))
        form = html(app.get("/ppid/permohonan/baru"))
        assert 'id="pkl-available"' in form and "ppid_dip_suggest" in form
        found = app.post("/api/3/action/ppid_dip_suggest",
                         json={"q": "laporan realisasi anggaran"}).json["result"]
        assert [e["number"] for e in found["dip"]] == [entry["number"]]
        citizen = browser_factory()
        res = citizen.get(f"/ppid/tersedia/dip/{entry['number']}", follow_redirects=False)
        assert res.status_code == 302 and res.headers["Location"].endswith(
            f"/ppid/dip/{entry['number']}")
        citizen.get(f"/ppid/tersedia/dip/{entry['number']}", follow_redirects=False)
        assert citizen.get("/ppid/tersedia/dip/DIP-1999-0001").status_code == 404
        assert citizen.get("/ppid/tersedia/elsewhere/x").status_code == 404
        year = int(entry["updated"][:4])
        figures = register_store.deflection_figures(year)
        assert (figures["opened_sessions"], figures["opens"], figures["deflected"]) == (1, 2, 1)
        data = kit.data(website="")
        data["how_to_obtain"] = data["how_to_obtain"][0]
        response = citizen.post("/ppid/permohonan/baru", data, follow_redirects=False)
        assert response.status_code == 302
        figures = register_store.deflection_figures(year)
        assert (figures["filed_after_opening"], figures["deflected"]) == (1, 0)

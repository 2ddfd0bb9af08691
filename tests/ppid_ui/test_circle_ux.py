"""Issue #15 item 9 (15D): a legal entity files; the public register never reads "granted"
for a pending request and publishes the requester's words only after an officer's review;
the citizen withdraws from /ppid/lacak; the notice and the receipt carry a letterhead and a
signature block; /en/ppid stays English; the officers' register with personal data (CSV,
XLSX), the confirmation before removing a holiday, the error summary in view after a
failed form, closed requests out of the default queue."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time


def html(response) -> str:
    return response.get_data(as_text=True)


def form_of(kit, **overrides) -> dict:
    data = kit.data(**overrides)
    data["how_to_obtain"] = list(data["how_to_obtain"])
    return data


def file_request(browser, kit, **overrides):
    return browser.post("/ppid/permohonan/baru", form_of(kit, **overrides), follow_redirects=True)


def receipt_of(page: str) -> tuple[str, str]:
    ticket = re.search(r'data-testid="ticket">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page).group(1)
    return ticket, code


LEGAL_ENTITY = {
    "requester_type": "legal_entity", "name": "PT Data Terbuka",
    "nik": "12345",  # typed before switching to Badan hukum: hidden, must be ignored
    "legal_entity_decree": "AHU-0012345.AH.01.01.2020",
    "representative_name": "Sari Wulandari", "representative_position": "Direktur",
}


@pytest.mark.usefixtures("with_plugins")
class TestLegalEntity:
    def test_a_legal_entity_files_without_js_and_its_hidden_nik_is_dropped(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        form = html(browser.get("/en/ppid/permohonan/baru"))
        assert 'id="field-representative_name"' in form
        assert 'data-pkl-show-when="requester_type=legal_entity"' in form
        response = file_request(browser, kit, **LEGAL_ENTITY)
        page = html(response)
        assert response.status_code == 200, page[:2000]
        ticket, _code = receipt_of(page)
        req = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert req["requester_type"] == "legal_entity"
        assert req["nik"] is None
        assert req["legal_entity_decree"] == LEGAL_ENTITY["legal_entity_decree"]
        assert (req["representative_name"], req["representative_position"]) == (
            "Sari Wulandari", "Direktur")

    def test_a_person_keeps_the_nik_rule_and_drops_the_entity_fields(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(nik="12345")
        assert "nik" in kit.errors(e)
        receipt = kit.new_request(legal_entity_decree="AHU-9", representative_name="X")
        req = kit.act("ppid_request_show", people.utama, ticket=receipt["ticket"])
        assert req["nik"] == kit.NIK
        assert req["legal_entity_decree"] is None and req["representative_name"] is None

    def test_the_api_ignores_a_legal_entitys_nik_but_still_screens_its_shape(self, people,
                                                                             kit):
        receipt = kit.new_request(**dict(LEGAL_ENTITY, nik="0000"))
        req = kit.act("ppid_request_show", people.utama, ticket=receipt["ticket"])
        assert req["nik"] is None
        with pytest.raises(tk.ValidationError) as e:  # a NUL byte is never just dropped
            kit.new_request(**dict(LEGAL_ENTITY, nik="3326\x00"))
        assert set(kit.errors(e)) == {"nik"}
        with pytest.raises(tk.ValidationError) as e:
            kit.new_request(**dict(LEGAL_ENTITY, legal_entity_decree=""))
        assert "legal_entity_decree" in kit.errors(e)


@pytest.mark.usefixtures("with_plugins")
class TestPublicRegister:
    def test_pending_reads_being_processed_and_raw_text_waits_for_review(
        self, people, browser_factory, kit
    ):
        with freeze_time(kit.MONDAY):
            receipt = kit.new_request(information="Surat keluhan Budi Santoso soal jalan rusak")
            anonymous = browser_factory()
            page_id = html(anonymous.get("/ppid/register?tahun=2026"))
            page_en = html(anonymous.get("/en/ppid/register?tahun=2026"))
        status = re.search(r'data-testid="register-status">([^<]+)<', page_id).group(1)
        assert status.strip() == "Sedang diproses"
        assert "Diterima" not in page_id
        assert "Being processed" in page_en
        for page in (page_id, page_en):
            assert receipt["ticket"] in page
            assert "Budi Santoso" not in page and "jalan rusak" not in page
            assert "Penelitian skripsi" not in page  # the purpose waits too
        assert "Ringkasan menunggu pemeriksaan petugas PPID" in page_id
        api = kit.act("ppid_register_list", None, year=2026)["results"][0]
        assert (api["information"], api["purpose"], api["reviewed"]) == (None, None, False)
        assert api["register_status"] == "pending"

    def test_an_officer_reviews_the_entry_and_only_then_it_is_published(
        self, people, browser_factory, kit
    ):
        with freeze_time(kit.MONDAY):
            ticket = kit.new_request(target_org="dinas-kesehatan")["ticket"]
            utama = browser_factory(people.utama)
            url = f"/en/ppid/admin/{ticket}"
            page = html(utama.get(url))
            assert 'id="form-publish"' in page and "Not reviewed yet" in page
            refused = utama.post(url, {"form": "publish", "information": "Data NIK "
                                       + kit.NIK, "purpose": "Riset"})
            assert refused.status_code == 400
            assert "Remove personal data from the public text" in html(refused)
            assert 'id="publish-error-summary"' in html(refused)
            done = utama.post(url, {"form": "publish",
                                    "information": "Daftar penerima bansos Kecamatan Kajen 2025",
                                    "purpose": "Penelitian"}, follow_redirects=True)
            assert done.status_code == 200
            register = html(browser_factory().get("/ppid/register?tahun=2026"))
        assert "Daftar penerima bansos Kecamatan Kajen 2025" in register
        assert "Penelitian" in register
        req = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert [e["action"] for e in req["timeline"]].count("public_entry") == 1
        event = [e for e in req["timeline"] if e["action"] == "public_entry"][0]
        assert "Kajen" not in str(event["data"])  # no text in the audit trail

    def test_only_the_handling_officers_review(self, people, kit):
        ticket = kit.new_request(target_org="dinas-kesehatan")["ticket"]
        for user in (None, people.citizen, people.other_pelaksana):
            with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
                kit.act("ppid_request_publish", user, ticket=ticket, information="x",
                        purpose="y")
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_publish", people.utama, ticket=ticket, information="",
                    purpose="Riset")
        assert set(kit.errors(e)) == {"information"}
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_publish", people.utama, ticket=ticket,
                    information="Data bansos", purpose="Riset, balas ke " + kit.EMAIL)
        assert set(kit.errors(e)) == {"purpose"}
        assert "e-mail" in kit.errors(e)["purpose"][0] or "surel" in kit.errors(e)["purpose"][0]
        assert kit.act("ppid_register_list", None)["results"][0]["information"] is None

    def test_the_form_says_the_text_becomes_public_after_review(self, people, browser_factory):
        page = html(browser_factory().get("/ppid/permohonan/baru"))
        assert 'id="register-note"' in page
        assert "setelah diperiksa petugas PPID" in page
        assert page.index('id="register-note"') < page.index('id="field-information"')


@pytest.mark.usefixtures("with_plugins")
class TestWithdrawFromTracking:
    def test_the_requester_withdraws_after_confirming(self, people, browser_factory, kit):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = receipt_of(html(file_request(browser, kit)))
            tracked = browser.post("/en/ppid/lacak", {"ticket": ticket, "tracking_code": code},
                                   follow_redirects=True)
            assert f"/ppid/lacak/{ticket}/cabut" in html(tracked)
            url = f"/en/ppid/lacak/{ticket}/cabut"
            unconfirmed = browser.post(url, {"reason": "Sudah dapat dari desa"})
            assert unconfirmed.status_code == 400
            assert "Tick the box to confirm" in html(unconfirmed)
            assert kit.act("ppid_request_show", people.utama, ticket=ticket)["status"] == \
                "received"
            done = browser.post(url, {"reason": "Sudah dapat dari desa", "confirm": "true"},
                                follow_redirects=True)
        assert done.status_code == 200
        assert "Your request was withdrawn" in html(done)
        assert code not in html(done)
        req = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert req["status"] == "withdrawn"
        [event] = [e for e in req["timeline"] if e["action"] == "withdraw"]
        assert event["actor"] == "requester"
        # twice: the request is closed now, the form says so and nothing changes
        again = browser.post(url, {"reason": "x", "confirm": "true"})
        assert again.status_code in (200, 400)
        assert "can no longer be withdrawn" in html(again)

    def test_a_decided_request_cannot_be_withdrawn(self, people, browser_factory, kit):
        browser = browser_factory()
        ticket, code = receipt_of(html(file_request(browser, kit)))
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="granted",
                info_given="Semua")
        browser.post("/en/ppid/lacak", {"ticket": ticket, "tracking_code": code})
        page = html(browser.get(f"/en/ppid/lacak/{ticket}"))
        assert f"/ppid/lacak/{ticket}/cabut" not in page
        refused = browser.post(f"/en/ppid/lacak/{ticket}/cabut",
                               {"reason": "x", "confirm": "true"})
        assert refused.status_code == 400
        assert kit.act("ppid_request_show", people.utama, ticket=ticket)["status"] == "decided"

    def test_without_the_tracking_code_there_is_no_withdrawal(self, people, browser_factory,
                                                              kit):
        ticket = kit.new_request()["ticket"]
        response = browser_factory().post(f"/ppid/lacak/{ticket}/cabut",
                                          {"reason": "x", "confirm": "true"},
                                          form_url="/ppid/lacak", follow_redirects=False)
        assert response.status_code == 302
        assert kit.act("ppid_request_show", people.utama, ticket=ticket)["status"] == "received"


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.office_name", "PPID Utama Dinkominfo")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.office_address", "Jl. Krakatau 2, Kajen")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.signatory_name", "Dra. Sri Lestari")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.signatory_nip", "197001011990032001")
class TestNoticeAndReceipt:
    def test_the_notice_has_letterhead_signature_and_labelled_notes(
        self, people, browser_factory, kit
    ):
        from pypdf import PdfReader

        ticket = kit.new_request()["ticket"]
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="granted",
                info_given="Semua", notes="Diambil di kantor pada jam kerja")
        utama = browser_factory(people.utama)
        page = html(utama.get(f"/ppid/admin/{ticket}/pemberitahuan"))
        head = page[page.index('data-testid="letterhead"'):][:600]
        assert "PEMERINTAH KABUPATEN PEKALONGAN" in head
        assert "PPID Utama Dinkominfo" in head and "Jl. Krakatau 2, Kajen" in head
        sig = page[page.index('data-testid="signature"'):][:600]
        assert "Kajen, " in sig and "PPID Utama Kabupaten Pekalongan" in sig
        assert "Dra. Sri Lestari" in sig and "197001011990032001" in sig
        notes = page[page.index('data-element="notes"'):][:400]
        assert "Catatan lain" in notes and "Diambil di kantor" in notes
        assert page.index('data-element="g"') < page.index('data-element="notes"')
        pdf = utama.get(f"/ppid/admin/{ticket}/pemberitahuan.pdf")
        text = " ".join(" ".join((p.extract_text() or "").split())
                        for p in PdfReader(io.BytesIO(pdf.data)).pages)
        for expected in ("PEMERINTAH KABUPATEN PEKALONGAN", "PPID Utama Dinkominfo",
                         "Jl. Krakatau 2, Kajen", "Dra. Sri Lestari", "NIP 197001011990032001",
                         "Catatan lain", "Diambil di kantor"):
            assert expected in text, expected

    def test_a_refusals_text_is_under_its_own_label(self, app):
        from ckanext.pekalongan.ppid import notice

        req = {"ticket": "PPID-2026-000001", "decision": "refused",
               "exemption_grounds": ["17h"], "consequence_test_ref": "UK-1",
               "notes": "Memuat rahasia pribadi", "decided_on": "2026-03-27",
               "received_on": "2026-03-16"}
        with app.flask_app.test_request_context("/ppid/"):
            built = notice.build(req)
        assert built["notes_heading"] == "Alasan penolakan"  # Indonesian by default
        assert built["notes"] == "Memuat rahasia pribadi"
        g = [e for e in built["elements"] if e["key"] == "g"][0]
        assert "Memuat rahasia pribadi" not in str(g)

    def test_the_receipt_shows_issuer_requester_and_request(self, people, browser_factory,
                                                           kit):
        browser = browser_factory()
        page = html(file_request(browser, kit))
        assert "PPID Utama Dinkominfo" in page[page.index('data-testid="letterhead"'):][:600]
        assert "PPID Utama Dinkominfo" in page[page.index('data-testid="issuer"'):][:200]
        assert "Budi Santoso" in page[page.index('data-testid="requester"'):][:200]
        assert "Daftar penerima bantuan sosial" in page[
            page.index('data-testid="information"'):][:200]
        assert kit.NIK not in page and kit.ADDRESS not in page
        ticket, _code = receipt_of(page)
        # not in the session cookie, and not for another browser
        assert "Budi" not in str(browser.client.get_cookie("ckan") or "")
        other = browser_factory().get(f"/ppid/permohonan/{ticket}/tanda-terima")
        assert other.status_code == 404 and "Budi Santoso" not in html(other)


@pytest.mark.usefixtures("with_plugins")
class TestEnglish:
    def test_en_ppid_without_a_slash_stays_english(self, people, browser_factory):
        browser = browser_factory()
        response = browser.get("/en/ppid", follow_redirects=True)
        page = html(response)
        assert response.status_code == 200
        assert '<html lang="en"' in page
        assert "Public information service (PPID)" in page
        assert "Layanan informasi publik" not in page

    def test_the_new_pages_are_english_under_en(self, people, browser_factory, kit):
        browser = browser_factory()
        page = html(file_request(browser, kit, requester_type="legal_entity", nik="",
                                 legal_entity_decree="AHU-1", name="PT Maju",
                                 representative_name="Sari"))
        assert "Issued by" in page or "Diterbitkan oleh" in page
        en_form = html(browser.get("/en/ppid/permohonan/baru"))
        for indonesian in ("Nama orang yang mengajukan", "setelah diperiksa petugas",
                           "Perorangan", "Badan hukum"):
            assert indonesian not in en_form, indonesian
        assert "Name of the person filing for the legal entity" in en_form


@pytest.mark.usefixtures("with_plugins")
class TestOfficerRegisterExport:
    def _requests(self, people, kit):
        kit.new_request(target_org="dinas-kesehatan", name="=HYPERLINK(\"http://evil\")")
        kit.new_request(target_org="dinas-pendidikan", name="Siti Aminah",
                        nik="3326011203900002")

    def test_utama_downloads_csv_and_xlsx_with_personal_data_neutralised(
        self, people, browser_factory, kit
    ):
        from openpyxl import load_workbook

        self._requests(people, kit)
        utama = browser_factory(people.utama)
        year = str(dt.date.today().year)
        csv_response = utama.get(f"/ppid/admin/register-pribadi?format=csv&tahun={year}")
        assert csv_response.status_code == 200
        assert csv_response.mimetype == "text/csv"
        assert "attachment" in csv_response.headers["Content-Disposition"]
        assert "no-store" in csv_response.headers["Cache-Control"]
        rows = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig"))))
        assert rows[0][:2] == ["Nomor registrasi", "Tanggal diterima"] or rows[0][:2] == [
            "Ticket", "Date received"]
        assert rows[0][4] in ("Nama lengkap", "Full name")
        names = {r[4] for r in rows[1:]}
        assert names == {"'=HYPERLINK(\"http://evil\")", "Siti Aminah"}
        assert kit.NIK in {r[5] for r in rows[1:]}
        assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
        xlsx = utama.get(f"/ppid/admin/register-pribadi?format=xlsx&tahun={year}")
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.data)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert len(values) == 3
        assert "'=HYPERLINK(\"http://evil\")" in {v[4] for v in values}
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    def test_a_pelaksana_gets_only_their_opd_and_the_public_nothing(
        self, people, browser_factory, kit
    ):
        self._requests(people, kit)
        response = browser_factory(people.pelaksana).get("/ppid/admin/register-pribadi")
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert len(rows) == 2 and "Siti Aminah" not in response.data.decode("utf-8-sig")
        assert "Dinas Kesehatan" in rows[1]
        for user in (None, people.citizen):
            denied = browser_factory(user).get("/ppid/admin/register-pribadi?format=xlsx")
            assert denied.status_code == 403
            assert kit.NIK.encode() not in denied.data
        with pytest.raises(tk.NotAuthorized):
            kit.act("ppid_request_export", people.citizen)
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_export", people.utama, year="20x6", limit=10**9)
        assert set(kit.errors(e)) == {"year", "limit"}


@pytest.mark.usefixtures("with_plugins")
class TestOfficerPages:
    def test_removing_a_holiday_asks_first(self, people, browser_factory, kit):
        added = kit.act("ppid_holiday_create", people.sysadmin, date="2026-12-30",
                        name="Libur daerah", kind="national")
        admin = browser_factory(people.sysadmin)
        listing = html(admin.get("/en/ppid/admin/hari-libur?tahun=2026"))
        url = f"/en/ppid/admin/hari-libur/{added['id']}/hapus"
        assert f'href="{url}"' in listing or url.replace("/en", "", 1) in listing
        ask = admin.get(url)
        assert ask.status_code == 200
        assert "Remove Libur daerah" in html(ask) and "Yes, remove it" in html(ask)
        still = kit.act("ppid_holiday_list", None, year=2026)["results"]
        assert added["id"] in {h["id"] for h in still}  # asking removed nothing
        assert browser_factory(people.utama).get(url).status_code == 403
        admin.post(url, {}, follow_redirects=True)
        after = kit.act("ppid_holiday_list", None, year=2026)["results"]
        assert added["id"] not in {h["id"] for h in after}

    def test_a_failed_form_comes_back_with_its_error_summary_in_view(
        self, people, browser_factory, kit
    ):
        ticket = kit.new_request()["ticket"]
        utama = browser_factory(people.utama)
        url = f"/en/ppid/admin/{ticket}"
        page = html(utama.get(url))
        assert f'action="/en/ppid/admin/{ticket}#extend-error-summary"' in page or \
            f'action="/ppid/admin/{ticket}#extend-error-summary"' in page
        failed = utama.post(url, {"form": "extend", "reason": ""})
        assert failed.status_code == 400
        summary = re.search(r'<div class="pkl-error-summary"[^>]*>', html(failed)).group(0)
        assert 'id="extend-error-summary"' in summary and "autofocus" in summary

    def test_closed_requests_leave_the_default_queue(self, people, browser_factory, kit):
        with freeze_time("2026-01-05 03:00:00"):
            old = kit.new_request(information="Permohonan lama selesai")["ticket"]
            kit.act("ppid_request_decide", people.utama, ticket=old, decision="granted",
                    info_given="Semua")
            objected = kit.new_request(information="Permohonan dengan keberatan")
            kit.act("ppid_request_decide", people.utama, ticket=objected["ticket"],
                    decision="granted", info_given="Sebagian")
        with freeze_time("2026-01-20 03:00:00"):
            kit.act("ppid_objection_create", None, ticket=objected["ticket"],
                    tracking_code=objected["tracking_code"], grounds=["35_1_d"], reasons="x")
        with freeze_time("2026-04-01 03:00:00"):
            gone = kit.new_request(information="Permohonan dicabut")["ticket"]
            kit.act("ppid_request_withdraw", people.utama, ticket=gone, reason="Diminta")
            recent = kit.new_request(information="Permohonan baru diputus")["ticket"]
            kit.act("ppid_request_decide", people.utama, ticket=recent, decision="granted",
                    info_given="Semua")
            fresh = kit.new_request(information="Permohonan berjalan")["ticket"]
            utama = browser_factory(people.utama)

            def tickets(query=""):
                return set(re.findall(r"PPID-\d{4}-\d{6}", html(utama.get(
                    "/en/ppid/admin" + query))))

            default = tickets()
            every = tickets("?closed=all")
            only = tickets("?closed=only")
            withdrawn = tickets("?status=withdrawn")
            api_open = kit.act("ppid_request_list", people.utama, closed=False)
        assert default == {objected["ticket"], recent, fresh}
        assert every == {old, objected["ticket"], gone, recent, fresh}
        assert only == {old, gone}
        assert withdrawn == {gone}
        assert {r["ticket"] for r in api_open["results"]} == default

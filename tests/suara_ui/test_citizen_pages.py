"""The citizen's pages: the report form and its errors, the receipt that
shows the tracking code once, the hand-over of an information request to the
PPID form, and the reporter's page (number + code) with its forms."""
from __future__ import annotations

import re

import pytest

from .test_public_pages import ANSWER, PUBLIC_TEXT


def error_summary(page: str) -> str:
    assert 'class="pkl-error-summary"' in page, "no error summary"
    start = page.index('class="pkl-error-summary"')
    return page[start:page.index("</div>", start)]


def reports_in_db() -> int:
    import ckan.model as model

    from ckanext.pekalongan.suara.model import SuaraReport

    return model.Session.query(SuaraReport).count()


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestReportForm:
    def test_form_explains_privacy_and_offers_19_kecamatan(self, people, browser_factory, kit):
        page = kit.html(browser_factory().get("/suara/lapor"))
        select = page[page.index('id="field-kecamatan"'):]
        select = select[:select.index("</select>")]
        assert select.count("<option") == 20  # the prompt + 19 kecamatan
        assert "Kajen" in select
        for hint in ("tidak oleh OPD dan tidak oleh publik",
                     "tidak tampil di papan publik sama sekali"):
            assert hint in page
        assert 'name="_csrf_token"' in page
        ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', page)
        for field_id in ids:
            if field_id != "field-sitewide-search":
                assert f'for="{field_id}"' in page, field_id

    def test_form_loads_its_styles_and_script(self, people, browser_factory, kit):
        page = kit.html(browser_factory().get("/suara/lapor"))
        for bundle in ("pekalongan_ppid/", "pekalongan_suara/"):
            assert re.search(rf'<link[^>]+href="[^"]*/webassets/{bundle}[^"]+\.css"', page), bundle
            assert re.search(rf'<script[^>]+src="[^"]*/webassets/{bundle}[^"]+\.js"', page), bundle

    def test_filing_shows_number_and_code_once_never_in_the_url(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        response = kit.file(browser)
        assert response.status_code == 302
        location = response.headers["Location"]
        number, code = kit.receipt(browser, response)
        assert re.fullmatch(r"SM-\d{4}-\d{6}", number)
        assert len(code) == 10
        assert code not in location and number in location
        again = kit.html(browser.get(location))
        assert number in again
        assert code not in again
        assert "tidak ditampilkan lagi" in again
        other = kit.html(browser_factory().get(location))
        assert code not in other and "Tanda terima tidak tersedia" in other
        for url in ("/suara/lapor", "/suara/cek", location):
            assert "no-store" in browser.get(url).headers["Cache-Control"], url

    def test_empty_form_gives_indonesian_field_errors(self, people, browser_factory, kit):
        response = browser_factory().post("/suara/lapor", {"privacy": "public"})
        assert response.status_code == 400
        summary = error_summary(kit.html(response))
        for label in ("Jenis laporan", "Isi laporan", "Topik", "Kecamatan"):
            assert label in summary
        assert reports_in_db() == 0

    @pytest.mark.parametrize(("field", "value", "label"), [
        ("text", "Jalan rusak\x00parah", "Isi laporan"),
        ("text", "x" * 4001, "Isi laporan"),
        ("phone", "nomor saya", "Nomor HP"),
        ("email", "bukan-surel", "Alamat surel"),
        ("kecamatan", "33.26.99", "Kecamatan"),
        ("topic", "tidak-ada", "Topik"),
        ("privacy", "rahasia-sekali", "Kerahasiaan"),
        ("kind", "gosip", "Jenis laporan"),
        ("name", "Budi\u202eSantoso", "Nama"),
    ])
    def test_bad_input_is_a_form_error_and_nothing_is_saved(
        self, people, browser_factory, kit, field, value, label
    ):
        response = kit.file(browser_factory(), **{field: value})
        assert response.status_code == 400, (field, response.status_code)
        page = kit.html(response)
        assert label in error_summary(page)
        assert reports_in_db() == 0
        if field == "phone":  # what was typed comes back, so nothing has to be typed again
            assert 'value="nomor saya"' in page

    def test_a_citizen_cannot_choose_the_channel(self, people, browser_factory, kit):
        browser = browser_factory()
        number, _code = kit.receipt(browser, kit.file(browser, channel="sms"))
        report = kit.act("suara_report_show", people["pengelola"], number=number)
        assert report["channel"] == "web"

    def test_attachments_are_checked_and_shown_to_officers_only(
        self, people, browser_factory, kit
    ):
        import io

        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        browser = browser_factory()
        bad = kit.file(browser, attachments=(io.BytesIO(b"MZ\x90\x00 not a photo"), "foto.jpg"))
        assert bad.status_code == 400
        page = kit.html(bad)
        assert "Lampiran" in error_summary(page)
        assert "pilih lagi berkasnya" in page
        assert reports_in_db() == 0
        good = kit.file(browser, attachments=(io.BytesIO(png), "jalan-rusak.png"))
        number, _code = kit.receipt(browser, good)
        officer = kit.html(browser_factory(people["pengelola"]).get(f"/suara/admin/{number}"))
        assert "jalan-rusak.png" in officer
        kit.act("suara_report_verify", people["pengelola"], number=number, decision="accept",
                public_text="Jalan rusak")
        public = kit.html(browser_factory().get(f"/suara/laporan/{number}"))
        assert "jalan-rusak.png" not in public

    def test_honeypot_refuses_a_robot(self, people, browser_factory, kit):
        response = kit.file(browser_factory(), website="http://spam.example")
        assert response.status_code == 400
        assert reports_in_db() == 0

    def test_two_clicks_make_one_report(self, people, browser_factory, kit):
        browser = browser_factory()
        page = kit.html(browser.get("/suara/lapor"))
        form_id = re.search(r'name="form_id" value="([^"]+)"', page).group(1)
        data = dict(kit.form(), form_id=form_id)
        first = browser.post("/suara/lapor", data, follow_redirects=False)
        second = browser.post("/suara/lapor", data, follow_redirects=False)
        assert first.status_code == second.status_code == 302
        assert first.headers["Location"] == second.headers["Location"]
        assert reports_in_db() == 1
        number, code = kit.receipt(browser, second)
        assert number in first.headers["Location"] and len(code) == 10

    def test_information_request_is_handed_to_the_ppid_form(self, people, browser_factory, kit):
        browser = browser_factory()
        refused = kit.file(browser, kind="permintaan_informasi")
        assert refused.status_code == 400
        page = kit.html(refused)
        assert "Jenis laporan" in error_summary(page)
        assert 'name="ke_ppid"' in page
        text = "Salinan APBDes Desa Wangandowo tahun 2025"
        handed = browser.post("/suara/lapor", kit.form(kind="permintaan_informasi", text=text,
                                                       ke_ppid="1"),
                              form_url="/suara/lapor", follow_redirects=False)
        assert handed.status_code == 302
        assert handed.headers["Location"].endswith("/ppid/permohonan/baru")
        assert "APBDes" not in handed.headers["Location"]
        form = kit.html(browser.get(handed.headers["Location"]))
        assert text in form  # the PPID form, pre-filled once
        assert text not in kit.html(browser.get(handed.headers["Location"]))
        assert reports_in_db() == 0

    def test_similar_reports_without_javascript(self, people, browser_factory, kit):
        from .test_public_pages import answered_report

        created = answered_report(kit, people)
        browser = browser_factory()
        response = browser.post("/suara/lapor", kit.form(text="jalan rusak berlubang",
                                                         cek_serupa="1"))
        assert response.status_code == 200
        page = kit.html(response)
        similar = page[page.index('data-testid="similar"'):]
        similar = similar[:similar.index("</div>")]
        assert created["number"] in similar
        assert "jalan rusak berlubang" in page  # the text typed is kept
        assert reports_in_db() == 1

    def test_similar_reports_api_answers_the_script(self, people, app, kit):
        from .test_public_pages import answered_report

        created = answered_report(kit, people)
        response = app.get("/api/3/action/suara_report_list?scope=public&limit=5&q=jalan")
        assert response.status_code == 200
        numbers = [r["number"] for r in response.json["result"]["results"]]
        assert created["number"] in numbers


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestTracking:
    def track(self, browser, number, code):
        return browser.post("/suara/cek", {"number": number, "tracking_code": code},
                            follow_redirects=False)

    def test_wrong_number_or_code_gives_the_same_answer(self, people, browser_factory, kit):
        created = kit.act("suara_report_create", None, **kit.data())
        browser = browser_factory()
        wrong_code = self.track(browser, created["number"], "ABCDEFGHJK")
        wrong_number = self.track(browser, "SM-2026-999999", created["tracking_code"])
        assert wrong_code.status_code == wrong_number.status_code == 404
        message = "Kami tidak menemukan laporan dengan nomor dan kode pelacakan ini"
        assert message in kit.html(wrong_code) and message in kit.html(wrong_number)
        empty = browser.post("/suara/cek", {"number": "", "tracking_code": ""})
        assert empty.status_code == 400
        assert "Wajib diisi" in kit.html(empty)
        odd = self.track(browser, "SM\x00" + "9" * 300, "\x00")
        assert odd.status_code in (400, 404)

    def test_an_officer_on_the_tracking_page_needs_the_code_too(
        self, people, browser_factory, kit
    ):
        created = kit.act("suara_report_create", None, **kit.data())
        browser = browser_factory(people["pengelola"])
        wrong = self.track(browser, created["number"], "ABCDEFGHJK")
        assert wrong.status_code == 404
        right = self.track(browser, created["number"], created["tracking_code"])
        assert right.status_code == 302
        page = kit.html(browser.get(right.headers["Location"]))
        assert 'id="form-withdraw"' in page and 'id="form-verify"' not in page

    def test_the_code_is_never_in_the_url(self, people, browser_factory, kit, app):
        created = kit.act("suara_report_create", None, **kit.data())
        browser = browser_factory()
        response = self.track(browser, created["number"], created["tracking_code"].lower())
        assert response.status_code == 302
        assert created["tracking_code"] not in response.headers["Location"]
        assert created["tracking_code"].lower() not in response.headers["Location"]
        api = app.get("/api/3/action/suara_report_show?number=" + created["number"]
                      + "&tracking_code=" + created["tracking_code"])
        assert api.status_code == 409
        assert "tracking_code" in api.json["error"]

    def test_reporter_sees_answer_and_rates_once(self, people, browser_factory, kit):
        from .test_public_pages import answered_report

        created = answered_report(kit, people)
        browser = browser_factory()
        location = self.track(browser, created["number"], created["tracking_code"]).headers[
            "Location"]
        page = kit.html(browser.get(location))
        assert ANSWER in page and PUBLIC_TEXT in page
        assert 'id="form-rate"' in page and 'id="form-reopen"' in page
        bad = browser.post(location, {"form": "rate", "rating": "9"})
        assert bad.status_code == 400
        assert "Penilaian" in error_summary(kit.html(bad))
        done = browser.post(location, {"form": "rate", "rating": "5", "comment": "Cepat"},
                            follow_redirects=True)
        assert "Terima kasih atas penilaian Anda." in kit.html(done)
        assert 'id="form-rate"' not in kit.html(done)
        twice = browser.post(location, {"form": "rate", "rating": "1"}, form_url=location)
        assert twice.status_code in (400, 403)
        assert 'class="pkl-error-summary"' in kit.html(twice)
        board = kit.html(browser_factory().get("/suara/"))
        assert "Penilaian pelapor: 5 dari 5" in board

    def test_reporter_adds_information_when_asked(self, people, browser_factory, kit):
        created = kit.act("suara_report_create", None, **kit.data())
        number = created["number"]
        kit.act("suara_report_verify", people["pengelola"], number=number, decision="accept",
                public_text="Lampu jalan padam")
        kit.act("suara_report_route", people["pengelola"], number=number,
                organizations=[people["opd_a"]["name"]], complexity="sederhana")
        kit.act("suara_report_respond", people["opd_a_officer"], number=number,
                text="Di tiang nomor berapa?", kind="request_info")
        browser = browser_factory()
        location = self.track(browser, number, created["tracking_code"]).headers["Location"]
        page = kit.html(browser.get(location))
        assert "OPD meminta keterangan tambahan dari Anda." in page
        assert "Di tiang nomor berapa?" in page
        empty = browser.post(location, {"form": "add_info", "text": "  "})
        assert empty.status_code == 400
        sent = browser.post(location, {"form": "add_info", "text": "Tiang nomor 12"},
                            follow_redirects=True)
        assert "Keterangan tambahan Anda telah dikirim" in kit.html(sent)
        assert "Tiang nomor 12" in kit.html(sent)

    def test_reporter_reopens_and_withdraws(self, people, browser_factory, kit):
        from .test_public_pages import answered_report

        created = answered_report(kit, people)
        browser = browser_factory()
        location = self.track(browser, created["number"], created["tracking_code"]).headers[
            "Location"]
        no_reason = browser.post(location, {"form": "reopen", "reason": ""})
        assert no_reason.status_code == 400
        reopened = browser.post(location, {"form": "reopen",
                                           "reason": "Jalan belum diperbaiki"},
                                follow_redirects=True)
        assert "dibuka kembali" in kit.html(reopened)
        withdrawn = browser.post(location, {"form": "withdraw", "reason": "Sudah beres"},
                                 follow_redirects=True)
        assert "Laporan Anda telah dicabut." in kit.html(withdrawn)
        assert "Dicabut" in kit.html(withdrawn)

    def test_unknown_form_and_closed_session(self, people, browser_factory, kit):
        created = kit.act("suara_report_create", None, **kit.data())
        browser = browser_factory()
        location = self.track(browser, created["number"], created["tracking_code"]).headers[
            "Location"]
        unknown = browser.post(location, {"form": "hapus_semua"})
        assert unknown.status_code == 400
        assert "Formulir tidak dikenal." in kit.html(unknown)
        browser.post(f"/suara/cek/{created['number']}/keluar", {}, form_url=location)
        again = browser.get(location, follow_redirects=False)
        assert again.status_code == 302 and "/suara/cek" in again.headers["Location"]
        stranger = browser_factory().get(location, follow_redirects=False)
        assert stranger.status_code == 302

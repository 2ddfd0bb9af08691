"""The citizens' pages: landing page, request form and receipt, tracking,
objections, registers, annual report and the deadline explanation."""
from __future__ import annotations

import re

import pytest
from freezegun import freeze_time

PUBLIC_PAGES = [
    "/ppid/",
    "/ppid/permohonan/baru",
    "/ppid/lacak",
    "/ppid/keberatan/baru",
    "/ppid/register",
    "/ppid/register?jenis=keberatan",
    "/ppid/laporan",
    "/ppid/tenggat",
    "/ppid/tenggat?mulai=2026-03-16&hari=10",
]


def form_of(kit, **overrides) -> dict:
    """The request form as a browser posts it."""
    data = kit.data(**overrides)
    data["how_to_obtain"] = list(data["how_to_obtain"])
    return data


def html(response) -> str:
    return response.get_data(as_text=True)


def file_request(browser, kit, **overrides):
    """Fill in and send the request form; returns the receipt response."""
    return browser.post("/ppid/permohonan/baru", form_of(kit, **overrides), follow_redirects=True)


@pytest.mark.usefixtures("with_plugins")
class TestRendering:
    @pytest.mark.parametrize("url", PUBLIC_PAGES)
    def test_public_page_renders_in_indonesian_and_english(self, people, browser_factory, url):
        browser = browser_factory()
        page_id = browser.get(url)
        page_en = browser.get("/en" + url)
        assert page_id.status_code == 200, url
        assert page_en.status_code == 200, url
        assert '<html lang="id"' in html(page_id)
        assert '<html lang="en"' in html(page_en)

    def test_landing_page_reads_the_day_counts_from_config(self, people, browser_factory):
        page = html(browser_factory().get("/en/ppid/"))
        assert "within 10 working days of receipt" in page
        assert "by at most 7 working days" in page
        assert "object within 30 working days" in page

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.notice_days", "12")
    def test_landing_page_follows_a_changed_setting(self, people, browser_factory):
        page = html(browser_factory().get("/en/ppid/"))
        assert "within 12 working days of receipt" in page

    def test_indonesian_is_the_default_language(self, people, browser_factory):
        page = html(browser_factory().get("/ppid/"))
        assert "Layanan informasi publik (PPID)" in page
        assert "hari kerja" in page

    def test_form_has_a_label_for_every_input_and_a_hidden_honeypot(
        self, people, browser_factory
    ):
        page = html(browser_factory().get("/en/ppid/permohonan/baru"))
        ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', page)
        ids = [i for i in ids if not i.startswith("field-requester_type-")
               and not i.startswith("field-how_to_") and i != "field-sitewide-search"]
        for field_id in ids:
            assert f'for="{field_id}"' in page, field_id
        assert "<legend>" in page
        honeypot = page[page.index('class="pkl-hp"') - 5:page.index('id="field-website"')]
        assert 'aria-hidden="true"' in honeypot
        assert 'tabindex="-1"' in page[page.index('id="field-website"'):][:200]


@pytest.mark.usefixtures("with_plugins")
class TestRequestForm:
    def test_errors_are_shown_next_to_the_fields_and_nothing_typed_is_lost(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        data = form_of(kit, nik="12345", how_to_obtain=["melihat", "mencatat"])
        data.pop("how_to_receive")
        response = browser.post("/en/ppid/permohonan/baru", data)
        page = html(response)
        assert response.status_code == 400
        assert "A NIK has exactly 16 digits." in page
        nik_block = page[page.index('id="field-nik"') - 600:page.index('id="field-nik"') + 400]
        assert "A NIK has exactly 16 digits." in nik_block
        receive = page[page.index('id="field-how_to_receive"'):][:800]
        assert "Missing value" in receive
        for typed in ("Budi Santoso", "Jl. Merdeka No. 7, Kajen", "12345", kit.PHONE, kit.EMAIL,
                      "Daftar penerima bantuan sosial Kecamatan Kajen tahun 2025",
                      "Penelitian skripsi"):
            assert typed in page, typed
        assert re.search(r'value="melihat" checked', page)
        assert re.search(r'value="mencatat" checked', page)
        assert not re.search(r'value="membaca" checked', page)
        assert 'href="#field-nik"' in page  # the error summary links to the field

    def test_errors_are_in_bahasa_indonesia_by_default(self, people, browser_factory, kit):
        response = browser_factory().post("/ppid/permohonan/baru", form_of(kit, nik="12345"))
        assert response.status_code == 400
        assert "NIK terdiri atas tepat 16 digit." in html(response)

    def test_a_legal_entity_gives_a_decree_number(self, people, browser_factory, kit):
        browser = browser_factory()
        response = file_request(browser, kit, requester_type="legal_entity", nik="",
                                legal_entity_decree="AHU-0012345.AH.01.04.2020")
        assert response.status_code == 200
        assert "PPID-" in html(response)

    def test_the_honeypot_refuses_robots(self, people, browser_factory, kit):
        response = browser_factory().post(
            "/en/ppid/permohonan/baru", form_of(kit, website="http://spam.example")
        )
        assert response.status_code == 400
        assert kit.act("ppid_request_list", people.utama)["count"] == 0

    def test_a_post_without_the_csrf_token_is_refused(self, people, browser_factory, kit):
        browser = browser_factory()
        browser.get("/ppid/permohonan/baru")
        response = browser.client.post("/ppid/permohonan/baru", data=form_of(kit))
        assert response.status_code == 400
        assert kit.act("ppid_request_list", people.utama)["count"] == 0

    def test_the_power_of_attorney_can_be_uploaded(self, people, browser_factory, kit):
        import io

        browser = browser_factory()
        data = form_of(kit)
        data["power_of_attorney"] = (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "kuasa.pdf")
        response = browser.post("/ppid/permohonan/baru", data, follow_redirects=True,
                                content_type="multipart/form-data")
        assert response.status_code == 200
        ticket = re.search(r'data-testid="ticket">([^<]+)<', html(response)).group(1)
        shown = kit.act("ppid_request_show", people.utama, ticket=ticket)
        assert shown["has_power_of_attorney"] is True


@pytest.mark.usefixtures("with_plugins")
class TestReceipt:
    def test_receipt_shows_ticket_dates_objection_right_and_the_code_once(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            sent = browser.post("/en/ppid/permohonan/baru", form_of(kit),
                                follow_redirects=False)
            assert sent.status_code == 302
            location = sent.headers["Location"]
            assert location.endswith("/ppid/permohonan/PPID-2026-000001/tanda-terima")
            location = location.replace("http://test.ckan.net", "")
            first = html(browser.get(location))
            again = html(browser.get(location))
        assert "PPID-2026-000001" in first
        assert "Monday, March 16, 2026" in first
        assert "Tuesday, March 31, 2026" in first  # 10 HK after Mon 16 Mar 2026
        assert "Friday, April 10, 2026" in first  # the latest date if extended
        assert "objection (keberatan)" in first
        code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', first).group(1)
        assert len(code.replace("-", "")) == 16
        assert code not in location
        assert "PPID-2026-000001" in again and "Tuesday, March 31, 2026" in again
        assert code not in again
        assert 'data-testid="tracking-code"' not in again
        # the code really opens the request
        with freeze_time(kit.MONDAY):
            opened = browser.post("/en/ppid/lacak",
                                  {"ticket": "PPID-2026-000001", "tracking_code": code},
                                  follow_redirects=True)
        assert "Received" in html(opened)

    def test_receipt_in_indonesian_uses_indonesian_dates(self, people, browser_factory, kit):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            page = html(file_request(browser, kit))
        assert "Selasa, 31 Maret 2026" in page
        assert "Senin, 16 Maret 2026" in page

    def test_another_browser_gets_no_receipt_and_no_code(self, people, browser_factory, kit):
        with freeze_time(kit.MONDAY):
            file_request(browser_factory(), kit)
            other = browser_factory().get("/ppid/permohonan/PPID-2026-000001/tanda-terima")
        assert other.status_code == 404
        assert 'data-testid="tracking-code"' not in html(other)


def tracked_receipt(browser, kit, **overrides) -> tuple[str, str]:
    page = html(file_request(browser, kit, **overrides))
    ticket = re.search(r'data-testid="ticket">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page).group(1)
    return ticket, code


@pytest.mark.usefixtures("with_plugins")
class TestTracking:
    def test_wrong_code_and_wrong_ticket_give_the_same_answer(
        self, people, browser_factory, kit
    ):
        ticket, code = tracked_receipt(browser_factory(), kit)
        browser = browser_factory()
        wrong_code = browser.post("/en/ppid/lacak", {"ticket": ticket,
                                                      "tracking_code": "AAAA-BBBB-CCCC-DDDD"})
        wrong_ticket = browser.post("/en/ppid/lacak", {"ticket": "PPID-2026-999999",
                                                        "tracking_code": code})
        assert wrong_code.status_code == wrong_ticket.status_code == 404

        def answer(response):
            page = html(response)
            start = page.index('data-testid="track-not-found"')
            return page[start:page.index("</div>", start)]

        assert answer(wrong_code) == answer(wrong_ticket)
        assert "We found no request with this ticket number and tracking code" in answer(
            wrong_code)

    def test_ticket_and_code_open_status_timeline_and_due_dates(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = tracked_receipt(browser, kit)
            other = browser_factory()
            response = other.post("/en/ppid/lacak", {"ticket": ticket.lower(),
                                                      "tracking_code": code.lower()},
                                  follow_redirects=False)
            assert response.status_code == 302
            assert code not in response.headers["Location"]
            page = html(other.get(response.headers["Location"]))
        assert f"Request {ticket}" in page
        assert "Received" in page and "Request registered" in page
        assert "Tuesday, March 31, 2026" in page
        # the tracking code is never echoed back into a page
        assert code not in page

    def test_tracked_page_needs_the_code_in_another_browser(
        self, people, browser_factory, kit
    ):
        ticket, _code = tracked_receipt(browser_factory(), kit)
        response = browser_factory().get(f"/ppid/lacak/{ticket}", follow_redirects=False)
        assert response.status_code == 302
        assert "/ppid/lacak?ticket=" in response.headers["Location"]

    def test_requester_sees_the_notice_and_released_documents(
        self, people, browser_factory, kit
    ):
        import io

        from werkzeug.datastructures import FileStorage

        browser = browser_factory()
        ticket, code = tracked_receipt(browser, kit)
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="granted",
                info_given="Daftar penerima bansos 2025 (PDF, 12 halaman)", format="PDF",
                medium="Surel")
        for name, released in (("jawaban.pdf", True), ("catatan-internal.pdf", False)):
            kit.act("ppid_document_create", people.utama, ticket=ticket, released=released,
                    upload=FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename=name))
        browser.post("/en/ppid/lacak", {"ticket": ticket, "tracking_code": code})
        page = html(browser.get(f"/en/ppid/lacak/{ticket}"))
        assert "Read the written notice" in page
        assert "jawaban.pdf" in page and "catatan-internal.pdf" not in page
        notice = browser.get(f"/en/ppid/lacak/{ticket}/pemberitahuan")
        assert notice.status_code == 200
        assert "Daftar penerima bansos 2025 (PDF, 12 halaman)" in html(notice)
        pdf = browser.get(f"/ppid/lacak/{ticket}/pemberitahuan.pdf")
        assert pdf.data.startswith(b"%PDF")
        doc_id = re.search(r'/dokumen/([0-9a-f-]+)"', page).group(1)
        download = browser.get(f"/ppid/lacak/{ticket}/dokumen/{doc_id}")
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
        stranger = browser_factory().get(f"/ppid/lacak/{ticket}/dokumen/{doc_id}",
                                         follow_redirects=False)
        assert stranger.status_code == 302

    def test_deadline_explanation_for_a_tracked_request(self, people, browser_factory, kit):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = tracked_receipt(browser, kit)
            browser.post("/en/ppid/lacak", {"ticket": ticket, "tracking_code": code})
            page = html(browser.get(f"/en/ppid/lacak/{ticket}/tenggat"))
        assert "Weekend" in page
        assert "Hari Suci Nyepi" in page or "National holiday" in page
        assert "Tuesday, March 31, 2026" in page


@pytest.mark.usefixtures("with_plugins")
class TestObjection:
    def test_objection_after_the_deadline_passed_gets_a_number_and_a_due_date(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = tracked_receipt(browser, kit)
        with freeze_time("2026-04-01 03:00:00"):  # the day after the due date
            form = browser.get(f"/en/ppid/keberatan/baru?ticket={ticket}")
            assert ticket in html(form)
            response = browser.post(
                "/en/ppid/keberatan/baru",
                {"ticket": ticket, "tracking_code": code, "ground": "35_1_c",
                 "reasons": "Tidak ada jawaban sampai batas waktu."},
                form_url=f"/en/ppid/keberatan/baru?ticket={ticket}", follow_redirects=True,
            )
        page = html(response)
        assert response.status_code == 200
        assert "KEB-2026-0001" in page
        assert "Wednesday, May 20, 2026" in page or "May" in page
        assert code not in page

    def test_objection_with_a_ground_that_has_not_arisen_keeps_the_text(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = tracked_receipt(browser, kit)
            response = browser.post(
                "/en/ppid/keberatan/baru",
                {"ticket": ticket, "tracking_code": code, "ground": "35_1_c",
                 "reasons": "Alasan saya panjang."},
            )
        page = html(response)
        assert response.status_code == 400
        assert "has not arisen" in page
        assert "Alasan saya panjang." in page
        assert code not in page

    def test_objection_with_a_wrong_code_is_not_found(self, people, browser_factory, kit):
        ticket, _code = tracked_receipt(browser_factory(), kit)
        response = browser_factory().post(
            "/en/ppid/keberatan/baru",
            {"ticket": ticket, "tracking_code": "AAAA-BBBB-CCCC-DDDD", "ground": "35_1_b",
             "reasons": "x"},
        )
        assert response.status_code == 404
        assert "We found no request with this ticket number and tracking code" in html(response)


@pytest.mark.usefixtures("with_plugins")
class TestPublicPagesHoldNoPersonalData:
    def test_registers_tracking_and_receipt_never_show_personal_data(
        self, people, browser_factory, kit
    ):
        browser = browser_factory()
        with freeze_time(kit.MONDAY):
            ticket, code = tracked_receipt(browser, kit)
            kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="refused",
                    exemption_grounds=["17h"], consequence_test_ref="UK-07/2026",
                    dik_entry=kit.dik_entry(people))
        with freeze_time("2026-03-20 03:00:00"):
            kit.act("ppid_objection_create", None, ticket=ticket, tracking_code=code,
                    grounds=["35_1_a"], reasons="Saya keberatan.")
            anonymous = browser_factory()
            pages = [
                anonymous.get("/ppid/register?tahun=2026"),
                anonymous.get("/ppid/register?jenis=keberatan&tahun=2026"),
                anonymous.get("/en/ppid/register?tahun=2026"),
                anonymous.get("/ppid/laporan?tahun=2026"),
                anonymous.get(f"/ppid/lacak?ticket={ticket}"),
                anonymous.post("/ppid/lacak", {"ticket": ticket, "tracking_code": "WRONG"}),
                anonymous.get(f"/ppid/lacak/{ticket}", follow_redirects=True),
                anonymous.get(f"/ppid/permohonan/{ticket}/tanda-terima"),
                browser.get(f"/ppid/permohonan/{ticket}/tanda-terima"),
                anonymous.get(f"/ppid/keberatan/baru?ticket={ticket}"),
            ]
        register = html(pages[0])
        assert ticket in register and "Perorangan" in register
        assert "KEB-2026-0001" in html(pages[1])
        own_receipt = pages[8]  # the filer's browser: the receipt names the requester
        assert "Budi Santoso" in html(own_receipt)
        for response in pages:
            page = html(response)
            secrets = (kit.NIK, kit.ADDRESS, kit.PHONE, kit.EMAIL)
            if response is not own_receipt:
                secrets += ("Budi Santoso",)
            for secret in secrets:
                assert secret not in page, (response.request.path, secret)

    def test_deadline_explanation_of_any_date(self, people, browser_factory):
        page = html(browser_factory().get("/en/ppid/tenggat?mulai=2026-03-16&hari=10"))
        assert "Tuesday, March 31, 2026" in page
        assert "not counted" in page and "Weekend" in page

    def test_deadline_explanation_reports_a_bad_date(self, people, browser_factory):
        page = html(browser_factory().get("/en/ppid/tenggat?mulai=16-03-2026&hari=10"))
        assert "YYYY-MM-DD" in page

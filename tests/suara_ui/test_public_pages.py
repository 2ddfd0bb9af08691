"""The public pages: the board with its filters and one report's page. They
show the moderated text, the OPDs' answers, the timeline and the rating, and
never the reporter's name, phone, e-mail or original words."""
from __future__ import annotations

import pytest

PUBLIC_PAGES = ["/suara/", "/suara/lapor", "/suara/cek",
                "/suara/?status=routed&tahun=2026&kecamatan=33.26.14&topik=&opd=&q=jalan"]
ORIGINAL = "Jalan rusak di depan rumah Bu Siti Aminah RT 03, sudah 3 bulan berlubang"
PUBLIC_TEXT = "Jalan rusak di Desa Wangandowo, sudah 3 bulan berlubang"
ANSWER = "Perbaikan dijadwalkan minggu depan oleh Bidang Bina Marga"


def answered_report(kit, people, **overrides) -> dict:
    """A report filed with an identity, verified, routed to OPD A and answered."""
    data = kit.data(text=ORIGINAL, name=kit.NAME, phone=kit.PHONE_TYPED, email=kit.EMAIL,
                    **overrides)
    created = kit.act("suara_report_create", None, **data)
    number = created["number"]
    kit.act("suara_report_verify", people["pengelola"], number=number, decision="accept",
            public_text=PUBLIC_TEXT)
    kit.act("suara_report_route", people["pengelola"], number=number,
            organizations=[people["opd_a"]["name"]], complexity="sederhana")
    kit.act("suara_report_respond", people["opd_a_officer"], number=number, text=ANSWER,
            kind="answer")
    return created


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestBoard:
    @pytest.mark.parametrize("url", PUBLIC_PAGES)
    def test_page_renders_in_indonesian_and_english(self, people, browser_factory, kit, url):
        browser = browser_factory()
        page_id = browser.get(url)
        page_en = browser.get("/en" + url)
        assert page_id.status_code == 200, url
        assert page_en.status_code == 200, url
        assert '<html lang="id"' in kit.html(page_id)
        assert '<html lang="en"' in kit.html(page_en)

    def test_english_comes_from_the_catalogue(self, people, browser_factory, kit):
        page = kit.html(browser_factory().get("/en/suara/"))
        assert "Send a report" in page and "Check my report" in page
        form = kit.html(browser_factory().get("/en/suara/lapor"))
        assert "Only the case managers see your name and contact details" in form

    def test_main_navigation_links_the_board(self, people, browser_factory, kit):
        page = kit.html(browser_factory().get("/dataset/"))
        assert 'href="/suara/"' in page
        assert "Suara Masyarakat" in page

    def test_board_shows_moderated_text_answer_and_rating_without_personal_data(
        self, people, browser_factory, kit
    ):
        created = answered_report(kit, people)
        kit.act("suara_report_rate", None, number=created["number"],
                tracking_code=created["tracking_code"], rating=4)
        for url in ("/suara/", f"/suara/laporan/{created['number']}"):
            page = kit.html(browser_factory().get(url))
            assert created["number"] in page
            assert PUBLIC_TEXT in page
            assert ANSWER in page
            assert "Penilaian pelapor: 4 dari 5" in page
            for secret in (kit.NAME, kit.PHONE, "81234567001", kit.EMAIL, ORIGINAL,
                           created["tracking_code"]):
                assert secret not in page, (url, secret)

    def test_text_from_reports_is_never_markup(self, people, browser_factory, kit):
        number = kit.act("suara_report_create", None, **kit.data())["number"]
        kit.act("suara_report_verify", people["pengelola"], number=number, decision="accept",
                public_text='<script>alert(1)</script><img src=x onerror="alert(2)">')
        for url in ("/suara/", f"/suara/laporan/{number}"):
            page = kit.html(browser_factory().get(url))
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
            assert "<script>alert(1)" not in page and "<img src=x" not in page

    def test_detail_shows_the_public_timeline(self, people, browser_factory, kit):
        created = answered_report(kit, people)
        page = kit.html(browser_factory().get(f"/suara/laporan/{created['number']}"))
        timeline = page[page.index('data-testid="timeline"'):]
        for label in ("Laporan diterima", "Laporan diverifikasi", "Diteruskan ke OPD",
                      "OPD memberi tanggapan"):
            assert label in timeline
        assert people["opd_a"]["title"] in page

    def test_unverified_and_secret_reports_are_not_public(self, people, browser_factory, kit):
        waiting = kit.act("suara_report_create", None, **kit.data(text="Belum diverifikasi"))
        secret = answered_report(kit, people, privacy="rahasia")
        browser = browser_factory()
        board = kit.html(browser.get("/suara/"))
        assert waiting["number"] not in board
        assert secret["number"] not in board
        for number in (waiting["number"], secret["number"], "SM-2026-999999", "x" * 500):
            response = browser.get(f"/suara/laporan/{number}")
            assert response.status_code == 404
            assert "Laporan tidak ditemukan" in kit.html(response)

    def test_filters_narrow_the_board(self, people, browser_factory, kit):
        a = answered_report(kit, people)
        kecamatan = kit.data()["kecamatan"]
        browser = browser_factory()
        found = kit.html(browser.get(f"/suara/?opd={people['opd_a']['name']}"
                                     f"&kecamatan={kecamatan}&status=answered"))
        assert a["number"] in found
        assert '<details class="pkl-suara-filters" open>' in found  # filtered: filters shown
        none = kit.html(browser.get("/suara/?status=closed"))
        assert a["number"] not in none
        assert "Tidak ada laporan yang cocok" in none
        unfiltered = kit.html(browser.get("/suara/"))
        assert '<details class="pkl-suara-filters">' in unfiltered  # folded on a phone

    @pytest.mark.parametrize("query", ["tahun=abc", "tahun=99999999999999999999",
                                       "status=hacked", "opd=tidak-ada", "kecamatan=%00",
                                       "topik=%3Cscript%3Ealert(1)%3C/script%3E"])
    def test_a_wrong_filter_is_a_form_error_never_a_500(self, people, browser_factory, kit,
                                                        query):
        response = browser_factory().get("/suara/?" + query)
        assert response.status_code == 200, query
        page = kit.html(response)
        assert 'class="pkl-error-summary"' in page, query
        assert "<script>alert(1)" not in page
        assert 'data-testid="count"' in page

    @pytest.mark.parametrize("query", ["halaman=-1", "halaman=9999999", "halaman=abc",
                                       "q=" + "x" * 5000])
    def test_odd_paging_and_search_still_show_the_board(self, people, browser_factory, kit,
                                                        query):
        response = browser_factory().get("/suara/?" + query)
        assert response.status_code == 200, query
        assert 'data-testid="count"' in kit.html(response)

    def test_board_is_paged(self, people, browser_factory, kit):
        from ckanext.pekalongan.suara import views

        first = answered_report(kit, people)
        for _ in range(views.BOARD_PAGE_SIZE):
            kit.act("suara_report_verify", people["pengelola"], decision="accept",
                    public_text="Lampu jalan padam",
                    number=kit.act("suara_report_create", None, **kit.data())["number"])
        browser = browser_factory()
        page_one = kit.html(browser.get("/suara/"))
        page_two = kit.html(browser.get("/suara/?halaman=2"))
        assert 'rel="next"' in page_one
        assert (first["number"] in page_one) != (first["number"] in page_two)

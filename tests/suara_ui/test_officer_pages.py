"""The officers' pages: the queue (clocks, overdue highlighted, filters) and
one report with a form for each action ``allowed_actions`` offers; who may
open them; every refused form shown as a form error, never a 500."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

from .test_public_pages import answered_report

MONDAY = "2026-03-16 03:00:00"  # Mon 16 Mar 2026, 10:00 WIB


def forms_on(page: str) -> set[str]:
    import re

    return set(re.findall(r'<details id="form-([a-z_]+)"', page))


def new_report(kit, **overrides) -> dict:
    return kit.act("suara_report_create", None, **kit.data(**overrides))


def verified(kit, people, **overrides) -> str:
    number = new_report(kit, **overrides)["number"]
    kit.act("suara_report_verify", people["pengelola"], number=number, decision="accept",
            public_text="Saluran air tersumbat di Desa Wangandowo")
    return number


def routed(kit, people, **overrides) -> str:
    number = verified(kit, people, **overrides)
    kit.act("suara_report_route", people["pengelola"], number=number,
            organizations=[people["opd_a"]["name"]], complexity="sederhana")
    return number


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestAccess:
    def test_officer_pages_are_403_for_anonymous_and_citizens(
        self, people, browser_factory, kit
    ):
        number = new_report(kit)["number"]
        for browser in (browser_factory(), browser_factory(people["citizen"])):
            for url in ("/suara/admin", "/suara/admin/baru", f"/suara/admin/{number}",
                        "/en/suara/admin"):
                response = browser.get(url, follow_redirects=False)
                assert response.status_code == 403, url

    def test_report_is_404_for_an_officer_of_another_opd(self, people, browser_factory, kit):
        number = routed(kit, people, name="Warga Rahasia", phone="081200000009")
        response = browser_factory(people["opd_b_officer"]).get(f"/suara/admin/{number}")
        assert response.status_code == 404
        assert "Warga Rahasia" not in kit.html(response)

    def test_queue_shows_only_the_officers_reports(self, people, browser_factory, kit):
        mine = routed(kit, people)
        waiting = new_report(kit)["number"]
        page = kit.html(browser_factory(people["opd_a_officer"]).get("/suara/admin"))
        assert mine in page and waiting not in page
        page = kit.html(browser_factory(people["opd_b_officer"]).get("/suara/admin"))
        assert mine not in page
        page = kit.html(browser_factory(people["pengelola"]).get("/suara/admin"))
        assert mine in page and waiting in page


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestQueue:
    def test_overdue_reports_are_highlighted_and_filtered(self, people, browser_factory, kit):
        with freeze_time(MONDAY):
            late = new_report(kit)["number"]
        fresh = new_report(kit)["number"]
        browser = browser_factory(people["pengelola"])
        page = kit.html(browser.get("/suara/admin"))
        at = page.index(f'data-testid="row-{late}"')
        row = page[page.rindex("<tr", 0, at):]
        row = row[:row.index("</tr>")]
        assert "pkl-row-overdue" in row and "Terlambat" in row
        only_late = kit.html(browser.get("/suara/admin?terlambat=true"))
        assert late in only_late and fresh not in only_late
        assert late not in kit.html(browser.get("/suara/admin?terlambat=false"))

    def test_queue_filters_and_bad_filters(self, people, browser_factory, kit):
        number = routed(kit, people)
        browser = browser_factory(people["pengelola"])
        assert number in kit.html(browser.get("/suara/admin?status=routed"))
        assert number not in kit.html(browser.get("/suara/admin?status=received"))
        assert number in kit.html(browser.get(f"/suara/admin?q={number}"))
        for query in ("tahun=dua", "status=%00", "terlambat=mungkin", "opd=x" * 3):
            response = browser.get("/suara/admin?" + query)
            assert response.status_code == 200, query
            assert 'class="pkl-error-summary"' in kit.html(response), query

    def test_officer_registers_a_walk_in_report(self, people, browser_factory, kit):
        browser = browser_factory(people["pengelola"])
        data = kit.form(channel="walk_in")
        response = browser.post("/suara/admin/baru", data, follow_redirects=False)
        assert response.status_code == 302
        number, code = kit.receipt(browser, response)
        page = kit.html(browser.get(f"/suara/admin/{number}"))
        assert "Datang langsung" in page and len(code) == 10


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestReportForms:
    def test_pengelola_sees_identity_and_the_intake_forms(self, people, browser_factory, kit):
        number = new_report(kit, name=kit.NAME, phone=kit.PHONE_TYPED, email=kit.EMAIL)[
            "number"]
        page = kit.html(browser_factory(people["pengelola"]).get(f"/suara/admin/{number}"))
        assert kit.NAME in page and kit.PHONE in page and kit.EMAIL in page
        assert forms_on(page) == {"verify", "update", "withdraw"}

    def test_verify_reject_needs_a_reason_and_a_duplicate_its_original(
        self, people, browser_factory, kit
    ):
        original = verified(kit, people)
        number = new_report(kit)["number"]
        browser = browser_factory(people["pengelola"])
        url = f"/suara/admin/{number}"
        no_reason = browser.post(url, {"form": "verify", "decision": "reject"})
        assert no_reason.status_code == 400
        assert 'class="pkl-error-summary"' in kit.html(no_reason)
        no_original = browser.post(url, {"form": "verify", "decision": "reject",
                                         "reason": "duplicate"}, form_url=url)
        assert no_original.status_code == 400
        assert "Nomor laporan asli" in kit.html(no_original)
        done = browser.post(url, {"form": "verify", "decision": "reject", "reason": "duplicate",
                                  "duplicate_of": original}, form_url=url,
                            follow_redirects=True)
        page = kit.html(done)
        assert "Hasil verifikasi telah dicatat." in page
        assert "Ditolak" in page and f'href="/suara/admin/{original}"' in page
        assert "form-verify" not in page

    def test_accept_without_public_text_is_a_form_error(self, people, browser_factory, kit):
        number = new_report(kit)["number"]
        browser = browser_factory(people["pengelola"])
        response = browser.post(f"/suara/admin/{number}",
                                {"form": "verify", "decision": "accept", "public_text": ""})
        assert response.status_code == 400
        assert "Teks publik" in kit.html(response)

    def test_two_clicks_on_verify_are_harmless(self, people, browser_factory, kit):
        number = new_report(kit)["number"]
        browser = browser_factory(people["pengelola"])
        url = f"/suara/admin/{number}"
        data = {"form": "verify", "decision": "accept", "public_text": "Sampah menumpuk"}
        first = browser.post(url, data, follow_redirects=False)
        second = browser.post(url, data, follow_redirects=False)
        assert first.status_code == 302
        assert second.status_code in (400, 403)
        page = kit.html(second)
        assert 'class="pkl-error-summary"' in page
        assert "Terverifikasi" in page

    def test_route_answer_and_close(self, people, browser_factory, kit):
        number = verified(kit, people)
        pengelola = browser_factory(people["pengelola"])
        url = f"/suara/admin/{number}"
        missing = pengelola.post(url, {"form": "route", "complexity": "sederhana"})
        assert missing.status_code == 400
        assert "OPD" in kit.html(missing)
        bad_org = pengelola.post(url, {"form": "route", "complexity": "lapangan",
                                       "organizations": ["tidak-ada"]}, form_url=url)
        assert bad_org.status_code == 400
        routed_page = pengelola.post(url, {"form": "route", "complexity": "sederhana",
                                           "organizations": [people["opd_a"]["name"]]},
                                     form_url=url, follow_redirects=True)
        assert "Laporan telah diteruskan ke OPD." in kit.html(routed_page)
        opd = browser_factory(people["opd_a_officer"])
        page = kit.html(opd.get(url))
        assert forms_on(page) == {"respond"}
        empty = opd.post(url, {"form": "respond", "kind": "answer", "text": ""})
        assert empty.status_code == 400
        nul = opd.post(url, {"form": "respond", "kind": "answer", "text": "a\x00b"},
                       form_url=url)
        assert nul.status_code == 400
        answered = opd.post(url, {"form": "respond", "kind": "answer",
                                  "text": "Sudah dibersihkan"}, form_url=url,
                            follow_redirects=True)
        page = kit.html(answered)
        assert "Tanggapan telah dicatat." in page and "Sudah dibersihkan" in page
        assert "close" in forms_on(page)
        closed = opd.post(url, {"form": "close", "note": "Selesai"}, form_url=url,
                          follow_redirects=True)
        assert "Laporan telah ditutup." in kit.html(closed)
        assert "Selesai" in kit.html(closed)

    def test_public_text_can_be_edited(self, people, browser_factory, kit):
        number = verified(kit, people)
        browser = browser_factory(people["pengelola"])
        url = f"/suara/admin/{number}"
        done = browser.post(url, {"form": "update", "public_text": "Teks baru yang disunting",
                                  "topic": kit.data()["topic"],
                                  "kecamatan": kit.data()["kecamatan"], "desa": "Bojong"},
                            follow_redirects=True)
        assert "Teks publik laporan telah diperbarui." in kit.html(done)
        board = kit.html(browser_factory().get(f"/suara/laporan/{number}"))
        assert "Teks baru yang disunting" in board

    def test_a_form_not_offered_is_refused_as_a_form_error(self, people, browser_factory, kit):
        number = routed(kit, people)
        opd = browser_factory(people["opd_a_officer"])
        url = f"/suara/admin/{number}"
        response = opd.post(url, {"form": "verify", "decision": "accept", "public_text": "x"})
        assert response.status_code == 403
        assert 'class="pkl-error-summary"' in kit.html(response)
        unknown = opd.post(url, {"form": "drop_table"}, form_url=url)
        assert unknown.status_code == 400
        assert "Formulir tidak dikenal." in kit.html(unknown)

    def test_anonymous_reporter_is_hidden_from_the_opd(self, people, browser_factory, kit):
        number = routed(kit, people, privacy="anonim", name=kit.NAME, phone=kit.PHONE_TYPED,
                        email=kit.EMAIL)
        page = kit.html(browser_factory(people["opd_a_officer"]).get(f"/suara/admin/{number}"))
        for secret in (kit.NAME, kit.PHONE, kit.EMAIL):
            assert secret not in page
        assert "Tidak diberikan atau disembunyikan" in page

    def test_answered_report_on_the_board(self, people, browser_factory, kit):
        created = answered_report(kit, people)
        page = kit.html(browser_factory(people["pengelola"]).get(
            f"/suara/admin/{created['number']}"))
        assert "Ditanggapi" in page


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
class TestAttachmentDownload:
    PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

    def _report(self, kit, people, privacy="public"):
        import io

        from werkzeug.datastructures import FileStorage

        photo = FileStorage(stream=io.BytesIO(self.PNG), filename="jalan <rusak>.png")
        number = routed(kit, people, attachments=[photo], privacy=privacy)
        shown = kit.act("suara_report_show", people["pengelola"], number=number)
        return number, shown["attachments"][0]["id"]

    def test_officers_download_it_as_a_file_never_inline(self, people, browser_factory, kit):
        number, attachment = self._report(kit, people)
        url = f"/suara/admin/{number}/lampiran/{attachment}"
        for user in ("pengelola", "opd_a_officer"):
            response = browser_factory(people[user]).get(url)
            assert response.status_code == 200, user
            assert response.data == self.PNG
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        page = kit.html(browser_factory(people["pengelola"]).get(f"/suara/admin/{number}"))
        assert url in page

    def test_nobody_else_gets_it(self, people, browser_factory, kit):
        number, attachment = self._report(kit, people)
        url = f"/suara/admin/{number}/lampiran/{attachment}"
        assert browser_factory().get(url).status_code == 403
        assert browser_factory(people["citizen"]).get(url).status_code == 403
        assert browser_factory(people["opd_b_officer"]).get(url).status_code == 404
        other = new_report(kit)["number"]
        wrong = f"/suara/admin/{other}/lampiran/{attachment}"
        assert browser_factory(people["pengelola"]).get(wrong).status_code == 404
        bogus = f"/suara/admin/{number}/lampiran/..%2F..%2Fetc%2Fpasswd"
        assert browser_factory(people["pengelola"]).get(bogus).status_code == 404

"""The pages of issue #15 items 6-8: the dispute bundle as PDF and ZIP (requester through
the tracking grant, officers; nobody else), the dispute record form, the Standar Layanan page
and its editor, the printable forms, the annual report's exports and editor."""
from __future__ import annotations

import io
import zipfile

import pytest
from freezegun import freeze_time


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


def html(response) -> str:
    return response.get_data(as_text=True)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _attach(people, kit, ticket: str) -> None:
    from werkzeug.datastructures import FileStorage

    for name, released in (("jawaban atasan.pdf", True), ("../../etc/catatan.pdf", False)):
        kit.act("ppid_document_create", people.utama, ticket=ticket, released=released,
                upload=FileStorage(stream=io.BytesIO(kit.PDF), filename=name))


@pytest.mark.usefixtures("with_plugins")
class TestDisputeBundlePages:
    def test_requester_downloads_pdf_and_zip_through_the_tracking_grant(
        self, people, rejected, kit, browser_factory
    ):
        ticket = rejected["ticket"]
        with at("2026-04-21"):
            _attach(people, kit, ticket)
            browser = browser_factory()
            assert browser.get(f"/ppid/lacak/{ticket}/sengketa.pdf").status_code == 404
            browser.post("/ppid/lacak", {"ticket": ticket,
                                         "tracking_code": rejected["tracking_code"]})
            page = html(browser.get(f"/en/ppid/lacak/{ticket}"))
            assert f"/ppid/lacak/{ticket}/sengketa.pdf" in page
            pdf = browser.get(f"/ppid/lacak/{ticket}/sengketa.pdf")
            assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
            assert pdf.headers["Cache-Control"] == "private, no-store"
            text = pdf_text(pdf.data)
            for date in ("2026-03-16", "2026-03-31", "2026-04-01", "2026-04-20", "2026-05-18"):
                assert date in text
            assert "Pasal 37(2)" in text and "Pasal 22(7)" in text
            assert kit.NIK in text  # the requester's own copy
            assert rejected["objection"] in text
            zipped = browser.get(f"/ppid/lacak/{ticket}/sengketa.zip")
            assert zipped.status_code == 200
            names = zipfile.ZipFile(io.BytesIO(zipped.data)).namelist()
        assert names[0] == "DAFTAR-ISI.txt"
        assert f"berkas-sengketa-{ticket}.pdf" in names
        assert "lampiran/jawaban_atasan.pdf" in names  # as the upload stored it
        assert not any("catatan" in n for n in names)  # unreleased: officers only
        assert not any(".." in n or n.startswith("/") for n in names)

    def test_officer_zip_holds_every_document_with_safe_names(
        self, people, rejected, kit, browser_factory
    ):
        ticket = rejected["ticket"]
        with at("2026-04-21"):
            _attach(people, kit, ticket)
            browser = browser_factory(people.utama)
            zipped = browser.get(f"/ppid/admin/{ticket}/sengketa.zip")
            pdf = browser.get(f"/ppid/admin/{ticket}/sengketa.pdf")
        names = zipfile.ZipFile(io.BytesIO(zipped.data)).namelist()
        assert "lampiran/jawaban_atasan.pdf" in names
        [internal] = [n for n in names if n.endswith("catatan.pdf")]
        assert internal.startswith("lampiran/") and ".." not in internal
        listing = zipfile.ZipFile(io.BytesIO(zipped.data)).read("DAFTAR-ISI.txt").decode()
        assert internal in listing
        assert "2026-05-18" in pdf_text(pdf.data)

    def test_strangers_and_ineligible_requests_are_refused(
        self, people, rejected, pending, kit, browser_factory
    ):
        with at("2026-04-21"):
            for user in (None, people.citizen, people.other_pelaksana):
                browser = browser_factory(user)
                for url in (f"/ppid/lacak/{rejected['ticket']}/sengketa.pdf",
                            f"/ppid/lacak/{rejected['ticket']}/sengketa.zip",
                            f"/ppid/admin/{rejected['ticket']}/sengketa.pdf",
                            f"/ppid/admin/{rejected['ticket']}/sengketa.zip",
                            f"/ppid/admin/{rejected['ticket']}/sengketa"):
                    response = browser.get(url)
                    assert response.status_code in (403, 404), (user, url)
                    assert kit.NIK not in html(response)
            officer = browser_factory(people.utama)
            assert officer.get(f"/ppid/admin/{pending['ticket']}/sengketa.pdf").status_code == 404
            assert officer.get(f"/ppid/admin/{pending['ticket']}/sengketa").status_code == 404

    def test_officer_records_the_dispute_through_the_form(
        self, people, rejected, kit, browser_factory
    ):
        ticket = rejected["ticket"]
        url = f"/en/ppid/admin/{ticket}/sengketa"
        with at("2026-05-05"):
            browser = browser_factory(people.utama)
            bad = browser.post(url, {"status": "decided", "registered_on": "2026-05-04",
                                     "register_number": "012/KIP/2026"})
            assert bad.status_code == 400
            assert "012/KIP/2026" in html(bad) and 'id="error-summary"' in html(bad)
            ok = browser.post(url, {"status": "registered", "registered_on": "2026-05-04",
                                    "register_number": "012/KIP/2026"},
                              follow_redirects=True)
            assert ok.status_code == 200
        assert kit.act("ppid_dispute_show", people.utama, ticket=ticket)["dispute"][
            "register_number"] == "012/KIP/2026"


@pytest.mark.usefixtures("with_plugins")
class TestStandardPages:
    def test_public_page_and_printable_forms(self, people, browser_factory):
        browser = browser_factory()
        page = html(browser.get("/ppid/standar-layanan"))
        assert "Peraturan Komisi Informasi Nomor 1 Tahun 2021" in page
        assert "/ppid/formulir/permohonan.pdf" in page
        assert "/ppid/admin/standar-layanan" not in page
        english = html(browser.get("/en/ppid/standar-layanan"))
        assert "Service hours" in english
        for url, words in (("/ppid/formulir/permohonan.pdf", "NIK"),
                           ("/ppid/formulir/keberatan.pdf", "Pasal 35")):
            response = browser.get(url)
            assert response.status_code == 200
            assert words in pdf_text(response.data)

    def test_utama_edits_markdown_and_html_is_refused_in_the_form(
        self, people, browser_factory
    ):
        url = "/en/ppid/admin/standar-layanan"
        for user in (None, people.pelaksana, people.citizen):
            assert browser_factory(user).get(url).status_code == 403
        browser = browser_factory(people.utama)
        form = html(browser.get(url))
        assert "tidak dipungut biaya" in form
        values = {k: "" for k in ("maklumat", "sop", "fees", "hours", "addresses")}
        bad = browser.post(url, dict(values, fees="<script>alert(1)</script>"))
        assert bad.status_code == 400
        assert "HTML is not allowed" in html(bad)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(bad)  # kept, escaped
        ok = browser.post(url, dict(values, fees="**Gratis** untuk semua"),
                          follow_redirects=True)
        assert ok.status_code == 200
        page = html(browser_factory().get("/ppid/standar-layanan"))
        assert "<strong>Gratis</strong> untuk semua" in page


@pytest.mark.usefixtures("with_plugins")
class TestReportPages:
    def test_report_page_exports_pdf_and_docx_with_every_section(
        self, people, rejected, kit, browser_factory
    ):
        with at("2026-05-05"):
            kit.act("ppid_dispute_record", people.utama, ticket=rejected["ticket"],
                    status="registered", registered_on="2026-05-04",
                    register_number="012/KIP/2026")
        with at("2027-01-10"):
            kit.act("ppid_annual_report_update", people.utama, year=2026,
                    policy="Kebijakan layanan informasi: Perbup 12/2020.",
                    recommendations="Menambah petugas meja layanan.")
            browser = browser_factory()
            page = html(browser.get("/en/ppid/laporan?tahun=2026"))
            assert "Disputes registered at the Komisi Informasi" in page
            assert "Kebijakan layanan informasi: Perbup 12/2020." in page
            assert "/ppid/laporan/2026.docx" in page
            assert "/ppid/admin/laporan/2026" not in page
            pdf = browser.get("/ppid/laporan/2026.pdf")
            docx_response = browser.get("/en/ppid/laporan/2026.docx")
            docx_id = browser.get("/ppid/laporan/2026.docx")
        text = pdf_text(pdf.data)
        assert "Perbup 12/2020" in text and "Pasal 56" in text
        assert kit.NIK not in text and "Budi" not in text
        from docx import Document

        document = Document(io.BytesIO(docx_response.data))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        for part in ("General service policy", "Facilities", "Staff", "Budget",
                     "Internal and external obstacles", "Recommendations and follow-up plan",
                     "Disputes at the Komisi Informasi and their outcomes"):
            assert any(part in h for h in headings), part
        indonesian = Document(io.BytesIO(docx_id.data))
        assert any("Rekomendasi dan rencana tindak lanjut" in p.text
                   for p in indonesian.paragraphs)
        body = "\n".join(p.text for p in document.paragraphs)
        assert "Menambah petugas meja layanan." in body
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert "Disputes registered at the Komisi Informasi" in cells

    def test_utama_edits_the_report_through_the_form(self, people, browser_factory):
        url = "/en/ppid/admin/laporan/2025"
        for user in (None, people.pelaksana, people.atasan):
            assert browser_factory(user).get(url).status_code == 403
        with at("2026-03-20"):
            browser = browser_factory(people.utama)
            bad = browser.post(url, {"policy": "ok", "submitted_on": "2030-01-01"})
            assert bad.status_code == 400 and "ok</textarea>" in html(bad)
            ok = browser.post(url, {"policy": "Kebijakan", "submitted_on": "2026-03-19"},
                              follow_redirects=True)
        assert ok.status_code == 200
        assert "Submitted on" in html(ok)

"""The officers' pages: queue, walk-in registration, the request page and its
forms, the written notice (page and PDF), objections and the holiday calendar;
and who may open them."""
from __future__ import annotations

import io
import re

import pytest
from freezegun import freeze_time


def html(response) -> str:
    return response.get_data(as_text=True)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def new_request(kit, **overrides) -> dict:
    return kit.act("ppid_request_create", None, **kit.data(**overrides))


DECISION = {
    "decision": "partly_granted",
    "exemption_grounds": ["17h"],
    "consequence_test_ref": "Uji Konsekuensi No. UK-07/2026",
    "info_given": "Rekapitulasi penerima bansos per desa",
    "blacked_out": "Nama dan NIK penerima",
    "blackout_reason": "Rahasia pribadi (Pasal 17 huruf h)",
    "format": "PDF",
    "medium": "Surel",
    "cost": "15000",
    "payment_method": "Transfer ke rekening kas daerah",
}


@pytest.mark.usefixtures("with_plugins")
class TestAccess:
    def test_officer_pages_are_403_for_anonymous(self, people, browser_factory, kit):
        ticket = new_request(kit)["ticket"]
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="granted",
                info_given="Semua")
        browser = browser_factory()
        for url in ("/ppid/admin", "/ppid/admin/baru", f"/ppid/admin/{ticket}",
                    f"/ppid/admin/{ticket}/pemberitahuan",
                    f"/ppid/admin/{ticket}/pemberitahuan.pdf", f"/ppid/admin/{ticket}/tenggat",
                    "/ppid/admin/keberatan", "/ppid/admin/hari-libur", "/en/ppid/admin"):
            response = browser.get(url, follow_redirects=False)
            assert response.status_code == 403, url
            assert kit.NIK not in html(response)

    def test_request_page_is_403_for_a_pelaksana_of_another_opd(
        self, people, browser_factory, kit
    ):
        ticket = new_request(kit)["ticket"]
        kit.act("ppid_request_route", people.utama, ticket=ticket, org="dinas-kesehatan")
        other = browser_factory(people.other_pelaksana)
        assert other.get("/ppid/admin").status_code == 200  # an officer of another OPD
        assert ticket not in html(other.get("/ppid/admin"))
        for url in (f"/ppid/admin/{ticket}", f"/ppid/admin/{ticket}/pemberitahuan",
                    f"/ppid/admin/{ticket}/pemberitahuan.pdf"):
            response = other.get(url)
            assert response.status_code == 403, url
            assert kit.NIK not in html(response)
        own = browser_factory(people.pelaksana)
        page = html(own.get(f"/ppid/admin/{ticket}"))
        assert kit.NIK in page and kit.ADDRESS in page  # unmasked for the handling officer

    def test_a_member_without_a_ppid_role_gets_403(self, people, browser_factory):
        from ckan.tests import factories

        citizen = factories.User(password="Rahasia-123")
        browser = browser_factory(citizen)
        assert browser.get("/ppid/admin").status_code == 403

    def test_an_officer_can_log_in_through_the_login_form(self, people, browser_factory):
        browser = browser_factory()
        login = browser.post("/user/login", {"login": people.sysadmin["name"],
                                             "password": "Rahasia-123"},
                             form_url="/user/login", follow_redirects=False)
        assert login.status_code == 302
        assert browser.get("/ppid/admin").status_code == 200


@pytest.mark.usefixtures("with_plugins")
class TestQueue:
    @pytest.mark.parametrize("prefix", ["", "/en"])
    def test_officer_pages_render_in_both_languages(
        self, people, browser_factory, kit, prefix
    ):
        ticket = new_request(kit)["ticket"]
        kit.act("ppid_request_decide", people.utama, ticket=ticket, **DECISION)
        obj = kit.act("ppid_objection_create", people.utama, ticket=ticket,
                      grounds=["35_1_a"], reasons="Ditulis di surat.")
        browser = browser_factory(people.sysadmin)
        for url in ("/ppid/admin", "/ppid/admin/baru", f"/ppid/admin/{ticket}",
                    f"/ppid/admin/{ticket}/pemberitahuan", f"/ppid/admin/{ticket}/tenggat",
                    "/ppid/admin/keberatan", f"/ppid/admin/keberatan/{obj['number']}",
                    "/ppid/admin/hari-libur"):
            response = browser.get(prefix + url)
            assert response.status_code == 200, url
            assert f'<html lang="{"en" if prefix else "id"}"' in html(response)

    def test_queue_shows_due_date_days_left_and_urgency_in_words(
        self, people, browser_factory, kit
    ):
        with freeze_time("2026-03-02 03:00:00"):
            late = new_request(kit, information="Sudah lewat")["ticket"]
        with freeze_time("2026-03-16 03:00:00"):
            soon = new_request(kit, information="Hampir jatuh tempo")["ticket"]
        with freeze_time("2026-03-27 03:00:00"):
            fresh = new_request(kit, information="Baru masuk")["ticket"]
            browser = browser_factory(people.utama)
            page = html(browser.get("/en/ppid/admin"))
            overdue_only = html(browser.get("/en/ppid/admin?overdue=true"))
        for ticket in (late, soon, fresh):
            assert ticket in page
        assert "Overdue" in page and "Due soon" in page and "On time" in page
        assert 'class="pkl-row-overdue"' in page and "pkl-urgency-overdue" in page
        assert "HK overdue" in page and "HK left" in page
        assert kit.NIK not in page and "3326********0001" in page  # masked in the list
        assert late in overdue_only and fresh not in overdue_only

    def test_queue_filters_by_status_opd_and_channel_with_paging(
        self, people, browser_factory, kit
    ):
        for i in range(22):
            new_request(kit, information=f"Permohonan nomor {i}")
        routed = new_request(kit, information="Ke dinkes")["ticket"]
        kit.act("ppid_request_route", people.utama, ticket=routed, org="dinas-kesehatan")
        browser = browser_factory(people.utama)
        first = html(browser.get("/en/ppid/admin"))
        assert "23 requests" in first and "Page 1 of 2" in first
        second = html(browser.get("/en/ppid/admin?halaman=2"))
        assert "Page 2 of 2" in second
        by_status = html(browser.get("/en/ppid/admin?status=routed"))
        assert routed in by_status and "1 request" in by_status
        by_org = html(browser.get(f"/en/ppid/admin?org={people.opd['id']}"))
        assert routed in by_org and "1 request" in by_org
        assert "0 requests" in html(browser.get("/en/ppid/admin?channel=letter"))


@pytest.mark.usefixtures("with_plugins")
class TestWalkIn:
    def test_officer_registers_a_letter_with_its_receipt_date(
        self, people, browser_factory, kit
    ):
        data = kit.data(received_on="2026-03-16", channel="letter")
        with freeze_time("2026-03-18 03:00:00"):
            browser = browser_factory(people.utama)
            response = browser.post("/en/ppid/admin/baru", data, follow_redirects=True)
        page = html(response)
        assert response.status_code == 200
        assert "Tuesday, March 31, 2026" in page
        assert re.search(r'data-testid="tracking-code">[A-Z0-9-]+<', page)
        shown = kit.act("ppid_request_show", people.utama, ticket="PPID-2026-000001")
        assert shown["channel"] == "letter" and shown["received_on"] == "2026-03-16"

    def test_a_future_receipt_date_is_refused_and_the_form_kept(
        self, people, browser_factory, kit
    ):
        with freeze_time("2026-03-18 03:00:00"):
            browser = browser_factory(people.utama)
            response = browser.post("/en/ppid/admin/baru",
                                    kit.data(received_on="2026-04-01", channel="phone"))
        page = html(response)
        assert response.status_code == 400
        assert "The receipt date cannot be in the future." in page
        assert 'value="2026-04-01"' in page and "Budi Santoso" in page


@pytest.mark.usefixtures("with_plugins")
class TestRequestPage:
    def test_timeline_forms_and_route_extend_decide(self, people, browser_factory, kit):
        with freeze_time("2026-03-16 03:00:00"):
            ticket = new_request(kit)["ticket"]
        url = f"/en/ppid/admin/{ticket}"
        with freeze_time("2026-03-17 03:00:00"):
            browser = browser_factory(people.utama)
            page = html(browser.get(url))
            for form in ("form-route", "form-extend", "form-decide", "form-document",
                         "form-withdraw"):
                assert f'id="{form}"' in page, form
            routed = browser.post(url, {"form": "route", "org": people.opd["id"]})
            assert "The request was forwarded to the OPD." in html(routed)
            missing = browser.post(url, {"form": "extend", "reason": ""})
            assert missing.status_code == 400 and "Missing value" in html(missing)
            extended = html(browser.post(url, {"form": "extend",
                                               "reason": "Dokumen di arsip kecamatan."}))
        assert "The deadline was extended." in extended
        assert 'id="form-extend"' not in extended  # only once
        assert "Friday, April 10, 2026" in extended
        assert "Forwarded to an OPD" in extended and "Deadline extended" in extended
        assert "Dinas Kesehatan" in extended

    def test_a_refusal_without_its_ground_keeps_every_typed_field(
        self, people, browser_factory, kit
    ):
        ticket = new_request(kit)["ticket"]
        browser = browser_factory(people.utama)
        response = browser.post(f"/en/ppid/admin/{ticket}", {
            "form": "decide", "decision": "refused", "format": "PDF",
            "blacked_out": "Lampiran 2", "notes": "Catatan petugas",
        })
        page = html(response)
        assert response.status_code == 400
        assert "Cite at least one Pasal 17 exemption ground." in page
        assert "Cite the consequence test" in page and "Give the reason for blacking out." in page
        assert re.search(r'value="refused" checked', page)
        for typed in ("Lampiran 2", "Catatan petugas", 'value="PDF"'):
            assert typed in page
        assert "<details id=\"form-decide\" open>" in page

    def test_documents_withdrawal_and_a_written_objection(self, people, browser_factory, kit):
        ticket = new_request(kit)["ticket"]
        browser = browser_factory(people.utama)
        url = f"/en/ppid/admin/{ticket}"
        attached = browser.post(url, {
            "form": "document", "kind": "response", "released": "true",
            "upload": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "jawaban.pdf"),
        }, content_type="multipart/form-data")
        page = html(attached)
        assert "The document was attached." in page and "jawaban.pdf" in page
        doc_id = re.search(r'/dokumen/([0-9a-f-]+)"', page).group(1)
        download = browser.get(f"/ppid/admin/{ticket}/dokumen/{doc_id}")
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
        registered = browser.post(url, {"form": "objection", "grounds": "35_1_b",
                                        "reasons": "Surat keberatan tertulis.",
                                        "channel": "letter"})
        assert "The written objection was registered." in html(registered)
        withdrawn = html(browser.post(url, {"form": "withdraw",
                                            "reason": "Pemohon menarik lewat telepon."}))
        assert "The request was withdrawn." in withdrawn
        assert 'id="form-decide"' not in withdrawn

    def test_deadline_explanation_for_officers(self, people, browser_factory, kit):
        with freeze_time("2026-03-16 03:00:00"):
            ticket = new_request(kit)["ticket"]
        browser = browser_factory(people.pelaksana)
        kit.act("ppid_request_route", people.utama, ticket=ticket, org="dinas-kesehatan")
        page = html(browser.get(f"/en/ppid/admin/{ticket}/tenggat"))
        assert "Tuesday, March 31, 2026" in page and "Weekend" in page


@pytest.mark.usefixtures("with_plugins")
class TestNotice:
    ELEMENTS = (
        "Whether the information is held by this public body",
        "The public body that holds the information",
        "Acceptance or refusal of the request, with the reasons",
        "The information that is given",
        "Blacked-out (exempted) material and the reasons",
        "Means of delivery and format",
        "Cost and how to pay",
        "Your right to object",
    )
    VALUES = (
        "Diberikan sebagian",  # the decision label (Indonesian msgid, en catalogue may translate)
        "UK-07/2026",
        "Rekapitulasi penerima bansos per desa",
        "Nama dan NIK penerima",
        "Rahasia pribadi (Pasal 17 huruf h)",
        "PDF",
        "Surel",
        "15,000",
        "Transfer ke rekening kas daerah",
        "30 working days",
    )

    def _decided(self, people, kit):
        with freeze_time("2026-03-16 03:00:00"):
            ticket = new_request(kit)["ticket"]
        with freeze_time("2026-03-20 03:00:00"):
            kit.act("ppid_request_decide", people.utama, ticket=ticket, **DECISION)
        return ticket

    def test_notice_page_has_every_element_of_pasal_22_7(self, people, browser_factory, kit):
        ticket = self._decided(people, kit)
        with freeze_time("2026-03-20 03:00:00"):
            browser = browser_factory(people.utama)
            page = html(browser.get(f"/en/ppid/admin/{ticket}/pemberitahuan"))
        for letter in "abcdefg":
            assert f'data-element="{letter}"' in page
        for text in self.ELEMENTS:
            assert text in page, text
        assert "Pasal 17 letter h" in page
        assert "Rahasia pribadi" in page or "personal secret" in page.lower()
        for text in self.VALUES[1:]:
            assert text in page, text
        assert "Budi Santoso" in page and ticket in page

    def test_notice_pdf_has_every_element_of_pasal_22_7(self, people, browser_factory, kit):
        ticket = self._decided(people, kit)
        with freeze_time("2026-03-20 03:00:00"):
            browser = browser_factory(people.utama)
            response = browser.get(f"/en/ppid/admin/{ticket}/pemberitahuan.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
        text = pdf_text(response.data)
        for letter, heading in zip("abcdefg", self.ELEMENTS, strict=False):
            assert f"{letter}. {heading}" in text, heading
        assert "Your right to object" in text
        for value in self.VALUES[1:]:
            assert value in text, value
        assert ticket in text and "Pasal 17 letter h" in text

    def test_notice_in_indonesian(self, people, browser_factory, kit):
        ticket = self._decided(people, kit)
        browser = browser_factory(people.utama)
        page = html(browser.get(f"/ppid/admin/{ticket}/pemberitahuan"))
        assert "Pemberitahuan tertulis" in page
        pdf = browser.get(f"/ppid/admin/{ticket}/pemberitahuan.pdf")
        assert "Rp 15.000" in pdf_text(pdf.data)

    def test_not_held_names_the_holding_body(self, people, browser_factory, kit):
        ticket = new_request(kit)["ticket"]
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="not_held",
                holding_body="Badan Pusat Statistik Kabupaten Pekalongan")
        browser = browser_factory(people.utama)
        page = html(browser.get(f"/en/ppid/admin/{ticket}/pemberitahuan"))
        assert "No. The information requested is not held" in page
        assert "Badan Pusat Statistik Kabupaten Pekalongan" in page
        assert "Free of charge" in page

    def test_no_notice_before_a_decision(self, people, browser_factory, kit):
        ticket = new_request(kit)["ticket"]
        browser = browser_factory(people.utama)
        assert browser.get(f"/ppid/admin/{ticket}/pemberitahuan").status_code == 404
        assert browser.get(f"/ppid/admin/{ticket}/pemberitahuan.pdf").status_code == 404


@pytest.mark.usefixtures("with_plugins")
class TestObjectionsAndHolidays:
    def test_atasan_answers_an_objection_and_utama_may_not(self, people, browser_factory, kit):
        ticket = new_request(kit)["ticket"]
        kit.act("ppid_request_decide", people.utama, ticket=ticket, decision="refused",
                exemption_grounds=["17h"], consequence_test_ref="UK-1",
                dik_entry=kit.dik_entry(people))
        number = kit.act("ppid_objection_create", people.utama, ticket=ticket,
                         grounds=["35_1_a"], reasons="Tertulis.")["number"]
        utama = browser_factory(people.utama)
        assert "Answer the objection" not in html(utama.get(f"/en/ppid/admin/keberatan/{number}"))
        atasan = browser_factory(people.atasan)
        listing = html(atasan.get("/en/ppid/admin/keberatan"))
        assert number in listing
        page = html(atasan.get(f"/en/ppid/admin/keberatan/{number}"))
        assert "Answer the objection" in page and 'value="Drs. Atasan"' in page
        missing = atasan.post(f"/en/ppid/admin/keberatan/{number}",
                              {"outcome": "rejected", "reasons": "",
                               "atasan_name": "Drs. Atasan", "atasan_position": "Sekda"})
        assert missing.status_code == 400 and 'value="Sekda"' in html(missing)
        done = html(atasan.post(f"/en/ppid/admin/keberatan/{number}",
                                {"outcome": "rejected", "reasons": "Pengecualian sah.",
                                 "atasan_name": "Drs. Atasan", "atasan_position": "Sekda"}))
        assert "The answer to the objection was recorded." in done
        assert "Dispute possible until" in done

    def test_sysadmin_adds_and_removes_a_holiday_and_sees_the_version(
        self, people, browser_factory, kit
    ):
        admin = browser_factory(people.sysadmin)
        before = html(admin.get("/en/ppid/admin/hari-libur?tahun=2026"))
        version = re.search(r"Calendar version in force: ([^.]+)\.", before).group(1)
        added = html(admin.post("/en/ppid/admin/hari-libur",
                                {"date": "2026-07-01", "name": "Hari Jadi Kabupaten",
                                 "kind": "national"}))
        assert "Holiday added." in added and "Hari Jadi Kabupaten" in added
        assert version not in re.search(r"Calendar version in force: ([^.]+)\.",
                                        added).group(1)
        holiday_id = next(h["id"] for h in kit.act("ppid_holiday_list", None,
                                                    year=2026)["results"]
                          if h["name"] == "Hari Jadi Kabupaten")
        removed = html(admin.post(f"/en/ppid/admin/hari-libur/{holiday_id}/hapus", {},
                                  form_url="/en/ppid/admin/hari-libur?tahun=2026"))
        assert "Holiday removed." in removed and "Hari Jadi Kabupaten" not in removed

    def test_officers_see_holidays_but_only_sysadmins_edit(self, people, browser_factory):
        utama = browser_factory(people.utama)
        page = html(utama.get("/en/ppid/admin/hari-libur?tahun=2026"))
        assert "Hari Raya Idul Fitri" in page or "Idul Fitri" in page
        assert "Add a holiday" not in page
        refused = utama.post("/en/ppid/admin/hari-libur",
                             {"date": "2026-07-01", "name": "X", "kind": "national"})
        assert refused.status_code == 403

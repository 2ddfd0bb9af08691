"""Headless Chromium on a phone-sized screen (390x844) against the live portal: the Standar
Layanan page, the annual report with its new parts, and the requester's tracked page with
the dispute bundle, which downloads and opens; axe-core finds no serious or critical WCAG
2.1 AA violation and nothing scrolls sideways."""
from __future__ import annotations

import io

import pytest
from freezegun import freeze_time

PHONE = {"width": 390, "height": 844}
SITE = "http://test.ckan.net"  # ckan.site_url of the test ini: CKAN redirects there


def serious_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.x A/AA violations axe-core finds on the page
    (tests/browser/test_accessibility.py), with the selectors of their first elements."""
    from browser.test_accessibility import serious_violations

    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in serious_violations(page)]


def sideways(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_standard_report_and_bundle_on_a_phone(live_portal, browser, people, kit):
    with freeze_time("2026-03-16 03:00:00"):
        receipt = kit.new_request()
    with freeze_time("2026-04-01 03:00:00"):
        obj = kit.act("ppid_objection_create", None, ticket=receipt["ticket"],
                      tracking_code=receipt["tracking_code"], grounds=["35_1_c"],
                      reasons="Tidak ada jawaban")
    with freeze_time("2026-04-20 03:00:00"):
        kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                outcome="rejected", reasons="Sudah diumumkan", atasan_name="Ir. Atasan",
                atasan_position="Sekretaris Daerah")
    kit.act("ppid_annual_report_update", people.utama, year=2026,
            policy="Kebijakan layanan informasi mengikuti Perbup 12/2020.")

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    context.route(f"{SITE}/**", lambda route: route.fulfill(
        status=302, headers={"Location": route.request.url.replace(SITE, live_portal)}))
    page = context.new_page()
    try:
        for path, words in (("/ppid/standar-layanan", "Maklumat pelayanan"),
                            ("/ppid/laporan?tahun=2026", "Perbup 12/2020")):
            response = page.goto(live_portal + path, wait_until="load")
            assert response.status == 200
            assert words in page.content()
            assert serious_violations(page) == [], path
            assert sideways(page) <= 1, path

        page.goto(live_portal + "/ppid/lacak")
        page.fill("#field-ticket", receipt["ticket"])
        page.fill("#field-tracking_code", receipt["tracking_code"])
        page.locator("form[action$='/ppid/lacak'] button[type=submit]").click()
        page.wait_for_selector('[data-testid="status"]')
        link = page.get_by_role("link", name="Berkas sengketa (PDF)")
        assert link.count() == 1
        assert serious_violations(page) == []
        pdf = page.request.get(live_portal + link.get_attribute("href"))
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        from pypdf import PdfReader

        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.body())).pages)
        assert receipt["ticket"] in text and "2026-05-18" in text
    finally:
        context.close()

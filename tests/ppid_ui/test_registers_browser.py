"""/ppid/dip on a cheap phone (390x844) in headless Chromium against the live portal: the
list renders without sideways scrolling of the page, the filters work, and axe-core finds
no serious or critical WCAG 2.1 AA violation."""
from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}


def serious_violations(page) -> list[tuple[str, list]]:
    """The serious and critical WCAG 2.x A/AA violations axe-core finds on the page
    (tests/browser/test_accessibility.py), with the selectors of their first elements."""
    from browser.test_accessibility import serious_violations

    return [(v["id"], [n["target"] for n in v["nodes"]][:5])
            for v in serious_violations(page)]


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_the_dip_page_on_a_phone_passes_axe(live_portal, browser, people, kit):
    kit.act("ppid_dip_entry_create", people.pelaksana, org=people.opd["id"],
            category="berkala", summary="Laporan realisasi anggaran semester I",
            holder="Sub Bagian Keuangan", responsible="Kepala Sub Bagian Keuangan",
            made_on="2026-01-05", made_place="Kajen", formats=["softcopy", "hardcopy"],
            retention="10 tahun", status="published")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{live_portal}/ppid/dip")
        assert page.locator("h1").inner_text() == "Daftar Informasi Publik"
        assert page.get_by_text("Laporan realisasi anggaran semester I").count() == 1
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the page scrolls sideways ({width}px)"
        page.select_option("#dip-kategori", "setiap_saat")
        page.get_by_role("button", name="Tampilkan").click()
        page.wait_for_load_state()
        assert "kategori=setiap_saat" in page.url
        assert page.get_by_text("Laporan realisasi anggaran semester I").count() == 0
        page.goto(f"{live_portal}/ppid/dip")
        assert serious_violations(page) == []
    finally:
        context.close()

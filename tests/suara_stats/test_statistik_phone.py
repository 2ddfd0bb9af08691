"""/suara/statistik on a 390 x 844 phone in headless Chromium (live portal): the page does
not scroll sideways, the OPD table scrolls inside its box with a visible hint, and axe-core
finds no serious WCAG 2.1 AA violation. A screenshot lands in var/screenshots/."""
from __future__ import annotations

from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
SHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "suara-statistik-phone.png"


@pytest.mark.usefixtures("october")
def test_statistik_is_readable_on_a_phone(live_portal, browser):
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  bypass_csp=True)  # to inject axe-core
    try:
        page = context.new_page()
        response = page.goto(live_portal + "/suara/statistik?tahun=2026&bulan=10",
                             wait_until="load")
        assert response is not None and response.status == 200
        assert page.get_attribute("html", "lang") == "id"
        sizes = page.evaluate("""() => {
            const wrap = document.querySelector('[aria-labelledby="per-opd"]');
            return {page: document.documentElement.scrollWidth,
                    width: document.documentElement.clientWidth,
                    inner: wrap.scrollWidth, box: wrap.clientWidth};
        }""")
        assert sizes["page"] <= sizes["width"], sizes          # no sideways page scroll
        assert sizes["inner"] > sizes["box"], sizes            # the table scrolls in its box
        assert page.locator("#hint-opd").is_visible()
        assert page.locator("text=Dinas Pekerjaan Umum").is_visible()
        page.add_script_tag(content=AXE_SCRIPT)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        blocking = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        assert not blocking, blocking
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        SHOT.unlink(missing_ok=True)
        page.screenshot(path=str(SHOT), full_page=True)
        assert SHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        context.close()

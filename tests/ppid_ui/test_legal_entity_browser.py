"""A legal entity files on a phone (390x844) in headless Chromium with JavaScript: switching
*Perorangan -> Badan hukum* hides the NIK field and stops it being sent (a NIK typed before
the switch cannot block the form), asks for the deed number and the representative, and the
form passes axe-core (no serious or critical WCAG 2.1 AA violation)."""
from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.base import AXE_SCRIPT

    page.add_script_tag(content=AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.fixture
def phone(browser):
    """A phone-sized page; CSP bypassed only so that axe-core can be injected."""
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_a_legal_entity_files_on_a_phone(live_portal, phone, people, kit):
    page = phone
    page.goto(live_portal + "/en/ppid/permohonan/baru")
    page.fill("#field-nik", "12345")  # typed as a person first, then the switch
    page.check("#field-requester_type-2")  # Badan hukum
    assert not page.is_visible("#field-nik")
    assert page.is_disabled("#field-nik")
    assert page.is_visible("#field-legal_entity_decree")
    assert page.is_visible("#field-representative_name")
    violations = serious_violations(page)
    assert not violations, violations

    page.fill("#field-name", "PT Data Terbuka")
    page.fill("#field-legal_entity_decree", "AHU-0012345.AH.01.01.2020")
    page.fill("#field-representative_name", "Sari Wulandari")
    page.fill("#field-representative_position", "Direktur")
    page.fill("#field-address", kit.ADDRESS)
    page.fill("#field-phone", kit.PHONE)
    page.fill("#field-information", "Izin usaha yang terbit tahun 2025")
    page.fill("#field-purpose", "Kajian kebijakan")
    page.check("#field-how_to_obtain-5")
    page.check("#field-how_to_receive-1")
    page.get_by_role("button", name="Send the request").click()

    page.wait_for_selector('[data-testid="tracking-code"]')
    ticket = page.inner_text('[data-testid="ticket"]').strip()
    assert "PT Data Terbuka" in page.inner_text('[data-testid="requester"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    req = kit.act("ppid_request_show", people.utama, ticket=ticket)
    assert req["requester_type"] == "legal_entity" and req["nik"] is None
    assert req["representative_name"] == "Sari Wulandari"

"""One walk through the PPID service in headless Chromium against the live
portal (gunicorn on the test ini): a citizen files a request and sees the
receipt (ticket + tracking code), an officer logs in and decides it, the
citizen tracks the request and reads the written notice.

Screenshots of each step go to var/screenshots/ for review."""
from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


SITE = "http://test.ckan.net"  # ckan.site_url of the test ini: CKAN redirects there


def serve_site_from(context, live_portal: str) -> None:
    """CKAN's redirects are absolute, to ``ckan.site_url``: bounce the browser
    from there to the live portal, so every page and cookie stays on one origin."""
    context.route(f"{SITE}/**", lambda route: route.fulfill(
        status=302, headers={"Location": route.request.url.replace(SITE, live_portal)}))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ppid-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_citizen_files_officer_decides_citizen_reads_the_notice(
    live_portal, page, browser, people, kit
):
    base = live_portal
    serve_site_from(page.context, live_portal)

    # 1. the citizen files a request (Bahasa Indonesia, a phone-sized screen)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/ppid/")
    shot(page, "01-landing")
    page.get_by_role("link", name="Ajukan permohonan informasi").first.click()
    page.check("#field-requester_type-1")  # perorangan
    page.fill("#field-name", "Budi Santoso")
    page.fill("#field-nik", kit.NIK)
    page.fill("#field-address", kit.ADDRESS)
    page.fill("#field-phone", kit.PHONE)
    page.fill("#field-email", kit.EMAIL)
    page.fill("#field-information", "Daftar penerima bantuan sosial Kecamatan Kajen tahun 2025")
    page.fill("#field-purpose", "Penelitian skripsi")
    page.select_option("#field-target_org", label="Dinas Kesehatan")
    page.check("#field-how_to_obtain-5")  # salinan softcopy
    page.check("#field-how_to_receive-5")  # surel
    box = page.locator("#field-website").bounding_box()  # the honeypot is off screen
    assert box is None or box["x"] + box["width"] <= 0
    shot(page, "02-form")
    page.get_by_role("button", name="Kirim permohonan").click()

    page.wait_for_selector('[data-testid="tracking-code"]')
    ticket = page.inner_text('[data-testid="ticket"]').strip()
    code = page.inner_text('[data-testid="tracking-code"]').strip()
    assert ticket.startswith("PPID-") and len(code.replace("-", "")) == 16
    assert code not in page.url
    shot(page, "03-receipt")
    page.reload()
    assert page.locator('[data-testid="tracking-code"]').count() == 0  # shown once only

    # 2. an officer logs in and decides
    officer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    serve_site_from(officer_context, live_portal)
    officer = officer_context.new_page()
    officer.goto(base + "/user/login")
    officer.fill("#field-login", people.sysadmin["name"])
    officer.fill("#field-password", "Rahasia-123")
    with officer.expect_navigation():
        officer.locator("#field-password").press("Enter")
    officer.wait_for_load_state("networkidle")
    officer.goto(base + "/ppid/admin")
    assert ticket in officer.content()
    shot(officer, "04-queue")
    officer.get_by_role("link", name=ticket).click()
    officer.locator("#form-decide summary").click()
    officer.check("#field-decide-decision-1")  # diberikan seluruhnya
    officer.fill("#field-decide-info_given", "Daftar penerima bansos 2025 (PDF, 12 halaman)")
    officer.fill("#field-decide-format", "PDF")
    officer.fill("#field-decide-medium", "Surel")
    shot(officer, "05-decide")
    officer.locator("#form-decide button[type=submit]").click()
    officer.wait_for_selector(".alert")
    assert "Pemberitahuan tertulis" in officer.content() or "pemberitahuan" in officer.content()
    shot(officer, "06-decided")
    officer_context.close()

    # 3. the citizen tracks the request and reads the written notice
    page.goto(base + "/ppid/lacak")
    page.fill("#field-ticket", ticket)
    page.fill("#field-tracking_code", code.lower())
    page.locator("form[action$='/ppid/lacak'] button[type=submit]").click()
    page.wait_for_selector('[data-testid="status"]')
    assert "Ditanggapi" in page.inner_text('[data-testid="status"]')
    assert kit.NIK not in page.content()
    shot(page, "07-tracked")
    page.get_by_role("link", name="Baca pemberitahuan tertulis").click()
    page.wait_for_selector("#notice-title")
    content = page.content()
    for letter in "abcdefg":
        assert f'data-element="{letter}"' in content
    assert "Daftar penerima bansos 2025 (PDF, 12 halaman)" in content
    shot(page, "08-notice")

"""One walk through Suara Masyarakat in headless Chromium against the live
portal (gunicorn on the test ini): a citizen files a report on a phone-sized
screen (and is shown a similar public report while typing), the pengelola
verifies and routes it, the OPD answers, the citizen opens it on /suara/cek
and rates the answer; the board shows the answer and none of the personal
data typed. Every page is checked for horizontal scrolling at 390x844.

Screenshots of each step go to var/screenshots/ for review."""
from __future__ import annotations

from pathlib import Path

import pytest
from pkl_factories import PASSWORD
from playwright.sync_api import expect
from ppid_ui.test_browser_walk import serve_site_from

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE_SCREEN = {"width": 390, "height": 844}
NAME = "Rahmat Hidayat Walker"
PHONE = "081298765432"
EMAIL = "rahmat.walker@mail.example"
TEXT = ("Jalan kabupaten di Desa Wangandowo rusak berat dan berlubang sejak Januari, "
        "rumah saya di RT 02 sering kena cipratan lumpur")
PUBLIC_TEXT = "Jalan kabupaten di Desa Wangandowo rusak berat dan berlubang sejak Januari"
ANSWER = "Tim Bina Marga menambal jalan tersebut pada hari Kamis"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"suara-{name}.png"), full_page=True)


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_SCREEN["width"], f"{page.url}: {width}px wide"


def log_in(browser, base: str, user: dict):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    serve_site_from(context, base)
    page = context.new_page()
    page.goto(base + "/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.locator("#field-password").press("Enter")
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
def test_citizen_files_pengelola_routes_opd_answers_citizen_rates(
    live_portal, page, browser, people, kit
):
    base = live_portal
    serve_site_from(page.context, base)
    # a public report like the one the citizen will type
    earlier = kit.act("suara_report_create", None, **kit.data(text="Jalan berlubang di Kajen"))
    kit.act("suara_report_verify", people["pengelola"], number=earlier["number"],
            decision="accept", public_text="Jalan berlubang di Kajen dekat pasar")

    # 1. the citizen files a report on a phone
    page.set_viewport_size(PHONE_SCREEN)
    page.goto(base + "/suara/")
    fits_the_phone(page)
    shot(page, "01-board")
    page.get_by_role("link", name="Kirim laporan").first.click()
    page.wait_for_selector("#field-text")
    # the form's script runs at the end of the page: until it has, nothing is hidden
    page.wait_for_load_state("load")
    handoff = page.locator('[data-testid="ppid-handoff"]')
    page.check("#field-kind-permintaan_informasi")
    expect(handoff).to_be_visible()
    page.check("#field-kind-pengaduan")
    expect(handoff).to_be_hidden()
    box = page.locator("#field-website").bounding_box()  # the honeypot is off screen
    assert box is None or box["x"] + box["width"] <= 0
    page.fill("#field-text", TEXT)
    page.wait_for_selector(f"#suara-similar a:has-text('{earlier['number']}')")
    page.select_option("#field-topic", index=1)
    page.select_option("#field-kecamatan", label="Bojong")
    page.fill("#field-desa", "Wangandowo")
    page.check("#field-privacy-public")
    page.fill("#field-name", NAME)
    page.fill("#field-phone", PHONE)
    page.fill("#field-email", EMAIL)
    fits_the_phone(page)
    shot(page, "02-form")
    page.locator("button[data-suara-submit]").dblclick()  # two clicks: one report
    page.wait_for_selector('[data-testid="tracking-code"]')
    number = page.inner_text('[data-testid="number"]').strip()
    code = page.inner_text('[data-testid="tracking-code"]').strip()
    assert number.startswith("SM-") and len(code) == 10
    assert code not in page.url
    queue = kit.act("suara_report_list", people["pengelola"], scope="queue")
    assert queue["count"] == 2  # the earlier report and this one: the double click made one
    fits_the_phone(page)
    shot(page, "03-receipt")
    page.reload()
    assert page.locator('[data-testid="tracking-code"]').count() == 0

    # 2. the pengelola verifies (public text without personal data) and routes
    context, officer = log_in(browser, base, people["pengelola"])
    officer.goto(base + "/suara/admin")
    assert number in officer.content()
    shot(officer, "04-queue")
    officer.get_by_role("link", name=number).click()
    officer.fill("#field-verify-public_text", PUBLIC_TEXT)
    officer.locator("#form-verify button[type=submit]").click()
    officer.wait_for_selector(".alert")
    officer.get_by_label(people["opd_a"]["title"], exact=True).check()  # the form is open
    officer.check("#field-route-complexity-1")  # sederhana
    shot(officer, "05-route")
    officer.locator("#form-route button[type=submit]").click()
    officer.wait_for_selector(".alert")
    assert "Diteruskan ke OPD" in officer.inner_text('[data-testid="status"]')
    officer.set_viewport_size(PHONE_SCREEN)  # the officer pages work on a phone too
    fits_the_phone(officer)
    officer.goto(base + "/suara/admin")
    fits_the_phone(officer)
    shot(officer, "05b-queue-phone")
    context.close()

    # 3. the OPD answers
    context, opd = log_in(browser, base, people["opd_a_officer"])
    opd.goto(base + f"/suara/admin/{number}")
    assert "#form-verify" not in opd.content() and opd.locator("#form-verify").count() == 0
    opd.fill("#field-respond-text", ANSWER)
    shot(opd, "06-answer")
    opd.locator("#form-respond button[type=submit]").click()
    opd.wait_for_selector(".alert")
    assert "Ditanggapi" in opd.inner_text('[data-testid="status"]')
    context.close()

    # 4. the citizen opens the report with number + code and rates the answer
    page.goto(base + "/suara/cek")
    page.fill("#field-number", number)
    page.fill("#field-tracking_code", code.lower())
    page.locator("form[action$='/suara/cek'] button[type=submit]").click()
    page.wait_for_selector('[data-testid="responses"]')
    assert ANSWER in page.content()
    assert code not in page.url and code.lower() not in page.url
    fits_the_phone(page)
    shot(page, "07-tracked")
    page.check("#field-rate-rating-5")
    page.locator("#form-rate button[type=submit]").click()
    page.wait_for_selector(".alert")
    assert "Terima kasih atas penilaian Anda." in page.content()
    assert page.locator("#form-rate").count() == 0  # once only
    shot(page, "08-rated")

    # 5. the board: the moderated text, the answer, the rating, no personal data
    page.goto(base + "/suara/")
    board = page.content()
    assert PUBLIC_TEXT in board and ANSWER in board
    assert "Penilaian pelapor: 5 dari 5" in board
    for secret in (NAME, "Rahmat", PHONE, "98765432", EMAIL, "RT 02", code):
        assert secret not in board, secret
    fits_the_phone(page)
    shot(page, "09-board")
    page.goto(base + f"/suara/laporan/{number}")
    detail = page.content()
    assert ANSWER in detail
    for secret in (NAME, PHONE, "98765432", EMAIL, "RT 02"):
        assert secret not in detail, secret


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "0")
def test_citizen_pages_have_no_serious_wcag_21_aa_violation(live_portal, browser, people, kit):
    """axe-core (as tests/browser/test_accessibility.py runs it) on the board, the
    report form (empty and refused) and the tracking form, on a phone-sized screen."""
    from browser.test_accessibility import blocking_violations, describe

    created = kit.act("suara_report_create", None, **kit.data())
    kit.act("suara_report_verify", people["pengelola"], number=created["number"],
            decision="accept", public_text=PUBLIC_TEXT)
    context = browser.new_context(viewport=PHONE_SCREEN, bypass_csp=True)
    serve_site_from(context, live_portal)
    page = context.new_page()
    for path in ("/suara/", f"/suara/laporan/{created['number']}", "/suara/lapor",
                 "/suara/cek"):
        page.goto(live_portal + path)
        violations = blocking_violations(page)
        assert not violations, describe(path, path, violations)
    page.goto(live_portal + "/suara/lapor")
    page.locator("button[data-suara-submit]").click()
    page.wait_for_selector(".pkl-error-summary")
    violations = blocking_violations(page)
    assert not violations, describe("form-errors", "/suara/lapor", violations)
    context.close()

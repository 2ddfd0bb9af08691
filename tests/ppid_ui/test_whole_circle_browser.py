"""The whole PPID circle of issue #15 walked in headless Chromium against the live portal:
a legal entity files on a phone; PPID Utama extends (the citizen gets the extension notice)
and refuses citing a DIK entry (the citizen gets the notice PDF); the citizen objects on two
grounds; the Atasan PPID accepts; the request is decided again; a second request's objection
is rejected and its dispute bundle downloads and opens; ``/ppid/dip`` lists and exports its
entries; the English pages are in English.

The e-mails the portal queues are run by this process's worker (``run_jobs``) and caught by
CKAN's ``mail_server``. Screenshots go to var/screenshots/ppid-circle-*.png."""
from __future__ import annotations

import email
import io
from pathlib import Path

import pytest
from pkl_ppid import run_jobs

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SITE = "http://test.ckan.net"
PASSWORD = "Rahasia-123"
CITIZEN_MAIL = "humas@datanusa.co.id"


def serve_site_from(context, live_portal: str) -> None:
    context.route(f"{SITE}/**", lambda route: route.fulfill(
        status=302, headers={"Location": route.request.url.replace(SITE, live_portal)}))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ppid-circle-{name}.png"), full_page=True)


def login(browser, live_portal: str, user: dict):
    context = browser.new_context(viewport=DESKTOP)
    serve_site_from(context, live_portal)
    page = context.new_page()
    page.goto(live_portal + "/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.locator("#field-password").press("Enter")
    return context, page


def messages(mail_server) -> list[tuple[list[str], email.message.Message]]:
    return [(to, email.message_from_string(raw))
            for _n, _f, to, raw in mail_server.get_smtp_messages()]


def body(msg) -> str:
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode("utf-8")
    return ""


def attachments(msg) -> dict[str, bytes]:
    return {p.get_filename(): p.get_payload(decode=True) for p in msg.walk() if p.get_filename()}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def decide(officer, live_portal: str, ticket: str, **choice) -> None:
    officer.goto(f"{live_portal}/ppid/admin/{ticket}")
    officer.locator("#form-decide summary").click()
    officer.check(f"#form-decide input[name=decision][value={choice['decision']}]")
    if choice["decision"] == "refused":
        officer.check("#form-decide input[name=exemption_grounds][value='17h']")
        officer.select_option("#field-decide-dik_entry-select", index=1)
    else:
        officer.fill("#field-decide-info_given", choice["info_given"])
    officer.fill("#field-decide-format", "PDF")
    officer.fill("#field-decide-medium", "Surel")
    officer.locator("#form-decide button[type=submit]").click()
    officer.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_test_worker", "with_request_context")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
def test_the_whole_circle(live_portal, browser, people, kit, mail_server):
    base = live_portal
    dik_number = kit.dik_entry(people, grounds=["17h"])
    kit.act("ppid_dip_entry_create", people.utama, org=people.utama_org["id"],
            summary="Profil dan struktur organisasi Dinas Kominfo", category="berkala",
            holder="Sekretariat", responsible="Sekretaris Dinas", made_on="2026-05-02",
            made_place="Kajen", formats=["softcopy", "hardcopy"], retention="5 tahun",
            status="published")

    # 1. a legal entity files on a phone (JavaScript on)
    citizen_ctx = browser.new_context(viewport=PHONE)
    serve_site_from(citizen_ctx, base)
    citizen = citizen_ctx.new_page()
    citizen.goto(base + "/ppid/permohonan/baru")
    citizen.check("#field-requester_type-2")  # Badan hukum
    assert not citizen.is_visible("#field-nik")
    citizen.fill("#field-name", "PT Data Nusantara")
    citizen.fill("#field-legal_entity_decree", "AHU-0012345.AH.01.01.2020")
    citizen.fill("#field-representative_name", "Sari Wulandari")
    citizen.fill("#field-representative_position", "Direktur")
    citizen.fill("#field-address", kit.ADDRESS)
    citizen.fill("#field-phone", kit.PHONE)
    citizen.fill("#field-email", CITIZEN_MAIL)
    citizen.fill("#field-information", "Daftar penerima hibah usaha mikro tahun 2025")
    citizen.fill("#field-purpose", "Kajian kebijakan")
    citizen.check("#field-how_to_obtain-5")
    citizen.check("input[name=how_to_receive][value=email]")
    shot(citizen, "01-legal-entity")
    citizen.get_by_role("button", name="Kirim permohonan").click()
    citizen.wait_for_selector('[data-testid="tracking-code"]')
    ticket = citizen.inner_text('[data-testid="ticket"]').strip()
    code = citizen.inner_text('[data-testid="tracking-code"]').strip()
    assert kit.act("ppid_request_show", people.utama, ticket=ticket)["requester_type"] == \
        "legal_entity"
    run_jobs()
    sent_before = len(messages(mail_server))

    # 2. PPID Utama extends, then refuses citing the DIK entry
    officer_ctx, officer = login(browser, base, people.utama)
    officer.goto(f"{base}/ppid/admin/{ticket}")
    officer.locator("#form-extend summary").click()
    officer.fill("#field-extend-reason", "Data tersebar di tiga bidang dan perlu dihimpun")
    officer.locator("#form-extend button[type=submit]").click()
    officer.wait_for_load_state("networkidle")
    req = kit.act("ppid_request_show", people.utama, ticket=ticket)
    assert req["extended"] and "tiga bidang" in req["extension_reason"]
    decide(officer, base, ticket, decision="refused")
    shot(officer, "02-refused")
    req = kit.act("ppid_request_show", people.utama, ticket=ticket)
    assert req["decision"] == "refused" and req["dik_entry"] == dik_number

    run_jobs()
    mails = [(to, m) for to, m in messages(mail_server)[sent_before:] if CITIZEN_MAIL in to]
    texts = [body(m) for _to, m in mails]
    assert any("Data tersebar di tiga bidang" in t for t in texts), texts  # extension notice
    notice = [m for _to, m in mails if any(n.endswith(".pdf") for n in attachments(m))]
    assert notice, "the decision e-mail carries the notice PDF"
    pdf = next(v for n, v in attachments(notice[-1]).items() if n.endswith(".pdf"))
    assert ticket in pdf_text(pdf)

    # 3. the citizen objects on two grounds
    offered = kit.act("ppid_request_show", people.utama, ticket=ticket)["deadline"][
        "offered_grounds"]
    assert len(offered) >= 2, offered
    citizen.goto(base + "/ppid/keberatan/baru")
    citizen.fill("#field-ticket", ticket)
    citizen.fill("#field-tracking_code", code)
    for ground in offered[:2]:
        citizen.check(f"input[name=grounds][value='{ground}']")
    citizen.fill("textarea[name=reasons]", "Informasi ini bukan rahasia pribadi: penerima "
                                           "hibah adalah badan usaha.")
    shot(citizen, "03-objection")
    citizen.locator("form:has(#field-tracking_code) button[type=submit]").click()
    citizen.wait_for_load_state("networkidle")
    objections = kit.act("ppid_request_show", people.utama, ticket=ticket)["objections"]
    assert len(objections) == 1 and set(objections[0]["grounds"]) == set(offered[:2])
    number = objections[0]["number"]

    # 4. the Atasan PPID accepts; the request is decided again
    atasan_ctx, atasan = login(browser, base, people.atasan)
    atasan.goto(f"{base}/ppid/admin/keberatan/{number}")
    atasan.check("input[name=outcome][value=accepted]")
    atasan.fill("#field-reasons", "Penerima hibah badan usaha bukan data pribadi.")
    atasan.fill("#field-atasan_name", "Drs. Atasan")
    atasan.fill("#field-atasan_position", "Sekretaris Daerah")
    atasan.locator("form:has(#field-atasan_name) button[type=submit]").click()
    atasan.wait_for_load_state("networkidle")
    shot(atasan, "04-accepted")
    assert kit.act("ppid_request_show", people.utama, ticket=ticket)["status"] == "reopened"
    officer.goto(f"{base}/ppid/admin")
    assert ticket in officer.content()
    decide(officer, base, ticket, decision="granted",
           info_given="Daftar penerima hibah usaha mikro 2025 (PDF)")
    final = kit.act("ppid_request_show", people.utama, ticket=ticket)
    assert final["status"] == "decided" and final["decision"] == "granted"
    citizen.goto(base + "/ppid/lacak")
    citizen.fill("#field-ticket", ticket)
    citizen.fill("#field-tracking_code", code)
    citizen.locator("form[action$='/ppid/lacak'] button[type=submit]").click()
    citizen.wait_for_selector('[data-testid="status"]')
    assert "Ditolak" not in citizen.inner_text('[data-testid="status"]')
    shot(citizen, "05-decided-again")

    # 5. a second request: refused, objection rejected, the dispute bundle downloads
    second = kit.new_request()
    kit.act("ppid_request_decide", people.utama, ticket=second["ticket"], decision="refused",
            exemption_grounds=["17h"], dik_entry=dik_number)
    objection = kit.act("ppid_objection_create", None, ticket=second["ticket"],
                        tracking_code=second["tracking_code"], grounds=["35_1_a"],
                        reasons="Saya membutuhkan data ini")
    atasan.goto(f"{base}/ppid/admin/keberatan/{objection['number']}")
    atasan.check("input[name=outcome][value=rejected]")
    atasan.fill("#field-reasons", "Pengecualian berdasarkan uji konsekuensi tetap berlaku.")
    atasan.fill("#field-atasan_name", "Drs. Atasan")
    atasan.fill("#field-atasan_position", "Sekretaris Daerah")
    atasan.locator("form:has(#field-atasan_name) button[type=submit]").click()
    atasan.wait_for_load_state("networkidle")
    citizen.goto(base + "/ppid/lacak")
    citizen.fill("#field-ticket", second["ticket"])
    citizen.fill("#field-tracking_code", second["tracking_code"])
    citizen.locator("form[action$='/ppid/lacak'] button[type=submit]").click()
    citizen.wait_for_selector('[data-testid="status"]')
    link = citizen.locator("a[href$='/sengketa.pdf']").first
    with citizen.expect_download() as download:
        link.click()
    bundle = Path(download.value.path()).read_bytes()
    assert bundle.startswith(b"%PDF") and second["ticket"] in pdf_text(bundle)

    # 6. /ppid/dip lists and exports
    citizen.goto(base + "/ppid/dip")
    assert "Profil dan struktur organisasi Dinas Kominfo" in citizen.content()
    shot(citizen, "06-dip")
    with citizen.expect_download() as download:
        citizen.locator("a[href*='/ppid/dip.xlsx']").first.click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Profil dan struktur organisasi" in c for c in cells)

    # 7. the English pages are in English (and the Indonesian ones in Indonesian)
    for path, english, indonesian in (
            ("/ppid", "Public information service (PPID)", "Layanan informasi publik (PPID)"),
            ("/ppid/dip", "List of public information (DIP)", "Daftar Informasi Publik"),
            ("/ppid/standar-layanan", "Service standard", "Standar layanan")):
        citizen.goto(base + "/en" + path)
        assert citizen.inner_text("h1").strip() == english, path
        citizen.goto(base + path)
        assert citizen.inner_text("h1").strip() == indonesian, path
    for context in (citizen_ctx, officer_ctx, atasan_ctx):
        context.close()

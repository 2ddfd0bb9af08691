"""The zero-result loop in headless Chromium against the live portal (gunicorn on the test
ini, real PostgreSQL and Solr): an anonymous citizen searches for "wuta sastra" and finds
nothing; the walidata opens the zero-result page, clicks "add as synonym", pairs it with
"melek huruf" and saves; the same search now finds the literacy dataset, and opening it
marks the logged search as clicked. Screenshots go to var/screenshots/ for review."""
from __future__ import annotations

from pathlib import Path

import ckan.model as model
import pytest
from browser.test_accessibility import blocking_violations
from ckan.tests import factories
from pkl_factories import PASSWORD, SatuDataset
from ppid_ui.test_browser_walk import serve_site_from

from ckanext.pekalongan.search import solr_synonyms
from ckanext.pekalongan.search.model import SearchQuery, SearchSynonym

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LITERACY = "Angka Melek Huruf Penduduk Dewasa"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"search-{name}.png"), full_page=True)


def logged() -> list[tuple[str, int, bool]]:
    model.Session.expire_all()
    return [(r.query, r.result_count, r.clicked)
            for r in model.Session.query(SearchQuery).order_by(SearchQuery.id)]


@pytest.fixture
def no_synonyms():
    solr_synonyms.sync([])
    yield
    solr_synonyms.sync([])


@pytest.mark.browser
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "no_synonyms")
def test_a_missed_search_becomes_a_concept_pair_and_then_finds(live_portal, page, browser):
    base = live_portal
    dataset = SatuDataset(title=LITERACY)
    walidata = factories.Sysadmin(password=PASSWORD)

    # 1. an anonymous citizen searches with other words and finds nothing
    serve_site_from(page.context, base)
    page.goto(base + "/dataset/?q=wuta+sastra")
    assert page.locator(f"text={LITERACY}").count() == 0
    shot(page, "01-nothing-found")
    assert logged() == [("wuta sastra", 0, False)]

    # 2. the walidata opens the zero-result page and adds the pair from there
    # axe-core is injected as an inline script: the page's CSP would block it
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    serve_site_from(context, base)
    admin = context.new_page()
    admin.goto(base + "/user/login")
    admin.fill("#field-login", walidata["name"])
    admin.fill("#field-password", PASSWORD)
    with admin.expect_navigation():
        admin.locator("#field-password").press("Enter")
    admin.goto(base + "/ckan-admin/pencarian-nihil")
    table = admin.locator('[data-testid="missed-queries"]')
    assert "wuta sastra" in table.inner_text()
    shot(admin, "02-zero-result-page")
    assert blocking_violations(admin) == []
    with admin.expect_navigation():
        admin.get_by_role("link", name="Tambahkan sebagai sinonim").first.click()
    assert admin.input_value("#field-term_a") == "wuta sastra"
    admin.fill("#field-term_b", "melek huruf")
    shot(admin, "03-concept-pair-form")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Simpan pasangan").click()
    assert "Sudah diterapkan ke mesin pencari" in admin.content()
    assert "melek huruf" in admin.locator('[data-testid="synonym-pairs"]').inner_text()
    shot(admin, "04-concept-pair-saved")
    assert blocking_violations(admin) == []
    context.close()
    assert [(p.term_a, p.term_b) for p in model.Session.query(SearchSynonym)] == [
        ("wuta sastra", "melek huruf")]

    # 3. the same search now finds the dataset; opening it is counted, anonymously
    page.goto(base + "/dataset/?q=wuta+sastra")
    link = page.get_by_role("link", name=LITERACY)
    assert link.count() == 1
    shot(page, "05-found")
    assert page.locator('[data-testid="fuzzy-notice"]').count() == 0
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/dataset/{dataset['name']}")
    assert logged() == [("wuta sastra", 0, False), ("wuta sastra", 1, True)]

"""Dataset and resource pages on a cheap phone (390x844): what a citizen came for first.

At 390x844 in headless Chromium the dataset page shows its title, description, freshness
badge and the first resource's download link within the first screen; the resource page its
title and download button; the metadata table and the sidebar (organization, licence) come
after them. The desktop layout keeps the sidebar beside the content. Screenshots of both pages
on a phone are saved in var/screenshots/ (as tests/browser/test_accessibility.py does).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_accessibility import PHONE

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"
DESKTOP = {"width": 1366, "height": 768}

POSITIONS = """sels => Object.fromEntries(Object.entries(sels).map(([k, s]) => {
    const el = [...document.querySelectorAll(s)].find(e => e.getBoundingClientRect().height > 0);
    if (!el) return [k, null];
    const r = el.getBoundingClientRect();
    return [k, {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY,
                left: r.left, right: r.right}];
}))"""


@pytest.fixture(scope="module")
def urls(demo_site):
    import ckan.plugins.toolkit as tk

    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": DATASET})
    resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    return {"dataset": f"/dataset/{DATASET}",
            "resource": f"/dataset/{DATASET}/resource/{resource['id']}"}


def _open(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    assert page.get_attribute("html", "lang") == "id"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


@pytest.mark.browser
def test_dataset_page_on_a_phone_shows_title_description_freshness_and_download_first(
    live_portal, phone, urls
):
    _open(phone, live_portal + urls["dataset"])
    at = phone.evaluate(POSITIONS, {
        "title": ".primary h1", "notes": ".primary .notes", "fresh": ".pkl-dataset-status",
        "download": ".pkl-resource-download", "metadata": ".additional-info",
        "sidebar": "aside.secondary"})
    assert all(at.values()), at
    screen = PHONE["height"]
    assert at["title"]["bottom"] <= screen, at
    assert at["download"]["bottom"] <= screen, at
    assert at["title"]["top"] < at["notes"]["top"] < at["fresh"]["top"] < at["download"]["top"]
    assert at["download"]["bottom"] <= at["metadata"]["top"] <= at["sidebar"]["top"], at
    assert at["download"]["right"] <= PHONE["width"], at
    width = phone.evaluate("() => [document.documentElement.scrollWidth,"
                           " document.documentElement.clientWidth]")
    assert width[0] <= width[1], width  # no sideways scrolling
    link = phone.locator(".pkl-resource-download").first
    assert "/download" in (link.get_attribute("href") or "")
    _shot(phone, "portal-dataset-id-phone")


@pytest.mark.browser
def test_resource_page_on_a_phone_shows_title_and_download_first(live_portal, phone, urls):
    _open(phone, live_portal + urls["resource"])
    at = phone.evaluate(POSITIONS, {
        "title": ".module-resource h1", "download": ".module-resource .resource-url-analytics",
        "metadata": ".primary .additional-info, .primary table", "sidebar": "aside.secondary"})
    assert all(at.values()), at
    assert at["title"]["bottom"] <= PHONE["height"], at
    assert at["download"]["bottom"] <= PHONE["height"], at
    assert at["title"]["bottom"] <= at["metadata"]["top"] <= at["sidebar"]["top"], at
    _shot(phone, "portal-resource-id-phone")


@pytest.mark.browser
def test_desktop_dataset_page_keeps_the_sidebar_beside_the_content(live_portal, browser, urls):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        _open(page, live_portal + urls["dataset"])
        at = page.evaluate(POSITIONS, {"title": ".primary h1", "sidebar": "aside.secondary"})
        assert at["sidebar"]["right"] <= at["title"]["left"], at
        assert at["title"]["top"] < DESKTOP["height"], at
    finally:
        context.close()


@pytest.mark.browser
def test_skor_opd_on_a_phone_says_it_scrolls_and_keeps_the_opd_name_in_view(
    live_portal, phone, urls
):
    _open(phone, live_portal + "/skor-opd")
    hint = phone.locator(".pkl-scroll-hint")
    assert hint.is_visible()
    table = phone.evaluate("""() => {
        const box = document.querySelector('.pkl-scorecard-scroll');
        const name = document.querySelector('.pkl-scorecard tbody th');
        box.scrollLeft = 400;
        return {scrolls: box.scrollWidth > box.clientWidth, left: box.scrollLeft,
                nameLeft: name.getBoundingClientRect().left,
                boxLeft: box.getBoundingClientRect().left};
    }""")
    assert table["scrolls"] and table["left"] > 0, table
    assert abs(table["nameLeft"] - table["boxLeft"]) < 2, table  # sticky OPD column


@pytest.mark.browser
def test_the_phone_filter_overlay_covers_the_search_button(live_portal, phone, urls):
    _open(phone, live_portal + "/dataset/")
    phone.locator(".show-filters").first.click()
    assert "filters-modal" in (phone.get_attribute("body", "class") or "")
    covered = phone.evaluate("""() => [...document.querySelectorAll(
            '.search-form button[type=submit], .search-input button')]
        .filter(b => { const r = b.getBoundingClientRect();
                       return r.width > 0 && getComputedStyle(b).visibility !== 'hidden'; })
        .map(b => { const r = b.getBoundingClientRect();
                    const top = document.elementFromPoint(r.left + r.width / 2,
                                                          r.top + r.height / 2);
                    return b === top || b.contains(top); })""")
    assert True not in covered, covered


@pytest.mark.browser
def test_organization_cards_on_a_phone_break_no_word(live_portal, phone, urls):
    _open(phone, live_portal + "/organization/")
    broken = phone.evaluate("""() => [...document.querySelectorAll(
            '.media-heading, .media-description, .card-title')]
        .filter(el => { const s = getComputedStyle(el);
                        return s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere'; })
        .map(el => el.textContent.trim())""")
    assert broken == []
    cards = phone.evaluate("""() => [...document.querySelectorAll('.media-grid .media-item')]
        .slice(0, 3).map(el => el.getBoundingClientRect().width)""")
    assert cards and min(cards) > PHONE["width"] * 0.7, cards  # full-width cards
    _shot(phone, "portal-organizations-id-phone")

"""Public pages on a phone (390x844, #11): wide tables scroll and say so; the screenshots
of the dataset and resource pages in both languages.

A table wider than the phone's screen must sit in a box that scrolls sideways (the page
itself never does) with a visible hint that it scrolls (``.pkl-scroll-hint``). The dataset
and resource pages, in Indonesian and in English, show their title and download button in
the first screen; their screenshots are written to var/screenshots/dataset-phone-{id,en}.png
and resource-phone-{id,en}.png.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_accessibility import PHONE

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"
INDICATOR = "persentase-penduduk-miskin-2019-2024"

WIDE_TABLES = """() => {
    const vw = document.documentElement.clientWidth;
    const hints = [...document.querySelectorAll('.pkl-scroll-hint')]
        .filter(h => h.offsetParent !== null && h.getBoundingClientRect().height > 0);
    const tables = [];
    for (const t of document.querySelectorAll('table')) {
        const r = t.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;  // hidden (a closed <details>)
        let box = t.parentElement, scroller = null;
        while (box && box !== document.body) {
            if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                scroller = box; break;
            }
            box = box.parentElement;
        }
        const room = scroller ? scroller.clientWidth : vw;
        if (t.scrollWidth <= room + 1 && r.right <= vw + 1) continue;  // fits
        const s = scroller && scroller.getBoundingClientRect();
        let scrolls = false;
        if (scroller) {
            scroller.scrollLeft = 60;
            scrolls = scroller.scrollLeft > 0;
            scroller.scrollLeft = 0;
        }
        tables.push({table: (t.className || t.id || 'table'), scroller: !!scroller, scrolls,
                     inside: !!s && s.left >= -1 && s.right <= vw + 1,
                     hint: hints.some(h => !scroller || h.compareDocumentPosition(scroller)
                                            & Node.DOCUMENT_POSITION_FOLLOWING
                                            || scroller.contains(h))});
    }
    return {vw, pageWidth: document.documentElement.scrollWidth, tables};
}"""


@pytest.fixture(scope="module")
def urls(demo_site):
    import ckan.plugins.toolkit as tk

    site = {"ignore_auth": True}
    dataset = tk.get_action("package_show")(site, {"id": DATASET})
    resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    return {"dataset": f"/dataset/{DATASET}",
            "resource": f"/dataset/{DATASET}/resource/{resource['id']}",
            "opd": dataset["organization"]["name"]}


PUBLIC_PAGES = ["/skor-opd", "/skor-opd/{opd}", f"/capaian-pembangunan/{INDICATOR}",
                "/suara/statistik", "/ppid/dip", "/topik", "/", "/dataset/", "{dataset}",
                "{resource}", "/organization/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_wide_table_on_a_phone_scrolls_in_its_box_and_says_so(live_portal, phone, urls,
                                                                path):
    url = path.format(**urls)
    response = phone.goto(live_portal + url, wait_until="load")
    assert response is not None and response.status == 200, url
    found = phone.evaluate(WIDE_TABLES)
    assert found["pageWidth"] <= found["vw"], (url, found)  # the page never scrolls sideways
    for table in found["tables"]:
        assert table["scroller"] and table["scrolls"] and table["inside"], (url, table)
        assert table["hint"], (url, table)


@pytest.mark.browser
def test_skor_opd_of_one_opd_is_a_wide_table_with_a_hint(live_portal, phone, urls):
    """The check above is not vacuous: an OPD's own Skor OPD table is wider than a phone."""
    phone.goto(live_portal + f"/skor-opd/{urls['opd']}", wait_until="load")
    found = phone.evaluate(WIDE_TABLES)
    assert found["tables"], found
    assert phone.locator(".pkl-scroll-hint").first.is_visible()


POSITIONS = """sels => Object.fromEntries(Object.entries(sels).map(([k, s]) => {
    const el = [...document.querySelectorAll(s)].find(e => e.getBoundingClientRect().height > 0);
    if (!el) return [k, null];
    const r = el.getBoundingClientRect();
    return [k, {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}];
}))"""
FIRST_SCREEN = {
    "dataset": {"title": ".primary h1", "download": ".pkl-resource-download"},
    "resource": {"title": ".module-resource h1",
                 "download": ".module-resource .resource-url-analytics"},
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("kind", ["dataset", "resource"])
def test_dataset_and_resource_pages_on_a_phone_are_photographed(live_portal, phone, urls,
                                                                kind, lang):
    prefix = "" if lang == "id" else "/en"
    response = phone.goto(live_portal + prefix + urls[kind], wait_until="load")
    assert response is not None and response.status == 200
    assert phone.get_attribute("html", "lang") == lang
    at = phone.evaluate(POSITIONS, FIRST_SCREEN[kind])
    assert all(at.values()), at
    assert at["title"]["bottom"] <= PHONE["height"], at
    assert at["download"]["bottom"] <= PHONE["height"], at
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{kind}-phone-{lang}.png"
    path.unlink(missing_ok=True)
    phone.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

"""Page weight on a citizen's first visit (issue #14), checked in `make test` so that it
does not grow back.

The live portal serves the demo catalogue with a dataset's CSV in the DataStore and its
DataTables preview, behind a front that compresses as production's nginx does (the gzip
lines of docker/nginx.conf; tests/pkl_page_weight.py). Headless Chromium opens each page as
a first visit (new context, empty cache) and the bytes on the wire are summed from the
DevTools protocol. The home, dataset and search pages stay within 500 kB on a phone and a
desktop, the resource page with its preview within 800 kB; no page loads a script, style,
font or picture that it does not use (the preview's DataTables only inside the preview's
frame, the DataStore's scripts only on the resource page, no brand-logo font, no format
icon sprite, no moment locales other than the site's, CKAN's icon font only as the cut of
the icons the portal uses). `make bench` prints the full table
(tests/bench/test_page_weight_bench.py).
"""
from __future__ import annotations

import re
import urllib.request

import pytest
from pkl_page_weight import DESKTOP, PHONE, GzipFront, first_visit, preview_site

pytestmark = pytest.mark.browser

BUDGET = {"home": 500_000, "dataset": 500_000, "search": 500_000, "resource": 800_000}
# What no public page needs outside a preview frame (path fragments of the files).
NEVER = {
    "DataTables (the preview's, in its frame only)": "datatablesview",
    # d3 as a file name only: "/d3" alone also begins a resource id such as /resource/d36d...
    "Recline / Leaflet / chart libraries": r"recline|leaflet|chart\.js|plotly|vega|/d3[./-]",
    "jQuery UI (reordering, file upload: editors' pages)": r"jquery\.ui|_reorder|_fileupload",
    "Font Awesome's brand font (two share icons)": "fa-brands",
    "CKAN's format icon sprite (186 kB)": "sprite-resource-icons",
    "Font Awesome's whole solid font (156 kB; the theme's cut serves)": r"fa-solid-900\.woff2",
}
# What only the resource page needs (the Data API button, the view filters).
RESOURCE_ONLY = r"ckanext_datastore|_qs\.js|view-filters"


@pytest.fixture(scope="module")
def pages(demo_site):
    yield from preview_site(demo_site)


@pytest.fixture(scope="module")
def visits(live_portal, browser, pages):
    """Every measured first visit: {(page, viewport): measurement}."""
    plan = [("home", PHONE), ("home", DESKTOP), ("dataset", PHONE), ("dataset", DESKTOP),
            ("search", DESKTOP), ("resource", DESKTOP)]
    with GzipFront(live_portal) as front:
        return {(name, vp["width"]): first_visit(browser, live_portal + pages[name], vp,
                                                 through=front.url)
                for name, vp in plan}


def _sizes(m: dict) -> str:
    return ", ".join(f"{f['path']} {f['bytes']}" for f in m["files"][:8])


def test_first_visit_stays_within_the_budget(visits):
    for (name, width), m in visits.items():
        assert m["status"] == 200, (name, width)
        assert m["by_kind"]["js"] > 0 and m["by_kind"]["css"] > 0, (name, m["by_kind"])
        assert m["total"] <= BUDGET[name], (
            f"{name} at {width} px: {m['total']} bytes > {BUDGET[name]}: {_sizes(m)}")


def test_text_arrives_compressed(visits):
    """Scripts, styles and pages over nginx's gzip_min_length arrive gzipped (CKAN serves
    scripts as text/javascript, which nginx.conf must list)."""
    plain = [(f["path"], f["bytes"]) for m in visits.values() for f in m["files"]
             if f["kind"] in ("js", "css", "html") and f["status"] == 200
             and f["bytes"] > 2000 and f["encoding"] != "gzip"]
    assert not plain, plain


def test_no_page_loads_what_it_does_not_use(visits, pages):
    wrong = []
    for (name, width), m in visits.items():
        for f in m["files"]:
            in_frame = f["document"] not in ("", pages[name].split("?")[0])
            for what, pattern in NEVER.items():
                if re.search(pattern, f["path"]) and not (name == "resource" and in_frame
                                                          and "DataTables" in what):
                    wrong.append((name, width, what, f["path"]))
            if name != "resource" and re.search(RESOURCE_ONLY, f["path"]):
                wrong.append((name, width, "resource page only", f["path"]))
            if f["status"] >= 400 and not in_frame:
                wrong.append((name, width, f"HTTP {f['status']}", f["path"]))
    assert not wrong, wrong


def test_the_preview_loads_its_scripts_in_its_frame_only(visits, pages):
    files = visits[("resource", DESKTOP["width"])]["files"]
    datatables = [f for f in files if "datatablesview" in f["path"] and f["kind"] == "js"]
    assert datatables, "the preview frame was not loaded"
    assert all("/view/" in f["document"] for f in datatables), datatables
    home = visits[("home", DESKTOP["width"])]["files"]
    assert not [f for f in home if "/view/" in f["document"]]


def test_moment_carries_only_the_sites_locales(live_portal, visits, page):
    """CKAN's vendor bundle without moment's 130 foreign locales: still dates in
    Indonesian and English."""
    vendor = [f["path"] for f in visits[("home", DESKTOP["width"])]["files"]
              if f["path"].endswith("_vendor.js")]
    assert len(vendor) == 1, vendor
    with urllib.request.urlopen(live_portal + vendor[0], timeout=30) as r:
        script = r.read().decode()
    assert "defineLocale('id'," in script
    assert not re.search(r"defineLocale\('(fr|de|ja|zh-tw)',", script)
    page.goto(live_portal + "/", wait_until="load")
    assert page.evaluate("() => moment('2024-03-05').locale('id').format('LL')") == "5 Maret 2024"
    assert page.evaluate("() => moment('2024-03-05').locale('en').format('LL')") == "March 5, 2024"
    assert page.evaluate("() => typeof jQuery.fn.select2 + typeof DOMPurify + typeof Jed") == (
        "function" + "function" + "function")


def test_icons_come_from_the_cut_font(live_portal, visits, page):
    """The icons of the page are drawn from the subset (config/icon_font.py); an icon it
    lacks would make the browser fetch CKAN's whole font (not loaded here)."""
    files = [f["path"] for f in visits[("home", DESKTOP["width"])]["files"]]
    assert any(p.endswith("/pekalongan/fonts/fa-solid-900-subset.woff2") for p in files), files
    page.goto(live_portal + "/dataset/", wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    faces = page.evaluate("""() => [...document.fonts]
        .filter(f => f.family.replace(/["']/g, '') === 'Font Awesome 6 Free' && f.weight === '900')
        .map(f => [f.status, f.unicodeRange])""")
    loaded = [r for status, r in faces if status == "loaded"]
    # the cut (its unicode-range lists its glyphs) is used; CKAN's whole face stays unloaded
    assert len(loaded) == 1 and "U+F002" in loaded[0].upper(), faces
    assert len(faces) >= 2, faces
    glyph = page.evaluate("""() => {
        const i = document.querySelector('.fa-search, .fa-magnifying-glass');
        return i && i.getBoundingClientRect().width; }""")
    assert glyph and glyph > 5, glyph


def test_format_badges_and_share_links_show_text_not_pictures(live_portal, page, pages):
    page.goto(live_portal + pages["dataset"], wait_until="load")
    badge = page.locator(".resource-item .format-label").first
    assert badge.inner_text().strip().upper() == "CSV"
    assert page.evaluate("el => getComputedStyle(el).backgroundImage", badge.element_handle()) \
        == "none"
    box = badge.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, box
    share = page.locator("section.social a")
    assert share.count() == 2
    assert page.locator("section.social .fa-brands").count() == 0

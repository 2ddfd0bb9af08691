"""The table preview (ckanext-datatablesview) of a resource page on a phone (390x844, #11).

In headless Chromium, on the resource page of a dataset whose CSV is in the DataStore:
the preview's controls (buttons, page length, search box, row count, pages) do not overlap
one another, the DataStore's internal ``_id`` column is not shown, numbers are written the
Indonesian way (1.002.581, not 1'002'581 or 1,002,581; in English 1,002,581) and no request
of the page or of the preview fails (no missing icon, also once the search box shows its
clear button). A screenshot lands in var/screenshots/.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DATASET = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"
PHONE = {"width": 390, "height": 844}

CONTROLS = """() => {
    const sels = ['.dt-buttons', '.dataTables_length', '.dataTables_filter',
                  '.dataTables_info', '.dataTables_paginate', '.dataTables_scroll'];
    return sels.flatMap(s => [...document.querySelectorAll(s)].map(el => {
        const r = el.getBoundingClientRect();
        return {sel: s, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                width: r.width, height: r.height};
    })).filter(b => b.width > 0 && b.height > 0);
}"""


@pytest.fixture(scope="module")
def resource_page(demo_site):
    """The dataset's CSV resource with its rows in the DataStore and a table view."""
    import ckan.plugins.toolkit as tk

    # as the site user (created if a reset removed it): the view's activity names a user
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    site = {"ignore_auth": True, "user": user}
    dataset = tk.get_action("package_show")(site, {"id": DATASET})
    resource = next(r for r in dataset["resources"] if r["format"] == "CSV")
    rows = list(csv.DictReader(io.StringIO(demo_site[DATASET]["csv"])))
    tk.get_action("datastore_create")(site, {
        "resource_id": resource["id"], "force": True, "records": rows,
        "fields": [{"id": column, "type": "int"} for column in rows[0]]})
    views = tk.get_action("resource_view_list")(site, {"id": resource["id"]})
    created = None
    if not any(v["view_type"] == "datatables_view" for v in views):
        created = tk.get_action("resource_view_create")(site, {
            "resource_id": resource["id"], "view_type": "datatables_view",
            "title": "Tabel"})
    try:
        yield f"/dataset/{DATASET}/resource/{resource['id']}"
    finally:
        if created:
            tk.get_action("resource_view_delete")(site, {"id": created["id"]})
        tk.get_action("datastore_delete")(site, {"resource_id": resource["id"], "force": True})


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1)


def _table_frame(page):
    page.wait_for_selector("iframe")
    for _ in range(100):
        frames = [f for f in page.frames if "/view/" in f.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(100)
    raise AssertionError("the resource page has no table preview")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
def test_table_preview_on_a_phone(live_portal, browser, resource_page, lang):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    failed = []
    try:
        page = context.new_page()
        page.on("requestfailed", lambda r: failed.append(("failed", r.url)))
        page.on("response", lambda r: r.status >= 400 and failed.append((r.status, r.url)))
        prefix = "" if lang == "id" else "/en"
        response = page.goto(live_portal + prefix + resource_page, wait_until="load")
        assert response.status == 200
        frame = _table_frame(page)
        frame.wait_for_selector("#dtprv tbody td:not(.dataTables_empty)", timeout=20_000)
        page.wait_for_load_state("networkidle")

        headers = frame.evaluate("""() => [...document.querySelectorAll(
            '.dataTables_scrollHead thead tr:first-child th, #dtprv thead tr:first-child th')]
            .filter(th => th.getBoundingClientRect().width > 0)
            .map(th => th.innerText.trim())""")
        assert headers, "no column header shown"
        assert not [h for h in headers if "_id" in h], headers
        assert any("jumlah" in h for h in headers), headers

        cells = frame.evaluate("""() => [...document.querySelectorAll('#dtprv tbody td')]
            .filter(td => td.getBoundingClientRect().width > 0)
            .map(td => td.innerText.trim())""")
        big = "1.002.581" if lang == "id" else "1,002,581"  # the 2024 population
        assert big in cells, cells
        assert not [c for c in cells if "'" in c], cells
        assert "2024" in cells and "2.024" not in cells and "2,024" not in cells, cells  # a year
        shown = frame.inner_text("#dtprv_wrapper")
        assert "_id" not in shown, shown  # not in the sort line either

        boxes = frame.evaluate(CONTROLS)
        found = {b["sel"] for b in boxes}
        assert {".dataTables_filter", ".dataTables_info", ".dataTables_paginate"} <= found, boxes
        width = frame.evaluate("() => document.documentElement.clientWidth")
        for i, a in enumerate(boxes):
            inside = a["left"] >= -1 and a["right"] <= width + 1
            assert inside or a["sel"] == ".dataTables_scroll", a
            for b in boxes[i + 1:]:
                assert not _overlap(a, b), (a["sel"], b["sel"], boxes)
        # typing in the search box shows its clear button (an icon) and filters the rows
        before = frame.inner_text(".dataTables_info")
        frame.fill(".dataTables_filter input", "2024")
        frame.press(".dataTables_filter input", "Enter")  # the plugin searches on Enter
        frame.wait_for_function("b => document.querySelector('.dataTables_info').innerText != b",
                                arg=before)
        page.wait_for_load_state("networkidle")
        assert not failed, failed
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"table-preview-phone-{lang}.png"), full_page=True)
    finally:
        context.close()

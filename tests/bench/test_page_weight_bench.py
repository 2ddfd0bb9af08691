"""Page weight benchmark (issue #14): what a citizen's browser downloads on a first visit.

Runs only with PEKALONGAN_BENCH=1 (`make bench`). The live portal (gunicorn on the test site)
serves the demo catalogue with a dataset's CSV in the DataStore and its DataTables preview;
a compressing front (tests/pkl_page_weight.py, the gzip settings of docker/nginx.conf, as
production's nginx) stands before it. Headless Chromium opens the home page, a dataset page,
its CSV resource page (with the preview) and the search page as a first visit (new context,
empty cache) on a phone (390x844) and a desktop (1366x768), and the bytes transferred
(compressed, from the DevTools protocol's ``Network.loadingFinished``) are summed by kind.
The table is printed and written to var/bench/page-weight.md, the largest files of each page
too. Goal (asserted): home and dataset page <= 500 kB (``PEKALONGAN_BENCH_PAGE_KB``).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pkl_page_weight import DESKTOP, PHONE, GzipFront, first_visit, preview_site, table

pytestmark = [pytest.mark.bench, pytest.mark.browser]

OUT = Path(__file__).resolve().parents[2] / "var" / "bench" / "page-weight.md"
BUDGET_KB = float(os.environ.get("PEKALONGAN_BENCH_PAGE_KB", "500"))
VIEWPORTS = {"390x844": PHONE, "1366x768": DESKTOP}


@pytest.fixture(scope="module")
def pages(demo_site):
    yield from preview_site(demo_site)


def _line(f: dict, page: str) -> str:
    notes = [n for n in (f["encoding"], f"HTTP {f['status']}" if f["status"] != 200 else "",
                         "in the preview frame" if f["document"] not in ("", page.split("?")[0])
                         else "") if n]
    return (f"- {f['kind']} `{f['path']}` {f['bytes'] / 1000:.1f} kB"
            + (f" ({', '.join(notes)})" if notes else ""))


def test_first_visit_page_weight(live_portal, browser, pages):
    rows, details = [], []
    with GzipFront(live_portal) as front:
        for name, path in pages.items():
            for label, viewport in VIEWPORTS.items():
                m = first_visit(browser, live_portal + path, viewport, through=front.url)
                assert m["status"] == 200, (name, m["status"])
                rows.append((name, label, m))
                if label == "1366x768":
                    details.append(f"\n**{name}** ({path}, 1366x768), every file:\n\n"
                                   + "\n".join(_line(f, path) for f in m["files"]))
    report = table(rows)
    print("\n" + report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        f"# Page weight, first visit ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)\n\n"
        "Bytes transferred (compressed as docker/nginx.conf compresses; kB = 1000 bytes),\n"
        "headless Chromium, new context, empty cache. "
        "`make bench` (tests/bench/test_page_weight_bench.py)\n\n"
        + report + "\n" + "\n".join(details) + "\n")
    over = [(n, v, round(m["total"] / 1000, 1)) for n, v, m in rows
            if n in ("home", "dataset") and m["total"] > BUDGET_KB * 1000]
    assert not over, f"over {BUDGET_KB} kB: {over}"

"""The embeddable indicator widget (issue 13) in headless Chromium: a plain HTML page of
another site frames ``/capaian-pembangunan/<name>/widget`` and shows the card (value,
target status, rank, chart) without any portal script; the portal's other pages refuse to
be framed by another site. The indicator page on a phone (390x844) shows value, target
status and rank, and passes axe-core."""
from __future__ import annotations

import io
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from pkl_factories import Opd, SatuDataset
from werkzeug.datastructures import FileStorage

from ckanext.pekalongan.theme import indicator_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from test_accessibility import blocking_violations, describe  # noqa: E402

DATA = "tahun,persen\n2022,9.67\n2023,9.51\n2024,9.12\n"
TARGETS = "tahun,target,arah\n2023,9.6,turun\n2024,9.0,turun\n"


def _comparison() -> str:
    rows = ["kode_wilayah,tahun,nilai"]
    for i, code in enumerate(sorted(indicator_data.regions())):
        rows.append(f"{code},2024,{9.12 if code == '33.26' else 3 + i * 0.3}")
    return "\n".join(rows) + "\n"


def _upload(user, package_id, name, text):
    return call_action("resource_create", context={"user": user}, package_id=package_id,
                       name=name, format="CSV", url=f"{name}.csv",
                       upload=FileStorage(io.BytesIO(text.encode()), f"{name}.csv",
                                          content_type="text/csv"))


@pytest.fixture
def indicator(with_plugins, clean_db, clean_index):
    sysadmin = factories.Sysadmin()
    org = Opd(name="bappeda-widget", title="Bappeda Widget")
    pkg = SatuDataset(name="kemiskinan-widget", title="Persentase Penduduk Miskin Widget",
                      owner_org=org["id"], satuan="persen", indikator_capaian=True,
                      indikator_kolom_nilai="persen")
    for name, text in (("data", DATA), ("target", TARGETS), ("jateng", _comparison())):
        _upload(sysadmin["name"], pkg["id"], name, text)
    return pkg


@pytest.fixture
def other_site():
    """A plain HTTP server on a port the system picks: another site's news page."""
    servers = []

    def serve(body: bytes) -> str:
        class Page(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", 0), Page)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/berita.html"

    yield serve
    for server in servers:
        server.shutdown()


def test_widget_renders_inside_an_iframe_of_another_page(live_portal, browser, indicator,
                                                          tmp_path, other_site):
    widget = f"{live_portal}/capaian-pembangunan/kemiskinan-widget/widget"
    framed_page = f"{live_portal}/capaian-pembangunan/kemiskinan-widget"
    host = tmp_path / "berita.html"  # served by another site (origin) over http
    host.write_text(
        "<!DOCTYPE html><html lang='id'><head><title>Berita</title></head><body>"
        "<h1>Berita Kabupaten</h1>"
        f"<iframe id='w' src='{widget}' width='400' height='560' title='Capaian'></iframe>"
        f"<iframe id='p' src='{framed_page}' width='400' height='300' title='Halaman'>"
        "</iframe></body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(other_site(host.read_bytes()), wait_until="load")
    frame = page.frame_locator("#w")
    status = frame.locator("p.pkl-indicator-status")
    status.wait_for(timeout=20000)
    assert status.inner_text().startswith("Target 2024 belum tercapai")
    assert frame.locator("strong", has_text="9,12").count() == 1
    assert frame.locator("p.pkl-indicator-rank").inner_text().startswith(
        "Peringkat 22 dari 35 di Jawa Tengah (2024)")
    assert frame.locator("svg[role=img]").count() == 1
    assert scripts == []  # the widget loads no script at all
    # the full page of the portal is not shown inside another site's frame
    inner = next((f for f in page.frames if f.url.startswith(framed_page)
                  and not f.url.endswith("/widget")), None)
    assert inner is None or "Posisi di Jawa Tengah" not in (inner.content() or "")
    context.close()


def test_indicator_page_on_a_phone_shows_the_card_and_passes_axe(live_portal, browser,
                                                                  indicator):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    response = page.goto(f"{live_portal}/capaian-pembangunan/kemiskinan-widget",
                         wait_until="load")
    assert response is not None and response.status == 200
    card = page.locator("article.pkl-indicator")
    assert "9,12" in card.inner_text()
    assert "Target 2024 belum tercapai" in card.inner_text()
    assert "Peringkat 22 dari 35" in card.inner_text()
    # the chart fits the phone's width
    box = page.locator("article.pkl-indicator svg").first.bounding_box()
    assert box and box["width"] <= 390
    shots = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "resonansi-indicator-phone.png"), full_page=True)
    violations = blocking_violations(page)
    assert violations == [], describe("indicator", page.url, violations)
    context.close()

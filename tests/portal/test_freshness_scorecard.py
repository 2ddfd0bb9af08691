"""Freshness badges (dataset page, search results) and the OPD scorecard (pages, sorting,
CSV export, API) through the real web app, in Bahasa Indonesia and English.

One module-scoped catalogue, only read by the tests: OPD "Dinas Segar" with an overdue,
an up-to-date (recently uploaded) and an irregular dataset, OPD "Dinas Lambat" with one
dataset in XLSX, not verified, with an incomplete metadata, and OPD "Kecamatan Kosong"
without datasets.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from ckan.tests import factories
from pkl_factories import Opd, SatuDataset


@pytest.fixture(scope="module")
def catalogue(pytestconfig, reset_db, migrate_db_for, reset_index):
    from ckan import plugins
    from pkl_search import commit_index, empty_database

    from ckanext.pekalongan.theme import download_store

    plugins.load_all()
    empty_database(pytestconfig, reset_db, migrate_db_for)
    reset_index()

    segar = Opd(name="dinas-segar", title="Dinas Segar")
    lambat = Opd(name="dinas-lambat", title="Dinas Lambat")
    Opd(name="kecamatan-kosong", title="Kecamatan Kosong")
    full = {"walidata": "Diskominfo", "contact_name": "Seksi Data",
            "contact_email": "data@pekalongankab.go.id", "konsep_definisi": "Konsep.",
            "klasifikasi": "Kecamatan", "cakupan": "kabupaten", "kode_wilayah": ["33.26"],
            "metode_pengumpulan": "administrasi", "sumber_data": "SIAK",
            "status_verifikasi": "terverifikasi", "tags": [{"name": "uji"}]}
    basi = SatuDataset(name="data-basi", title="Data Basi", owner_org=segar["id"],
                       frekuensi="tahunan", **full)
    baru = SatuDataset(name="data-baru", title="Data Baru", owner_org=segar["id"],
                       frekuensi="bulanan", **full)
    acak = SatuDataset(name="data-acak", title="Data Acak", owner_org=segar["id"],
                       frekuensi="tidak_tentu", **full)
    excel = SatuDataset(name="data-excel", title="Data Excel", owner_org=lambat["id"],
                        frekuensi="tahunan", status_verifikasi="belum_diverifikasi")
    factories.Resource(package_id=basi["id"], url="http://x.example.id/a.csv", format="CSV",
                       last_modified="2020-01-15T00:00:00")
    new = factories.Resource(package_id=baru["id"], url="http://x.example.id/b.json",
                             format="JSON", last_modified=dt.datetime.utcnow().isoformat())
    factories.Resource(package_id=acak["id"], url="http://x.example.id/c.csv", format="CSV")
    xlsx = factories.Resource(package_id=excel["id"], url="http://x.example.id/d.xlsx",
                              format="XLSX")
    today = dt.date.today()
    for _ in range(4):
        download_store.record(xlsx["id"], today)
    download_store.record(new["id"], today)
    commit_index()
    return {"segar": segar, "lambat": lambat}


def _text(app, url, status=200):
    return app.get(url, status=status).get_data(as_text=True)


def test_dataset_page_shows_the_freshness_badge_in_both_languages(app, catalogue):
    page = _text(app, "/dataset/data-basi")
    assert re.search(r'data-freshness="terlambat"[^>]*>Terlambat</span>', page)
    assert "Pembaruan data terakhir:" in page
    assert re.search(r'data-freshness="terlambat"[^>]*>Overdue</span>',
                     _text(app, "/en/dataset/data-basi"))
    assert re.search(r'data-freshness="mutakhir"[^>]*>Mutakhir</span>',
                     _text(app, "/dataset/data-baru"))
    assert "data-freshness" not in _text(app, "/dataset/data-acak")  # irregular: no badge


def test_search_results_carry_the_badges(app, catalogue):
    page = _text(app, "/dataset/?q=data")
    headings = re.findall(r'href="/dataset/(data-[a-z]+)" title=[^>]*>(.*?)</h2>', page, re.S)
    states = {name: "".join(re.findall(r'data-freshness="([a-z_]+)"', rest))
              for name, rest in headings}
    assert states == {"data-basi": "terlambat", "data-baru": "mutakhir", "data-acak": "",
                      "data-excel": "mutakhir"}
    assert ">Up to date<" in _text(app, "/en/dataset/?q=data")


def _rows(page):
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [re.sub(r"<[^>]+>|&nbsp;", " ", tr).split()
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_scorecard_lists_every_opd_with_its_shares(app, catalogue):
    page = _text(app, "/skor-opd")
    assert "<h1>Skor OPD</h1>" in page
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=nama', page)
    rows = _rows(page)
    assert [r[:2] for r in rows] == [["Dinas", "Lambat"], ["Dinas", "Segar"],
                                     ["Kecamatan", "Kosong"]]
    # Dinas Segar: 3 datasets; up to date 1 of 2 scheduled; all verified, complete, open
    # (the Suara Masyarakat columns follow: tests/suara_stats)
    assert rows[1][2:12] == ["3", "50", "%", "100", "%", "100", "%", "100", "%", "1"]
    # Dinas Lambat: incomplete, unverified XLSX, 4 downloads
    assert rows[0][2:12] == ["1", "100", "%", "0", "%", "0", "%", "0", "%", "4"]
    assert rows[2][2] == "0" and "Tidak ada yang dapat diukur" in page

    english = _text(app, "/en/skor-opd")
    assert "<h1>OPD scorecard</h1>" in english and "Verified by the walidata" in english


def test_scorecard_sorts_on_the_server(app, catalogue):
    page = _text(app, "/skor-opd?sort=unduhan&order=desc")
    assert [r[1] for r in _rows(page)] == ["Lambat", "Segar", "Kosong"]
    assert re.search(
        r'aria-sort="descending" class="num">\s*<a href="[^"]*sort=unduhan&amp;order=asc', page)
    page = _text(app, "/skor-opd?sort=terverifikasi&order=asc")
    assert [r[1] for r in _rows(page)] == ["Lambat", "Segar", "Kosong"]  # empty share last
    page = _text(app, "/skor-opd?sort=terverifikasi&order=desc")
    assert [r[1] for r in _rows(page)] == ["Segar", "Lambat", "Kosong"]
    # a hand-made bad parameter falls back to the default order
    assert [r[1] for r in _rows(_text(app, "/skor-opd?sort=hack"))] == [
        "Lambat", "Segar", "Kosong"]


def test_scorecard_csv_holds_the_same_figures(app, catalogue):
    res = app.get("/skor-opd.csv?sort=unduhan&order=desc")
    assert res.status_code == 200
    assert res.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in res.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(res.data.decode("utf-8"))))
    # the first eight columns; the Suara Masyarakat ones follow (tests/suara_stats)
    assert rows[0][:8] == ["OPD", "ID OPD", "Jumlah Dataset", "Mutakhir (%)",
                           "Terverifikasi Walidata (%)", "Metadata Lengkap (%)",
                           "Format Terbuka (%)", "Jumlah Unduhan"]
    assert [r[:8] for r in rows[1:]] == [
        ["Dinas Lambat", "dinas-lambat", "1", "100.0", "0.0", "0.0", "0.0", "4"],
        ["Dinas Segar", "dinas-segar", "3", "50.0", "100.0", "100.0", "100.0", "1"],
        ["Kecamatan Kosong", "kecamatan-kosong", "0", "", "", "", "", "0"],
    ]


def test_opd_page_lists_its_datasets(app, catalogue):
    page = _text(app, "/skor-opd/dinas-segar?sort=status&order=asc")
    assert "Skor OPD: Dinas Segar" in page
    assert [r[1] for r in _rows(page)] == ["Basi", "Baru", "Acak"]  # overdue first
    assert "Tidak terjadwal" in page
    assert "OPD scorecard: Dinas Segar" in _text(app, "/en/skor-opd/dinas-segar")
    _text(app, "/skor-opd/tidak-ada", status=404)
    # each organization page links to its scorecard
    assert 'href="/skor-opd/dinas-segar"' in _text(app, "/organization/dinas-segar")
    assert 'href="/skor-opd"' in _text(app, "/")


def test_scorecard_action(app, catalogue):
    body = app.get("/api/3/action/pekalongan_scorecard",
                   query_string={"organization": "dinas-lambat"}).json["result"]
    assert body["organization"]["downloads"] == 4
    assert body["datasets"][0]["name"] == "data-excel"
    assert "konsep_definisi" in body["datasets"][0]["missing_fields"]
    assert body["datasets"][0]["format_terbuka"] is False
    everything = app.get("/api/3/action/pekalongan_scorecard").json["result"]
    assert everything["summary"]["datasets"] == 4
    assert len(everything["organizations"]) == 3
    error = app.get("/api/3/action/pekalongan_scorecard", query_string={"sort": "hack"},
                    status=409).json["error"]
    assert "sort" in error
    app.get("/api/3/action/pekalongan_scorecard", query_string={"organization": "nope"},
            status=404)

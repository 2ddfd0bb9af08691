"""The OPD scorecard's pure rules: completeness, open formats, shares, sorting, CSV."""
from __future__ import annotations

import csv
import datetime as dt
import io

from ckanext.pekalongan.theme import scorecard as s

TODAY = dt.date(2026, 11, 29)


def complete_pkg(**over):
    pkg = {
        "name": "data-a", "title": "Data A", "notes": "n", "topik": "kesehatan",
        "walidata": "Diskominfo", "contact_name": "Seksi", "contact_email": "a@b.id",
        "konsep_definisi": "k", "satuan": "jiwa", "klasifikasi": "kecamatan",
        "frekuensi": "tahunan", "tahun": 2025, "cakupan": "kabupaten",
        "kode_wilayah": ["33.26"], "metode_pengumpulan": "survei", "sumber_data": "s",
        "license_id": "cc-by", "status_verifikasi": "terverifikasi",
        "tags": [{"name": "x"}], "organization": {"name": "dinkes"},
        "resources": [{"format": "CSV", "last_modified": "2026-10-01T00:00:00"}],
    }
    pkg.update(over)
    return pkg


def test_complete_needs_every_recommended_field_a_tag_and_a_file():
    assert s.is_complete(complete_pkg())
    assert s.missing_fields(complete_pkg(konsep_definisi="  ")) == ["konsep_definisi"]
    assert s.missing_fields(complete_pkg(kode_wilayah=[])) == ["kode_wilayah"]
    assert s.missing_fields(complete_pkg(tags=[], resources=[])) == ["tags", "resources"]


def test_open_formats_are_machine_readable_and_non_proprietary():
    assert s.has_open_format(complete_pkg())
    assert not s.has_open_format(complete_pkg(resources=[{"format": "XLSX"}, {"format": "PDF"}]))
    assert s.has_open_format(complete_pkg(resources=[{"format": "", "url": "http://x/a.json"}]))
    assert s.is_open_format(".geojson")
    assert not s.has_open_format(complete_pkg(resources=[{"format": "CSV", "state": "deleted"}]))


def test_opd_rows_give_shares_and_keep_opds_without_datasets():
    rows = [
        s.dataset_row(complete_pkg(), TODAY, 7),
        s.dataset_row(complete_pkg(name="b", title="B", status_verifikasi="belum_diverifikasi",
                                   resources=[{"format": "XLSX",
                                               "last_modified": "2020-01-01T00:00:00"}]),
                      TODAY, 3),
        s.dataset_row(complete_pkg(name="c", title="C", frekuensi="tidak_tentu"), TODAY),
    ]
    orgs = [{"name": "dinkes", "title": "Dinas Kesehatan"}, {"name": "kosong", "title": "Kosong"}]
    dinkes, kosong = s.opd_rows(orgs, rows)
    assert dinkes["datasets"] == 3
    assert dinkes["mutakhir"] == 50.0  # the irregular dataset is not scheduled
    assert dinkes["terverifikasi"] == 66.7
    assert dinkes["lengkap"] == 100.0
    assert dinkes["format_terbuka"] == 66.7
    assert dinkes["downloads"] == 10
    assert kosong == {"name": "kosong", "title": "Kosong", "datasets": 0, "scheduled": 0,
                      "mutakhir": None, "terverifikasi": None, "lengkap": None,
                      "format_terbuka": None, "downloads": 0}


def test_sort_puts_empty_shares_last_in_both_orders():
    rows = [{"title": "B", "mutakhir": 10.0}, {"title": "A", "mutakhir": None},
            {"title": "C", "mutakhir": 90.0}]
    assert [r["title"] for r in s.sort_rows(rows, "mutakhir", "desc")] == ["C", "B", "A"]
    assert [r["title"] for r in s.sort_rows(rows, "mutakhir", "asc")] == ["B", "C", "A"]
    assert [r["title"] for r in s.sort_rows(rows, "nama", "desc")] == ["C", "B", "A"]


def test_dataset_sort_by_state_puts_overdue_first():
    rows = [{"title": "x", "freshness": "mutakhir"}, {"title": "y", "freshness": "terlambat"},
            {"title": "z", "freshness": "tidak_terjadwal"}]
    assert [r["title"] for r in s.sort_rows(rows, "status", "asc", datasets=True)] == [
        "y", "x", "z"]


def test_unknown_sort_falls_back_to_name_and_default_order():
    assert s.normalise_sort("bogus", "sideways", s.OPD_SORTS) == ("nama", "asc")
    assert s.normalise_sort("unduhan", None, s.OPD_SORTS) == ("unduhan", "desc")
    assert s.normalise_sort("unduhan", "asc", s.OPD_SORTS) == ("unduhan", "asc")


def test_csv_has_indonesian_headers_and_the_same_figures():
    rows = [{"name": "dinkes", "title": "Dinas Kesehatan, RSUD", "datasets": 3,
             "mutakhir": 50.0, "terverifikasi": 66.7, "lengkap": 100.0,
             "format_terbuka": None, "downloads": 10}]
    text = s.to_csv(rows)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["OPD", "ID OPD", "Jumlah Dataset", "Mutakhir (%)",
                         "Terverifikasi Walidata (%)", "Metadata Lengkap (%)",
                         "Format Terbuka (%)", "Jumlah Unduhan"]
    assert parsed[1] == ["Dinas Kesehatan, RSUD", "dinkes", "3", "50.0", "66.7", "100.0", "",
                         "10"]


def test_suara_columns_join_by_opd_name_and_follow_in_the_csv():
    rows = [{"name": "dinkes", "title": "Dinas Kesehatan", "datasets": 1, "mutakhir": None,
             "terverifikasi": None, "lengkap": None, "format_terbuka": None, "downloads": 0},
            {"name": "dpu", "title": "DPU", "datasets": 0, "mutakhir": None,
             "terverifikasi": None, "lengkap": None, "format_terbuka": None, "downloads": 0}]
    lines = [{"organization": "dinkes", "median_days_to_first_answer": 4.5,
              "in_time_share": 66.7, "mean_rating": 3.5}]
    joined = s.with_suara(rows, lines)
    assert joined[0]["suara_median_days"] == 4.5 and joined[0]["suara_in_time"] == 66.7
    assert joined[1]["suara_mean_rating"] is None
    ordered = s.sort_rows(joined, "suara_hari", "asc")
    assert [r["name"] for r in ordered] == ["dinkes", "dpu"]  # no figure: last
    parsed = list(csv.reader(io.StringIO(s.to_csv(joined, suara=True))))
    assert parsed[0][-3:] == list(s.SUARA_CSV_HEADER)
    assert parsed[1][-3:] == ["4.5", "66.7", "3.50"] and parsed[2][-3:] == ["", "", ""]
    assert len(list(csv.reader(io.StringIO(s.to_csv(joined))))[0]) == len(s.CSV_HEADER)

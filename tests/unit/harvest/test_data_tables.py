"""Data tables (sheets and url_data files): header rules, merged cells, empty sheets."""
from __future__ import annotations

from pkl_harvest_builders import (
    INDIKATOR_TABLE,
    ORG,
    PENDUDUK_TABLE,
    csv_bytes,
    daftar_xlsx,
    valid_row,
    xlsx,
)

from ckanext.pekalongan_harvesters.file_kind import Limits
from ckanext.pekalongan_harvesters.workbook import attach_data_file, parse_daftar_data


def _table_errors(table, merges=None, at_row=2, limits=None) -> list[str]:
    rows = [valid_row(id_dataset=f"data-{n}", sheet_data="lain") for n in range(2, at_row)]
    rows.append(valid_row(id_dataset="target"))
    data = daftar_xlsx(rows, {"data_penduduk": table, "lain": [["a"], [1]]},
                       merges={"data_penduduk": merges or []})
    result = parse_daftar_data(data, org_name=ORG, limits=limits)
    assert result.errors == []
    [target] = [r for r in result.rows if r.source_id == "target"]
    assert target.row_number == at_row
    assert all(r.ok for r in result.rows if r is not target)
    if target.errors:
        assert target.package_dict is None and target.data_table is None
    return target.errors


def test_merged_header_cells_are_refused():
    table = [["wilayah", None, "jumlah"], ["33.26.08", "Kajen", 10]]
    assert _table_errors(table, merges=["A1:B1"], at_row=3) == [
        "baris 3: sheet 'data_penduduk' memiliki sel judul kolom yang digabung (merge) di "
        "A1:B1; baris judul harus satu baris (baris 1), satu judul per kolom",
        "baris 3: sheet 'data_penduduk' kolom B berisi nilai tetapi tidak berjudul "
        "(sel B1 kosong)",
    ]


def test_a_two_row_header_is_refused():
    table = [
        ["kecamatan", "penduduk", None],
        [None, "laki_laki", "perempuan"],
        ["Kajen", 1, 2],
    ]
    errors = _table_errors(table, merges=["A1:A2", "B1:C1"])
    assert errors[:2] == [
        "baris 2: sheet 'data_penduduk' memiliki sel judul kolom yang digabung (merge) di "
        "A1:A2; baris judul harus satu baris (baris 1), satu judul per kolom",
        "baris 2: sheet 'data_penduduk' memiliki sel judul kolom yang digabung (merge) di "
        "B1:C1; baris judul harus satu baris (baris 1), satu judul per kolom",
    ]


def test_merged_cells_in_the_body_are_refused():
    table = [["kecamatan", "desa"], ["Kajen", "Gejlig"], [None, "Kajen"]]
    assert _table_errors(table, merges=["A2:A3"]) == [
        "baris 2: sheet 'data_penduduk' memiliki sel yang digabung (merge) di A2:A3; "
        "pisahkan gabungannya dan isi setiap sel"
    ]


def test_an_empty_data_sheet_is_reported():
    assert _table_errors([], at_row=4) == ["baris 4: sheet 'data_penduduk' kosong"]


def test_a_data_sheet_with_only_its_header_is_reported():
    assert _table_errors([PENDUDUK_TABLE[0]]) == [
        "baris 2: sheet 'data_penduduk' hanya berisi baris judul, tanpa baris data"
    ]


def test_a_title_row_above_the_header_is_reported_as_untitled_columns():
    table = [["Jumlah Penduduk 2024"], ["kecamatan", "jumlah"], ["Kajen", 10]]
    errors = _table_errors(table, merges=["A1:B1"])
    assert "baris 2: sheet 'data_penduduk' kolom B berisi nilai tetapi tidak berjudul " \
           "(sel B1 kosong)" in errors


def test_duplicate_column_titles_are_reported():
    table = [["tahun", "Jumlah", "jumlah"], [2024, 1, 2]]
    assert _table_errors(table) == [
        "baris 2: sheet 'data_penduduk' judul kolom 'jumlah' muncul lebih dari sekali (kolom C)"
    ]


def test_formula_errors_in_data_cells_are_reported_with_their_cell():
    table = [["kecamatan", "rasio"], ["Kajen", 0.5], ["Kesesi", "#DIV/0!"]]
    assert _table_errors(table) == [
        "baris 2: sheet 'data_penduduk' sel B3 berisi galat rumus '#DIV/0!'"
    ]


def test_a_data_sheet_over_the_row_limit_is_refused():
    table = [["n"]] + [[n] for n in range(6)]
    assert _table_errors(table, limits=Limits(max_rows=5)) == [
        "baris 2: sheet 'data_penduduk' berisi lebih dari 5 baris data (batas 5 baris)"
    ]
    assert _table_errors(table, limits=Limits(max_rows=6)) == []


def test_every_row_that_refers_to_a_bad_sheet_gets_the_error():
    rows = [valid_row(id_dataset="a"), valid_row(id_dataset="b")]
    result = parse_daftar_data(daftar_xlsx(rows, {"data_penduduk": []}), org_name=ORG)
    assert result.all_errors == [
        "baris 2: sheet 'data_penduduk' kosong",
        "baris 3: sheet 'data_penduduk' kosong",
    ]


# --- files at url_data -------------------------------------------------------------
def _url_row():
    row = valid_row(sheet_data=..., url_data="https://dinkes.pekalongankab.go.id/ahh",
                    indikator_capaian="ya", kolom_nilai="angka_harapan_hidup")
    [parsed] = parse_daftar_data(daftar_xlsx([row], {}), org_name=ORG).rows
    assert parsed.ok
    return parsed


def test_an_html_page_at_url_data_is_reported_for_its_row():
    attached = attach_data_file(_url_row(), b"<!DOCTYPE html><html><body>Login</body></html>")
    assert attached.errors == [
        "baris 2: berkas url_data: berkas bukan XLSX/CSV yang sah (tampaknya halaman HTML); "
        "pastikan URL langsung menunjuk ke berkas, bukan ke halaman web atau halaman login"
    ]
    assert attached.package_dict is None and attached.data_table is None


def test_a_csv_at_url_data_with_a_row_wider_than_its_header_is_reported():
    data = csv_bytes([["tahun", "angka_harapan_hidup"], [2023, 74.21, "catatan"]])
    assert attach_data_file(_url_row(), data).errors == [
        "baris 2: berkas url_data baris 2 berisi 3 nilai, lebih banyak dari 2 judul kolom"
    ]


def test_the_indicator_columns_are_checked_against_the_downloaded_table():
    data = csv_bytes([["tahun", "nilai"], [2023, 1]])
    assert attach_data_file(_url_row(), data).errors == [
        "baris 2: kolom_nilai 'angka_harapan_hidup' tidak ada di tabel data "
        "(kolom yang ada: tahun, nilai)"
    ]


def test_a_non_utf8_csv_at_url_data_is_reported():
    data = csv_bytes([["tahun", "angka_harapan_hidup"], [2023, "74–75"]], encoding="cp1252")
    [error] = attach_data_file(_url_row(), data).errors
    assert error.startswith(
        "baris 2: berkas url_data: berkas CSV tidak berenkode UTF-8 (baris 2 berisi bita 0x96"
    )


def test_a_semicolon_csv_at_url_data_is_read():
    data = csv_bytes(INDIKATOR_TABLE, delimiter=";")
    attached = attach_data_file(_url_row(), data)
    assert attached.errors == []
    assert attached.data_table.header == ("tahun", "angka_harapan_hidup")


def test_an_empty_xlsx_at_url_data_is_reported():
    attached = attach_data_file(_url_row(), xlsx({"Sheet1": []}))
    assert attached.errors == ["baris 2: berkas url_data kosong"]

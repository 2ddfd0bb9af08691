"""Bad rows: every problem is reported, in Indonesian, with its row and column."""
from __future__ import annotations

import datetime as dt

import pytest
from pkl_harvest_builders import (
    INDIKATOR_TABLE,
    ORG,
    csv_bytes,
    daftar_rows,
    daftar_xlsx,
    valid_row,
    xlsx,
)

from ckanext.pekalongan_harvesters.workbook import parse_daftar_data

FREKUENSI = "harian, mingguan, bulanan, triwulanan, semesteran, tahunan, lima_tahunan, tidak_tentu"


def _rows_with(bad: dict, at_row: int) -> list[dict]:
    """Valid rows, with ``bad`` changes applied to the row shown as ``at_row`` in Excel."""
    rows = [valid_row(id_dataset=f"data-{n}") for n in range(2, at_row + 2)]
    rows[at_row - 2] = valid_row(**{"id_dataset": f"data-{at_row}", **bad})
    return rows


def _errors(bad: dict, at_row: int = 2, data_sheets=None) -> list[str]:
    result = parse_daftar_data(daftar_xlsx(_rows_with(bad, at_row), data_sheets), org_name=ORG)
    assert result.errors == []
    bad_rows = [r for r in result.rows if r.errors]
    assert [r.row_number for r in bad_rows] == [at_row]
    assert bad_rows[0].package_dict is None and bad_rows[0].data_table is None
    assert bad_rows[0].source_id == bad.get("id_dataset", f"data-{at_row}")
    return bad_rows[0].errors


def test_an_empty_required_cell_names_row_and_column():
    assert _errors({"tahun": None}, at_row=7) == ["baris 7: kolom 'tahun' kosong"]


@pytest.mark.parametrize("column", ["judul", "topik", "satuan", "frekuensi", "tahun"])
def test_every_required_column_must_be_filled(column):
    assert _errors({column: "   "}, at_row=3) == [f"baris 3: kolom '{column}' kosong"]


def test_a_value_outside_the_choices_lists_the_allowed_values():
    assert _errors({"frekuensi": "tiap tahun"}, at_row=9) == [
        f"baris 9: kolom 'frekuensi' berisi 'tiap tahun', pilihan yang sah: {FREKUENSI}"
    ]


@pytest.mark.parametrize(
    ("column", "value", "allowed_start"),
    [
        ("topik", "kependudukan dan capil", "pendidikan, kesehatan, pekerjaan_umum"),
        ("cakupan", "provinsi", "kabupaten, kecamatan, desa"),
        ("metode_pengumpulan", "wawancara", "survei, sensus, administrasi"),
        ("lisensi", "bebas", "cc-by, cc-by-sa, cc-zero"),
        ("indikator_capaian", "mungkin", "ya, tidak"),
    ],
)
def test_every_choice_column_is_checked(column, value, allowed_start):
    [error] = _errors({column: value}, at_row=4)
    assert error.startswith(
        f"baris 4: kolom '{column}' berisi '{value}', pilihan yang sah: {allowed_start}"
    )


def test_an_unknown_area_code_is_named():
    assert _errors({"kode_wilayah": "33.26.08, 33.26.99"}, at_row=4) == [
        "baris 4: kode wilayah '33.26.99' tidak dikenal (pakai 33.26 untuk seluruh kabupaten "
        "atau kode kecamatan 33.26.01–33.26.19, dipisah koma)"
    ]


def test_an_area_code_that_excel_turned_into_a_number_is_shown_as_excel_shows_it():
    [error] = _errors({"kode_wilayah": 33.1}, at_row=2)
    assert error.startswith("baris 2: kode wilayah '33.1' tidak dikenal")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1900, "baris 5: kolom 'tahun' berisi 1900, di luar rentang 1945–2100"),
        ("2101", "baris 5: kolom 'tahun' berisi 2101, di luar rentang 1945–2100"),
        # 2024 typed into a date-formatted cell is day 2024 after 1900-01-01
        (dt.datetime(1905, 7, 16), "baris 5: kolom 'tahun' berisi 1905, di luar rentang 1945–2100"),
        ("dua ribu",
         "baris 5: kolom 'tahun' berisi 'dua ribu', bukan tahun (isi 4 angka, mis. 2024)"),
        (2024.5,
         "baris 5: kolom 'tahun' berisi '2024.5', bukan tahun (isi 4 angka, mis. 2024)"),
    ],
)
def test_a_year_must_be_a_year_in_range(value, message):
    assert _errors({"tahun": value}, at_row=5) == [message]


def test_the_period_must_not_end_before_it_starts():
    assert _errors({"periode_awal": 2024, "periode_akhir": 2020}) == [
        "baris 2: periode_akhir (2020) lebih awal dari periode_awal (2024)"
    ]


def test_period_years_are_range_checked_too():
    assert _errors({"periode_awal": 1800}) == [
        "baris 2: kolom 'periode_awal' berisi 1800, di luar rentang 1945–2100"
    ]


def test_a_bad_email_is_reported():
    assert _errors({"kontak_email": "dukcapil at pekalongankab"}) == [
        "baris 2: kolom 'kontak_email' berisi 'dukcapil at pekalongankab', "
        "bukan alamat surel yang sah"
    ]


def test_tags_follow_ckan_tag_rules():
    assert _errors({"tag": "gizi#buruk, a, stunting"}) == [
        "baris 2: tag 'gizi#buruk' hanya boleh berisi huruf, angka, spasi, dan tanda - _ .",
        "baris 2: tag 'a' harus 2–100 karakter",
    ]


def test_an_indicator_needs_its_value_column():
    tables = {"data_penduduk": INDIKATOR_TABLE}
    assert _errors({"indikator_capaian": "ya"}, data_sheets=tables) == [
        "baris 2: kolom 'kolom_nilai' kosong, padahal indikator_capaian 'ya'"
    ]


def test_the_value_column_must_be_a_snake_case_name():
    assert _errors({"kolom_nilai": "Jumlah Penduduk"}) == [
        "baris 2: kolom 'kolom_nilai' berisi 'Jumlah Penduduk'; tulis nama kolom dengan huruf "
        "kecil, angka dan garis bawah, diawali huruf (mis. jumlah_penduduk)"
    ]


def test_the_value_column_must_exist_in_the_table_and_an_indicator_needs_tahun():
    assert _errors({"indikator_capaian": "ya", "kolom_nilai": "jumlah"}, at_row=3) == [
        "baris 3: kolom_nilai 'jumlah' tidak ada di tabel data (kolom yang ada: "
        "kode_wilayah, kecamatan, laki_laki, perempuan)",
        "baris 3: tabel data indikator capaian harus punya kolom 'tahun' (kolom yang ada: "
        "kode_wilayah, kecamatan, laki_laki, perempuan)",
    ]


def test_exactly_one_of_sheet_data_and_url_data():
    assert _errors({"url_data": "https://x.go.id/a.csv"}) == [
        "baris 2: isi salah satu saja, 'sheet_data' atau 'url_data', bukan keduanya"
    ]
    assert _errors({"sheet_data": None, "url_data": ""}) == [
        "baris 2: kolom 'sheet_data' dan 'url_data' kosong; isi salah satu"
    ]


@pytest.mark.parametrize("url", ["www.pekalongankab.go.id/a.csv", "ftp://x.go.id/a.csv",
                                 "https://", "https://x.go.id/data penduduk.csv"])
def test_url_data_must_be_an_http_address(url):
    assert _errors({"sheet_data": None, "url_data": url}) == [
        f"baris 2: url_data '{url}' bukan alamat http:// atau https:// yang sah"
    ]


def test_a_missing_data_sheet_is_named_with_the_row_that_refers_to_it():
    assert _errors({"sheet_data": "data_penduduk_2023"}, at_row=3) == [
        "sheet 'data_penduduk_2023' yang dirujuk baris 3 tidak ada "
        "(sheet yang ada: daftar_data, data_penduduk)"
    ]


def test_sheet_data_cannot_point_at_the_daftar_data_sheet():
    assert _errors({"sheet_data": "daftar_data"}) == [
        "baris 2: sheet_data tidak boleh merujuk sheet 'daftar_data'"
    ]


def test_a_formula_error_in_a_cell_is_reported():
    assert _errors({"judul": "#REF!"}) == ["baris 2: kolom 'judul' berisi galat rumus '#REF!'"]


def test_an_id_without_letters_or_digits_is_refused():
    assert _errors({"id_dataset": "---"}) == [
        "baris 2: id_dataset '---' harus memuat huruf atau angka"
    ]


def test_all_problems_of_one_row_are_reported_together():
    errors = _errors({"judul": None, "frekuensi": "kadang", "tahun": 1800,
                      "kode_wilayah": "99", "kontak_email": "x"}, at_row=6)
    assert len(errors) == 5
    assert all(e.startswith("baris 6: ") for e in errors)


def test_a_duplicate_id_names_the_row_that_used_it_first():
    rows = [valid_row(id_dataset=f"data-{n}") for n in range(2, 13)]
    rows[3] = valid_row(id_dataset="penduduk-2024")  # row 5
    rows[10] = valid_row(id_dataset="penduduk-2024", tahun=2023)  # row 12
    result = parse_daftar_data(daftar_xlsx(rows), org_name=ORG)

    assert result.all_errors == ["baris 12: id_dataset 'penduduk-2024' sudah dipakai di baris 5"]
    assert result.rows[3].ok  # the first one wins
    assert result.rows[10].package_dict is None


def test_ids_that_give_the_same_dataset_name_are_duplicates_too():
    rows = [valid_row(id_dataset="Penduduk 2024"), valid_row(id_dataset="penduduk-2024")]
    result = parse_daftar_data(daftar_xlsx(rows), org_name=ORG)

    assert result.all_errors == [
        f"baris 3: id_dataset 'penduduk-2024' menghasilkan alamat dataset "
        f"'{ORG}-penduduk-2024' yang sama dengan id_dataset 'Penduduk 2024' di baris 2; "
        "bedakan id_dataset-nya"
    ]


def test_thirty_bad_rows_give_every_error_not_only_the_first_twenty():
    rows = [valid_row(id_dataset=f"data-{n}", tahun=None, frekuensi="sering")
            for n in range(30)]
    result = parse_daftar_data(daftar_xlsx(rows), org_name=ORG)

    errors = result.all_errors
    assert len(errors) == 60
    assert errors[0].startswith("baris 2: kolom 'frekuensi' berisi 'sering'")
    assert errors[-1] == "baris 31: kolom 'tahun' kosong"
    assert result.valid_rows == []


def test_valid_rows_are_kept_next_to_bad_ones():
    rows = [valid_row(id_dataset="baik"), valid_row(id_dataset="buruk", tahun="x")]
    result = parse_daftar_data(daftar_xlsx(rows), org_name=ORG)
    assert [r.source_id for r in result.valid_rows] == ["baik"]


# --- the header of daftar_data -------------------------------------------------------
def test_a_missing_required_column_is_a_file_error():
    rows = daftar_rows([valid_row(judul=..., satuan=...)])
    result = parse_daftar_data(
        xlsx({"daftar_data": rows, "data_penduduk": [["a"], [1]]}), org_name=ORG
    )
    assert result.errors == [
        "kolom wajib 'judul' tidak ada di sheet daftar_data",
        "kolom wajib 'satuan' tidak ada di sheet daftar_data",
    ]
    assert result.rows == []


def test_neither_data_column_is_a_file_error():
    result = parse_daftar_data(daftar_xlsx([valid_row(sheet_data=...)]), org_name=ORG)
    assert result.errors == [
        "kolom 'sheet_data' atau 'url_data' harus ada di sheet daftar_data"
    ]


def test_a_column_twice_is_a_file_error():
    rows = daftar_rows([valid_row()])
    rows[0].append("Tahun")
    rows[1].append(2023)
    result = parse_daftar_data(
        xlsx({"daftar_data": rows, "data_penduduk": [["a"], [1]]}), org_name=ORG
    )
    letter = chr(ord("A") + len(rows[0]) - 1)
    assert result.errors == [
        f"kolom 'tahun' muncul lebih dari sekali di sheet daftar_data (kolom {letter})"
    ]


def test_a_daftar_data_without_rows_is_an_error():
    result = parse_daftar_data(
        xlsx({"daftar_data": daftar_rows([valid_row()])[:1]}), org_name=ORG
    )
    assert result.errors == ["sheet daftar_data tidak berisi satu baris dataset pun"]


def test_a_workbook_without_daftar_data_names_the_sheets_it_has():
    result = parse_daftar_data(xlsx({"Sheet1": [["a"]], "Data": [["b"]]}), org_name=ORG)
    assert result.errors == ["sheet 'daftar_data' tidak ada (sheet yang ada: Sheet1, Data)"]


def test_merged_header_cells_in_daftar_data_are_reported():
    rows = daftar_rows([valid_row()])
    rows[0][1] = None  # the merged-away cell of "id_dataset"
    data = xlsx({"daftar_data": rows, "data_penduduk": [["a"], [1]]},
                merges={"daftar_data": ["A1:B1"]})
    result = parse_daftar_data(data, org_name=ORG)
    assert result.errors[0] == (
        "sheet daftar_data memiliki sel judul kolom yang digabung (merge) di A1:B1; "
        "baris judul harus satu baris, satu judul per kolom"
    )
    assert "kolom wajib 'judul' tidak ada di sheet daftar_data" in result.errors


# --- the CSV variant -------------------------------------------------------------------
def test_a_csv_daftar_data_needs_url_data_in_every_row():
    rows = [valid_row(sheet_data=..., url_data="https://x.go.id/a.csv"),
            valid_row(id_dataset="b", sheet_data=..., url_data=None)]
    result = parse_daftar_data(csv_bytes(daftar_rows(rows)), org_name=ORG)
    assert result.all_errors == ["baris 3: kolom 'url_data' kosong"]


def test_a_csv_daftar_data_cannot_use_sheet_data():
    result = parse_daftar_data(csv_bytes(daftar_rows([valid_row()])), org_name=ORG)
    assert result.errors == [
        "kolom 'sheet_data' tidak dapat dipakai di berkas CSV daftar data (CSV tidak punya "
        "sheet); isi 'url_data' di setiap baris",
        "kolom wajib 'url_data' tidak ada di berkas CSV daftar data",
    ]


def test_an_empty_sheet_data_column_in_a_csv_daftar_data_is_ignored():
    row = valid_row(sheet_data=None, url_data="https://x.go.id/a.csv")
    result = parse_daftar_data(csv_bytes(daftar_rows([row])), org_name=ORG)
    assert result.all_errors == [] and result.warnings == []

"""Valid daftar data files give the expected package dicts and tables."""
from __future__ import annotations

import datetime as dt
import json

from pkl_harvest_builders import (
    INDIKATOR_TABLE,
    ORG,
    csv_bytes,
    daftar_rows,
    daftar_xlsx,
    valid_row,
    xlsx,
)

from ckanext.pekalongan_harvesters.package import source_id_of
from ckanext.pekalongan_harvesters.tables import DataTable
from ckanext.pekalongan_harvesters.workbook import (
    RowResult,
    attach_data_file,
    parse_daftar_data,
)


def test_a_valid_row_becomes_a_package_dict_with_the_schema_field_names():
    result = parse_daftar_data(daftar_xlsx([valid_row()]), org_name=ORG, owner_org="org-id")

    assert result.kind == "xlsx"
    assert result.errors == [] and result.warnings == []
    [row] = result.rows
    assert row.errors == []
    assert row.row_number == 2
    assert row.source_id == "penduduk-2024"
    assert row.package_dict == {
        "type": "dataset",
        "name": f"{ORG}-penduduk-2024",
        "title": "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin 2024",
        "notes": "Penduduk per 31 Desember 2024.",
        "topik": "kependudukan",
        "tag_string": "penduduk,kecamatan",
        "satuan": "jiwa",
        "frekuensi": "tahunan",
        "tahun": 2024,
        "cakupan": "kecamatan",
        "kode_wilayah": ["33.26.08", "33.26.13"],
        "metode_pengumpulan": "administrasi",
        "sumber_data": "Aplikasi SIAK",
        "license_id": "cc-by",
        "contact_name": "Seksi Data",
        "contact_email": "dukcapil@pekalongankab.go.id",
        "indikator_capaian": False,
        "extras": [{"key": "sumber_id", "value": "penduduk-2024"}],
        "owner_org": "org-id",
    }
    assert source_id_of(row.package_dict) == "penduduk-2024"
    assert row.data_sheet == "data_penduduk"


def test_the_data_sheet_becomes_a_utf8_csv_table():
    [row] = parse_daftar_data(daftar_xlsx([valid_row()]), org_name=ORG).rows

    assert row.data_table == DataTable(
        header=("kode_wilayah", "kecamatan", "laki_laki", "perempuan"),
        rows=(("33.26.08", "Kajen", "31250", "30984"),
              ("33.26.13", "Kedungwuni", "52110", "51876")),
    )
    assert row.data_table.to_csv_bytes() == (
        b"kode_wilayah,kecamatan,laki_laki,perempuan\r\n"
        b"33.26.08,Kajen,31250,30984\r\n"
        b"33.26.13,Kedungwuni,52110,51876\r\n"
    )


def test_empty_optional_cells_are_left_out_and_licence_defaults_to_cc_by():
    row = {k: v for k, v in valid_row().items()
           if k in ("id_dataset", "judul", "topik", "satuan", "frekuensi", "tahun", "sheet_data")}
    [result] = parse_daftar_data(daftar_xlsx([row]), org_name=ORG).rows

    assert result.errors == []
    assert set(result.package_dict) == {
        "type", "name", "title", "topik", "satuan", "frekuensi", "tahun", "license_id",
        "indikator_capaian", "extras",
    }
    assert result.package_dict["license_id"] == "cc-by"


def test_cells_are_read_leniently_where_the_meaning_is_clear():
    row = valid_row(
        topik="Kesehatan", frekuensi="Lima Tahunan", lisensi="CC-BY-SA",
        tahun="2023", periode_awal=2019.0, periode_akhir=dt.datetime(2023, 1, 1),
        kode_wilayah="33.26; 33.26.01\n33.26.01", tag="gizi, Gizi Buruk, gizi",
        indikator_capaian="Ya", kolom_nilai="perempuan", id_dataset=101,
    )
    table = [["tahun", "perempuan"], [2023, 10]]
    [result] = parse_daftar_data(
        daftar_xlsx([row], {"data_penduduk": table}), org_name=ORG
    ).rows

    assert result.errors == []
    package = result.package_dict
    assert package["topik"] == "kesehatan"
    assert package["frekuensi"] == "lima_tahunan"
    assert package["license_id"] == "cc-by-sa"
    assert (package["tahun"], package["periode_awal"], package["periode_akhir"]) == (
        2023, 2019, 2023)
    assert package["kode_wilayah"] == ["33.26", "33.26.01"]
    assert package["tag_string"] == "gizi,Gizi Buruk"
    assert package["indikator_capaian"] is True
    assert package["indikator_kolom_nilai"] == "perempuan"
    assert result.source_id == "101"
    assert package["name"] == f"{ORG}-101"


def test_an_indicator_row_with_its_year_and_value_columns_is_valid():
    row = valid_row(indikator_capaian="ya", kolom_nilai="angka_harapan_hidup",
                    sheet_data="ahh", satuan="tahun", frekuensi="tahunan")
    [result] = parse_daftar_data(daftar_xlsx([row], {"ahh": INDIKATOR_TABLE}), org_name=ORG).rows

    assert result.errors == []
    assert result.data_table.rows == (("2021", "73.9"), ("2022", "74.05"), ("2023", "74.21"))


def test_header_names_may_differ_in_case_and_spacing():
    rows = daftar_rows([valid_row()])
    rows[0] = [name.upper().replace("_", " ") for name in rows[0]]
    result = parse_daftar_data(
        xlsx({"daftar_data": rows, "data_penduduk": [["a"], [1]]}), org_name=ORG
    )

    assert result.errors == [] and result.rows[0].errors == []


def test_sheet_names_match_without_regard_to_case():
    wb = daftar_xlsx([valid_row(sheet_data="DATA_Penduduk")])
    [result] = parse_daftar_data(wb, org_name=ORG).rows
    assert result.errors == [] and result.data_table is not None


def test_unknown_columns_are_a_warning_not_an_error():
    result = parse_daftar_data(daftar_xlsx([valid_row(catatan_internal="x")]), org_name=ORG)

    assert result.errors == []
    assert result.warnings == [
        "kolom 'catatan_internal' di sheet daftar_data tidak dikenal dan diabaikan"
    ]
    assert result.rows[0].ok


def test_empty_rows_between_datasets_are_skipped_and_row_numbers_follow_excel():
    rows = daftar_rows([valid_row(), valid_row(id_dataset="penduduk-2023", tahun=2023)])
    rows.insert(2, [None] * len(rows[0]))
    rows.insert(2, [""] * len(rows[0]))
    result = parse_daftar_data(
        xlsx({"daftar_data": rows, "data_penduduk": [["a"], [1]]}), org_name=ORG
    )

    assert [r.row_number for r in result.rows] == [2, 5]
    assert all(r.ok for r in result.rows)


def test_one_sheet_may_serve_several_rows():
    rows = [valid_row(), valid_row(id_dataset="penduduk-2024-salinan")]
    result = parse_daftar_data(daftar_xlsx(rows), org_name=ORG)
    assert [r.ok for r in result.rows] == [True, True]
    assert result.rows[0].data_table == result.rows[1].data_table


def test_cell_values_become_csv_text():
    table = [
        ["tanggal", "waktu", "nilai", "bulat", "benar", "kosong", "teks"],
        [dt.datetime(2024, 3, 31), dt.datetime(2024, 3, 31, 8, 30), 12.5, 7.0, True, None,
         "  Kajen  "],
    ]
    [result] = parse_daftar_data(
        daftar_xlsx([valid_row()], {"data_penduduk": table}), org_name=ORG
    ).rows
    assert result.data_table.rows == (
        ("2024-03-31", "2024-03-31 08:30:00", "12.5", "7", "true", "", "Kajen"),
    )


def test_spacer_columns_without_title_or_values_are_dropped():
    table = [["a", None, "b"], [1, None, 2]]
    [result] = parse_daftar_data(
        daftar_xlsx([valid_row()], {"data_penduduk": table}), org_name=ORG
    ).rows
    assert result.data_table == DataTable(("a", "b"), (("1", "2"),))


def test_a_url_data_row_has_no_table_until_the_file_is_attached():
    row = valid_row(sheet_data=..., url_data="https://dinkes.pekalongankab.go.id/ahh.csv",
                    indikator_capaian="ya", kolom_nilai="angka_harapan_hidup")
    [result] = parse_daftar_data(daftar_xlsx([row], {}), org_name=ORG).rows

    assert result.errors == []
    assert result.data_url == "https://dinkes.pekalongankab.go.id/ahh.csv"
    assert result.data_table is None and result.package_dict is not None

    attached = attach_data_file(result, csv_bytes(INDIKATOR_TABLE))
    assert attached.errors == []
    assert attached.data_table.header == ("tahun", "angka_harapan_hidup")
    assert attached.package_dict == result.package_dict


def test_an_xlsx_at_url_data_is_read_from_its_first_sheet():
    row = valid_row(sheet_data=..., url_data="https://x.go.id/ahh.xlsx")
    [result] = parse_daftar_data(daftar_xlsx([row], {}), org_name=ORG).rows
    attached = attach_data_file(result, xlsx({"Sheet1": INDIKATOR_TABLE, "lain": [["z"]]}))
    assert attached.errors == []
    assert len(attached.data_table.rows) == 3


def test_a_csv_daftar_data_with_bom_and_semicolons_is_read():
    row = valid_row(sheet_data=..., url_data="https://x.go.id/penduduk.csv",
                    judul="Penduduk; menurut kecamatan")
    data = b"\xef\xbb\xbf" + csv_bytes(daftar_rows([row]), delimiter=";")
    result = parse_daftar_data(data, org_name=ORG)

    assert result.kind == "csv"
    assert result.errors == []
    [parsed] = result.rows
    assert parsed.errors == []
    assert parsed.package_dict["title"] == "Penduduk; menurut kecamatan"
    assert parsed.package_dict["tahun"] == 2024
    assert parsed.data_url == "https://x.go.id/penduduk.csv"


def test_a_row_result_survives_a_json_round_trip():
    [row] = parse_daftar_data(daftar_xlsx([valid_row()]), org_name=ORG).rows
    again = RowResult.from_dict(json.loads(json.dumps(row.to_dict())))
    assert again == row

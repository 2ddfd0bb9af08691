"""Builders for the daftar data fixtures: every workbook and CSV is generated here, in
the test, with openpyxl; nothing is downloaded."""
from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

ORG = "dinas-kependudukan-dan-pencatatan-sipil"

COLUMN_ORDER = (
    "id_dataset", "judul", "deskripsi", "topik", "tag", "satuan", "frekuensi", "tahun",
    "periode_awal", "periode_akhir", "cakupan", "kode_wilayah", "konsep_definisi",
    "klasifikasi", "metode_pengumpulan", "sumber_data", "lisensi", "kontak_nama",
    "kontak_email", "indikator_capaian", "kolom_nilai", "sheet_data", "url_data",
)

PENDUDUK_TABLE = [
    ["kode_wilayah", "kecamatan", "laki_laki", "perempuan"],
    ["33.26.08", "Kajen", 31250, 30984],
    ["33.26.13", "Kedungwuni", 52110, 51876],
]
INDIKATOR_TABLE = [
    ["tahun", "angka_harapan_hidup"],
    [2021, 73.9],
    [2022, 74.05],
    [2023, 74.21],
]


def valid_row(**changes: Any) -> dict[str, Any]:
    """A complete, valid daftar_data row whose table is the sheet data_penduduk."""
    row = {
        "id_dataset": "penduduk-2024",
        "judul": "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin 2024",
        "deskripsi": "Penduduk per 31 Desember 2024.",
        "topik": "kependudukan",
        "tag": "penduduk, kecamatan",
        "satuan": "jiwa",
        "frekuensi": "tahunan",
        "tahun": 2024,
        "cakupan": "kecamatan",
        "kode_wilayah": "33.26.08, 33.26.13",
        "metode_pengumpulan": "administrasi",
        "sumber_data": "Aplikasi SIAK",
        "lisensi": "cc-by",
        "kontak_nama": "Seksi Data",
        "kontak_email": "dukcapil@pekalongankab.go.id",
        "sheet_data": "data_penduduk",
    }
    row.update(changes)
    return {k: v for k, v in row.items() if v is not ...}


def daftar_rows(rows: list[dict[str, Any]], columns: list[str] | None = None) -> list[list]:
    """Header + one list per row dict, columns in the documented order."""
    if columns is None:
        present = {key for row in rows for key in row}
        columns = [c for c in COLUMN_ORDER if c in present]
        columns += sorted(present - set(COLUMN_ORDER))
    return [list(columns)] + [[row.get(c) for c in columns] for row in rows]


def xlsx(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with the given sheets (name → rows) and merged ranges."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def daftar_xlsx(
    rows: list[dict[str, Any]],
    data_sheets: dict[str, list[list]] | None = None,
    columns: list[str] | None = None,
    merges: dict[str, list[str]] | None = None,
) -> bytes:
    """A daftar data workbook; by default with the data_penduduk sheet."""
    if data_sheets is None:
        data_sheets = {"data_penduduk": PENDUDUK_TABLE}
    return xlsx({"daftar_data": daftar_rows(rows, columns), **data_sheets}, merges)


def csv_bytes(rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)

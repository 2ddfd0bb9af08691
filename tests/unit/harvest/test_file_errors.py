"""Files that are not a readable daftar data: one clear message, no rows."""
from __future__ import annotations

import io
import zipfile

import pytest
from pkl_harvest_builders import ORG, csv_bytes, daftar_rows, daftar_xlsx, valid_row

from ckanext.pekalongan_harvesters.file_kind import FileError, Limits, check_size
from ckanext.pekalongan_harvesters.workbook import parse_daftar_data

HTML_MESSAGE = (
    "berkas bukan XLSX/CSV yang sah (tampaknya halaman HTML); pastikan URL langsung menunjuk "
    "ke berkas, bukan ke halaman web atau halaman login"
)


def _only_error(data: bytes, limits: Limits | None = None) -> str:
    result = parse_daftar_data(data, org_name=ORG, limits=limits)
    assert result.rows == []
    [error] = result.errors
    return error


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html>\n<html lang='id'><head><title>Masuk</title></head></html>",
        b"\xef\xbb\xbf\r\n  <html><body>404 Not Found</body></html>",
        b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'></html>",
        b"<HEAD><META http-equiv='refresh' content='0;url=/login'></HEAD>",
    ],
)
def test_an_html_page_is_named_as_such(page):
    assert _only_error(page) == HTML_MESSAGE


def test_a_pdf_is_refused():
    assert _only_error(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == (
        "berkas bukan XLSX/CSV yang sah (tampaknya PDF)"
    )


def test_an_old_xls_file_is_refused_with_how_to_fix_it():
    assert _only_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512) == (
        "berkas bukan XLSX/CSV yang sah (tampaknya format lama Excel 97-2003 .xls); "
        "simpan ulang sebagai 'Excel Workbook (*.xlsx)'"
    )


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_an_ods_file_is_refused():
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert _only_error(data) == (
        "berkas bukan XLSX/CSV yang sah (tampaknya OpenDocument .ods); "
        "simpan ulang sebagai 'Excel Workbook (*.xlsx)'"
    )


def test_a_zip_that_is_not_xlsx_is_refused():
    assert _only_error(_zip({"laporan.docx": b"x"})) == (
        "berkas bukan XLSX/CSV yang sah (arsip ZIP yang bukan XLSX)"
    )


def test_a_truncated_xlsx_is_reported_as_broken():
    data = daftar_xlsx([valid_row()])
    assert _only_error(data[: len(data) // 2]).startswith(
        "berkas XLSX rusak atau tidak dapat dibaca ("
    )


def test_an_xlsx_with_broken_parts_is_reported_as_broken():
    data = _zip({"xl/workbook.xml": b"<not-a-workbook", "[Content_Types].xml": b"<x/>"})
    assert _only_error(data).startswith("berkas XLSX rusak atau tidak dapat dibaca (")


def test_binary_garbage_is_refused():
    assert _only_error(bytes(range(256)) * 4) == (
        "berkas bukan XLSX/CSV yang sah (isinya data biner)"
    )


def test_an_empty_file_is_refused():
    assert _only_error(b"") == "berkas kosong (0 bita)"


def test_a_non_utf8_csv_is_refused_with_the_line_and_how_to_fix_it():
    row = valid_row(sheet_data=..., url_data="https://x.go.id/a.csv",
                    judul="Luas Lahan Sawah – 2024", satuan="km²")
    data = csv_bytes(daftar_rows([row]), encoding="cp1252")
    assert _only_error(data) == (
        "berkas CSV tidak berenkode UTF-8 (baris 2 berisi bita 0x96 yang tidak sah); "
        "di Excel simpan ulang lewat 'Save As' dengan jenis "
        "'CSV UTF-8 (Comma delimited) (*.csv)'"
    )


def test_a_latin1_csv_is_refused_too():
    data = "id_dataset,judul\nx,Caf\u00e9\n".encode("latin-1")
    assert _only_error(data).startswith(
        "berkas CSV tidak berenkode UTF-8 (baris 2 berisi bita 0xE9"
    )


def test_a_utf16_csv_is_refused():
    data = "id_dataset,judul\n".encode("utf-16")
    assert _only_error(data) == (
        "berkas CSV berenkode UTF-16; simpan ulang dengan jenis "
        "'CSV UTF-8 (Comma delimited) (*.csv)'"
    )


def test_a_file_over_the_default_limit_is_refused_before_it_is_read():
    huge = b"id_dataset,judul\n" + b"x" * (21 * 1024 * 1024)
    assert _only_error(huge) == "berkas terlalu besar (21 MB, batas 20 MB)"


def test_the_size_limit_is_a_parameter():
    data = daftar_xlsx([valid_row()])
    limits = Limits(max_bytes=len(data) - 1)
    error = _only_error(data, limits)
    assert error.startswith("berkas terlalu besar (") and error.endswith(" MB)")
    assert parse_daftar_data(data, org_name=ORG, limits=Limits(max_bytes=len(data))).errors == []


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0"), (1024 * 1024, "1"), (int(24.84 * 1024 * 1024), "24,8"), (1000, "0,001"),
     (20 * 1024 * 1024, "20")],
)
def test_megabytes_are_written_the_indonesian_way(size, text):
    from ckanext.pekalongan_harvesters.messages import megabytes

    assert megabytes(size) == text


def test_check_size_reports_megabytes_with_a_decimal_comma():
    with pytest.raises(FileError) as raised:
        check_size(int(1.5 * 1024 * 1024), Limits(max_bytes=1024 * 1024))
    assert str(raised.value) == "berkas terlalu besar (1,5 MB, batas 1 MB)"
    check_size(1024 * 1024, Limits(max_bytes=1024 * 1024))  # at the limit is fine


def test_an_xlsx_that_unpacks_too_large_is_refused():
    data = daftar_xlsx([valid_row()])
    error = _only_error(data, Limits(max_unpacked_bytes=1000))
    assert error.startswith("isi berkas XLSX terlalu besar setelah dibuka (0,0")
    assert error.endswith(" MB, batas 0,001 MB)")


def test_a_daftar_data_with_too_many_rows_is_refused():
    rows = [valid_row(id_dataset=f"d-{n}") for n in range(4)]
    assert _only_error(daftar_xlsx(rows), Limits(max_rows=3)) == (
        "sheet daftar_data berisi lebih dari 3 baris (batas 3 baris)"
    )
    assert parse_daftar_data(daftar_xlsx(rows), org_name=ORG, limits=Limits(max_rows=4)).errors \
        == []


def test_a_csv_daftar_data_with_too_many_rows_is_refused():
    rows = [valid_row(id_dataset=f"d-{n}", sheet_data=..., url_data="https://x.go.id/a.csv")
            for n in range(4)]
    assert _only_error(csv_bytes(daftar_rows(rows)), Limits(max_rows=3)) == (
        "berkas CSV daftar data berisi lebih dari 3 baris (batas 3 baris)"
    )

"""Upload and table checks (previews/checks.py): pure."""
from __future__ import annotations

import io

from openpyxl import Workbook

from ckanext.pekalongan.previews.checks import (
    column_letter,
    csv_problem,
    merged_header_ranges,
    range_name,
    table_problem,
    upload_problem,
    xlsx_problem,
)


def xlsx(merge: str | None = None, title_row: bool = False) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title_row:
        ws.append(["Jumlah penduduk"])
    ws.append(["tahun", "laki_laki", None, "jumlah"])
    ws.append([2023, 1, 2, 3])
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_programs_are_refused_by_extension_and_by_content():
    assert upload_problem("setup.exe", b"MZ\x90\x00", 10, 50).code == "forbidden_type"
    assert upload_problem("data.csv", b"MZ\x90\x00", 10, 50).code == "forbidden_type"
    assert upload_problem("run.sh", b"echo", 4, 50).code == "forbidden_type"


def test_content_must_match_the_extension():
    assert upload_problem("tabel.xlsx", b"tahun,jumlah\n", 20, 50).code == "content_mismatch"
    problem = upload_problem("tabel.csv", b"PK\x03\x04rest", 20, 50)
    assert problem.code == "content_mismatch" and problem.params["kind"] == "ZIP/XLSX/DOCX"
    assert "tabel.csv" in problem.render()
    assert upload_problem("laporan.pdf", b"%PDF-1.7", 20, 50) is None
    assert upload_problem("tabel.xlsx", xlsx()[:64], 20, 50) is None
    assert upload_problem("tabel.csv", b"tahun,jumlah\n2020,1\n", 20, 50) is None


def test_size_limit_in_megabytes():
    problem = upload_problem("big.csv", b"a,b\n", 51 * 1024 * 1024, 50)
    assert problem.code == "too_large" and problem.params == {"size": "51.0", "limit": 50}
    assert upload_problem("ok.csv", b"a,b\n", 50 * 1024 * 1024, 50) is None


def test_good_csv_has_no_problem():
    assert csv_problem(b"tahun,jumlah\n2020,1\n2021,2\n") is None
    assert csv_problem("\ufefftahun;nama\n2020;Kajen\n".encode()) is None
    assert csv_problem(b"nama\nA\nB\n") is None


def test_ragged_rows_name_the_row():
    problem = csv_problem(b"tahun,jumlah\n2020,1\n2021,2,9\n")
    assert problem.code == "ragged"
    assert problem.params == {"row": 3, "cells": 3, "columns": 2}


def test_binary_junk_and_wrong_encoding():
    assert csv_problem(b"\x00\x01\x02\xff" * 50).code == "binary"
    problem = csv_problem("tahun,kota\n2020,Pekalongan Selatan\xe9\n".encode("latin-1"))
    assert problem.code == "encoding" and problem.params["pos"] > 0
    assert csv_problem(b"").code == "empty"


def test_blank_header_cell_is_named_by_its_column_letter():
    assert csv_problem(b"tahun,,jumlah\n2020,1,2\n").params == {"col": "B"}


def test_cut_sample_does_not_count_as_a_ragged_or_badly_encoded_row():
    data = "tahun,kota\n2020,Kajen\n2021,Bojong\u00e9".encode()
    assert csv_problem(data[:-1], truncated=True) is None


def test_merged_header_cells_are_found():
    assert merged_header_ranges([(1, 2, 1, 3), (5, 1, 6, 1)], 1) == [(1, 2, 1, 3)]
    assert range_name((1, 2, 1, 3)) == "B1:C1"
    assert column_letter(0) == "A" and column_letter(26) == "AA"
    problem = xlsx_problem(xlsx("B1:C1"))
    assert problem.code == "merged_header" and problem.params == {"cells": "B1:C1"}
    assert xlsx_problem(xlsx("B2:C2")) is None  # merged data cells are left alone
    assert xlsx_problem(xlsx()) is None
    assert xlsx_problem(xlsx("A1:D1", title_row=True)).params == {"cells": "A1:D1"}


def test_unreadable_workbook_and_dispatch_by_format():
    assert xlsx_problem(b"PK\x03\x04 not really").code == "unreadable"
    assert table_problem("CSV", b"a,b\n1\n").code == "ragged"
    assert table_problem("XLSX", xlsx("B1:C1")).code == "merged_header"
    assert table_problem("PDF", b"%PDF") is None

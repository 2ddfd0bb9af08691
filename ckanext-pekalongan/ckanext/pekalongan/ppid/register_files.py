"""The officers' register with personal data as files: CSV (UTF-8 with a byte-order mark,
so spreadsheet programs read the letters right) and XLSX (openpyxl). Every text cell goes
through ``officer_register.neutralise`` first: a cell starting with ``=``, ``+``, ``-``,
``@`` is shown as text, never run as a formula. The rows come from ``ppid_request_export``
with their codes already turned into labels by the caller."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ckanext.pekalongan.ppid.officer_register import neutralise


def _cells(row: Sequence[Any]) -> list[Any]:
    return [neutralise("" if value is None else value) for value in row]


def to_csv(headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_cells(headings))
    for row in rows:
        writer.writerow(_cells(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(_cells(headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    # text stays text: openpyxl would read a string starting with "=" as a formula
    for line in sheet.iter_rows(min_row=1):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""A dataset's data table: read from a sheet or a file, checked, written as CSV.

Row 1 of a data table is its header, one title per column; every later non-empty row is
data. Cells become text the way a reader expects them in a CSV: ``12``, ``12.5``,
``2024-03-31``; formula cells give their last computed value.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter, range_boundaries

from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters import sheets
from ckanext.pekalongan_harvesters.file_kind import (
    CSV,
    FileError,
    Limits,
    csv_records,
    decode_utf8,
    detect,
)

Problem = tuple[str, dict[str, Any]]  # (msgid, params without baris/sumber)


@dataclass(frozen=True)
class DataTable:
    """A header and rows of text cells, all rows as wide as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_csv_bytes(self) -> bytes:
        """UTF-8 CSV (no BOM, comma-separated, CRLF line ends as RFC 4180)."""
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")

    def to_dict(self) -> dict[str, Any]:
        return {"header": list(self.header), "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataTable:
        return cls(tuple(data["header"]), tuple(tuple(r) for r in data["rows"]))


def cell_text(value: Any) -> str:
    """A cell value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def is_error_value(value: Any) -> bool:
    """A cached formula error such as ``#REF!`` or ``#DIV/0!``."""
    return isinstance(value, str) and value.strip() in ERROR_CODES


def table_from_sheet(sheet, limits: Limits) -> tuple[DataTable | None, list[Problem]]:
    """The table in an XLSX worksheet."""
    rows, too_many = sheets.sheet_rows(sheet, limits.max_rows)
    if too_many:
        return None, [(m.TABLE_TOO_MANY_ROWS, {"batas": limits.max_rows})]
    problems = _merge_problems(sheets.merged_ranges(sheet))
    table, more = _build(rows, csv_source=False)
    problems += more
    return (None if problems else table), problems


def table_from_csv_text(text: str, limits: Limits) -> tuple[DataTable | None, list[Problem]]:
    records = csv_records(text)
    rows = [
        (number, tuple(record))
        for number, record in enumerate(records, start=1)
        if any(cell.strip() for cell in record)
    ]
    if len(rows) > limits.max_rows + 1:
        return None, [(m.TABLE_TOO_MANY_ROWS, {"batas": limits.max_rows})]
    table, problems = _build(rows, csv_source=True)
    return (None if problems else table), problems


def table_from_file(data: bytes, limits: Limits) -> tuple[DataTable | None, list[Problem]]:
    """The table in a downloaded CSV or XLSX file (an XLSX's first sheet).

    A file that cannot be read at all gives one problem, ``TABLE_FILE``.
    """
    try:
        if detect(data, limits) == CSV:
            return table_from_csv_text(decode_utf8(data), limits)
        workbook = sheets.open_xlsx(data)
        try:
            sheet = workbook[workbook.sheetnames[0]]
            if not sheets.is_worksheet(sheet):
                raise FileError(m.render(m.NOT_A_WORKSHEET, sheet=sheet.title))
            return table_from_sheet(sheet, limits)
        finally:
            workbook.close()
    except FileError as error:
        return None, [(m.TABLE_FILE, {"pesan": str(error)})]


def _merge_problems(ranges: Iterable[str]) -> list[Problem]:
    problems: list[Problem] = []
    for ref in ranges:
        _, min_row, _, _ = range_boundaries(ref)
        msgid = m.TABLE_HEADER_MERGED if min_row == 1 else m.TABLE_BODY_MERGED
        problems.append((msgid, {"rentang": ref}))
    return problems


def _build(rows: list[sheets.Row], csv_source: bool) -> tuple[DataTable | None, list[Problem]]:
    """Check header and cells of the non-empty ``rows`` (row 1 is the header)."""
    if not rows:
        return None, [(m.TABLE_EMPTY, {})]
    problems: list[Problem] = []
    header_values = rows[0][1] if rows[0][0] == 1 else ()
    body = [row for row in rows if row[0] != 1]
    header = [cell_text(v) for v in header_values]
    while header and not header[-1]:
        header.pop()

    width = len(header)
    data_width = max((_last_filled(values) for _, values in body), default=0)
    if csv_source:
        for number, values in body:
            if _last_filled(values) > width:
                problems.append((m.TABLE_ROW_TOO_WIDE, {
                    "baris_data": number, "jumlah": _last_filled(values),
                    "jumlah_judul": width,
                }))
    else:
        width = max(width, data_width)

    keep: list[int] = []
    seen: dict[str, int] = {}
    for index in range(width):
        title = header[index] if index < len(header) else ""
        letter = get_column_letter(index + 1)
        if not title:
            if any(index < len(v) and cell_text(v[index]) for _, v in body):
                problems.append((m.TABLE_HEADER_EMPTY, {"huruf": letter}))
            continue
        key = title.casefold()
        if key in seen:
            problems.append((m.TABLE_HEADER_DUPLICATE, {"kolom": title, "huruf": letter}))
            continue
        seen[key] = index
        keep.append(index)

    for number, values in rows:
        for index, value in enumerate(values):
            if is_error_value(value):
                problems.append((m.TABLE_CELL_ERROR, {
                    "sel": f"{get_column_letter(index + 1)}{number}", "nilai": value.strip(),
                }))

    if not body:
        problems.append((m.TABLE_NO_DATA_ROWS, {}))
    if problems:
        return None, problems
    table = DataTable(
        header=tuple(header[i] for i in keep),
        rows=tuple(
            tuple(cell_text(values[i]) if i < len(values) else "" for i in keep)
            for _, values in body
        ),
    )
    return table, []


def _last_filled(values: tuple[Any, ...]) -> int:
    """1 + the index of the last non-empty cell (0 for an empty row)."""
    for index in range(len(values) - 1, -1, -1):
        if cell_text(values[index]):
            return index + 1
    return 0

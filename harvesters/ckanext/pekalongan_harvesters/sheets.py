"""Reading the sheets of an XLSX workbook (openpyxl, read-only, cached values only).

Read-only mode streams the sheet XML instead of building every cell in memory, but it
does not report merged cells; ``merged_ranges`` scans the sheet's XML for them.
"""
from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
from openpyxl.utils import range_boundaries

from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters.file_kind import FileError

_MERGE_RE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\""
)
_CHUNK = 1 << 20
_OVERLAP = 512

Row = tuple[int, tuple[Any, ...]]  # (row number as Excel shows it, cell values)


def open_xlsx(data: bytes):
    """The workbook in ``data`` (read-only, formulas as their last computed values)."""
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise FileError(m.render(m.FILE_XLSX_BROKEN, detail=_describe(error))) from None


def find_sheet(workbook, name: str) -> str | None:
    """The workbook's title for sheet ``name``; like Excel, case does not matter."""
    if name in workbook.sheetnames:
        return name
    wanted = name.strip().casefold()
    for title in workbook.sheetnames:
        if title.strip().casefold() == wanted:
            return title
    return None


def is_worksheet(sheet) -> bool:
    return hasattr(sheet, "iter_rows")


def sheet_rows(sheet, max_rows: int) -> tuple[list[Row], bool]:
    """The non-empty rows of ``sheet`` and whether it has more than ``max_rows`` + 1.

    The declared sheet dimensions are ignored: some writers get them wrong, which
    would cut rows or columns off.
    """
    sheet.reset_dimensions()
    rows: list[Row] = []
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(_has_value(v) for v in values):
                if len(rows) > max_rows:  # header + max_rows rows already kept
                    return rows, True
                rows.append((number, tuple(values)))
    except Exception as error:
        raise FileError(m.render(m.FILE_XLSX_BROKEN, detail=_describe(error))) from None
    return rows, False


def merged_ranges(sheet) -> list[str]:
    """The merged ranges (``"A1:C1"``) of ``sheet``, top to bottom, left to right."""
    found: list[str] = []
    seen: set[bytes] = set()
    tail = b""
    with sheet._get_source() as source:  # the sheet's XML part inside the archive
        while chunk := source.read(_CHUNK):
            buffer = tail + chunk
            for match in _MERGE_RE.finditer(buffer):
                ref = match.group(1)
                if ref not in seen:
                    seen.add(ref)
                    found.append(ref.decode("ascii").upper())
            tail = buffer[-_OVERLAP:]
    return sorted(found, key=lambda ref: range_boundaries(ref)[1::-1])


def _has_value(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:200]

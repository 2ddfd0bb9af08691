"""Checks of uploaded files. Pure: bytes in, a :class:`Problem` (or None) out.

Two kinds:

- :func:`upload_problem` — refused before anything is saved: forbidden type (programs,
  scripts), a file whose content contradicts its extension (a ``.csv`` that is a ZIP, an
  ``.xlsx`` that is not), or a file over the size limit.
- :func:`table_problem` — the file is saved (the dataset stays intact) but it cannot be
  previewed as a table: binary junk or a wrong encoding in a CSV, ragged rows, no header,
  a spreadsheet whose header row has merged cells.

Messages are msgids with ``{placeholders}``; callers translate them (``tk._``) and format.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from typing import Any

FORBIDDEN_EXTENSIONS = frozenset(
    "exe dll com bat cmd msi scr pif vbs vbe js jse wsf wsh ps1 sh bash jar apk app deb rpm "
    "bin run cpl hta lnk reg".split()
)
# magic bytes of executables: never accepted, whatever the extension says
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe",
                    b"\xfe\xed\xfa\xce", b"#!")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# binary signatures a text file (CSV, JSON, TXT) can never start with
BINARY_MAGIC = {
    ZIP_MAGIC: "ZIP/XLSX/DOCX",
    OLE_MAGIC: "XLS/DOC",
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "GZIP",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7Z",
}
# extension -> signatures its content must start with
EXPECTED_MAGIC = {
    "xlsx": (ZIP_MAGIC,), "xlsm": (ZIP_MAGIC,), "docx": (ZIP_MAGIC,), "pptx": (ZIP_MAGIC,),
    "odt": (ZIP_MAGIC,), "ods": (ZIP_MAGIC,), "zip": (ZIP_MAGIC,),
    "xls": (OLE_MAGIC,), "doc": (OLE_MAGIC,),
    "pdf": (b"%PDF",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",), "gif": (b"GIF8",),
}
TEXT_EXTENSIONS = frozenset({"csv", "tsv", "txt", "json", "geojson", "xml"})
MEGABYTE = 1024 * 1024


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated when shown."""
    return message


@dataclass(frozen=True)
class Problem:
    code: str
    message: str  # msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, gettext=lambda s: s) -> str:
        return gettext(self.message).format(**self.params)


def extension(filename: str | None) -> str:
    return os.path.splitext(filename or "")[1].lstrip(".").lower()


def upload_problem(filename: str, head: bytes, size: int | None,
                   max_size_mb: int | None) -> Problem | None:
    """Why an upload must be refused, or None.

    :param filename: the name the user gave the file.
    :param head: its first bytes (4 KiB are plenty).
    :param size: its size in bytes, when known.
    :param max_size_mb: ``ckan.max_resource_size``.
    """
    ext = extension(filename)
    if ext in FORBIDDEN_EXTENSIONS or head.startswith(EXECUTABLE_MAGIC):
        return Problem("forbidden_type",
                       N_("Files of this type cannot be uploaded ({name}): programs and scripts "
                       "are not accepted. Upload the data as CSV, XLSX, PDF or another "
                       "document format."), {"name": filename})
    if max_size_mb and size is not None and size > max_size_mb * MEGABYTE:
        return Problem("too_large",
                       N_("The file is too large ({size} MB); the limit is {limit} MB. Split the "
                       "data into several files or compress it."),
                       {"size": f"{size / MEGABYTE:.1f}", "limit": max_size_mb})
    if not head:
        return None
    expected = EXPECTED_MAGIC.get(ext)
    if expected and not head.startswith(expected):
        return Problem("content_mismatch",
                       N_("The content of {name} does not match its extension .{ext}. Save the "
                       "file again in that format, or rename it with its real extension."),
                       {"name": filename, "ext": ext})
    if ext in TEXT_EXTENSIONS:
        for magic, kind in BINARY_MAGIC.items():
            if head.startswith(magic):
                return Problem("content_mismatch",
                               N_("{name} is named .{ext} but is a {kind} file. Upload it with "
                               "its real extension, or export the data as .{ext}."),
                               {"name": filename, "ext": ext, "kind": kind})
    return None


# ---------------------------------------------------------------------------
# Tables that cannot be previewed
# ---------------------------------------------------------------------------

CSV_SAMPLE_BYTES = 2 * MEGABYTE


def table_problem(fmt: str, data: bytes) -> Problem | None:
    """Why a CSV or XLSX file cannot be loaded into the DataStore, or None.

    :param fmt: the resource format (``CSV``, ``XLSX``...); others are not checked.
    :param data: the file (a CSV may be cut at ``CSV_SAMPLE_BYTES``).
    """
    fmt = (fmt or "").lower()
    if fmt in ("csv", "tsv"):
        return csv_problem(data[:CSV_SAMPLE_BYTES], truncated=len(data) > CSV_SAMPLE_BYTES,
                           delimiter="\t" if fmt == "tsv" else None)
    if fmt in ("xlsx", "xlsm"):
        return xlsx_problem(data)
    return None


def csv_problem(data: bytes, truncated: bool = False,
                delimiter: str | None = None) -> Problem | None:
    if not data.strip():
        return Problem("empty", N_("Preview not available: the file is empty."))
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem("binary",
                       N_("Preview not available: the file is not a text CSV (it contains binary "
                       "data). Export the table from your spreadsheet as \"CSV UTF-8\" and "
                       "upload it again."))
    try:
        text = _decode(data, truncated)
    except UnicodeDecodeError as err:
        return Problem("encoding",
                       N_("Preview not available: the file is not UTF-8 encoded (unreadable byte "
                       "at position {pos}). Save it as \"CSV UTF-8\" and upload it again."),
                       {"pos": err.start})
    lines = text.splitlines()
    if truncated and lines:
        lines = lines[:-1]  # the last line may be cut
    if not delimiter:
        try:
            delimiter = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
            if any(c.strip() for c in r)]
    if not rows:
        return Problem("empty", N_("Preview not available: the file is empty."))
    header = rows[0]
    if len(header) < 2 and len(rows) > 1 and all(len(r) < 2 for r in rows):
        return None  # a one-column table is a table
    if any(not h.strip() for h in header) and len(header) > 1:
        blank = next(i for i, h in enumerate(header) if not h.strip())
        return Problem("blank_header",
                       N_("Preview not available: column {col} of the header row has no name. "
                       "Give every column a name in the first row and upload the file again."),
                       {"col": column_letter(blank)})
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            return Problem("ragged",
                           N_("Preview not available: row {row} has {cells} cells but the header "
                           "row has {columns}. Make every row have the same number of columns "
                           "and upload the file again."),
                           {"row": number, "cells": len(row), "columns": len(header)})
    return None


def _decode(data: bytes, truncated: bool) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # a sample cut inside a multi-byte character is not an encoding error
        if truncated and err.start >= len(data) - 4:
            return data[:err.start].decode("utf-8-sig")
        raise


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def merged_header_ranges(merged: list[tuple[int, int, int, int]], header_row: int) -> list[
        tuple[int, int, int, int]]:
    """The merged ranges ``(min_row, min_col, max_row, max_col)`` (1-based) that touch the
    header row."""
    return [r for r in merged if r[0] <= header_row <= r[2]]


def range_name(bounds: tuple[int, int, int, int]) -> str:
    """(1, 2, 1, 3) -> 'B1:C1'."""
    min_row, min_col, max_row, max_col = bounds
    return (f"{column_letter(min_col - 1)}{min_row}:"
            f"{column_letter(max_col - 1)}{max_row}")


def xlsx_problem(data: bytes) -> Problem | None:
    """Merged cells in the header row (the first non-empty row) of the first sheet, or an
    unreadable workbook."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        return Problem("unreadable",
                       N_("Preview not available: the spreadsheet cannot be read ({error}). Open "
                       "it in a spreadsheet program, save it as .xlsx and upload it again."),
                       {"error": type(err).__name__})
    try:
        sheet = workbook.worksheets[0]
        header_row = next(
            (row[0].row for row in sheet.iter_rows()
             if any(c.value not in (None, "") for c in row)),
            None)
        if header_row is None:
            return Problem("empty", N_("Preview not available: the file is empty."))
        merged = merged_header_ranges(
            [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges],
            header_row)
    finally:
        workbook.close()
    if merged:
        return Problem("merged_header",
                       N_("Preview not available: the header row of the table has merged cells "
                       "at {cells}. Unmerge the header cells, give every column its own name "
                       "and upload the file again."),
                       {"cells": ", ".join(range_name(r) for r in sorted(merged))})
    return None

"""Checks of uploaded files. Pure: bytes in, a :class:`Problem` (or None) out. File types
are identified by libmagic (python-magic, the ``file`` command's database), never by the
type an uploader declares.

Three kinds:

- :func:`upload_problem` — refused before anything is saved: forbidden type (programs,
  scripts), a file whose content contradicts its extension (a ``.csv`` that is a ZIP, an
  ``.xlsx`` that is not), or a file over the size limit.
- :func:`table_problem` — the file is saved (the dataset stays intact) but it cannot be
  previewed as a table: binary junk or a wrong encoding in a CSV, ragged rows, no header,
  a spreadsheet whose header row has merged cells.
- :func:`served_type` — how an uploaded file is sent back: the Content-Type from its
  content (active content and unknown types as ``application/octet-stream``) and whether a
  browser may show it inline (raster images only).

Messages are msgids with ``{placeholders}``; callers translate them (``tk._``) and format.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from typing import Any

import magic

from ckanext.pekalongan.text import N_

FORBIDDEN_EXTENSIONS = frozenset(
    "exe dll com bat cmd msi scr pif vbs vbe js jse wsf wsh ps1 sh bash jar apk app deb rpm "
    "bin run cpl hta lnk reg".split()
)
TEXT_EXTENSIONS = frozenset({"csv", "tsv", "txt", "json", "geojson", "xml"})
MEGABYTE = 1024 * 1024
SNIFF_BYTES = 8192  # libmagic needs about 2 KiB to tell an XLSX from any ZIP

# Kinds of binary files, as named in the messages, by the MIME type libmagic reports.
ZIP = "ZIP/XLSX/DOCX"
OLE = "XLS/DOC"
KIND_BY_MIME = {
    "application/zip": ZIP, "application/x-zip-compressed": ZIP, "application/epub+zip": ZIP,
    "application/x-ole-storage": OLE, "application/CDFV2": OLE, "application/vnd.ms-excel": OLE,
    "application/msword": OLE, "application/vnd.ms-powerpoint": OLE,
    "application/vnd.ms-office": OLE,
    "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF",
    "application/gzip": "GZIP", "application/x-gzip": "GZIP", "application/x-rar": "RAR",
    "application/vnd.rar": "RAR", "application/x-7z-compressed": "7Z",
}
KIND_BY_MIME_PREFIX = {  # OOXML and OpenDocument are ZIP containers
    "application/vnd.openxmlformats-officedocument.": ZIP,
    "application/vnd.oasis.opendocument.": ZIP,
}
KIND_BY_DESCRIPTION = {  # when libmagic knows the format but has no MIME type for it
    "OLE 2 Compound Document": OLE, "Composite Document File V2": OLE,
    "7-zip archive": "7Z", "Zip archive": ZIP, "RAR archive": "RAR",
}
# extension -> the kind its content must be
EXPECTED_KIND = {
    "xlsx": ZIP, "xlsm": ZIP, "docx": ZIP, "pptx": ZIP, "odt": ZIP, "ods": ZIP, "zip": ZIP,
    "xls": OLE, "doc": OLE,
    "pdf": "PDF", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF",
}
# programs: never accepted, whatever the extension says
EXECUTABLE_MIMES = frozenset({
    "application/x-dosexec", "application/vnd.microsoft.portable-executable",
    "application/x-msdownload", "application/x-msi", "application/x-executable",
    "application/x-sharedlib", "application/x-pie-executable", "application/x-mach-binary",
    "application/x-elf", "application/x-object", "application/x-coredump",
    "application/java-archive", "application/x-java-applet",
    "application/vnd.android.package-archive", "application/x-debian-package",
    "application/x-rpm", "application/x-ms-shortcut",
})
EXECUTABLE_DESCRIPTIONS = ("ELF ", "PE32", "MS-DOS executable", "Mach-O", "MS Windows")
# libmagic's rules need more than a few bytes; a sample too short for them ("data") is
# still recognised by its leading signature.
SHORT_SAMPLE_SIGNATURES = {
    b"MZ": "exe", b"\x7fELF": "exe", b"#!": "exe", b"\xcf\xfa\xed\xfe": "exe",
    b"\xfe\xed\xfa\xce": "exe", b"\xca\xfe\xba\xbe": "exe",
    b"PK\x03\x04": ZIP, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": OLE, b"%PDF": "PDF",
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"\x1f\x8b": "GZIP",
    b"Rar!": "RAR", b"7z\xbc\xaf": "7Z",
}

# How an uploaded file is served back. Only these sniffed types keep their own MIME type;
# anything else (HTML, XHTML, SVG, XML, scripts, unknown) is application/octet-stream.
PASSIVE_MIMES = frozenset({
    "text/csv", "text/plain", "text/tab-separated-values", "application/json",
    "application/geo+json", "application/pdf", "image/png", "image/jpeg", "image/gif",
    "image/webp", "application/zip", "application/gzip", "application/x-7z-compressed",
    "application/vnd.ms-excel", "application/msword", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
})
# a text file named as data is served as that data, whatever markup libmagic sees in it
# (a CSV cell holding "<script>" makes libmagic say text/html)
TEXT_DATA_BY_EXTENSION = {
    "csv": "text/csv", "tsv": "text/tab-separated-values", "txt": "text/plain",
    "json": "application/json", "geojson": "application/geo+json",
}
# the only types a browser may show inline (in an <img>); everything else is an attachment
INLINE_MIMES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
OCTET_STREAM = "application/octet-stream"

_MIME = magic.Magic(mime=True)
_DESCRIPTION = magic.Magic()



@dataclass(frozen=True)
class Problem:
    code: str
    message: str  # msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, gettext=lambda s: s) -> str:
        return gettext(self.message).format(**self.params)


@dataclass(frozen=True)
class Sniffed:
    """What libmagic makes of the first bytes of a file."""
    mime: str
    description: str

    @property
    def executable(self) -> bool:
        return (self.mime in EXECUTABLE_MIMES
                or self.description.startswith(EXECUTABLE_DESCRIPTIONS)
                or (self.mime.startswith("text/x-") and "executable" in self.description))

    @property
    def kind(self) -> str | None:
        """``ZIP/XLSX/DOCX``, ``PDF``... for a binary format, None for text or unknown."""
        if self.mime in KIND_BY_MIME:
            return KIND_BY_MIME[self.mime]
        for prefix, kind in KIND_BY_MIME_PREFIX.items():
            if self.mime.startswith(prefix):
                return kind
        for start, kind in KIND_BY_DESCRIPTION.items():
            if self.description.startswith(start):
                return kind
        return None


def sniff(head: bytes) -> Sniffed:
    """libmagic's MIME type and description of ``head`` (the first bytes of a file)."""
    head = head[:SNIFF_BYTES]
    if not head:
        return Sniffed("application/x-empty", "empty")
    sniffed = Sniffed(_MIME.from_buffer(head), _DESCRIPTION.from_buffer(head))
    if sniffed.description == "data":
        for signature, kind in SHORT_SAMPLE_SIGNATURES.items():
            if head.startswith(signature):
                if kind == "exe":
                    return Sniffed(OCTET_STREAM, "MS-DOS executable (short sample)")
                mime = next((m for m, k in KIND_BY_MIME.items() if k == kind), OCTET_STREAM)
                return Sniffed(mime, f"{kind} (short sample)")
    return sniffed


@dataclass(frozen=True)
class Served:
    """How an uploaded file is sent to browsers."""
    mimetype: str
    inline: bool


def served_type(filename: str | None, head: bytes) -> Served:
    """The Content-Type and disposition of an uploaded file, from its content (libmagic)
    and never from the type its uploader declared. Active content (HTML, SVG, XML,
    scripts) and anything unknown is ``application/octet-stream``; only raster images may
    be shown inline."""
    mime = sniff(head).mime
    ext = extension(filename)
    if mime.startswith("text/") and ext in TEXT_DATA_BY_EXTENSION:
        mime = TEXT_DATA_BY_EXTENSION[ext]
    if mime not in PASSIVE_MIMES:
        mime = OCTET_STREAM
    return Served(mime, mime in INLINE_MIMES)


def extension(filename: str | None) -> str:
    return os.path.splitext(filename or "")[1].lstrip(".").lower()


def upload_problem(filename: str, head: bytes, size: int | None,
                   max_size_mb: int | None) -> Problem | None:
    """Why an upload must be refused, or None.

    :param filename: the name the user gave the file.
    :param head: its first bytes (``SNIFF_BYTES`` are plenty).
    :param size: its size in bytes, when known.
    :param max_size_mb: ``ckan.max_resource_size``.
    """
    ext = extension(filename)
    sniffed = sniff(head)
    if ext in FORBIDDEN_EXTENSIONS or sniffed.executable:
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
    expected = EXPECTED_KIND.get(ext)
    if expected and sniffed.kind != expected:
        return Problem("content_mismatch",
                       N_("The content of {name} does not match its extension .{ext}. Save the "
                       "file again in that format, or rename it with its real extension."),
                       {"name": filename, "ext": ext})
    if ext in TEXT_EXTENSIONS and sniffed.kind:
        return Problem("content_mismatch",
                       N_("{name} is named .{ext} but is a {kind} file. Upload it with "
                       "its real extension, or export the data as .{ext}."),
                       {"name": filename, "ext": ext, "kind": sniffed.kind})
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

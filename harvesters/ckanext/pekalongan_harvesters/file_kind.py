"""What a downloaded file is (XLSX, CSV, or something else), and reading CSV text.

Encoding decision: CSV must be UTF-8 (with or without a byte-order mark). Anything else
is refused with a message telling the operator how to save "CSV UTF-8" from Excel. We do
not guess cp1252/latin-1: a wrong guess silently corrupts names and units (``m²``,
``–``) on a public portal, while a refusal is noticed and fixed once at the source.
Plain ASCII is valid UTF-8, so the common case is unaffected.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass

from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters.workbook_format import normalise_header

XLSX = "xlsx"
CSV = "csv"

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|title|script)\b", re.I)
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Limits:
    """How much a harvest accepts from one file.

    ``max_bytes``: size of the file as downloaded; ``max_unpacked_bytes``: total size of
    an XLSX's parts once unzipped (guards against zip bombs); ``max_rows``: rows of the
    daftar data and rows of each data table (the header not counted).
    """

    max_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_rows: int = 100_000


class FileError(ValueError):
    """The file cannot be read at all; ``str(error)`` is the operator's message."""


def check_size(size: int, limits: Limits) -> None:
    """Raise FileError when ``size`` bytes exceed ``limits.max_bytes``.

    The harvester's fetch stage calls this while downloading, to stop early.
    """
    if size > limits.max_bytes:
        raise FileError(m.render(
            m.FILE_TOO_LARGE, ukuran=m.megabytes(size), batas=m.megabytes(limits.max_bytes)
        ))


# libmagic's MIME types (python-magic) → what the reader does with them
_ZIP_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip",
    "application/x-zip-compressed", "application/octet-stream",
})
_ODS_TYPES = frozenset({"application/vnd.oasis.opendocument.spreadsheet",
                        "application/vnd.oasis.opendocument.spreadsheet-template"})
_XLS_TYPES = frozenset({"application/vnd.ms-excel", "application/x-ole-storage",
                        "application/cdfv2", "application/msword",
                        "application/vnd.ms-office"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def sniff(data: bytes) -> str:
    """libmagic's MIME type of ``data`` (lower case), e.g. ``text/plain``."""
    import magic  # python-magic, on Debian's libmagic

    return (magic.from_buffer(data, mime=True) or "application/octet-stream").lower()


def detect(data: bytes, limits: Limits) -> str:
    """``XLSX`` or ``CSV``; FileError for anything else (HTML, PDF, XLS, ODS, binary).

    The type is sniffed by libmagic (python-magic), never taken from the server's
    Content-Type or the URL; an XLSX is then opened as a zip to check its parts and its
    unpacked size (zip bombs).
    """
    if not data:
        raise FileError(m.render(m.FILE_EMPTY))
    check_size(len(data), limits)
    mime = sniff(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")) and (
            mime in _ZIP_TYPES or mime in _ODS_TYPES):
        return _check_zip(data, limits)
    if mime in _ODS_TYPES:
        raise FileError(m.render(m.FILE_ODS))
    if mime in _XLS_TYPES:
        raise FileError(m.render(m.FILE_XLS))
    if mime == "application/pdf":
        raise FileError(m.render(m.FILE_PDF))
    if mime in _HTML_TYPES or looks_like_html(data):
        raise FileError(m.render(m.FILE_HTML))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileError(m.render(m.CSV_UTF16))
    if not (mime.startswith("text/") or mime in ("application/csv", "application/json")):
        raise FileError(m.render(m.FILE_BINARY))
    if b"\x00" in data[:4096]:
        raise FileError(m.render(m.FILE_BINARY))
    return CSV


def _check_zip(data: bytes, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileError(m.render(m.FILE_XLSX_BROKEN, detail=error)) from None
    if b"opendocument" in mimetype:
        raise FileError(m.render(m.FILE_ODS))
    if "xl/workbook.xml" not in names:
        raise FileError(m.render(m.FILE_ZIP))
    if unpacked > limits.max_unpacked_bytes:
        raise FileError(m.render(
            m.FILE_UNPACKED_TOO_LARGE,
            ukuran=m.megabytes(unpacked), batas=m.megabytes(limits.max_unpacked_bytes),
        ))
    return XLSX


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` is an HTML page (an error or login page, say): libmagic's verdict,
    or a page that starts with one of the usual HTML tags (libmagic wants the tag at the
    very start)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return sniff(head) in _HTML_TYPES or bool(_HTML_RE.search(head))


def decode_utf8(data: bytes) -> str:
    """The text of a UTF-8 file (a BOM is dropped); FileError naming the bad line if not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileError(m.render(
            m.CSV_NOT_UTF8, baris=line, bita=f"{data[error.start]:02X}"
        )) from None


def csv_records(text: str, delimiter: str | None = None) -> list[list[str]]:
    """All records of CSV ``text``; the delimiter is sniffed when not given."""
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [record for record in reader]
    except csv.Error as error:
        raise FileError(m.render(m.CSV_BROKEN, baris=reader.line_num, detail=error)) from None


def sniff_delimiter(text: str, known_headers: frozenset[str] | None = None) -> str:
    """``,`` ``;`` or tab: the one that splits the first lines most consistently.

    Excel with Indonesian regional settings writes ``;``-separated CSV. With
    ``known_headers`` the delimiter that yields the most known column names wins.
    """
    sample = text[:65536]
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (-1, -1, -1)
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        header = rows[0]
        known = 0
        if known_headers is not None:
            known = sum(normalise_header(cell) in known_headers for cell in header)
        consistent = sum(len(row) == len(header) for row in rows)
        score = (known, consistent if len(header) > 1 else 0, len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best

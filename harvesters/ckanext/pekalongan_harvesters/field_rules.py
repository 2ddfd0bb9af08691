"""How one cell of ``daftar_data`` is read, by the ``kind`` of its column.

``read_cell`` returns the value the dataset field takes (or ``None`` when the cell is
empty) and the messages for what is wrong with it. Checks that involve two cells
(period order, sheet_data vs url_data, the indicator column) live in ``workbook``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters import workbook_format as fmt
from ckanext.pekalongan_harvesters.package import slugify
from ckanext.pekalongan_harvesters.tables import cell_text, is_error_value

# CKAN's tag_name_validator and email_pattern (ckan/logic/validators.py).
_TAG_RE = re.compile(r"[\w \-.]*$", re.UNICODE)
_EMAIL_RE = re.compile(
    r"^(?!\.)(?!.*\.$)(?!.*?\.\.)"
    r"[a-zA-Z0-9.!#$%&'*+\/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"
)
# The schema's pekalongan_indikator_kolom_nilai validator.
_COLUMN_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_YEAR_RE = re.compile(r"^[0-9]{1,4}$")
_LIST_SPLIT_RE = re.compile(r"[,;\n]")

Reader = Callable[[fmt.Column, Any, str, int], tuple[Any, list[str]]]


def read_cell(
    column: fmt.Column, raw: Any, row: int, required: bool | None = None
) -> tuple[Any, list[str]]:
    """(value, errors) of ``raw``, the cell of ``column`` in daftar_data row ``row``.

    ``required`` overrides ``column.required`` (url_data is required in a CSV daftar data).
    """
    if is_error_value(raw):
        return None, [m.render(m.CELL_ERROR, baris=row, kolom=column.name, nilai=raw.strip())]
    text = cell_text(raw)
    if not text:
        if column.required if required is None else required:
            return None, [m.render(m.EMPTY, baris=row, kolom=column.name)]
        return None, []
    return _READERS[column.kind](column, raw, text, row)


def _as_is(column, raw, text, row):
    return text, []


def _identifier(column, raw, text, row):
    if not slugify(text):
        return None, [m.render(m.ID_NO_LETTERS, baris=row, id=text)]
    return text, []


def _choice(column, raw, text, row):
    choices = fmt.choices(column.field)
    value = choices.match(text)
    if value is None:
        return None, [m.render(
            m.CHOICE, baris=row, kolom=column.name, nilai=text,
            pilihan=", ".join(choices.values),
        )]
    return value, []


def _year(column, raw, text, row):
    low, high = fmt.year_range()
    if isinstance(raw, (dt.date, dt.datetime)):
        year = raw.year  # a year typed into a date-formatted cell
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif _YEAR_RE.match(text):
        year = int(text)
    else:
        return None, [m.render(m.NOT_A_YEAR, baris=row, kolom=column.name, nilai=text)]
    if not low <= year <= high:
        return None, [m.render(
            m.YEAR_RANGE, baris=row, kolom=column.name, nilai=year, min=low, maks=high
        )]
    return year, []


def _split(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT_RE.split(text) if part.strip()]


def _tags(column, raw, text, row):
    tags: list[str] = []
    errors: list[str] = []
    for tag in _split(text):
        if not fmt.TAG_MIN_LENGTH <= len(tag) <= fmt.TAG_MAX_LENGTH:
            errors.append(m.render(
                m.TAG_LENGTH, baris=row, tag=tag, min=fmt.TAG_MIN_LENGTH,
                maks=fmt.TAG_MAX_LENGTH,
            ))
        elif not _TAG_RE.match(tag):
            errors.append(m.render(m.TAG_CHARACTERS, baris=row, tag=tag))
        elif tag not in tags:
            tags.append(tag)
    return (None if errors else tags), errors


def _wilayah(column, raw, text, row):
    known = fmt.kode_wilayah_codes()
    codes: list[str] = []
    errors: list[str] = []
    for code in _split(text):
        if code not in known:
            errors.append(m.render(m.KODE_WILAYAH_UNKNOWN, baris=row, kode=code))
        elif code not in codes:
            codes.append(code)
    return (None if errors else codes), errors


def _email(column, raw, text, row):
    if not _EMAIL_RE.match(text):
        return None, [m.render(m.EMAIL_INVALID, baris=row, kolom=column.name, nilai=text)]
    return text, []


def _boolean(column, raw, text, row):
    if isinstance(raw, bool):
        return raw, []
    key = text.strip().lower()
    if key in fmt.BOOLEAN_TRUE:
        return True, []
    if key in fmt.BOOLEAN_FALSE:
        return False, []
    return None, [m.render(
        m.CHOICE, baris=row, kolom=column.name, nilai=text,
        pilihan=", ".join(fmt.BOOLEAN_CHOICES),
    )]


def _column_name(column, raw, text, row):
    if not _COLUMN_NAME_RE.match(text):
        return None, [m.render(m.KOLOM_NILAI_FORMAT, baris=row, nilai=text)]
    return text, []


def _url(column, raw, text, row):
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        return None, [m.render(m.URL_INVALID, baris=row, url=text)]
    return text, []


_READERS: dict[str, Reader] = {
    "id": _identifier,
    "text": _as_is,
    "choice": _choice,
    "year": _year,
    "tags": _tags,
    "wilayah": _wilayah,
    "email": _email,
    "boolean": _boolean,
    "column_name": _column_name,
    "sheet": _as_is,
    "url": _url,
}

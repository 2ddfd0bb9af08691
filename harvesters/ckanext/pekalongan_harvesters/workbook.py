"""Reading an OPD's "daftar data" (XLSX or CSV bytes) into one result per dataset row.

Pure: no CKAN, no database, no network. ``parse_daftar_data`` checks every row and
collects every error (there is no cap), in the operator's language, naming the row and
the column. A row with an error has no ``package_dict``; it still carries its
``source_id`` so that the harvester knows the dataset is still listed.

Rows whose data is at ``url_data`` come back with ``data_url`` set and no table yet: the
harvester downloads the file and calls ``attach_data_file``.

Duplicates: the first row with an ``id_dataset`` wins; later rows with the same id (or an
id giving the same dataset name) are errors.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from ckanext.pekalongan_harvesters import messages as m
from ckanext.pekalongan_harvesters import sheets
from ckanext.pekalongan_harvesters import workbook_format as fmt
from ckanext.pekalongan_harvesters.field_rules import read_cell
from ckanext.pekalongan_harvesters.file_kind import (
    CSV,
    FileError,
    Limits,
    csv_records,
    decode_utf8,
    detect,
    sniff_delimiter,
)
from ckanext.pekalongan_harvesters.package import build_package_dict, dataset_name, slugify
from ckanext.pekalongan_harvesters.tables import (
    DataTable,
    Problem,
    cell_text,
    table_from_file,
    table_from_sheet,
)

__all__ = ["RowResult", "WorkbookResult", "parse_daftar_data", "attach_data_file", "Limits"]


@dataclass
class RowResult:
    """One dataset row of daftar_data.

    ``row_number`` is the row as Excel shows it (header = 1). ``package_dict`` and
    ``data_table`` are None when ``errors`` is not empty (and ``data_table`` is None
    until ``attach_data_file`` for ``url_data`` rows).
    """

    row_number: int
    source_id: str | None
    package_dict: dict[str, Any] | None
    data_table: DataTable | None
    errors: list[str] = field(default_factory=list)
    data_sheet: str | None = None
    data_url: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.package_dict is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, e.g. for a harvest object's ``content``."""
        return {
            "row_number": self.row_number,
            "source_id": self.source_id,
            "package_dict": self.package_dict,
            "data_table": self.data_table.to_dict() if self.data_table else None,
            "errors": list(self.errors),
            "data_sheet": self.data_sheet,
            "data_url": self.data_url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowResult:
        table = data.get("data_table")
        return cls(
            row_number=data["row_number"],
            source_id=data.get("source_id"),
            package_dict=data.get("package_dict"),
            data_table=DataTable.from_dict(table) if table else None,
            errors=list(data.get("errors") or []),
            data_sheet=data.get("data_sheet"),
            data_url=data.get("data_url"),
        )


@dataclass
class WorkbookResult:
    """The rows, plus errors and warnings about the file as a whole."""

    kind: str | None
    rows: list[RowResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def all_errors(self) -> list[str]:
        return self.errors + [e for row in self.rows for e in row.errors]

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]


def parse_daftar_data(
    data: bytes,
    *,
    org_name: str,
    owner_org: str | None = None,
    limits: Limits | None = None,
) -> WorkbookResult:
    """Read and check a daftar data file.

    :param data: the file's bytes (XLSX or UTF-8 CSV; the kind is detected from them)
    :param org_name: the CKAN organization name of the OPD (used in dataset names)
    :param owner_org: put into every package dict when given
    :param limits: size limits (``Limits()`` when None)
    """
    limits = limits or Limits()
    try:
        kind = detect(data, limits)
        if kind == CSV:
            return _parse_csv(data, org_name, owner_org, limits)
        return _parse_xlsx(data, org_name, owner_org, limits)
    except FileError as error:
        return WorkbookResult(kind=None, errors=[str(error)])


def attach_data_file(row: RowResult, data: bytes, limits: Limits | None = None) -> RowResult:
    """The ``url_data`` row with the table read from the downloaded ``data`` (or errors)."""
    limits = limits or Limits()
    table, problems = table_from_file(data, limits)
    source = m.render(m.SOURCE_URL)
    errors = [m.render(msgid, baris=row.row_number, sumber=source, **p) for msgid, p in problems]
    if table is not None and row.package_dict is not None:
        errors += _check_indicator(row.package_dict, table, row.row_number)
    if errors:
        return replace(row, package_dict=None, data_table=None, errors=row.errors + errors)
    return replace(row, data_table=table)


# --- the two file kinds ------------------------------------------------------------------
def _parse_xlsx(data, org_name, owner_org, limits) -> WorkbookResult:
    result = WorkbookResult(kind="xlsx")
    workbook = sheets.open_xlsx(data)
    try:
        title = sheets.find_sheet(workbook, fmt.DAFTAR_SHEET)
        if title is None:
            result.errors.append(m.render(
                m.DAFTAR_SHEET_MISSING, sheet=fmt.DAFTAR_SHEET,
                sheets=", ".join(workbook.sheetnames),
            ))
            return result
        daftar = workbook[title]
        if not sheets.is_worksheet(daftar):
            result.errors.append(m.render(m.NOT_A_WORKSHEET, sheet=title))
            return result
        place = m.render(m.PLACE_SHEET)
        rows, too_many = sheets.sheet_rows(daftar, limits.max_rows)
        if too_many:
            result.errors.append(m.render(m.TOO_MANY_ROWS, tempat=place, batas=limits.max_rows))
            return result
        for ref in sheets.merged_ranges(daftar):
            if range_boundaries(ref)[1] == 1:
                result.errors.append(m.render(m.HEADER_MERGED, tempat=place, rentang=ref))
        tables = _SheetTables(workbook, limits)
        _parse_rows(result, rows, place, fmt.COLUMNS, fmt.REQUIRED_COLUMNS,
                    org_name, owner_org, tables)
    finally:
        workbook.close()
    return result


def _parse_csv(data, org_name, owner_org, limits) -> WorkbookResult:
    result = WorkbookResult(kind="csv")
    text = decode_utf8(data)
    known = frozenset(fmt.COLUMNS_BY_NAME)
    records = csv_records(text, sniff_delimiter(text, known_headers=known))
    rows = [
        (number, tuple(record))
        for number, record in enumerate(records, start=1)
        if any(cell.strip() for cell in record)
    ]
    place = m.render(m.PLACE_CSV)
    if len(rows) > limits.max_rows + 1:
        result.errors.append(m.render(m.TOO_MANY_ROWS, tempat=place, batas=limits.max_rows))
        return result
    _parse_rows(result, rows, place, fmt.CSV_COLUMNS, fmt.CSV_REQUIRED_COLUMNS,
                org_name, owner_org, tables=None)
    return result


# --- header and rows -----------------------------------------------------------------------
def _parse_rows(result, rows, place, columns, required, org_name, owner_org, tables) -> None:
    header = rows[0][1] if rows and rows[0][0] == 1 else ()
    body = [row for row in rows if row[0] != 1]
    positions = _read_header(result, header, body, place, columns, required, tables is None)
    if result.errors:
        return
    if not body:
        result.errors.append(m.render(m.NO_ROWS, tempat=place))
        return
    by_id: dict[str, int] = {}
    by_name: dict[str, tuple[str, int]] = {}
    for number, values in body:
        cells = {name: (values[i] if i < len(values) else None) for name, i in positions.items()}
        row = _parse_row(number, cells, required, org_name, owner_org, tables)
        _check_duplicates(row, org_name, by_id, by_name)
        result.rows.append(row)


def _read_header(result, header, body, place, columns, required, is_csv) -> dict[str, int]:
    """Column name → index; header problems go to ``result``."""
    known = {c.name for c in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = fmt.normalise_header(cell)
        letter = get_column_letter(index + 1)
        if not name:
            if any(index < len(v) and cell_text(v[index]) for _, v in body):
                result.warnings.append(m.render(m.COLUMN_UNTITLED, huruf=letter, tempat=place))
        elif is_csv and name == "sheet_data":
            # an empty sheet_data column (an XLSX saved as CSV) is harmless
            if any(index < len(v) and cell_text(v[index]) for _, v in body):
                result.errors.append(m.render(m.COLUMN_CSV_SHEET_DATA, tempat=place))
        elif name not in known:
            result.warnings.append(m.render(m.COLUMN_UNKNOWN, kolom=name, tempat=place))
        elif name in positions:
            result.errors.append(m.render(
                m.COLUMN_DUPLICATE, kolom=name, tempat=place, huruf=letter
            ))
        else:
            positions[name] = index
    for name in required:
        if name not in positions:
            result.errors.append(m.render(m.COLUMN_REQUIRED_MISSING, kolom=name, tempat=place))
    if not is_csv and "sheet_data" not in positions and "url_data" not in positions:
        result.errors.append(m.render(m.COLUMN_SOURCE_MISSING, tempat=place))
    return positions


def _parse_row(number, cells, required, org_name, owner_org, tables) -> RowResult:
    values: dict[str, Any] = {}
    errors: list[str] = []
    for name, raw in cells.items():
        value, problems = read_cell(fmt.COLUMNS_BY_NAME[name], raw, number, name in required)
        values[name] = value
        errors += problems
    source_id = cell_text(cells.get("id_dataset")) or None

    awal, akhir = values.get("periode_awal"), values.get("periode_akhir")
    if awal is not None and akhir is not None and akhir < awal:
        errors.append(m.render(m.PERIOD_ORDER, baris=number, awal=awal, akhir=akhir))
    if values.get("indikator_capaian") and not _filled(cells, "kolom_nilai"):
        errors.append(m.render(m.KOLOM_NILAI_REQUIRED, baris=number))

    sheet_name, url = values.get("sheet_data"), values.get("url_data")
    has_sheet, has_url = _filled(cells, "sheet_data"), _filled(cells, "url_data")
    table: DataTable | None = None
    if has_sheet and has_url:
        errors.append(m.render(m.SOURCE_BOTH, baris=number))
    elif not has_sheet and not has_url and tables is not None:
        errors.append(m.render(m.SOURCE_NONE, baris=number))
    elif sheet_name is not None and tables is not None:
        table, table_errors = tables.get(sheet_name, number)
        errors += table_errors
        if table is not None:
            errors += _check_indicator(
                {"indikator_capaian": values.get("indikator_capaian"),
                 "indikator_kolom_nilai": values.get("kolom_nilai")},
                table, number,
            )

    if errors:
        return RowResult(number, source_id, None, None, errors, sheet_name, url)
    package = build_package_dict(values, org_name=org_name, owner_org=owner_org)
    return RowResult(number, source_id, package, table, [], sheet_name, url)


def _filled(cells: dict[str, Any], name: str) -> bool:
    return bool(cell_text(cells.get(name)))


def _check_duplicates(row: RowResult, org_name, by_id, by_name) -> None:
    if row.source_id is None:
        return
    if row.source_id in by_id:
        _fail(row, m.render(
            m.DUPLICATE_ID, baris=row.row_number, id=row.source_id,
            baris_lain=by_id[row.source_id],
        ))
        return
    by_id[row.source_id] = row.row_number
    if not slugify(row.source_id):
        return  # already an error (ID_NO_LETTERS)
    name = dataset_name(org_name, row.source_id)
    if name in by_name:
        other_id, other_row = by_name[name]
        _fail(row, m.render(
            m.DUPLICATE_NAME, baris=row.row_number, id=row.source_id, nama=name,
            id_lain=other_id, baris_lain=other_row,
        ))
        return
    by_name[name] = (row.source_id, row.row_number)


def _fail(row: RowResult, error: str) -> None:
    row.errors.append(error)
    row.package_dict = None
    row.data_table = None


def _check_indicator(package: dict[str, Any], table: DataTable, number: int) -> list[str]:
    """The indicator's columns must exist in its table."""
    errors: list[str] = []
    columns = ", ".join(table.header)
    value_column = package.get("indikator_kolom_nilai")
    if value_column and value_column not in table.header:
        errors.append(m.render(
            m.KOLOM_NILAI_NOT_IN_TABLE, baris=number, nilai=value_column, kolom_ada=columns
        ))
    if package.get("indikator_capaian") and fmt.INDICATOR_YEAR_COLUMN not in table.header:
        errors.append(m.render(m.INDICATOR_NO_TAHUN, baris=number, kolom_ada=columns))
    return errors


class _SheetTables:
    """Data sheets of the workbook, each read once however many rows refer to it."""

    def __init__(self, workbook, limits: Limits):
        self.workbook = workbook
        self.limits = limits
        self.cache: dict[str, tuple[DataTable | None, list[Problem]]] = {}

    def get(self, name: str, number: int) -> tuple[DataTable | None, list[str]]:
        title = sheets.find_sheet(self.workbook, name)
        if title is None:
            return None, [m.render(
                m.SHEET_NOT_FOUND, sheet=name, baris=number,
                sheets=", ".join(self.workbook.sheetnames),
            )]
        if title.casefold() in fmt.RESERVED_SHEETS:
            return None, [m.render(m.SHEET_RESERVED, baris=number, sheet=title)]
        if title not in self.cache:
            self.cache[title] = self._read(title)
        table, problems = self.cache[title]
        source = m.render(m.SOURCE_SHEET, sheet=title)
        return table, [
            m.render(msgid, baris=number, sumber=source, **params) for msgid, params in problems
        ]

    def _read(self, title: str) -> tuple[DataTable | None, list[Problem]]:
        sheet = self.workbook[title]
        if not sheets.is_worksheet(sheet):
            return None, [(m.TABLE_FILE, {"pesan": m.render(m.NOT_A_WORKSHEET, sheet=title)})]
        try:
            return table_from_sheet(sheet, self.limits)
        except FileError as error:
            return None, [(m.TABLE_FILE, {"pesan": str(error)})]

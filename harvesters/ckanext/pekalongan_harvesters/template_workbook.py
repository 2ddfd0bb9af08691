"""The downloadable "daftar data" template an OPD fills in.

Sheets: ``daftar_data`` (the column headers and one example row, with drop-down lists
for the choice columns), ``petunjuk`` (what goes in every column), ``pilihan`` (the
allowed values, read from the dataset schema) and an example data sheet that the
example row refers to. The example row itself passes ``parse_daftar_data``.

Write it to a file with::

    python -m ckanext.pekalongan_harvesters.template_workbook templat_daftar_data.xlsx
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ckanext.pekalongan.satudata import kecamatan, kode_wilayah_choices
from ckanext.pekalongan_harvesters import workbook_format as fmt

EXAMPLE_SHEET = "data_penduduk_2024"
EXAMPLE_HEADER = ("kode_wilayah", "kecamatan", "laki_laki", "perempuan", "jumlah")
LAST_TEMPLATE_ROW = 1000

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
_WRAP = Alignment(wrap_text=True, vertical="top")

_GENERAL_NOTES = (
    "Satu baris di sheet daftar_data = satu dataset. Baris 1 berisi nama kolom; "
    "jangan diubah, dihapus, atau digabung.",
    "Kolom berjudul merah wajib diisi. Kolom pilihan punya daftar isian (lihat sheet pilihan).",
    "id_dataset adalah kode tetap dataset: jangan diubah setelah dataset terbit dan jangan "
    "dipakai dua kali. Mengubahnya membuat dataset baru di portal.",
    "Tabel data setiap dataset ditaruh di sheet tersendiri (isi nama sheet di kolom "
    "sheet_data) atau di berkas CSV/XLSX yang dapat diunduh (isi alamatnya di url_data). "
    "Isi salah satu saja.",
    "Aturan sheet tabel data: baris 1 = judul kolom, satu judul per kolom, tanpa sel "
    "gabungan (merge), tanpa baris judul tambahan di atasnya; mulai data di baris 2.",
    "Untuk indikator capaian (indikator_capaian = ya): tabel data harus punya kolom "
    "'tahun' dan kolom nilai yang namanya ditulis di kolom_nilai.",
    "Simpan sebagai Excel Workbook (*.xlsx). Bila memakai CSV, simpan sebagai "
    "'CSV UTF-8 (Comma delimited)' dan isi url_data di setiap baris.",
    "Ganti baris contoh dengan dataset OPD Anda sendiri sebelum diterbitkan.",
)


def _label(choice: dict) -> str:
    label = choice.get("label")
    if isinstance(label, dict):
        return str(label.get("id") or next(iter(label.values())))
    return str(label or choice["value"])


def _choice_lists() -> dict[str, list[tuple[str, str]]]:
    """Column name → allowed (code, label) pairs, for the pilihan sheet and the drop-downs.
    A clerk picks the Indonesian label; the harvester accepts a label or a code
    (``workbook_format.choices``)."""
    lists = {
        c.name: [(str(choice["value"]), _label(choice))
                 for choice in fmt.schema_field(c.field)["choices"]]
        for c in fmt.COLUMNS if c.kind == "choice"
    }
    lists["indikator_capaian"] = [(value, value) for value in fmt.BOOLEAN_CHOICES]
    return lists


def _example(column, lists) -> object:
    """The example row's value: the label of a choice code."""
    if column.name in lists and column.example is not None:
        return dict(lists[column.name]).get(str(column.example), column.example)
    return column.example


def _style_header(sheet, required: set[str] = frozenset()) -> None:
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if cell.value in required else _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"


def _daftar_sheet(sheet, lists: dict[str, list[tuple[str, str]]],
                  list_ranges: dict[str, str]) -> None:
    sheet.append([c.name for c in fmt.COLUMNS])
    sheet.append([_example(c, lists) for c in fmt.COLUMNS])
    _style_header(sheet, set(fmt.REQUIRED_COLUMNS))
    for index, column in enumerate(fmt.COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.name) + 6))
        if column.kind in ("wilayah", "id", "text", "tags", "sheet", "url"):
            # text cells, so that 33.26 stays "33.26" and not the number 33,26
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if column.name in list_ranges:
            validation = DataValidation(
                type="list", formula1=list_ranges[column.name], allow_blank=True,
                showErrorMessage=True, errorTitle="Isian tidak sah",
                error=f"Pilih salah satu isian kolom {column.name} (lihat sheet pilihan).",
            )
            validation.add(f"{letter}2:{letter}{LAST_TEMPLATE_ROW}")
            sheet.add_data_validation(validation)


def _guide_sheet(sheet, lists: dict[str, list[tuple[str, str]]]) -> None:
    sheet.append(["Petunjuk pengisian daftar data"])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in _GENERAL_NOTES:
        sheet.append([note])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1,
                          end_row=sheet.max_row, end_column=5)
        sheet.cell(row=sheet.max_row, column=1).alignment = _WRAP
        sheet.row_dimensions[sheet.max_row].height = 32
    sheet.append([])
    sheet.append(["kolom", "wajib", "isian portal", "keterangan", "contoh / isian yang sah"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for column in fmt.COLUMNS:
        if column.name in lists:
            allowed = ", ".join(label if label == code else f"{label} ({code})"
                                for code, label in lists[column.name])
        elif column.kind == "wilayah":
            allowed = ", ".join(c["value"] for c in kode_wilayah_choices())
        else:
            allowed = "" if column.example is None else str(column.example)
        required = "ya" if column.required else ("ya (CSV)" if column.name == "url_data" else "")
        sheet.append([column.name, required, column.field or "", column.description, allowed])
    for letter, width in zip("ABCDE", (22, 10, 22, 70, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = _WRAP


def _choices_sheet(sheet, lists: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Writes one column of labels per list (what the drop-downs offer), then the codes of
    each list in hidden columns ("<name> (kode)"); returns column name → the range of its
    labels, e.g. ``'pilihan'!$A$2:$A$n`` (no leading ``=``: the range goes into the XML's
    ``<formula1>`` as Excel writes it).
    """
    ranges: dict[str, str] = {}
    for index, (name, pairs) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, (_code, label) in enumerate(pairs, start=2):
            sheet.cell(row=row, column=index, value=label)
        sheet.column_dimensions[letter].width = max(18, min(48, max(len(x) for _, x in pairs)))
        ranges[name] = (
            f"{quote_sheetname(fmt.CHOICES_SHEET)}!${letter}$2:${letter}${len(pairs) + 1}"
        )
    # the codes behind the labels, hidden (the harvester reads labels and codes alike)
    first_code = len(lists) + 1
    for offset, (name, pairs) in enumerate(lists.items()):
        index = first_code + offset
        sheet.cell(row=1, column=index, value=f"{name} (kode)")
        for row, (code, _label) in enumerate(pairs, start=2):
            sheet.cell(row=row, column=index, value=code)
        sheet.column_dimensions[get_column_letter(index)].hidden = True
    wilayah_column = first_code + len(lists) + 1
    sheet.cell(row=1, column=wilayah_column, value="kode_wilayah")
    sheet.cell(row=1, column=wilayah_column + 1, value="wilayah")
    for row, choice in enumerate(kode_wilayah_choices(), start=2):
        sheet.cell(row=row, column=wilayah_column, value=choice["value"])
        sheet.cell(row=row, column=wilayah_column + 1, value=choice["label"])
    sheet.column_dimensions[get_column_letter(wilayah_column + 1)].width = 28
    _style_header(sheet)
    return ranges


def _example_data_sheet(sheet) -> None:
    sheet.append(list(EXAMPLE_HEADER))
    for kec in kecamatan():
        row = sheet.max_row + 1
        sheet.append([kec.kode_wilayah, kec.nama, None, None, None])
        sheet.cell(row=row, column=1).number_format = "@"
    _style_header(sheet)
    for letter, width in zip("ABCDE", (14, 18, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width


def build_template() -> bytes:
    """The template workbook as XLSX bytes."""
    workbook = openpyxl.Workbook()
    daftar = workbook.active
    daftar.title = fmt.DAFTAR_SHEET
    guide = workbook.create_sheet(fmt.GUIDE_SHEET)
    choice_sheet = workbook.create_sheet(fmt.CHOICES_SHEET)
    example = workbook.create_sheet(EXAMPLE_SHEET)

    lists = _choice_lists()
    ranges = _choices_sheet(choice_sheet, lists)
    _daftar_sheet(daftar, lists, ranges)
    _guide_sheet(guide, lists)
    _example_data_sheet(example)

    workbook.properties.title = "Templat Daftar Data Satu Data Kabupaten Pekalongan"
    workbook.properties.creator = "Satu Data Kabupaten Pekalongan"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def build_csv_template() -> bytes:
    """The CSV variant: header and the example row, with url_data instead of a sheet."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([c.name for c in fmt.CSV_COLUMNS])
    example = {c.name: c.example for c in fmt.CSV_COLUMNS}
    example["url_data"] = "https://opd.pekalongankab.go.id/data/penduduk-2024.csv"
    writer.writerow(["" if example[c.name] is None else example[c.name] for c in fmt.CSV_COLUMNS])
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(f"pemakaian: python -m {__spec__.name if __spec__ else __name__} BERKAS.xlsx|.csv",
              file=sys.stderr)
        return 2
    target = Path(args[0])
    data = build_csv_template() if target.suffix.lower() == ".csv" else build_template()
    target.write_bytes(data)
    print(f"{target} ({len(data)} bita)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

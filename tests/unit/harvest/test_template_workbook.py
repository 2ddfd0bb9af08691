"""The downloadable template: complete, documented, and itself a valid daftar data."""
from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest
from pkl_harvest_builders import ORG

from ckanext.pekalongan_harvesters import template_workbook as tw
from ckanext.pekalongan_harvesters import workbook_format as fmt
from ckanext.pekalongan_harvesters.workbook import parse_daftar_data


@pytest.fixture(scope="module")
def template_bytes() -> bytes:
    return tw.build_template()


@pytest.fixture(scope="module")
def template(template_bytes):
    return openpyxl.load_workbook(io.BytesIO(template_bytes))


def test_the_template_has_the_daftar_data_guide_choices_and_example_sheets(template):
    assert template.sheetnames == ["daftar_data", "petunjuk", "pilihan", "data_penduduk_2024"]
    assert template.active.title == "daftar_data"


def test_daftar_data_holds_every_column_and_one_example_row(template):
    rows = list(template["daftar_data"].values)
    assert list(rows[0]) == [c.name for c in fmt.COLUMNS]
    assert len(rows) == 2


def test_the_example_row_is_a_valid_daftar_data(template_bytes):
    result = parse_daftar_data(template_bytes, org_name=ORG)
    assert result.all_errors == [] and result.warnings == []
    [row] = result.rows
    assert row.package_dict["topik"] == "kependudukan"
    assert len(row.data_table.rows) == 19  # one per kecamatan


def test_the_guide_documents_every_column(template):
    guide = {row[0]: row for row in template["petunjuk"].values if row and row[0]}
    for column in fmt.COLUMNS:
        assert column.name in guide, column.name
        _, required, field, description, _ = guide[column.name]
        assert description == column.description
        assert (required == "ya") == column.required
        assert (field or None) == column.field
    assert "tahunan" in guide["frekuensi"][4]
    assert "33.26.19" in guide["kode_wilayah"][4]


def test_choice_columns_have_drop_downs_fed_by_the_choices_sheet(template):
    choices = template["pilihan"]
    header = [cell.value for cell in choices[1]]
    column = header.index("frekuensi")
    frekuensi = [r[column] for r in choices.iter_rows(min_row=2, values_only=True)]
    # the drop-down offers the Indonesian labels; the codes sit in a hidden column
    assert [v for v in frekuensi if v][:3] == ["Harian", "Mingguan", "Bulanan"]
    codes_at = header.index("frekuensi (kode)")
    codes = [r[codes_at] for r in choices.iter_rows(min_row=2, values_only=True)]
    assert [v for v in codes if v] == list(fmt.choices("frekuensi").values)
    letter = openpyxl.utils.get_column_letter(codes_at + 1)
    assert choices.column_dimensions[letter].hidden
    assert not choices.column_dimensions[openpyxl.utils.get_column_letter(column + 1)].hidden

    validations = template["daftar_data"].data_validations.dataValidation
    formulas = {str(v.sqref).split(":")[0]: v.formula1 for v in validations}
    topik_letter = openpyxl.utils.get_column_letter(
        [c.name for c in fmt.COLUMNS].index("topik") + 1
    )
    assert formulas[f"{topik_letter}2"] == "'pilihan'!$A$2:$A$33"


def test_area_codes_are_text_cells_in_the_template(template):
    letter = openpyxl.utils.get_column_letter(
        [c.name for c in fmt.COLUMNS].index("kode_wilayah") + 1
    )
    assert template["daftar_data"][f"{letter}2"].number_format == "@"
    assert template["daftar_data"][f"{letter}2"].value == "33.26"


def test_the_csv_template_is_a_valid_csv_daftar_data():
    result = parse_daftar_data(tw.build_csv_template(), org_name=ORG)
    assert result.kind == "csv"
    assert result.all_errors == []
    assert result.rows[0].data_url.startswith("https://")


def test_main_writes_the_template(tmp_path):
    target = tmp_path / "templat.xlsx"
    assert tw.main([str(target)]) == 0
    assert parse_daftar_data(target.read_bytes(), org_name=ORG).all_errors == []


def test_the_module_runs_as_a_script(tmp_path):
    target = tmp_path / "templat.csv"
    done = subprocess.run(
        [sys.executable, "-m", "ckanext.pekalongan_harvesters.template_workbook", str(target)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"id_dataset,judul,")


def test_main_without_a_path_prints_usage():
    assert tw.main([]) == 2


def test_the_example_row_shows_labels_not_codes_and_still_harvests(template, template_bytes):
    rows = list(template["daftar_data"].values)
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["topik"] == "Administrasi Kependudukan dan Pencatatan Sipil"
    assert example["frekuensi"] == "Tahunan"
    [row] = parse_daftar_data(template_bytes, org_name=ORG).rows
    assert row.package_dict["topik"] == "kependudukan"
    assert row.package_dict["frekuensi"] == "tahunan"

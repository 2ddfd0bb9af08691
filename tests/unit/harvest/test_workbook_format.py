"""The daftar data format stays in step with the Satu Data dataset schema."""
from __future__ import annotations

import pytest

from ckanext.pekalongan_harvesters import workbook_format as fmt


def _schema_fields() -> dict[str, dict]:
    return {f["field_name"]: f for f in fmt.dataset_schema()["dataset_fields"]}


def test_every_mapped_field_exists_in_the_schema():
    fields = _schema_fields()
    for column in fmt.COLUMNS:
        if column.field is not None:
            assert column.field in fields, column.name


def test_required_columns_are_the_schema_required_fields_without_default():
    fields = _schema_fields()
    schema_required = {
        name for name, f in fields.items()
        if f.get("required") and "default" not in f and name not in ("owner_org",)
    }
    mapped_required = {c.field for c in fmt.COLUMNS if c.required and c.field}
    assert mapped_required == schema_required
    assert "id_dataset" in fmt.REQUIRED_COLUMNS


def test_choice_columns_are_select_fields_of_the_schema():
    fields = _schema_fields()
    for column in fmt.COLUMNS:
        if column.kind == "choice":
            assert fields[column.field].get("preset") == "select", column.name


def test_choices_are_read_from_the_schema():
    frekuensi = fmt.choices("frekuensi")
    assert frekuensi.values == (
        "harian", "mingguan", "bulanan", "triwulanan", "semesteran", "tahunan",
        "lima_tahunan", "tidak_tentu",
    )
    assert len(fmt.choices("topik").values) == len(_schema_fields()["topik"]["choices"])


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("frekuensi", "Tahunan", "tahunan"),
        ("frekuensi", "lima tahunan", "lima_tahunan"),
        ("frekuensi", "Yearly", "tahunan"),
        ("topik", "Pekerjaan Umum dan Penataan Ruang", "pekerjaan_umum"),
        ("topik", "pekerjaan umum", "pekerjaan_umum"),
        ("license_id", "CC-BY", "cc-by"),
        ("license_id", "Creative Commons CCZero (CC0)", "cc-zero"),
        ("cakupan", "Desa/Kelurahan", "desa"),
        ("frekuensi", "tiap tahun", None),
    ],
)
def test_a_choice_matches_its_value_or_label_whatever_the_case(field, typed, value):
    assert fmt.choices(field).match(typed) == value


@pytest.mark.parametrize("field", ["topik", "frekuensi", "cakupan", "metode_pengumpulan",
                                   "license_id"])
def test_no_two_choices_share_a_typed_form(field):
    choices = fmt.schema_field(field)["choices"]
    keys = [fmt.choice_key(str(c["value"])) for c in choices]
    assert len(keys) == len(set(keys))


def test_kode_wilayah_are_the_regency_and_its_19_kecamatan():
    codes = fmt.kode_wilayah_codes()
    assert "33.26" in codes
    assert len(codes) == 20
    assert {f"33.26.{n:02d}" for n in range(1, 20)} <= codes


def test_year_range_comes_from_the_schema():
    assert fmt.year_range() == (1945, 2100)


def test_csv_variant_has_no_sheet_data_and_requires_url_data():
    names = [c.name for c in fmt.CSV_COLUMNS]
    assert "sheet_data" not in names
    assert "url_data" in fmt.CSV_REQUIRED_COLUMNS


@pytest.mark.parametrize(
    ("header", "name"),
    [(" Judul ", "judul"), ("Kode Wilayah", "kode_wilayah"), ("kolom-nilai", "kolom_nilai"),
     (None, "")],
)
def test_headers_are_normalised(header, name):
    assert fmt.normalise_header(header) == name

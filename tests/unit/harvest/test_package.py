"""Dataset names are stable; the content hash follows the content and nothing else."""
from __future__ import annotations

import hashlib
import re

import pytest
from pkl_harvest_builders import ORG, PENDUDUK_TABLE, daftar_xlsx, valid_row

from ckanext.pekalongan_harvesters.package import (
    HASH_FIELD,
    content_hash,
    dataset_name,
    slugify,
    source_id_of,
)
from ckanext.pekalongan_harvesters.workbook import parse_daftar_data

CKAN_NAME = re.compile(r"^[a-z0-9_\-]{2,100}$")


def _first_row(rows=None, tables=None):
    result = parse_daftar_data(daftar_xlsx(rows or [valid_row()], tables), org_name=ORG)
    [row] = result.rows
    assert row.ok, row.errors
    return row


def _hash(row) -> str:
    return content_hash(row.package_dict, row.data_table.to_csv_bytes())


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Dinas Pendidikan & Kebudayaan", "dinas-pendidikan-kebudayaan"),
        ("  Penduduk_2024 (Semester I) ", "penduduk-2024-semester-i"),
        ("Café Ñandú – m²", "cafe-nandu-m2"),
        ("---", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_the_name_joins_organization_and_source_id():
    assert dataset_name("dinas-kesehatan", "Angka Harapan Hidup") == (
        "dinas-kesehatan-angka-harapan-hidup"
    )


def test_the_name_is_the_same_on_every_harvest():
    first = _first_row().package_dict["name"]
    again = _first_row([valid_row(judul="Judul lain", tahun=2025)]).package_dict["name"]
    assert first == again == f"{ORG}-penduduk-2024"


def test_a_long_name_is_cut_to_100_characters_and_stays_distinct():
    base = "jumlah-penduduk-menurut-kecamatan-desa-kelurahan-jenis-kelamin-dan-kelompok-umur"
    a = dataset_name(ORG, base + "-2023")
    b = dataset_name(ORG, base + "-2024")

    assert len(a) == len(b) == 100
    assert a != b
    assert CKAN_NAME.match(a) and CKAN_NAME.match(b)
    assert a == dataset_name(ORG, base + "-2023")  # deterministic
    assert re.search(r"-[0-9a-f]{8}$", a)


@pytest.mark.parametrize("source_id", ["x", "Data #1", "penduduk/2024", "ÄÖÜ 2024", "1" * 300])
def test_every_name_is_a_valid_ckan_name(source_id):
    assert CKAN_NAME.match(dataset_name(ORG, source_id))


def test_source_id_is_found_at_top_level_or_in_extras():
    assert source_id_of({"extras": [{"key": "sumber_id", "value": "a"}]}) == "a"
    assert source_id_of({"sumber_id": "b"}) == "b"
    assert source_id_of({"extras": []}) is None


def test_the_content_hash_is_stable_for_the_same_input():
    assert _hash(_first_row()) == _hash(_first_row())
    assert re.fullmatch(r"[0-9a-f]{64}", _hash(_first_row()))


def test_the_content_hash_changes_when_one_data_cell_changes():
    changed = [row[:] for row in PENDUDUK_TABLE]
    changed[2][3] = 51877
    assert _hash(_first_row()) != _hash(
        _first_row(tables={"data_penduduk": changed})
    )


def test_the_content_hash_changes_when_one_metadata_cell_changes():
    assert _hash(_first_row()) != _hash(_first_row([valid_row(satuan="orang")]))


def test_the_content_hash_ignores_its_own_extra_the_extras_order_and_volatile_keys():
    row = _first_row()
    package = dict(row.package_dict)
    package["extras"] = [{"key": HASH_FIELD, "value": "abc"}, *package["extras"]]
    package["id"] = "5d3c6b0e-0000-0000-0000-000000000000"
    package["metadata_modified"] = "2026-01-01T00:00:00"
    assert content_hash(package, row.data_table.to_csv_bytes()) == _hash(row)


def test_metadata_and_data_cannot_be_confused_in_the_hash():
    assert content_hash({"a": "b"}, b"c") != content_hash({"a": "bc"}, b"")


def test_the_hash_algorithm_is_pinned():
    # Stored hashes decide whether a dataset is updated; changing the algorithm re-imports
    # every harvested dataset once. Change this value deliberately, never by accident.
    expected = hashlib.sha256(
        b"pekalongan-daftar-data/1\n"
        + b'{"judul":"Caf\xc3\xa9","name":"x","tahun":2024}'  # sorted keys, UTF-8, compact
        + b"\x00"
        + b"a,b\r\n1,2\r\n"
    ).hexdigest()
    package = {"tahun": 2024, "name": "x", "judul": "Caf\u00e9"}
    assert content_hash(package, b"a,b\r\n1,2\r\n") == expected

"""The Satu Data ↔ DCAT-AP vocabulary tables of the ``pekalongan_satudata`` profile."""
from __future__ import annotations

import pathlib

import pytest
import yaml

from ckanext.pekalongan.dcat import vocab

SCHEMA = pathlib.Path(__file__).resolve().parents[2] / (
    "ckanext-pekalongan/ckanext/pekalongan/schemas/satudata_dataset.yaml")


def _choices(field: str) -> list[str]:
    fields = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["dataset_fields"]
    (spec,) = [f for f in fields if f["field_name"] == field]
    return [str(c["value"]) for c in spec["choices"]]


@pytest.mark.parametrize("field, table", [
    ("frekuensi", vocab.FREQUENCY), ("topik", vocab.THEME), ("license_id", vocab.LICENCE)])
def test_every_choice_of_the_schema_has_a_uri(field, table):
    assert set(_choices(field)) == set(table)


def test_frequencies_go_to_the_eu_table_and_back():
    for frekuensi in _choices("frekuensi"):
        uri = vocab.frequency_uri(frekuensi)
        assert uri.startswith(vocab.EU_FREQUENCY)
        assert vocab.frekuensi_of(uri) == frekuensi
    assert vocab.frequency_uri("semesteran").endswith("/ANNUAL_2")
    assert vocab.frekuensi_of("http://example.org/ANNUAL") is None


def test_licences_go_to_their_uri_and_back_whatever_the_scheme_or_slash():
    for license_id in _choices("license_id"):
        assert vocab.license_id_of(vocab.licence_uri(license_id)) == license_id
    assert vocab.license_id_of("http://creativecommons.org/licenses/by/4.0") == "cc-by"
    assert vocab.license_id_of("https://example.org/licence") is None


def test_concept_uris_are_stable_and_only_their_own_values_come_back():
    uri = vocab.concept_uri("kode_wilayah", "33.26.01")
    assert uri == "https://satudata.pekalongankab.go.id/def/wilayah/33.26.01"
    assert vocab.concept_value("kode_wilayah", uri) == "33.26.01"
    assert vocab.concept_value("topik", uri) is None
    assert vocab.concept_value("kode_wilayah", vocab.scheme_uri("kode_wilayah") + "/") is None
    assert vocab.concept_value("kode_wilayah", uri + "/x") is None


def test_themes_are_eu_data_themes():
    eu = {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO",
          "REGI", "SOCI", "TECH", "TRAN"}
    assert set(vocab.THEME.values()) <= eu
    assert vocab.theme_uri("kesehatan") == vocab.EU_THEME + "HEAL"

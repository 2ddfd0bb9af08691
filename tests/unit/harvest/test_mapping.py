"""Datasets of other catalogues (CKAN API, DCAT) mapped onto the Satu Data schema."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.pekalongan_harvesters.mapping import (
    MappingDefaults,
    clean_tag,
    defaults_from_config,
    map_frequency,
    map_licence,
    map_remote_dataset,
    mapped_hash,
)

DEFAULTS = MappingDefaults(topik="statistik", satuan="-", frekuensi="tidak_tentu")


def _plain_ckan_dataset(**changes):
    """A dataset of a CKAN that knows nothing of Satu Data."""
    dataset = {
        "id": "a1b2", "name": "road-length", "title": "Road length", "notes": "Km of road.",
        "license_id": "CC-BY-4.0", "maintainer": "Roads Office",
        "maintainer_email": "roads@example.org", "metadata_modified": "2023-04-05T06:07:08",
        "tags": [{"name": "roads"}, {"name": "transport/mobility"}, {"name": "x"}],
        "extras": [{"key": "theme", "value": "transport"},
                   {"key": "harvest_object_id", "value": "abc"},
                   {"key": "satuan", "value": "km"}],
        "resources": [{"id": "r1", "url": "https://example.org/roads.csv", "format": "CSV",
                       "name": "", "url_type": "upload", "datastore_active": True},
                      {"id": "r2", "url": "ftp://example.org/old.zip"}],
        "organization": {"name": "roads"}, "num_resources": 2,
    }
    dataset.update(changes)
    return dataset


def test_a_dataset_without_satu_data_fields_gets_the_defaults():
    mapped = map_remote_dataset(_plain_ckan_dataset(), source_id="a1b2", defaults=DEFAULTS,
                                owner_org="org-1", source_url="https://x/dataset/road-length")
    assert mapped["topik"] == "statistik"
    assert mapped["satuan"] == "-"
    assert mapped["frekuensi"] == "tidak_tentu"
    assert mapped["tahun"] == 2023  # the year of the remote's last change
    assert mapped["license_id"] == "cc-by"
    assert mapped["owner_org"] == "org-1"
    assert (mapped["contact_name"], mapped["contact_email"]) == (
        "Roads Office", "roads@example.org")
    assert mapped["tag_string"] == "roads,transport mobility"  # "x" is too short
    assert "status_verifikasi" not in mapped  # the walidata's, never a harvest's
    assert "id" not in mapped and "name" not in mapped


def test_extras_that_clash_with_fields_or_harvest_keys_are_dropped():
    mapped = map_remote_dataset(_plain_ckan_dataset(), source_id="a1b2", defaults=DEFAULTS,
                                source_url="https://x/dataset/road-length")
    assert mapped["extras"] == [
        {"key": "theme", "value": "transport"},
        {"key": "sumber_id", "value": "a1b2"},
        {"key": "sumber_url", "value": "https://x/dataset/road-length"},
    ]


def test_resources_become_links_with_a_name():
    mapped = map_remote_dataset(_plain_ckan_dataset(), source_id="a1b2", defaults=DEFAULTS)
    assert mapped["resources"] == [{"url": "https://example.org/roads.csv",
                                    "remote_id": "r1", "format": "CSV", "name": "CSV"}]


def test_satu_data_fields_of_a_pekalongan_style_remote_are_kept_when_valid():
    remote = _plain_ckan_dataset(topik="kesehatan", satuan="orang", frekuensi="bulanan",
                                 tahun=2021, periode_awal=2019, periode_akhir=2021,
                                 cakupan="kecamatan", kode_wilayah=["33.26.08", "99.99"],
                                 indikator_capaian=True, indikator_kolom_nilai="jumlah")
    mapped = map_remote_dataset(remote, source_id="a1b2", defaults=DEFAULTS)
    assert (mapped["topik"], mapped["satuan"], mapped["frekuensi"], mapped["tahun"]) == (
        "kesehatan", "orang", "bulanan", 2021)
    assert (mapped["periode_awal"], mapped["periode_akhir"]) == (2019, 2021)
    assert mapped["kode_wilayah"] == ["33.26.08"]
    assert mapped["indikator_capaian"] is True
    assert mapped["indikator_kolom_nilai"] == "jumlah"


def test_invalid_choices_fall_back_to_the_defaults():
    remote = _plain_ckan_dataset(topik="roads", frekuensi="sometimes", tahun=1800)
    mapped = map_remote_dataset(remote, source_id="a1b2", defaults=DEFAULTS,
                                today=dt.date(2025, 1, 1))
    assert (mapped["topik"], mapped["frekuensi"], mapped["tahun"]) == (
        "statistik", "tidak_tentu", 2023)


@pytest.mark.parametrize("candidates, expected", [
    (("cc-by",), "cc-by"),
    (("CC-BY-SA-4.0",), "cc-by-sa"),
    (("CC0-1.0",), "cc-zero"),
    (("odc-odbl",), "odc-odbl"),
    (("http://creativecommons.org/licenses/by/4.0/",), "cc-by"),
    (("https://creativecommons.org/licenses/by-nc/4.0/",), "other-closed"),
    (("https://creativecommons.org/publicdomain/zero/1.0/",), "cc-zero"),
    (("http://opendatacommons.org/licenses/odbl/1-0/",), "odc-odbl"),
    (("Creative Commons Attribution",), "cc-by"),
    (("uk-ogl",), "other-open"),
    (("", None, "mystery-licence"), "notspecified"),
    ((), "notspecified"),
])
def test_licences_are_mapped_onto_the_schema_choices(candidates, expected):
    assert map_licence(*candidates) == expected


@pytest.mark.parametrize("value, expected", [
    ("http://publications.europa.eu/resource/authority/frequency/ANNUAL", "tahunan"),
    ("http://purl.org/cld/freq/monthly", "bulanan"),
    ("http://publications.europa.eu/resource/authority/frequency/IRREG", "tidak_tentu"),
    ("Tahunan", "tahunan"),
    ("fortnightly", None),
    (None, None),
])
def test_frequencies_are_mapped(value, expected):
    assert map_frequency(value) == expected


def test_tags_are_cleaned_or_dropped():
    assert clean_tag("Jalan/Jembatan") == "Jalan Jembatan"
    assert clean_tag("a") is None
    assert clean_tag("x" * 101) is None


def test_the_hash_changes_with_metadata_and_resources_but_not_with_volatile_keys():
    base = _plain_ckan_dataset()
    first = mapped_hash(map_remote_dataset(base, source_id="a1b2", defaults=DEFAULTS))
    again = mapped_hash(map_remote_dataset(
        dict(base, num_resources=7, tracking_summary={"total": 3}), source_id="a1b2",
        defaults=DEFAULTS))
    retitled = mapped_hash(map_remote_dataset(dict(base, title="Roads"), source_id="a1b2",
                                              defaults=DEFAULTS))
    moved = dict(base, resources=[dict(base["resources"][0], url="https://example.org/n.csv")])
    relinked = mapped_hash(map_remote_dataset(moved, source_id="a1b2", defaults=DEFAULTS))
    assert first == again
    assert len({first, retitled, relinked}) == 3


def test_source_config_defaults_are_checked():
    assert defaults_from_config({"default_topik": "Kesehatan", "default_satuan": "unit",
                                 "default_frekuensi": "tahunan", "default_tahun": 2024}) == (
        MappingDefaults(topik="kesehatan", satuan="unit", frekuensi="tahunan", tahun=2024))
    with pytest.raises(ValueError, match="default_topik"):
        defaults_from_config({"default_topik": "jalan"})
    with pytest.raises(ValueError, match="default_tahun"):
        defaults_from_config({"default_tahun": "kemarin"})

"""CKAN's text ↔ the IRIs DCAT-AP 3 requires (``ckanext.pekalongan.dcat.vocab``): formats,
media types, languages and checksums, both directions."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.dcat import vocab

FT = vocab.EU_FILE_TYPE
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.mark.parametrize("fmt, code", [
    ("CSV", "CSV"), ("csv", "CSV"), (" .xlsx ", "XLSX"), ("GeoJSON", "GEOJSON"),
    ("jpg", "JPEG"), ("Turtle", "RDF_TURTLE"), ("json-ld", "JSON_LD"), ("SHP", "SHP")])
def test_a_ckan_format_becomes_its_eu_file_type(fmt, code):
    assert vocab.file_type_uri(fmt) == FT + code


@pytest.mark.parametrize("fmt", ["", "CSV\x00", "Excel 97", "x" * 10_000, None])
def test_an_unknown_format_has_no_eu_file_type(fmt):
    assert vocab.file_type_uri(fmt) is None


def test_every_eu_file_type_goes_back_to_its_label():
    for key, (code, _, label) in vocab.FILE_TYPES.items():
        assert vocab.file_type_label(FT + code) == label
        assert vocab.file_type_uri(label) == FT + code, key
    assert vocab.file_type_label(FT.replace("http://", "https://") + "CSV") == "CSV"
    assert vocab.file_type_label(FT + "NOPE") is None
    assert vocab.file_type_label("http://example.org/CSV") is None


@pytest.mark.parametrize("value, bare", [
    ("text/csv", "text/csv"), ("Text/CSV; charset=utf-8", "text/csv"),
    ("application/vnd.ms-excel", "application/vnd.ms-excel"),
    ("application/geo+json", "application/geo+json"),
    ("CSV", None), ("text/", None), ("text/csv/x", None), ("evil/type", None),
    ("text/c sv", None), ("", None), (None, None)])
def test_a_mimetype_is_an_iana_media_type_or_nothing(value, bare):
    assert vocab.media_type(value) == bare
    assert vocab.media_type_uri(value) == (vocab.IANA_MEDIA_TYPE + bare if bare else None)
    if bare:
        assert vocab.media_type_of(vocab.media_type_uri(value)) == bare
        assert vocab.media_type_of(vocab.media_type_uri(value).replace(
            "https://", "http://")) == bare


def test_formats_give_their_media_type():
    assert vocab.media_type_for_format("csv") == "text/csv"
    assert vocab.media_type_for_format("SHP") is None
    assert vocab.media_type_for_format("unknown") is None
    for _, media, _ in vocab.FILE_TYPES.values():
        assert media is None or vocab.media_type(media) == media


@pytest.mark.parametrize("code, iri", [
    ("id", "IND"), ("en", "ENG"), ("id_ID", "IND"), ("EN-gb", "ENG"), ("xx", None),
    ("", None)])
def test_a_locale_becomes_the_eu_language(code, iri):
    assert vocab.language_uri(code) == (vocab.EU_LANGUAGE + iri if iri else None)


@pytest.mark.parametrize("value, algorithm, name", [
    (SHA256, None, "sha256"), (SHA256.upper(), None, "sha256"),
    (f"sha256:{SHA256}", None, "sha256"), (SHA256, "SHA-256", "sha256"),
    (SHA256, vocab.SPDX_NS + "checksumAlgorithm_sha256", "sha256"),
    ("d41d8cd98f00b204e9800998ecf8427e", None, "md5"),
    ("da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1", "sha1")])
def test_a_hash_gets_its_spdx_algorithm(value, algorithm, name):
    digest, iri = vocab.checksum(value, algorithm)
    assert digest == value.lower().rsplit(":", 1)[-1]
    assert iri == f"{vocab.SPDX_NS}checksumAlgorithm_{name}"
    assert vocab.checksum_algorithm_name(iri) == name


@pytest.mark.parametrize("value, algorithm", [
    ("not-hex", None), ("abc", None), (SHA256, "md5"), (SHA256, "crc32"),
    (SHA256 + "\x00", None), ("", None), (None, None)])
def test_a_hash_that_cannot_be_stated_in_dcat_ap_is_refused(value, algorithm):
    assert vocab.checksum(value, algorithm) is None


def test_every_eu_theme_used_has_its_english_label():
    assert set(vocab.THEME.values()) <= set(vocab.THEME_LABELS)

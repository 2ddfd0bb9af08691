"""The pure rules of the search plugin: what goes into a dataset's Solr document, which
searches get our query fields, how a spell-check answer is read. No database, no Solr."""
from __future__ import annotations

import json

import pytest

from ckanext.pekalongan.satudata import kecamatan
from ckanext.pekalongan.search import indexing, query

ALL_KECAMATAN = [k.kode_wilayah for k in kecamatan()]


@pytest.mark.parametrize("stored, codes", [
    ('["33.26"]', ["33.26"]),
    ('["33.26.08", "33.26.16"]', ["33.26.08", "33.26.16"]),
    (["33.26.08"], ["33.26.08"]),
    ("33.26.08", ["33.26.08"]),
    ("", []),
    (None, []),
    ("[not json", []),
    (42, []),
])
def test_kode_wilayah_is_read_from_every_stored_form(stored, codes):
    assert indexing.parse_codes(stored) == codes


def test_data_per_kecamatan_for_the_whole_regency_covers_every_kecamatan():
    covered = indexing.covered_codes(["33.26"], "kecamatan")
    assert covered == ["33.26", *ALL_KECAMATAN]
    assert indexing.covered_codes(["33.26"], "desa") == covered


def test_regency_totals_and_single_kecamatan_data_cover_only_what_they_declare():
    assert indexing.covered_codes(["33.26"], "kabupaten") == ["33.26"]
    assert indexing.covered_codes(["33.26.08"], "kecamatan") == ["33.26.08"]
    assert indexing.covered_codes(["33.26.08", "33.26.08"], None) == ["33.26.08"]


def _pkg(**fields):
    base = {"name": "x", "organization": "dinas-kesehatan", "tahun": "2024",
            "kode_wilayah": json.dumps(["33.26"]), "cakupan": "kecamatan",
            "topik": "kesehatan", "frekuensi": "tahunan", "status_verifikasi": "terverifikasi"}
    return {**base, **fields}


def test_index_fields_adds_codes_kecamatan_names_year_and_opd_names():
    doc = indexing.index_fields(_pkg(), lambda org: ["Dinas Kesehatan", "Dinkes"])
    assert doc["kode_wilayah"][:2] == ["33.26", "33.26.01"]
    assert "Kajen" in doc["kecamatan"] and len(doc["kecamatan"]) == 19
    assert doc["tahun"] == 2024
    assert doc["opd"] == ["Dinas Kesehatan", "Dinkes"]
    assert doc["topik"] == "kesehatan"


@pytest.mark.parametrize("tahun", ["dua ribu", "", None, "20245", ["2024"]])
def test_a_malformed_year_is_left_out_rather_than_refused_by_solr(tahun):
    assert "tahun" not in indexing.index_fields(_pkg(tahun=tahun))


def test_malformed_facet_values_and_missing_areas_are_left_out():
    doc = indexing.index_fields(_pkg(topik=["a", "b"], frekuensi="", kode_wilayah=None,
                                     status_verifikasi=None))
    for field in ("topik", "frekuensi", "kode_wilayah", "kecamatan", "status_verifikasi"):
        assert field not in doc
    assert "opd" not in doc  # no lookup given


@pytest.mark.parametrize("q, free", [
    ("kependudukan", True), ("  puskesmas kajen ", True), ("*:*", False), ("", False),
    (None, False), ('""', False), ("tags:penduduk", False), ("name:x OR title:y", False),
])
def test_only_free_text_searches_are_tuned(q, free):
    assert query.is_free_text(q) is free


def test_a_free_text_search_gets_edismax_over_our_fields(monkeypatch):
    monkeypatch.setattr(query, "query_fields", lambda: "title^4 text")
    params = query.tune_search({"q": "dinkes", "df": "text"})
    assert params["defType"] == "edismax" and params["qf"] == "title^4 text"


def test_a_callers_own_parser_and_fields_win(monkeypatch):
    monkeypatch.setattr(query, "query_fields", lambda: "title^4 text")
    assert query.tune_search({"q": "dinkes", "defType": "lucene"}) == {
        "q": "dinkes", "defType": "lucene"}
    assert query.tune_search({"q": "dinkes", "qf": "name"})["qf"] == "name"
    assert "defType" not in query.tune_search({"q": "tags:penduduk"})


def test_suggestions_match_word_prefixes_of_titles_only():
    params = query.suggest_params("jumlah pend", 5)
    assert params["qf"] == "title_prefix" and params["mm"] == "100%"
    assert params["rows"] == 5 and params["fl"] == ["name", "title"]


def test_the_first_collation_with_hits_is_the_suggestion():
    spellcheck = {"collations": [
        "collation", {"collationQuery": "kesehatan ibu", "hits": 0},
        "collation", {"collationQuery": "kesehatan", "hits": 7,
                      "misspellingsAndCorrections": ["kesehatn", "kesehatan"]},
    ]}
    assert query.parse_collation(spellcheck) == ("kesehatan", 7)


def test_no_collation_means_no_suggestion():
    assert query.parse_collation({}) is None
    assert query.parse_collation({"collations": []}) is None
    assert query.parse_collation({"collations": ["collation", {"collationQuery": "x",
                                                               "hits": 0}]}) is None

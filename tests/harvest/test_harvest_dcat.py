"""DCAT: a Turtle catalogue generated here and served by a local HTTP server, harvested
through ckanext-dcat's parser onto the Satu Data schema."""
from __future__ import annotations

import pytest
from ckan.tests import helpers
from pkl_harvest import PLUGINS, dataset_state, make_source, run, search_names

from ckanext.pekalongan_harvesters import withdrawal
from ckanext.pekalongan_harvesters.package import source_id_of

BASE = "https://opd.contoh.go.id"
PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _dataset(key: str, title: str) -> str:
    return f"""
<{BASE}/dataset/{key}> a dcat:Dataset ;
  dct:title "{title}" ;
  dct:description "Deskripsi {title}" ;
  dct:identifier "{key}" ;
  dcat:keyword "kesehatan", "puskesmas" ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
  dct:modified "2024-06-01T10:00:00"^^xsd:dateTime ;
  dcat:contactPoint [ a vcard:Organization ; vcard:fn "Seksi Data" ;
                      vcard:hasEmail <mailto:data@opd.contoh.go.id> ] ;
  dcat:distribution <{BASE}/dataset/{key}/csv> .
<{BASE}/dataset/{key}/csv> a dcat:Distribution ;
  dct:title "Tabel {title}" ;
  dcat:accessURL <{BASE}/files/{key}.csv> ;
  dcat:downloadURL <{BASE}/files/{key}.csv> ;
  dct:format "CSV" ;
  dct:license <http://creativecommons.org/licenses/by/4.0/> .
"""


def catalogue(titles: dict[str, str]) -> bytes:
    members = ", ".join(f"<{BASE}/dataset/{key}>" for key in titles) or None
    text = PREFIXES + f"<{BASE}/catalog> a dcat:Catalog ;\n  dct:title \"Katalog OPD\""
    text += f" ;\n  dcat:dataset {members} .\n" if members else " .\n"
    text += "".join(_dataset(key, title) for key, title in titles.items())
    return text.encode("utf-8")


TITLES = {"puskesmas-2024": "Jumlah Puskesmas 2024", "bidan-2024": "Jumlah Bidan 2024"}


@pytest.fixture
def harvested(source_server, opd):
    url = source_server.serve("/catalog.ttl", catalogue(TITLES), "text/turtle")
    source = make_source(opd["id"], url, source_type="pekalongan_dcat_rdf",
                         config={"default_satuan": "unit", "default_topik": "kesehatan"})
    summary = run(source)
    return source_server, source, summary


def _by_guid(opd) -> dict[str, dict]:
    found = helpers.call_action("package_search", fq=f"owner_org:{opd['id']}",
                                rows=100)["results"]
    withdrawn = f"+owner_org:{opd['id']} +extras_sumber_status:ditarik"
    found += helpers.call_action("package_search", rows=100, fq=withdrawn)["results"]
    return {source_id_of(d): helpers.call_action("package_show", id=d["id"]) for d in found}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestDcatRdf:
    def test_each_dcat_dataset_is_mapped_onto_the_satu_data_schema(self, harvested, opd):
        _, _, summary = harvested
        assert (summary.outcome, summary.added, summary.error_count) == ("ok", 2, 0)
        dataset = _by_guid(opd)[f"{BASE}/dataset/puskesmas-2024"]
        assert dataset["owner_org"] == opd["id"]
        assert dataset["title"] == "Jumlah Puskesmas 2024"
        assert (dataset["frekuensi"], dataset["license_id"], dataset["satuan"],
                dataset["topik"], dataset["tahun"]) == (
            "tahunan", "cc-by", "unit", "kesehatan", 2024)
        assert (dataset["contact_name"], dataset["contact_email"]) == (
            "Seksi Data", "data@opd.contoh.go.id")
        assert sorted(t["name"] for t in dataset["tags"]) == ["kesehatan", "puskesmas"]
        [resource] = dataset["resources"]
        assert resource["url"] == f"{BASE}/files/puskesmas-2024.csv"
        assert resource["format"] == "CSV"

    def test_an_unchanged_catalogue_writes_nothing(self, harvested, opd):
        _, source, _ = harvested
        before = {d["name"]: dataset_state(d["name"]) for d in _by_guid(opd).values()}
        summary = run(source)
        assert (summary.unchanged, summary.added, summary.updated) == (2, 0, 0)
        assert {name: dataset_state(name) for name in before} == before

    def test_a_changed_dataset_is_updated(self, harvested, opd):
        server, source, _ = harvested
        server.serve("/catalog.ttl", catalogue(dict(TITLES, **{
            "bidan-2024": "Jumlah Bidan 2024 (revisi)"})), "text/turtle")
        summary = run(source)
        assert (summary.updated, summary.unchanged) == (1, 1)
        assert _by_guid(opd)[f"{BASE}/dataset/bidan-2024"]["title"] == (
            "Jumlah Bidan 2024 (revisi)")

    def test_a_dataset_that_leaves_the_catalogue_is_withdrawn_then_restored(
            self, harvested, opd):
        server, source, _ = harvested
        server.serve("/catalog.ttl", catalogue({"puskesmas-2024": TITLES["puskesmas-2024"]}),
                     "text/turtle")
        summary = run(source)
        assert (summary.withdrawn, summary.unchanged) == (1, 1)
        gone = _by_guid(opd)[f"{BASE}/dataset/bidan-2024"]
        assert withdrawal.is_withdrawn(gone) and gone["state"] == "active"
        assert gone["name"] not in search_names()

        server.serve("/catalog.ttl", catalogue(TITLES), "text/turtle")
        summary = run(source)
        assert (summary.restored, summary.unchanged) == (1, 1)
        assert gone["name"] in search_names()

    @pytest.mark.parametrize("body, content_type, reason", [
        (b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> dcat:x ;;; rusak",
         "text/turtle", "katalog RDF dari"),
        (b"<!DOCTYPE html><html><body>Login</body></html>", "text/html", "halaman HTML"),
        (catalogue({}), "text/turtle", "tidak memuat satu dataset pun"),
        ("@prefix dct: <http://purl.org/dc/terms/> . <a> dct:title \"Caf\u00e9\" ."
         .encode("latin-1"), "text/turtle", "tidak berenkode UTF-8"),
    ], ids=["broken-turtle", "html-page", "empty-catalogue", "not-utf8"])
    def test_a_bad_catalogue_fails_and_withdraws_nothing(
            self, harvested, opd, body, content_type, reason):
        server, source, _ = harvested
        before = {d["name"]: dataset_state(d["name"]) for d in _by_guid(opd).values()}
        server.serve("/catalog.ttl", body, content_type)
        summary = run(source)
        assert summary.outcome == "failed"
        assert any(reason in message for message in summary.gather_errors), (
            summary.gather_errors)
        assert summary.gather_errors[-1].startswith("panen dibatalkan")
        assert summary.withdrawn == 0
        assert {name: dataset_state(name) for name in before} == before

"""DCAT endpoints of ckanext-dcat with our ``pekalongan_satudata`` profile: every Satu Data
field in DCAT-AP terms, parsed back with rdflib; the catalogue carries every public dataset
and no private one."""
from __future__ import annotations

import json
import re

import pkl_findable
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ckanext.dcat.processors import RDFParser
from ckanext.dcat.profiles import ADMS, DCAT, DCT, FOAF, VCARD
from ckanext.pekalongan.dcat import vocab
from ckanext.pekalongan.dcat.profile import PKL, SDMX_ATTRIBUTE

FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
SATU_DATA_FIELDS = pkl_findable.SATU_DATA_FIELDS


def _graph(app, url: str, fmt: str) -> Graph:
    response = app.get(url)
    assert response.status_code == 200, (url, response.status_code)
    graph = Graph()
    graph.parse(data=response.get_data(as_text=True), format=FORMATS[fmt])
    return graph


def _identifiers(graph: Graph) -> set[str]:
    return {str(graph.value(ds, DCT.identifier))
            for ds in graph.subjects(RDF.type, DCAT.Dataset)
            if graph.value(ds, DCT.identifier) is not None}


def _assert_full_mapping(g: Graph, ds, catalogue) -> None:
    full = catalogue["full"]
    assert str(ds).endswith(f"/dataset/{full['id']}")  # stable: the id, not the name
    assert str(g.value(ds, DCT.identifier)) == full["id"]
    assert str(g.value(ds, DCAT.landingPage)).endswith(f"/dataset/{full['name']}")
    assert str(g.value(ds, DCT.title)) == full["title"]
    assert str(g.value(ds, DCT.description)) == full["notes"]
    assert {str(k) for k in g.objects(ds, DCAT.keyword)} == {"penduduk", "kecamatan"}
    themes = set(g.objects(ds, DCAT.theme))
    assert URIRef(vocab.EU_THEME + "SOCI") in themes
    topik = URIRef(vocab.VOCAB_BASE + "topik/kependudukan")
    assert topik in themes
    assert g.value(topik, SKOS.notation) == Literal("kependudukan")
    assert Literal("Administrasi Kependudukan dan Pencatatan Sipil", lang="id") in set(
        g.objects(topik, SKOS.prefLabel))
    assert g.value(ds, DCT.accrualPeriodicity) == URIRef(vocab.EU_FREQUENCY + "ANNUAL_2")

    periods = {str(p).rsplit("#", 1)[-1]: p for p in g.objects(ds, DCT.temporal)}
    assert set(periods) == {"tahun-data", "periode"}
    year = Literal("2024", datatype=XSD.gYear)
    assert (g.value(periods["tahun-data"], DCAT.startDate),
            g.value(periods["tahun-data"], DCAT.endDate)) == (year, year)
    assert g.value(periods["periode"], DCAT.startDate) == Literal("2019", datatype=XSD.gYear)
    assert g.value(periods["periode"], DCAT.endDate) == Literal("2023", datatype=XSD.gYear)

    places = set(g.objects(ds, DCT.spatial))
    assert places == {URIRef(vocab.VOCAB_BASE + "wilayah/33.26.01"),
                      URIRef(vocab.VOCAB_BASE + "wilayah/33.26.08")}
    kandangserang = URIRef(vocab.VOCAB_BASE + "wilayah/33.26.01")
    assert g.value(kandangserang, SKOS.notation) == Literal("33.26.01")
    assert str(g.value(kandangserang, SKOS.prefLabel)) == "Kec. Kandangserang"
    assert (kandangserang, RDF.type, DCT.Location) in g

    assert g.value(ds, PKL.cakupanWilayah) == URIRef(vocab.VOCAB_BASE + "cakupan/kecamatan")
    activity = g.value(ds, PROV.wasGeneratedBy)
    assert g.value(activity, DCT.type) == URIRef(
        vocab.VOCAB_BASE + "metode-pengumpulan/administrasi")
    source = g.value(ds, DCT.source)
    assert str(g.value(source, DCT.title)) == full["sumber_data"]
    assert g.value(ds, SDMX_ATTRIBUTE.unitMeasure) == Literal("jiwa", lang="id")
    standard = g.value(ds, DCT.conformsTo)
    assert str(g.value(standard, SKOS.definition)) == full["konsep_definisi"]
    assert str(g.value(standard, PKL.klasifikasiPenyajian)) == "kecamatan; jenis kelamin"

    attribution = g.value(ds, PROV.qualifiedAttribution)
    assert g.value(attribution, DCAT.hadRole) == URIRef(vocab.ROLE_CUSTODIAN)
    assert str(g.value(g.value(attribution, PROV.agent), FOAF.name)) == full["walidata"]

    contact = g.value(ds, DCAT.contactPoint)
    assert str(g.value(contact, VCARD.fn)) == "Seksi Statistik"
    assert str(g.value(contact, VCARD.hasEmail)) == "mailto:statistik@pekalongankab.go.id"

    publisher = g.value(ds, DCT.publisher)
    assert str(g.value(publisher, FOAF.name)) == catalogue["org"]["title"]
    assert g.value(publisher, DCT.type) == URIRef(vocab.ADMS_PUBLISHER_TYPE + "LocalAuthority")
    assert g.value(publisher, SKOS.notation) == Literal("2.12.01")

    assert g.value(ds, ADMS.status) == URIRef(
        vocab.VOCAB_BASE + "status-verifikasi/terverifikasi")
    licence = URIRef("https://opendatacommons.org/licenses/by/1-0/")
    assert g.value(ds, DCT.license) == licence
    dist = g.value(ds, DCAT.distribution)
    assert g.value(dist, DCT.license) == licence
    assert str(g.value(dist, DCAT.accessURL)) == "https://data.example.org/penduduk.csv"
    assert str(g.value(dist, DCT.title)) == "Tabel penduduk"
    assert str(g.value(dist, DCT.description)) == "Tabel CSV"
    # DCAT-AP 3: the EU file-type and IANA media-type IRIs, the label kept
    csv = URIRef(vocab.EU_FILE_TYPE + "CSV")
    assert g.value(dist, DCT["format"]) == csv
    assert (csv, RDF.type, DCT.MediaTypeOrExtent) in g
    assert str(g.value(csv, RDFS.label)) == "CSV"
    assert g.value(dist, DCAT.mediaType) == URIRef(vocab.IANA_MEDIA_TYPE + "text/csv")
    assert g.value(ds, PKL.indikatorCapaian).toPython() is True
    assert str(g.value(ds, PKL.kolomNilaiIndikator)) == "jumlah_penduduk"


@pytest.mark.usefixtures("catalogue")
class TestCatalogue:
    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    def test_the_catalogue_carries_every_public_dataset_and_no_private_one(
            self, app, catalogue, fmt):
        graph = _identifiers(_graph(app, f"/catalog.{fmt}", fmt))
        assert graph == {catalogue["full"]["id"], catalogue["minimal"]["id"]}
        assert catalogue["private"]["id"] not in graph

    def test_the_catalogue_names_the_regencys_walidata_and_area(self, app):
        graph = _graph(app, "/catalog.ttl", "ttl")
        catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
        publisher = graph.value(catalog, DCT.publisher)
        assert str(graph.value(publisher, FOAF.name)).startswith("Dinas Komunikasi")
        assert graph.value(catalog, DCT.spatial) == URIRef(vocab.VOCAB_BASE + "wilayah/33.26")

    def test_the_whole_catalogue_is_one_page_at_the_configured_size(self, app):
        from ckan.common import config

        assert int(config["ckanext.dcat.datasets_per_page"]) >= 1000
        text = app.get("/catalog.ttl").get_data(as_text=True)
        assert "hydra:next" not in text and "nextPage" not in text

    @pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
    def test_a_smaller_page_size_pages_with_hydra_and_the_pages_give_every_dataset(
            self, app, catalogue):
        hydra = "http://www.w3.org/ns/hydra/core#"
        seen, url = set(), "/catalog.ttl"
        while url:
            graph = _graph(app, url, "ttl")
            seen |= _identifiers(graph)
            nxt = next(graph.objects(None, URIRef(hydra + "nextPage")), None) or next(
                graph.objects(None, URIRef(hydra + "next")), None)
            url = re.sub(r"^https?://[^/]+", "", str(nxt)) if nxt else None
        assert seen == {catalogue["full"]["id"], catalogue["minimal"]["id"]}


@pytest.mark.usefixtures("catalogue")
class TestDatasetMapping:
    @pytest.mark.parametrize("fmt", sorted(FORMATS))
    def test_every_satu_data_field_is_in_dcat_ap_terms(self, app, catalogue, fmt):
        g = _graph(app, f"/dataset/{catalogue['full']['name']}.{fmt}", fmt)
        (ds,) = list(g.subjects(RDF.type, DCAT.Dataset))
        _assert_full_mapping(g, ds, catalogue)

    def test_the_catalogue_carries_the_satu_data_fields_of_each_dataset(self, app, catalogue):
        g = _graph(app, "/catalog.ttl", "ttl")
        (ds,) = [d for d in g.subjects(RDF.type, DCAT.Dataset)
                 if str(g.value(d, DCT.identifier)) == catalogue["full"]["id"]]
        _assert_full_mapping(g, ds, catalogue)

    def test_a_private_dataset_has_no_rdf_for_anonymous_users(self, app, catalogue):
        response = app.get(f"/dataset/{catalogue['private']['name']}.ttl")
        assert response.status_code in (403, 404)

    def test_parsing_our_dcat_gives_back_every_satu_data_field(self, app, catalogue):
        full = catalogue["full"]
        parser = RDFParser()  # the configured profiles: euro_dcat_ap_3 pekalongan_satudata
        parser.parse(app.get(f"/dataset/{full['name']}.ttl").get_data(as_text=True),
                     _format="turtle")
        (parsed,) = list(parser.datasets())
        for field in SATU_DATA_FIELDS:
            assert parsed.get(field) == full[field], field
        assert parsed["name"] == full["name"]
        assert sorted(t["name"] for t in parsed["tags"]) == ["kecamatan", "penduduk"]
        # the format and media type come back as CKAN's text, not as the IRIs
        (resource,) = parsed["resources"]
        assert (resource["format"], resource["mimetype"]) == ("CSV", "text/csv")
        keys = {e["key"] for e in parsed["extras"]}
        assert not keys & set(SATU_DATA_FIELDS), keys


@pytest.mark.usefixtures("catalogue")
def test_the_dataset_page_carries_schema_org_json_ld(app, catalogue):
    full = catalogue["full"]
    response = app.get(f"/dataset/{full['name']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    blocks = re.findall(r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert blocks, "no JSON-LD on the dataset page"
    graph = Graph()
    for block in blocks:
        graph.parse(data=block, format="json-ld")
    schema = "http://schema.org/"
    ds = next(graph.subjects(RDF.type, URIRef(schema + "Dataset")))
    assert str(graph.value(ds, URIRef(schema + "name"))) == full["title"]
    assert str(graph.value(ds, URIRef(schema + "description"))) == full["notes"]
    publisher = graph.value(ds, URIRef(schema + "publisher"))
    assert str(graph.value(publisher, URIRef(schema + "name"))) == catalogue["org"]["title"]
    assert graph.value(ds, URIRef(schema + "license")) is not None
    json.loads(blocks[0])  # valid JSON as served

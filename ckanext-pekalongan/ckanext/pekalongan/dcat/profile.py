"""``pekalongan_satudata``: the Satu Data fields in DCAT-AP (ckanext-dcat RDF profile).

Layered on ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
pekalongan_satudata``): that profile writes the core fields (title, notes, tags, id, dates,
contact point, the organization as publisher, resources as distributions); this one adds
every Satu Data field with a DCAT/DCT/ADMS/SKOS/PROV term, and ``parse_dataset`` reads them
back so that a DCAT harvester of this catalogue gets the same Satu Data dataset. The mapping
table is in ``var/readme-parts/dcat-federation.md``; the URIs in ``vocab.py``.

DCAT-AP 3 conformance (``tests/findable/test_catalogue_shacl.py``, the SEMIC SHACL shapes):
where the base profile writes CKAN's text this one states the IRIs DCAT-AP asks for, the label
kept: formats as EU file types, media types as IANA IRIs, the catalogue's language as an EU
Language, checksums with their SPDX algorithm; the parser turns them back into CKAN's text.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ckanext.dcat.profiles import ADMS, DCAT, DCT, FOAF, SPDX, VCARD, RDFProfile
from ckanext.dcat.utils import catalog_uri
from ckanext.pekalongan import satudata
from ckanext.pekalongan.dcat import vocab

PKL = Namespace(vocab.PKL_NS)
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
LANG = "id"

# Extras that euro_dcat_ap_3's parser derives from triples this profile reads into fields:
# dropped after parsing (only when the field was found) so that a harvester does not store
# them twice; from another catalogue they stay for the harvester's own mapping.
_CONSUMED_EXTRAS = {
    "frekuensi": ("frequency",),
    "periode": ("temporal_start", "temporal_end"),
    "topik": ("theme",),
    "kode_wilayah": ("spatial_uri",),
    "sumber_data": ("source",),
    "standard": ("conforms_to",),
    "contact": ("contact_name", "contact_email", "contact_uri"),
}
_SEGMENTS = {"tahun": "tahun-data", "periode": "periode", "standard": "standar-data"}


def _labels(field: dict[str, Any] | None, value: Any) -> dict[str, str]:
    """The {lang: label} of a choice of a scheming field."""
    for choice in (field or {}).get("choices") or []:
        if str(choice.get("value")) == str(value):
            label = choice.get("label")
            if not isinstance(label, dict):
                return {LANG: str(label)}
            # only real language tags with a text: a malformed schema label must not break
            # the whole catalogue
            return {lang: str(text) for lang, text in label.items()
                    if text and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(lang))}
    return {}


class SatuDataProfile(RDFProfile):
    """Satu Data (Perpres 39/2019) fields of Kabupaten Pekalongan ↔ DCAT-AP 3."""

    # --- helpers --------------------------------------------------------------------------
    def _field(self, name: str) -> dict[str, Any] | None:
        for field in (self._dataset_schema or {}).get("dataset_fields", []):
            if field["field_name"] == name:
                return field
        return None

    def _concept(self, field: str, value: str, labels: dict[str, str]) -> URIRef:
        ref = URIRef(vocab.concept_uri(field, value))
        self.g.add((ref, RDF.type, SKOS.Concept))
        self.g.add((ref, SKOS.notation, Literal(value)))
        self.g.add((ref, SKOS.inScheme, URIRef(vocab.scheme_uri(field))))
        for lang, label in labels.items():
            self.g.add((ref, SKOS.prefLabel, Literal(label, lang=lang)))
        return ref

    def _choice_concept(self, field: str, value: str) -> URIRef:
        return self._concept(field, value, _labels(self._field(field), value))

    def _year(self, value: Any) -> Literal:
        return Literal(str(int(value)), datatype=XSD.gYear)

    def _period(self, dataset_ref, key: str, start: Any, end: Any) -> None:
        ref = URIRef(f"{dataset_ref}#{_SEGMENTS[key]}")
        self.g.add((dataset_ref, DCT.temporal, ref))
        self.g.add((ref, RDF.type, DCT.PeriodOfTime))
        if start not in (None, ""):
            self.g.add((ref, DCAT.startDate, self._year(start)))
        if end not in (None, ""):
            self.g.add((ref, DCAT.endDate, self._year(end)))

    def _in_scheme(self, ref: URIRef, scheme: str, label: str) -> None:
        """Types a term of an external vocabulary as the skos:Concept DCAT-AP expects (with
        the preferred label it requires)."""
        self.g.add((ref, RDF.type, SKOS.Concept))
        self.g.add((ref, SKOS.inScheme, URIRef(scheme)))
        self.g.add((ref, SKOS.prefLabel, Literal(label, lang="en")))

    # --- DCAT-AP 3: IRIs where ckanext-dcat writes CKAN's text ----------------------------
    def _replace(self, subject, predicate, old, new=None) -> None:
        self.g.remove((subject, predicate, old))
        if new is not None:
            self.g.add((subject, predicate, new))

    def _languages(self, subject) -> None:
        """dct:language "id" → the EU Language IRI (a dct:LinguisticSystem)."""
        for value in list(self.g.objects(subject, DCT.language)):
            uri = vocab.language_uri(value) if isinstance(value, Literal) else value
            ref = URIRef(uri) if uri else None
            self._replace(subject, DCT.language, value, ref)
            if ref is not None:
                self.g.add((ref, RDF.type, DCT.LinguisticSystem))

    def _formats(self, dist) -> None:
        """dct:format "CSV" → the EU file-type IRI (a dct:MediaTypeOrExtent labelled "CSV");
        a format outside that table stays a label, on a blank dct:MediaTypeOrExtent."""
        g = self.g
        for value in list(g.objects(dist, DCT["format"])):
            if isinstance(value, Literal):
                uri = vocab.file_type_uri(value)
                ref = URIRef(uri) if uri else BNode()
                self._replace(dist, DCT["format"], value, ref)
                g.add((ref, RDF.type, DCT.MediaTypeOrExtent))
                g.add((ref, RDFS.label, Literal(vocab.file_type_label(uri) if uri
                                                else str(value))))
            elif isinstance(value, URIRef) and vocab.file_type_label(value):
                g.add((value, RDFS.label, Literal(vocab.file_type_label(value))))

    def _media_types(self, dist) -> None:
        """dcat:mediaType "text/csv" → the IANA IRI (a dct:MediaType); none given, the one of
        the format (CSV → text/csv). A value that is no media type is dropped."""
        g = self.g
        for value in list(g.objects(dist, DCAT.mediaType)):
            if isinstance(value, Literal):
                uri = vocab.media_type_uri(value)
                self._replace(dist, DCAT.mediaType, value, URIRef(uri) if uri else None)
        if (dist, DCAT.mediaType, None) not in g:
            for fmt in g.objects(dist, DCT["format"]):
                uri = vocab.media_type_uri(vocab.media_type_for_format(
                    self._object_value(fmt, RDFS.label) or "") or "")
                if uri:
                    g.add((dist, DCAT.mediaType, URIRef(uri)))
                    break
        for value in g.objects(dist, DCAT.mediaType):
            g.add((value, RDF.type, DCT.MediaType))

    def _checksums(self, dist) -> None:
        """spdx:checksum with its spdx:algorithm IRI (named, or known by the digest length);
        a hash that is no hex digest of a known algorithm is left out."""
        g = self.g
        for node in list(g.objects(dist, SPDX.checksum)):
            found = vocab.checksum(g.value(node, SPDX.checksumValue),
                                   g.value(node, SPDX.algorithm))
            g.remove((node, None, None))
            self._replace(dist, SPDX.checksum, node)
            if found:
                digest, algorithm = found
                checksum = BNode()
                g.add((dist, SPDX.checksum, checksum))
                g.add((checksum, RDF.type, SPDX.Checksum))
                g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
                g.add((checksum, SPDX.algorithm, URIRef(algorithm)))
                g.add((URIRef(algorithm), RDF.type, SPDX.ChecksumAlgorithm))

    def _distribution_iris(self, dist) -> None:
        self._formats(dist)
        self._media_types(dist)
        self._checksums(dist)
        self._languages(dist)
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            for url in self.g.objects(dist, predicate):
                if isinstance(url, URIRef):
                    self.g.add((url, RDF.type, RDFS.Resource))

    def _agent(self, name: str) -> URIRef | BNode:
        ref = BNode()
        self.g.add((ref, RDF.type, FOAF.Agent))
        self.g.add((ref, RDF.type, FOAF.Organization))
        self.g.add((ref, FOAF.name, Literal(name)))
        return ref

    # --- serialising ----------------------------------------------------------------------
    def graph_from_dataset(self, dataset_dict, dataset_ref):  # noqa: C901 - one field each
        g = self.g
        g.bind("pkl", PKL)
        g.bind("sdmx-attribute", SDMX_ATTRIBUTE)
        g.bind("prov", PROV)
        site = catalog_uri().rstrip("/")
        d = dataset_dict

        # name: the human page (dcat:landingPage); the id stays dct:identifier (base).
        if d.get("name") and not d.get("url"):
            page = URIRef(f"{site}/dataset/{d['name']}")
            g.add((dataset_ref, DCAT.landingPage, page))
            g.add((page, RDF.type, FOAF.Document))

        # topik: the EU data theme (DCAT-AP) and the portal's own concept (lossless).
        if d.get("topik"):
            eu = vocab.theme_uri(d["topik"])
            if eu:
                g.add((dataset_ref, DCAT.theme, URIRef(eu)))
                self._in_scheme(URIRef(eu), vocab.EU_THEME.rstrip("/"),
                                vocab.THEME_LABELS[vocab.THEME[d["topik"]]])
            g.add((dataset_ref, DCAT.theme, self._choice_concept("topik", d["topik"])))

        # frekuensi → dct:accrualPeriodicity (EU frequency)
        freq = vocab.frequency_uri(d.get("frekuensi") or "")
        if freq:
            g.add((dataset_ref, DCT.accrualPeriodicity, URIRef(freq)))
            g.add((URIRef(freq), RDF.type, DCT.Frequency))

        # tahun and periode_awal/akhir → dct:temporal (two named periods of time)
        if d.get("tahun") not in (None, ""):
            self._period(dataset_ref, "tahun", d["tahun"], d["tahun"])
        if d.get("periode_awal") not in (None, "") or d.get("periode_akhir") not in (None, ""):
            self._period(dataset_ref, "periode", d.get("periode_awal"), d.get("periode_akhir"))

        # kode_wilayah → dct:spatial, one dct:Location per Kemendagri code
        labels = {c["value"]: c["label"] for c in satudata.kode_wilayah_choices()}
        codes = d.get("kode_wilayah") or []
        if isinstance(codes, str):
            codes = [codes]
        for code in codes:
            ref = self._concept("kode_wilayah", code, {LANG: labels.get(code, code)})
            g.add((ref, RDF.type, DCT.Location))
            g.add((dataset_ref, DCT.spatial, ref))

        # cakupan → pkl:cakupanWilayah (the smallest area level; no DCAT term)
        if d.get("cakupan"):
            g.add((dataset_ref, PKL.cakupanWilayah,
                   self._choice_concept("cakupan", d["cakupan"])))

        # metode_pengumpulan → prov:wasGeneratedBy [prov:Activity; dct:type <concept>]
        # sumber_data → dct:source [dct:title] (the source the data is derived from)
        if d.get("metode_pengumpulan"):
            activity = URIRef(f"{dataset_ref}#pengumpulan")
            g.add((dataset_ref, PROV.wasGeneratedBy, activity))
            g.add((activity, RDF.type, PROV.Activity))
            concept = self._choice_concept("metode_pengumpulan", d["metode_pengumpulan"])
            g.add((activity, DCT.type, concept))
            for label in g.objects(concept, SKOS.prefLabel):
                g.add((activity, RDFS.label, label))
        if d.get("sumber_data"):
            # Not typed dcat:Dataset (DCAT-AP's range): harvesters would take the node for
            # another dataset of the catalogue.
            source = BNode()
            g.add((dataset_ref, DCT.source, source))
            g.add((source, DCT.title, Literal(d["sumber_data"], lang=LANG)))

        # satuan → sdmx-attribute:unitMeasure; konsep_definisi and klasifikasi → the data
        # standard the dataset conforms to (Perpres 39/2019: konsep, definisi, klasifikasi,
        # satuan) as dct:conformsTo a dct:Standard.
        if d.get("satuan"):
            g.add((dataset_ref, SDMX_ATTRIBUTE.unitMeasure, Literal(d["satuan"], lang=LANG)))
        if d.get("konsep_definisi") or d.get("klasifikasi"):
            standard = URIRef(f"{dataset_ref}#{_SEGMENTS['standard']}")
            g.add((dataset_ref, DCT.conformsTo, standard))
            g.add((standard, RDF.type, DCT.Standard))
            g.add((standard, DCT.title, Literal(f"Standar data: {d.get('title', '')}",
                                                lang=LANG)))
            if d.get("konsep_definisi"):
                g.add((standard, SKOS.definition, Literal(d["konsep_definisi"], lang=LANG)))
            if d.get("klasifikasi"):
                g.add((standard, PKL.klasifikasiPenyajian, Literal(d["klasifikasi"], lang=LANG)))

        # walidata → prov:qualifiedAttribution with the ISO 19115 role "custodian"
        if d.get("walidata"):
            attribution = BNode()
            g.add((dataset_ref, PROV.qualifiedAttribution, attribution))
            g.add((attribution, RDF.type, PROV.Attribution))
            g.add((attribution, PROV.agent, self._agent(d["walidata"])))
            g.add((attribution, DCAT.hadRole, URIRef(vocab.ROLE_CUSTODIAN)))

        # status_verifikasi → adms:status <concept>
        if d.get("status_verifikasi"):
            g.add((dataset_ref, ADMS.status,
                   self._choice_concept("status_verifikasi", d["status_verifikasi"])))

        # license_id → dct:license on the dataset and on every distribution
        licence = vocab.licence_uri(d.get("license_id") or "")
        if licence:
            ref = URIRef(licence)
            g.add((dataset_ref, DCT.license, ref))
            g.add((ref, RDF.type, DCT.LicenseDocument))
            g.add((ref, DCT.identifier, Literal(d["license_id"])))
            if d.get("license_title"):
                g.add((ref, DCT.title, Literal(d["license_title"])))
            for dist in g.objects(dataset_ref, DCAT.distribution):
                if (dist, DCT.license, None) not in g:
                    g.add((dist, DCT.license, ref))

        # indikator_capaian / indikator_kolom_nilai → pkl: (the portal's home-page charts)
        if "indikator_capaian" in d:
            g.add((dataset_ref, PKL.indikatorCapaian,
                   Literal(bool(tk.asbool(d.get("indikator_capaian"))))))
        if d.get("indikator_kolom_nilai"):
            g.add((dataset_ref, PKL.kolomNilaiIndikator, Literal(d["indikator_kolom_nilai"])))

        # owner_org → dct:publisher (base: foaf:Agent named after the OPD); add its type
        # (local authority) and its Permendagri 90/2019 unit code.
        org = d.get("organization") or {}
        for publisher in list(g.objects(dataset_ref, DCT.publisher)):
            g.add((publisher, RDF.type, FOAF.Organization))
            g.add((publisher, DCT.type, self._local_authority()))
            cached = self._org_cache.get(org.get("id")) or {}
            if cached.get("kode_opd"):
                g.add((publisher, SKOS.notation, Literal(cached["kode_opd"])))
            if org.get("name"):
                g.add((publisher, FOAF.homepage, URIRef(f"{site}/organization/{org['name']}")))

        # contact point: base writes vcard:fn / vcard:hasEmail; mark the kind.
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Kind))

        # DCAT-AP 3 ranges: IRIs for formats, media types, languages, checksum algorithms
        self._languages(dataset_ref)
        for dist in g.objects(dataset_ref, DCAT.distribution):
            self._distribution_iris(dist)

    def _local_authority(self) -> URIRef:
        ref = URIRef(vocab.ADMS_PUBLISHER_TYPE + "LocalAuthority")
        self._in_scheme(ref, vocab.ADMS_PUBLISHER_TYPE + "1.0",
                        vocab.PUBLISHER_TYPE_LABELS["LocalAuthority"])
        return ref

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g = self.g
        g.bind("pkl", PKL)
        publisher = self._agent(satudata.WALIDATA_DEFAULT)
        g.add((publisher, DCT.type, self._local_authority()))
        g.add((catalog_ref, DCT.publisher, publisher))
        regency = self._concept("kode_wilayah", satudata.KABUPATEN_CODE,
                                {LANG: satudata.KABUPATEN_NAME})
        g.add((regency, RDF.type, DCT.Location))
        g.add((catalog_ref, DCT.spatial, regency))
        self._languages(catalog_ref)  # the site's locale as the EU Language IRI
        for page in g.objects(catalog_ref, FOAF.homepage):
            g.add((page, RDF.type, FOAF.Document))

    # --- parsing --------------------------------------------------------------------------
    def _value_of(self, field: str, refs) -> str | None:
        for ref in refs:
            value = vocab.concept_value(field, ref)
            if value is None and isinstance(ref, URIRef):
                continue
            if value is None:
                value = self._object_value(ref, SKOS.notation) or None
            if value:
                return value
        return None

    def _years(self, ref) -> tuple[int | None, int | None]:
        out = []
        for predicate in (DCAT.startDate, DCAT.endDate):
            value = self._object_value(ref, predicate)
            try:
                out.append(int(str(value)[:4]) if value else None)
            except ValueError:
                out.append(None)
        return out[0], out[1]

    def parse_dataset(self, dataset_dict, dataset_ref):  # noqa: C901 - one field each
        g = self.g
        d = dataset_dict
        obj = self._object_value
        found: set[str] = set()

        page = obj(dataset_ref, DCAT.landingPage)
        if page and "/dataset/" in page:
            d["name"] = page.rstrip("/").rsplit("/dataset/", 1)[-1]
            d.pop("url", None)

        topik = self._value_of("topik", g.objects(dataset_ref, DCAT.theme))
        if topik:
            d["topik"] = topik
            found.add("topik")
        freq = vocab.frekuensi_of(obj(dataset_ref, DCT.accrualPeriodicity) or "")
        if freq:
            d["frekuensi"] = freq
            found.add("frekuensi")

        for period in g.objects(dataset_ref, DCT.temporal):
            start, end = self._years(period)
            if str(period).endswith("#" + _SEGMENTS["tahun"]):
                if end or start:
                    d["tahun"] = end or start
                    found.add("periode")
            elif str(period).endswith("#" + _SEGMENTS["periode"]):
                found.add("periode")
                if start:
                    d["periode_awal"] = start
                if end:
                    d["periode_akhir"] = end
            elif end and "tahun" not in d:  # another catalogue's period of time
                d["tahun"] = end

        codes = []
        for place in g.objects(dataset_ref, DCT.spatial):
            code = vocab.concept_value("kode_wilayah", place) or obj(place, SKOS.notation)
            if code and code not in codes:
                codes.append(code)
        if codes:
            d["kode_wilayah"] = codes
            found.add("kode_wilayah")

        cakupan = self._value_of("cakupan", g.objects(dataset_ref, PKL.cakupanWilayah))
        if cakupan:
            d["cakupan"] = cakupan
        for activity in g.objects(dataset_ref, PROV.wasGeneratedBy):
            metode = self._value_of("metode_pengumpulan", g.objects(activity, DCT.type))
            if metode:
                d["metode_pengumpulan"] = metode
        d.pop("provenance_activity", None)
        for source in g.objects(dataset_ref, DCT.source):
            title = obj(source, DCT.title) or (str(source) if isinstance(source, Literal)
                                               else None)
            if title:
                d["sumber_data"] = title
                found.add("sumber_data")
        satuan = obj(dataset_ref, SDMX_ATTRIBUTE.unitMeasure)
        if satuan:
            d["satuan"] = satuan
        for standard in g.objects(dataset_ref, DCT.conformsTo):
            if obj(standard, SKOS.definition):
                d["konsep_definisi"] = obj(standard, SKOS.definition)
                found.add("standard")
            if obj(standard, PKL.klasifikasiPenyajian):
                d["klasifikasi"] = obj(standard, PKL.klasifikasiPenyajian)
                found.add("standard")

        for attribution in g.objects(dataset_ref, PROV.qualifiedAttribution):
            if str(obj(attribution, DCAT.hadRole)) == vocab.ROLE_CUSTODIAN:
                for agent in g.objects(attribution, PROV.agent):
                    if obj(agent, FOAF.name):
                        d["walidata"] = obj(agent, FOAF.name)
        d.pop("qualified_attribution", None)

        status = self._value_of("status_verifikasi", g.objects(dataset_ref, ADMS.status))
        if status:
            d["status_verifikasi"] = status
        licence = obj(dataset_ref, DCT.license)
        if licence and vocab.license_id_of(licence):
            d["license_id"] = vocab.license_id_of(licence)
        indicator = obj(dataset_ref, PKL.indikatorCapaian)
        if indicator:
            d["indikator_capaian"] = tk.asbool(indicator)
        kolom = obj(dataset_ref, PKL.kolomNilaiIndikator)
        if kolom:
            d["indikator_kolom_nilai"] = kolom

        contacts = self._contact_details(dataset_ref, DCAT.contactPoint)
        if contacts:
            if contacts[0].get("name"):
                d["contact_name"] = contacts[0]["name"]
            if contacts[0].get("email"):
                d["contact_email"] = contacts[0]["email"]
            found.add("contact")

        self._parse_distributions(dataset_ref, d.get("resources") or [])

        dropped = {key for what in found for key in _CONSUMED_EXTRAS[what]}
        d["extras"] = [e for e in d.get("extras", []) if e["key"] not in dropped]
        return d

    def _parse_distributions(self, dataset_ref, resources: list[dict[str, Any]]) -> None:
        """The IRIs of ``_distribution_iris`` back to CKAN's text: the format's label (an EU
        file-type IRI without one gives its code), the bare media type, the algorithm's
        name."""
        nodes = {str(n): n for n in self.g.objects(dataset_ref, DCAT.distribution)}
        for resource in resources:
            dist = nodes.get(str(resource.get("distribution_ref")))
            if dist is None:
                continue
            fmt = self.g.value(dist, DCT["format"])
            if isinstance(fmt, (URIRef, BNode)):
                label = self._object_value(fmt, RDFS.label) or vocab.file_type_label(fmt)
                if label:
                    resource["format"] = label
            mimetype = vocab.media_type_of(resource.get("mimetype") or "")
            if mimetype:
                resource["mimetype"] = mimetype
            algorithm = vocab.checksum_algorithm_name(resource.get("hash_algorithm") or "")
            if algorithm:
                resource["hash_algorithm"] = algorithm

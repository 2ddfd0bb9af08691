"""Satu Data values ↔ DCAT-AP vocabulary URIs.

Pure module (no CKAN): the profile (``profile.py``) serialises with these tables and parses
back with their inverses; ``tests/unit/test_dcat_vocab.py`` checks both directions.

URIs minted by the portal live under ``VOCAB_BASE`` (the regency's Satu Data domain, not the
site URL, so that they stay the same on every installation and after a move); properties for
which no standard term exists use the ``pkl:`` namespace ``PKL_NS``. Both are documented in
``var/readme-parts/dcat-federation.md``.
"""
from __future__ import annotations

import re

VOCAB_BASE = "https://satudata.pekalongankab.go.id/def/"
PKL_NS = VOCAB_BASE + "satudata#"

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
# ISO 19115 CI_RoleCode as published by INSPIRE (used by GeoDCAT-AP for dcat:hadRole).
ROLE_CUSTODIAN = "http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/custodian"

# frekuensi → EU Frequency authority table (DCAT-AP's controlled vocabulary).
FREQUENCY = {
    "harian": "DAILY",
    "mingguan": "WEEKLY",
    "bulanan": "MONTHLY",
    "triwulanan": "QUARTERLY",
    "semesteran": "ANNUAL_2",
    "tahunan": "ANNUAL",
    "lima_tahunan": "QUINQUENNIAL",
    "tidak_tentu": "IRREG",
}

# topik (urusan pemerintahan, UU 23/2014) → EU Data Theme (DCAT-AP's dcat:theme vocabulary).
THEME = {
    "pendidikan": "EDUC", "kesehatan": "HEAL", "pekerjaan_umum": "REGI",
    "perumahan": "REGI", "ketenteraman_ketertiban": "JUST", "kebencanaan": "JUST",
    "sosial": "SOCI", "ketenagakerjaan": "ECON", "pemberdayaan_perempuan_anak": "SOCI",
    "pangan": "AGRI", "lingkungan_hidup": "ENVI", "kependudukan": "SOCI",
    "pemberdayaan_masyarakat_desa": "REGI", "keluarga_berencana": "SOCI",
    "perhubungan": "TRAN", "komunikasi_informatika": "TECH", "statistik": "GOVE",
    "koperasi_umkm": "ECON", "penanaman_modal": "ECON", "kepemudaan_olahraga": "EDUC",
    "kebudayaan": "EDUC", "perpustakaan_kearsipan": "EDUC", "pariwisata": "ECON",
    "pertanian": "AGRI", "perikanan": "AGRI", "perdagangan": "ECON",
    "perindustrian": "ECON", "ekonomi": "ECON", "keuangan_daerah": "ECON",
    "kepegawaian": "GOVE", "pemerintahan": "GOVE", "pengawasan": "GOVE",
}

# English labels of the EU Data Theme codes used above and of the ADMS publisher type (the
# skos:prefLabel DCAT-AP 3 requires on every skos:Concept the catalogue states).
THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food", "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport", "ENVI": "Environment",
    "GOVE": "Government and public sector", "HEAL": "Health",
    "JUST": "Justice, legal system and public safety", "REGI": "Regions and cities",
    "SOCI": "Population and society", "TECH": "Science and technology", "TRAN": "Transport",
}
PUBLISHER_TYPE_LABELS = {"LocalAuthority": "Local Authority"}

# license_id → canonical licence URI (dct:license).
LICENCE = {
    "cc-by": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-zero": "https://creativecommons.org/publicdomain/zero/1.0/",
    "odc-by": "https://opendatacommons.org/licenses/by/1-0/",
    "odc-odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "odc-pddl": "https://opendatacommons.org/licenses/pddl/1-0/",
    "other-open": VOCAB_BASE + "lisensi/other-open",
    "other-pd": VOCAB_BASE + "lisensi/other-pd",
    "other-at": VOCAB_BASE + "lisensi/other-at",
    "notspecified": VOCAB_BASE + "lisensi/notspecified",
    "other-closed": VOCAB_BASE + "lisensi/other-closed",
}

# Concept schemes minted by the portal: field → path segment under VOCAB_BASE.
SCHEMES = {
    "topik": "topik",
    "kode_wilayah": "wilayah",
    "cakupan": "cakupan",
    "metode_pengumpulan": "metode-pengumpulan",
    "status_verifikasi": "status-verifikasi",
}


# --- distributions and the catalogue: DCAT-AP 3 wants IRIs, CKAN stores text ---------------
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
SPDX_NS = "http://spdx.org/rdf/terms#"

# CKAN format (upper case) → (EU file-type code, IANA media type or None, label).
FILE_TYPES: dict[str, tuple[str, str | None, str]] = {
    "CSV": ("CSV", "text/csv", "CSV"),
    "TSV": ("TSV", "text/tab-separated-values", "TSV"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "XLSX"),
    "XLS": ("XLS", "application/vnd.ms-excel", "XLS"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    "JSON": ("JSON", "application/json", "JSON"),
    "GEOJSON": ("GEOJSON", "application/geo+json", "GeoJSON"),
    "JSON-LD": ("JSON_LD", "application/ld+json", "JSON-LD"),
    "XML": ("XML", "application/xml", "XML"),
    "RDF": ("RDF_XML", "application/rdf+xml", "RDF"),
    "TTL": ("RDF_TURTLE", "text/turtle", "TTL"),
    "PDF": ("PDF", "application/pdf", "PDF"),
    "DOC": ("DOC", "application/msword", "DOC"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "DOCX"),
    "ODT": ("ODT", "application/vnd.oasis.opendocument.text", "ODT"),
    "PPTX": ("PPTX",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "PPTX"),
    "HTML": ("HTML", "text/html", "HTML"),
    "TXT": ("TXT", "text/plain", "TXT"),
    "ZIP": ("ZIP", "application/zip", "ZIP"),
    "PNG": ("PNG", "image/png", "PNG"),
    "JPEG": ("JPEG", "image/jpeg", "JPEG"),
    "TIFF": ("TIFF", "image/tiff", "TIFF"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml", "KML"),
    "KMZ": ("KMZ", "application/vnd.google-earth.kmz", "KMZ"),
    "GPKG": ("GPKG", "application/geopackage+sqlite3", "GPKG"),
    "SHP": ("SHP", None, "SHP"),
    "WMS": ("WMS_SRVC", None, "WMS"),
    "WFS": ("WFS_SRVC", None, "WFS"),
}
_FORMAT_ALIASES = {
    "JPG": "JPEG", "TIF": "TIFF", "TURTLE": "TTL", "RDF/XML": "RDF", "JSONLD": "JSON-LD",
    "SHAPEFILE": "SHP", "GEOPACKAGE": "GPKG", "HTM": "HTML", "TEXT": "TXT",
}
# ISO 639-1 (CKAN locales) → EU Language authority table (ISO 639-3 based codes).
LANGUAGES = {"id": "IND", "en": "ENG", "jv": "JAV", "ms": "MSA", "nl": "NLD"}
# Checksum algorithms of SPDX (DCAT-AP spdx:algorithm) by name and by hex digest length.
CHECKSUM_ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
_DIGEST_LENGTHS = {32: "md5", 40: "sha1", 56: "sha224", 64: "sha256", 96: "sha384",
                   128: "sha512"}
_MEDIA_TYPE_RE = re.compile(
    r"(application|audio|font|image|message|model|multipart|text|video)"
    r"/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_HEX_RE = re.compile(r"[0-9a-f]+")


def _format_key(fmt: str) -> str | None:
    key = str(fmt or "").strip().lstrip(".").upper()
    key = _FORMAT_ALIASES.get(key, key)
    return key if key in FILE_TYPES else None


def file_type_uri(fmt: str) -> str | None:
    """The EU file-type IRI of a CKAN format ("CSV", "csv", ".xlsx"), or None."""
    key = _format_key(fmt)
    return EU_FILE_TYPE + FILE_TYPES[key][0] if key else None


def file_type_label(uri: str) -> str | None:
    """The CKAN format of an EU file-type IRI (the inverse of ``file_type_uri``)."""
    text = str(uri).replace("https://", "http://", 1)
    if not text.startswith(EU_FILE_TYPE):
        return None
    code = text[len(EU_FILE_TYPE):]
    return next((label for c, _, label in FILE_TYPES.values() if c == code), None)


def media_type(value: str) -> str | None:
    """A CKAN mimetype as a bare IANA media type ("text/csv; charset=utf-8" → "text/csv"),
    or None when it is not one."""
    text = str(value or "").split(";", 1)[0].strip().lower()
    return text if _MEDIA_TYPE_RE.fullmatch(text) else None


def media_type_uri(value: str) -> str | None:
    """The IANA media-type IRI of a mimetype, or None."""
    bare = media_type(value)
    return IANA_MEDIA_TYPE + bare if bare else None


def media_type_for_format(fmt: str) -> str | None:
    """The IANA media type that goes with a CKAN format (CSV → text/csv), or None."""
    key = _format_key(fmt)
    return FILE_TYPES[key][1] if key else None


def media_type_of(uri: str) -> str | None:
    """The bare media type of an IANA media-type IRI (http or https), or None."""
    text = str(uri).replace("http://", "https://", 1)
    if not text.startswith(IANA_MEDIA_TYPE):
        return None
    return media_type(text[len(IANA_MEDIA_TYPE):])


def language_uri(code: str) -> str | None:
    """The EU Language IRI of a CKAN locale ("id", "en", "id_ID"), or None."""
    key = str(code or "").strip().replace("-", "_").split("_", 1)[0].lower()
    return EU_LANGUAGE + LANGUAGES[key] if key in LANGUAGES else None


def checksum(value: str, algorithm: str | None = None) -> tuple[str, str] | None:
    """(lower-case hex digest, SPDX algorithm IRI) for a CKAN resource ``hash`` (bare, or
    "sha256:…") and its optional ``hash_algorithm`` (a name or an SPDX IRI); the algorithm
    is taken from the digest length when not given. None when the value is no hex digest
    or the algorithm is not known: such a checksum cannot be stated in DCAT-AP."""
    text = str(value or "").strip().lower()
    name = str(algorithm or "").strip().lower()
    if ":" in text:
        name, text = (name or text.split(":", 1)[0]), text.split(":", 1)[1]
    name = name.rsplit("checksumalgorithm_", 1)[-1].replace("-", "")
    if not _HEX_RE.fullmatch(text) or len(text) not in _DIGEST_LENGTHS:
        return None
    name = name or _DIGEST_LENGTHS[len(text)]
    if name not in CHECKSUM_ALGORITHMS or _DIGEST_LENGTHS[len(text)] != name:
        return None
    return text, f"{SPDX_NS}checksumAlgorithm_{name}"


def checksum_algorithm_name(uri: str) -> str | None:
    """"sha256" for the SPDX IRI ``checksumAlgorithm_sha256`` (the inverse), or None."""
    prefix = SPDX_NS + "checksumAlgorithm_"
    name = str(uri)[len(prefix):] if str(uri).startswith(prefix) else ""
    return name if name in CHECKSUM_ALGORITHMS else None


def scheme_uri(field: str) -> str:
    """The skos:ConceptScheme URI of a field's values."""
    return VOCAB_BASE + SCHEMES[field]


def concept_uri(field: str, value: str) -> str:
    """The stable URI of one value of ``field`` (e.g. ``kode_wilayah`` 33.26.01)."""
    return f"{scheme_uri(field)}/{value}"


def concept_value(field: str, uri: str) -> str | None:
    """The value that ``concept_uri(field, value)`` produced, or None for another URI."""
    prefix = scheme_uri(field) + "/"
    text = str(uri)
    if text.startswith(prefix) and "/" not in text[len(prefix):] and text[len(prefix):]:
        return text[len(prefix):]
    return None


def frequency_uri(frekuensi: str) -> str | None:
    code = FREQUENCY.get(frekuensi)
    return EU_FREQUENCY + code if code else None


def frekuensi_of(uri: str) -> str | None:
    """frekuensi for an EU frequency URI (the inverse of ``frequency_uri``)."""
    text = str(uri)
    if not text.startswith(EU_FREQUENCY):
        return None
    code = text[len(EU_FREQUENCY):]
    return next((k for k, v in FREQUENCY.items() if v == code), None)


def theme_uri(topik: str) -> str | None:
    code = THEME.get(topik)
    return EU_THEME + code if code else None


def licence_uri(license_id: str) -> str | None:
    return LICENCE.get(license_id)


def license_id_of(uri: str) -> str | None:
    """license_id for a URI of ``LICENCE`` (tolerates http/https and a missing slash)."""
    def norm(u: str) -> str:
        return str(u).strip().rstrip("/").replace("http://", "https://", 1)
    wanted = norm(uri)
    return next((k for k, v in LICENCE.items() if norm(v) == wanted), None)


__all__ = [
    "VOCAB_BASE", "PKL_NS", "EU_FREQUENCY", "EU_THEME", "ROLE_CUSTODIAN", "FREQUENCY",
    "THEME", "LICENCE", "scheme_uri", "concept_uri", "concept_value", "frequency_uri",
    "frekuensi_of", "theme_uri", "licence_uri", "license_id_of", "ADMS_PUBLISHER_TYPE",
    "EU_FILE_TYPE", "EU_LANGUAGE", "IANA_MEDIA_TYPE", "SPDX_NS", "FILE_TYPES", "LANGUAGES",
    "CHECKSUM_ALGORITHMS", "file_type_uri", "file_type_label", "media_type", "media_type_uri",
    "media_type_for_format", "media_type_of", "language_uri", "checksum",
    "checksum_algorithm_name", "THEME_LABELS", "PUBLISHER_TYPE_LABELS",
]

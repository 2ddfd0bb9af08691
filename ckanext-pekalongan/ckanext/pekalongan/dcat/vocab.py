"""Satu Data values ↔ DCAT-AP vocabulary URIs.

Pure module (no CKAN): the profile (``profile.py``) serialises with these tables and parses
back with their inverses; ``tests/unit/test_dcat_vocab.py`` checks both directions.

URIs minted by the portal live under ``VOCAB_BASE`` (the regency's Satu Data domain, not the
site URL, so that they stay the same on every installation and after a move); properties for
which no standard term exists use the ``pkl:`` namespace ``PKL_NS``. Both are documented in
``var/readme-parts/dcat-federation.md``.
"""
from __future__ import annotations

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
]

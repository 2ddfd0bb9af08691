"""The words of Suara Masyarakat: machine codes and their Indonesian labels.

Pure module (no CKAN, no database): the labels are Indonesian msgids marked
with :func:`N_`; callers translate them with ``tk._`` (the ``en`` catalogue
gives the English). Topics are the portal's topics (the ``topik`` choices of
the Satu Data dataset schema); kecamatan are the 19 of the regency with their
Kemendagri codes (both read through ``satudata.py``).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import NamedTuple

from ckanext.pekalongan import satudata
from ckanext.pekalongan.text import N_

# --- kind ---------------------------------------------------------------------------
ASPIRASI = "aspirasi"
PENGADUAN = "pengaduan"
PERMINTAAN_INFORMASI = "permintaan_informasi"
KIND_LABELS: Mapping[str, str] = {
    ASPIRASI: N_("Aspirasi"),
    PENGADUAN: N_("Pengaduan"),
    PERMINTAAN_INFORMASI: N_("Permintaan informasi"),
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)
# What a report may be filed as (an information request goes to the PPID form).
REPORT_KINDS: tuple[str, ...] = (ASPIRASI, PENGADUAN)
PPID_FORM_PATH = "/ppid/permohonan/baru"  # endpoint ppid.request_new

# --- channel ------------------------------------------------------------------------
WEB = "web"
SMS = "sms"
CHANNEL_LABELS: Mapping[str, str] = {
    WEB: N_("Situs web"),
    SMS: N_("SMS"),
    "walk_in": N_("Datang langsung"),
    "letter": N_("Surat"),
    "phone": N_("Telepon"),
    "social_media": N_("Media sosial"),
}
CHANNELS: tuple[str, ...] = tuple(CHANNEL_LABELS)

# --- privacy (as SP4N-LAPOR! offers it) -------------------------------------------------
PUBLIC = "public"
ANONIM = "anonim"
RAHASIA = "rahasia"
PRIVACY_LABELS: Mapping[str, str] = {
    PUBLIC: N_("Biasa (identitas terlihat oleh OPD)"),
    ANONIM: N_("Anonim (identitas disembunyikan dari OPD dan publik)"),
    RAHASIA: N_("Rahasia (laporan tidak ditampilkan kepada publik)"),
}
PRIVACIES: tuple[str, ...] = tuple(PRIVACY_LABELS)

# --- complexity: decided at routing, sets the answer clock ---------------------------------
SEDERHANA = "sederhana"
TANPA_LAPANGAN = "tanpa_lapangan"
LAPANGAN = "lapangan"
COMPLEXITY_LABELS: Mapping[str, str] = {
    SEDERHANA: N_("Sederhana"),
    TANPA_LAPANGAN: N_("Tanpa pemeriksaan lapangan"),
    LAPANGAN: N_("Dengan pemeriksaan lapangan"),
}
COMPLEXITIES: tuple[str, ...] = tuple(COMPLEXITY_LABELS)

# --- rejection reasons -------------------------------------------------------------------
UNCLEAR = "unclear"
NOT_PUBLIC_SERVICE = "not_public_service"
DUPLICATE = "duplicate"
REJECT_REASON_LABELS: Mapping[str, str] = {
    UNCLEAR: N_("Laporan tidak jelas"),
    NOT_PUBLIC_SERVICE: N_("Bukan kewenangan pelayanan publik"),
    DUPLICATE: N_("Laporan ganda"),
}
REJECT_REASONS: tuple[str, ...] = tuple(REJECT_REASON_LABELS)

# --- responses ------------------------------------------------------------------------
ANSWER = "answer"
REQUEST_INFO = "request_info"
FOLLOWUP = "followup"
REPORTER_INFO = "reporter_info"
CLOSE_NOTE = "close_note"
RESPONSE_KIND_LABELS: Mapping[str, str] = {
    ANSWER: N_("Tanggapan"),
    REQUEST_INFO: N_("Permintaan keterangan tambahan"),
    FOLLOWUP: N_("Tindak lanjut"),
    REPORTER_INFO: N_("Keterangan tambahan dari pelapor"),
    CLOSE_NOTE: N_("Catatan penutupan"),
}
# what an officer may post with suara_report_respond
RESPOND_KINDS: tuple[str, ...] = (ANSWER, REQUEST_INFO, FOLLOWUP)

RATINGS: tuple[int, ...] = (1, 2, 3, 4, 5)

# --- sizes -------------------------------------------------------------------------------
TEXT_MAX = 4000
DESA_MAX = 100
NAME_MAX = 200
REASON_MAX = 2000
NUMBER_PREFIX = "SM"


def number_for(year: int, value: int) -> str:
    """``SM-2026-000042``."""
    return f"{NUMBER_PREFIX}-{year:04d}-{value:06d}"


# --- topics and kecamatan --------------------------------------------------------------------


class Kecamatan(NamedTuple):
    code: str
    name: str


@functools.cache
def kecamatan() -> tuple[Kecamatan, ...]:
    """The 19 kecamatan of Kabupaten Pekalongan (Kemendagri code, name), in code order
    (``satudata.kecamatan``: the one table of the portal)."""
    return tuple(Kecamatan(k.kode_wilayah, k.nama) for k in satudata.kecamatan())


@functools.cache
def kecamatan_names() -> Mapping[str, str]:
    return satudata.kecamatan_by_code()


class Topic(NamedTuple):
    code: str
    label_id: str
    label_en: str


@functools.cache
def topics() -> tuple[Topic, ...]:
    """The portal's topics: the ``topik`` choices of the dataset schema, in its order
    (``satudata.choices``)."""
    english = {c["value"]: c["label"] for c in satudata.choices("topik", "en")}
    return tuple(Topic(c["value"], c["label"], english.get(c["value"], c["label"]))
                 for c in satudata.choices("topik", "id"))


@functools.cache
def topic_codes() -> frozenset[str]:
    return frozenset(t.code for t in topics())


def topic_label(code: str | None, lang: str = "id") -> str | None:
    for t in topics():
        if t.code == code:
            return t.label_en if lang.startswith("en") and t.label_en else t.label_id
    return None

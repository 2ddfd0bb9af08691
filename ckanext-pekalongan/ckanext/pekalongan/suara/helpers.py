"""Template helpers of the Suara Masyarakat pages (names carry the
``pekalongan_suara_`` prefix).

Presentation only: labels of the codes the actions return (from
``vocabulary.py`` and ``states.py``), the day counts from config, the choices
of the forms. What a user may do comes from the actions (``allowed_actions``)
and ``h.check_access``, never from here.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import web
from ckanext.pekalongan.suara import states, vocabulary
from ckanext.pekalongan.text import N_

__all__ = [
    "pekalongan_suara_label",
    "pekalongan_suara_choices",
    "pekalongan_suara_topics",
    "pekalongan_suara_topic_label",
    "pekalongan_suara_kecamatan",
    "pekalongan_suara_kecamatan_name",
    "pekalongan_suara_opds",
    "pekalongan_suara_org_title",
    "pekalongan_suara_assignment_choices",
    "pekalongan_suara_years",
    "pekalongan_suara_days",
    "pekalongan_suara_is_officer",
    "pekalongan_suara_stars",
]


PRIVACY_HINTS = {
    vocabulary.PUBLIC: N_("Nama dan kontak Anda hanya dilihat oleh pengelola dan OPD yang "
                          "menangani laporan. Isi laporan yang sudah disunting tampil di papan "
                          "publik tanpa identitas Anda."),
    vocabulary.ANONIM: N_("Nama dan kontak Anda hanya dilihat oleh pengelola, tidak oleh OPD "
                          "dan tidak oleh publik. Isi laporan tampil di papan publik tanpa "
                          "identitas Anda."),
    vocabulary.RAHASIA: N_("Laporan Anda tidak tampil di papan publik sama sekali. Hanya "
                           "pengelola dan OPD yang menangani yang dapat membacanya."),
}
KIND_HINTS = {
    vocabulary.ASPIRASI: N_("Usul atau saran untuk kebijakan dan pembangunan."),
    vocabulary.PENGADUAN: N_("Keluhan atas pelayanan publik atau masalah yang perlu "
                             "ditindaklanjuti."),
    vocabulary.PERMINTAAN_INFORMASI: N_("Meminta salinan atau keterangan informasi publik: "
                                        "diajukan lewat formulir PPID."),
}
ROLE_LABELS = {
    "reporter": N_("Pelapor"),
    "pengelola": N_("Pengelola"),
    "opd": N_("OPD"),
    "officer": N_("Petugas"),
    "system": N_("Sistem"),
}
OVERDUE_LABELS = {"true": N_("Terlambat saja"), "false": N_("Belum terlambat")}

VOCABULARIES: dict[str, Any] = {
    "kind": vocabulary.KIND_LABELS,
    "channel": vocabulary.CHANNEL_LABELS,
    "privacy": vocabulary.PRIVACY_LABELS,
    "privacy_hint": PRIVACY_HINTS,
    "kind_hint": KIND_HINTS,
    "complexity": vocabulary.COMPLEXITY_LABELS,
    "reject_reason": vocabulary.REJECT_REASON_LABELS,
    "response_kind": vocabulary.RESPONSE_KIND_LABELS,
    "respond_kind": {k: vocabulary.RESPONSE_KIND_LABELS[k] for k in vocabulary.RESPOND_KINDS},
    "status": states.STATUS_LABELS,
    "public_status": {s: states.STATUS_LABELS[s] for s in states.PUBLIC_STATES},
    "event": {str(k): v for k, v in states.EVENT_LABELS.items()},
    "role": ROLE_LABELS,
    "overdue": OVERDUE_LABELS,
}


def pekalongan_suara_label(vocabulary_name: str, code: Any) -> str:
    """The translated label of ``code`` (the code itself if unknown)."""
    if code is None or code == "":
        return ""
    label = VOCABULARIES.get(vocabulary_name, {}).get(str(code))
    return tk._(label) if label else str(code)


def pekalongan_suara_choices(vocabulary_name: str) -> list[dict[str, str]]:
    """``[{"value", "text"}]`` of a vocabulary, translated, in its order."""
    return [{"value": code, "text": tk._(label)}
            for code, label in VOCABULARIES[vocabulary_name].items()]


def _lang() -> str:
    try:
        return tk.h.lang() or "id"
    except (RuntimeError, AttributeError):
        return tk.config.get("ckan.locale_default") or "id"


def pekalongan_suara_topics() -> list[dict[str, str]]:
    """The portal's topics as choices, in the reader's language."""
    lang = _lang()
    return [{"value": t.code, "text": vocabulary.topic_label(t.code, lang) or t.code}
            for t in vocabulary.topics()]


def pekalongan_suara_topic_label(code: str | None) -> str:
    if not code:
        return ""
    return vocabulary.topic_label(code, _lang()) or code


def pekalongan_suara_kecamatan() -> list[dict[str, str]]:
    """The 19 kecamatan as choices (value: Kemendagri code), by name."""
    return sorted(({"value": k.code, "text": k.name} for k in vocabulary.kecamatan()),
                  key=lambda c: c["text"])


def pekalongan_suara_kecamatan_name(code: str | None) -> str:
    if not code:
        return ""
    return vocabulary.kecamatan_names().get(code, code)


def pekalongan_suara_opds() -> list[dict[str, str]]:
    """OPDs a report can be routed to / filtered by: ``[{"value": name, "text": title}]``
    (read once per web request: casework.web.active_organizations)."""
    return [{"value": name, "text": title} for _gid, name, title in web.active_organizations()]


def pekalongan_suara_org_title(org: Any) -> str:
    """Title of an organization given as a dict, a name or an id."""
    if not org:
        return ""
    if isinstance(org, dict):
        return org.get("title") or org.get("name") or ""
    for option in pekalongan_suara_opds():
        if org == option["value"]:
            return option["text"]
    return str(org)


def pekalongan_suara_assignment_choices(report: dict) -> list[dict[str, str]]:
    """The OPDs a report is routed to, as choices (value: organization name)."""
    out = []
    for a in report.get("assignments") or ():
        org = a.get("organization") or {}
        if isinstance(org, dict) and org.get("name"):
            out.append({"value": org["name"], "text": org.get("title") or org["name"]})
    return out


def pekalongan_suara_years(first: int = 2026) -> list[dict[str, str]]:
    """Years of the filters as choices, newest first."""
    this_year = dt.date.today().year
    years = range(max(this_year, first), min(first, this_year) - 1, -1)
    return [{"value": str(y), "text": str(y)} for y in years]


def pekalongan_suara_days() -> dict[str, int]:
    """The clocks in working days, from config: ``verify``, ``sederhana``,
    ``tanpa_lapangan``, ``lapangan``, ``reopen``."""
    out = {}
    for name, default in (("verify", 3), ("sederhana", 5), ("tanpa_lapangan", 14),
                          ("lapangan", 60)):
        out[name] = int(tk.config.get(f"ckanext.pekalongan.suara.days.{name}") or default)
    out["reopen"] = int(tk.config.get("ckanext.pekalongan.suara.reopen_days") or 10)
    return out


def pekalongan_suara_is_officer() -> bool:
    """Whether the current user may open the officer queue."""
    try:
        return bool(tk.h.check_access("suara_report_list", {"scope": "queue"}))
    except (KeyError, ValueError, tk.ObjectNotFound):  # the auth function is not there
        return False


def pekalongan_suara_stars(rating: Any) -> str:
    """"★★★☆☆" for 3 (the label next to it carries the number for screen readers)."""
    try:
        n = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)


# Common Indonesian words that say nothing about what a report is about.
STOPWORDS = frozenset("""
    yang dengan untuk tidak sudah dari pada akan atau juga saya kami kita mereka karena
    sejak sampai masih belum bisa dapat harus sangat lebih agar supaya tolong mohon ingin
    dalam oleh para bapak warga sekitar depan rumah tersebut setiap sering hari bulan tahun
""".split())
KEYWORDS = 3


def keywords(text: str) -> list[str]:
    """The longest few distinct words of ``text`` (4 letters or more, no stop words)."""
    words = []
    for raw in text.lower().split():
        word = "".join(ch for ch in raw if ch.isalnum())
        if len(word) >= 4 and word not in STOPWORDS and word not in words:
            words.append(word)
    return sorted(words, key=len, reverse=True)[:KEYWORDS]


def get_helpers() -> dict[str, Any]:
    return {name: globals()[name] for name in __all__}

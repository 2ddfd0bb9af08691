"""Template helpers of the PPID web UI (names carry the ``pekalongan_ppid_`` prefix).

Presentation only: labels of the codes the actions return, the statutory day
counts (from config, never literals), dates in the reader's language, the OPD
choices. No business rules: what a user may do comes from ``h.check_access``
and the actions.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import web, workdays
from ckanext.pekalongan.ppid import vocabulary
from ckanext.pekalongan.ppid.register_helpers import (  # noqa: F401 - listed in __all__
    pekalongan_ppid_dik_choices,
    pekalongan_ppid_register_choices,
    pekalongan_ppid_register_label,
)

__all__ = [
    "pekalongan_ppid_days",
    "pekalongan_ppid_label",
    "pekalongan_ppid_choices",
    "pekalongan_ppid_date",
    "pekalongan_ppid_datetime",
    "pekalongan_ppid_notice",
    "pekalongan_ppid_opds",
    "pekalongan_ppid_opd_title",
    "pekalongan_ppid_rupiah",
    "pekalongan_ppid_urgency",
    "pekalongan_ppid_is_officer",
    "pekalongan_ppid_register_label",  # DIP and DIK (register_helpers.py)
    "pekalongan_ppid_register_choices",
    "pekalongan_ppid_dik_choices",
    "pekalongan_ppid_deflection_sentence",
]



VOCABULARIES: dict[str, Any] = {
    "status": vocabulary.STATUS_LABELS,
    "objection_status": vocabulary.OBJECTION_STATUS_LABELS,
    "event": vocabulary.EVENT_LABELS,
    "actor": vocabulary.ACTOR_LABELS,
    "urgency": vocabulary.URGENCY_LABELS,
    "holiday_kind": vocabulary.HOLIDAY_KIND_LABELS,
    "document_kind": vocabulary.DOCUMENT_KIND_LABELS,
    "channel": vocabulary.CHANNEL_LABELS,
    "how_to_obtain": vocabulary.HOW_TO_OBTAIN_LABELS,
    "how_to_receive": vocabulary.HOW_TO_RECEIVE_LABELS,
    "requester_type": vocabulary.REQUESTER_TYPE_LABELS,
    "decision": vocabulary.DECISION_LABELS,
    "pasal17": vocabulary.PASAL_17_LABELS,
    "pasal35": vocabulary.PASAL_35_1_LABELS,
    "outcome": vocabulary.OBJECTION_OUTCOME_LABELS,
    "reason": workdays.REASON_LABELS,
    "notice_kind": vocabulary.NOTICE_KIND_LABELS,
    "notice_channel": vocabulary.NOTICE_CHANNEL_LABELS,
}

DAY_COUNTS = ("notice", "extension", "objection_window", "objection_answer", "dispute")


def pekalongan_ppid_days() -> dict[str, int]:
    """The statutory day counts in working days, from config:
    ``notice``, ``extension``, ``objection_window``, ``objection_answer``, ``dispute``."""
    return {
        name: int(tk.config.get(f"ckanext.pekalongan.ppid.{name}_days")) for name in DAY_COUNTS
    }


def pekalongan_ppid_label(vocabulary: str, code: Any) -> str:
    """The translated label of ``code`` in ``vocabulary`` (the code itself if unknown)."""
    if code is None or code == "":
        return ""
    label = VOCABULARIES.get(vocabulary, {}).get(code)
    return tk._(label) if label else str(code)


def pekalongan_ppid_choices(vocabulary: str) -> list[dict[str, str]]:
    """``[{"value", "text"}]`` of a vocabulary, translated, in its defined order."""
    labels = VOCABULARIES[vocabulary]
    return [{"value": code, "text": tk._(label)} for code, label in labels.items()]


def _locale() -> str:
    try:
        return tk.h.lang() or tk.config.get("ckan.locale_default") or "id"
    except (RuntimeError, AttributeError):
        return tk.config.get("ckan.locale_default") or "id"


def pekalongan_ppid_date(value: Any, fmt: str = "full") -> str:
    """A date in the reader's language: ``full`` = "Selasa, 31 Maret 2026",
    ``long`` = "31 Maret 2026", ``medium``, ``short``; ``-`` for none."""
    if value in (None, ""):
        return "-"
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value).date()
                if "T" in value
                else dt.date.fromisoformat(value)
            )
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    from babel.dates import format_date

    try:
        return format_date(value, format=fmt, locale=_locale())
    except Exception:  # unknown locale: ISO is still unambiguous
        return value.isoformat()


def pekalongan_ppid_datetime(value: Any) -> str:
    """An ISO timestamp as local time (``ckanext.pekalongan.ppid.timezone``),
    e.g. "16 Mar 2026 10.00"."""
    if not value:
        return "-"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    zone = ZoneInfo(tk.config.get("ckanext.pekalongan.ppid.timezone") or workdays.JAKARTA)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    try:
        return format_datetime(value, format="medium", tzinfo=zone, locale=_locale())
    except Exception:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def pekalongan_ppid_opds() -> list[dict[str, str]]:
    """The OPDs a request can be addressed or routed to, ``[{"value": id,
    "text": title}]`` sorted by title: every active organization except the
    Atasan PPID's (read once per web request: casework.web.active_organizations)."""
    atasan = tk.config.get("ckanext.pekalongan.ppid.atasan_organization")
    return [{"value": gid, "text": title}
            for gid, name, title in web.active_organizations() if name != atasan]


def pekalongan_ppid_opd_title(org: Any, opds: list[dict[str, str]] | None = None) -> str:
    """Title of an OPD given its dict (``{"id", "title"}``) or its id."""
    if not org:
        return ""
    if isinstance(org, dict):
        return org.get("title") or org.get("name") or org.get("id") or ""
    for option in opds or ():
        if option["value"] == org:
            return option["text"]
    return str(org)


def pekalongan_ppid_rupiah(amount: Any) -> str:
    """``Rp 15.000`` (``Rp 0`` for none)."""
    try:
        value = Decimal(str(amount or 0))
    except ArithmeticError:
        return str(amount)
    from babel.numbers import format_decimal

    text = format_decimal(value, format="#,##0.##", locale=_locale())
    return f"Rp {text}"


def pekalongan_ppid_urgency(urgency: str | None) -> dict[str, str]:
    """CSS class and text label of an urgency (never colour alone)."""
    if not urgency:
        return {"css": "pkl-urgency-none", "label": ""}
    return {
        "css": "pkl-urgency-" + urgency.replace("_", "-"),
        "label": pekalongan_ppid_label("urgency", urgency),
    }


def pekalongan_ppid_is_officer() -> bool:
    """Whether the current user holds any PPID role (may open the queue)."""
    return bool(tk.h.check_access("ppid_request_list"))


# --- the written notice (pemberitahuan tertulis) --------------------------------------------


def pekalongan_ppid_notice(req: dict) -> dict[str, Any]:
    """The written notice of a decided request (``notice.build``): one structure the HTML
    page and the PDF both render."""
    from ckanext.pekalongan.ppid import notice

    return notice.build(req)


def pekalongan_ppid_deflection_sentence(figures: dict | None) -> str:
    """The annual report's "Sudah tersedia?" figure in one sentence (page, PDF and DOCX)."""
    if not figures:
        return tk._("Not available yet.")
    return tk._(
        "%(sessions)s visits to the request form opened a suggested DIP entry or dataset "
        "(%(opens)s openings); %(deflected)s of them did not file a request afterwards and "
        "%(filed)s filed anyway."
    ) % {"sessions": figures.get("opened_sessions", 0), "opens": figures.get("opens", 0),
         "deflected": figures.get("deflected", 0),
         "filed": figures.get("filed_after_opening", 0)}

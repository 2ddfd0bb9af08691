"""The rules of the two standing registers of the PPID (issue #15 items 1, 2 and 5), pure:
no CKAN, no database, no config (the caller passes "today" and the settings).

* **DIP** (Daftar Informasi Publik, UU 14/2008 Pasal 7(3)-(4), Perki 1/2021): per OPD, the
  Komisi Informasi's columns (number, summary of content, official or unit holding it,
  person responsible, time and place of making, format, retention period) and the category
  of Pasal 9-11: *berkala* (periodic: published at least every six months, Pasal 9(4)),
  *serta merta* (immediately, Pasal 10), *setiap saat* (available at any time, Pasal 11).
* **DIK** (register of exempted information): the Pasal 17 ground(s), the consequence of
  opening it and the weighing of the public interest (the consequence test of Pasal 19 and
  Pasal 2(4)), the period of exemption (Pasal 20), who decided and when.

An entry may be kept as a draft with columns missing; it cannot be published without every
required column (:func:`dip_publish_errors`, :func:`dik_publish_errors`).
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ckanext.pekalongan.ppid.states import PASAL_17_GROUNDS
from ckanext.pekalongan.text import N_

Errors = dict[str, list[str]]

DRAFT = "draft"
PUBLISHED = "published"
DELETED = "deleted"
STATUSES = (DRAFT, PUBLISHED, DELETED)
EDITABLE_STATUSES = (DRAFT, PUBLISHED)

BERKALA = "berkala"
SERTA_MERTA = "serta_merta"
SETIAP_SAAT = "setiap_saat"
CATEGORIES = (BERKALA, SERTA_MERTA, SETIAP_SAAT)
CATEGORY_LABELS: Mapping[str, str] = {
    BERKALA: N_("Berkala"),
    SERTA_MERTA: N_("Serta merta"),
    SETIAP_SAAT: N_("Setiap saat"),
}
FORMATS = ("softcopy", "hardcopy")
FORMAT_LABELS: Mapping[str, str] = {"softcopy": N_("Softcopy"), "hardcopy": N_("Hardcopy")}
LINK_DATASET = "dataset"
LINK_RESOURCE = "resource"
LINK_DOCUMENT = "document"
LINK_TYPES = (LINK_DATASET, LINK_RESOURCE, LINK_DOCUMENT)
STATUS_LABELS: Mapping[str, str] = {
    DRAFT: N_("Draft"), PUBLISHED: N_("Published"), DELETED: N_("Deleted"),
}

# the columns without which an entry cannot be published, in the order of the KI format
DIP_REQUIRED = ("summary", "category", "holder", "responsible", "made_on", "made_place",
                "formats", "retention")
DIK_REQUIRED = ("summary", "grounds", "consequence", "public_interest", "exempt_until",
                "decided_by_name", "decided_by_position", "decided_on")
# a consequence test is reasoning, not a word: at least this many characters each
MIN_REASONING = 30
# berkala information is updated at least every six months (Pasal 9(4))
BERKALA_MONTHS = 6

REQUIRED_TO_PUBLISH = N_("Fill in this column before publishing the entry.")
MADE_IN_FUTURE = N_("The time of making cannot be in the future.")
TOO_SHORT = N_("Explain this in at least 30 characters.")  # MIN_REASONING
UNTIL_BEFORE_DECISION = N_("The exemption must end after the day it was decided.")
DECIDED_IN_FUTURE = N_("The decision date cannot be in the future.")
UNKNOWN_GROUND = N_("Unknown ground.")
LINK_MISSING = N_("Choose the dataset, resource or document this link points to.")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return not value
    return not str(value).strip()


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def missing_columns(entry: Mapping[str, Any], required: Iterable[str]) -> list[str]:
    return [key for key in required if _blank(entry.get(key))]


def dip_errors(entry: Mapping[str, Any], today: dt.date) -> Errors:
    """Errors of a DIP entry in any state (draft or published)."""
    errors: Errors = {}
    made = entry.get("made_on")
    if isinstance(made, dt.date) and made > today:
        _add(errors, "made_on", MADE_IN_FUTURE)
    link = entry.get("link_type")
    if link == LINK_DATASET and _blank(entry.get("dataset_id")):
        _add(errors, "dataset", LINK_MISSING)
    if link == LINK_RESOURCE and _blank(entry.get("resource_id")):
        _add(errors, "resource", LINK_MISSING)
    if link == LINK_DOCUMENT and _blank(entry.get("document_path")):
        _add(errors, "document", LINK_MISSING)
    return errors


def dip_publish_errors(entry: Mapping[str, Any], today: dt.date) -> Errors:
    """Everything that keeps a DIP entry from being published; ``{}`` when it may be."""
    errors = dip_errors(entry, today)
    for key in missing_columns(entry, DIP_REQUIRED):
        _add(errors, key, REQUIRED_TO_PUBLISH)
    return errors


def dik_errors(entry: Mapping[str, Any], today: dt.date) -> Errors:
    """Errors of a DIK entry in any state: known grounds, dates in order."""
    errors: Errors = {}
    grounds = list(entry.get("grounds") or ())
    if any(g not in PASAL_17_GROUNDS for g in grounds):
        _add(errors, "grounds", UNKNOWN_GROUND)
    decided, until = entry.get("decided_on"), entry.get("exempt_until")
    if isinstance(decided, dt.date) and decided > today:
        _add(errors, "decided_on", DECIDED_IN_FUTURE)
    if isinstance(decided, dt.date) and isinstance(until, dt.date) and until <= decided:
        _add(errors, "exempt_until", UNTIL_BEFORE_DECISION)
    return errors


def dik_publish_errors(entry: Mapping[str, Any], today: dt.date) -> Errors:
    """Everything that keeps a DIK entry (its consequence test) from being published: every
    column, and reasoning of at least :data:`MIN_REASONING` characters for the consequence
    and the public-interest weighing."""
    errors = dik_errors(entry, today)
    missing = missing_columns(entry, DIK_REQUIRED)
    for key in missing:
        _add(errors, key, REQUIRED_TO_PUBLISH)
    for key in ("consequence", "public_interest"):
        if key not in missing and len(str(entry.get(key)).strip()) < MIN_REASONING:
            _add(errors, key, TOO_SHORT)
    return errors


# --- time ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def berkala_due(made_on: dt.date, months: int = BERKALA_MONTHS) -> dt.date:
    """The last day a berkala item made on ``made_on`` is current."""
    return add_months(made_on, months)


def is_stale(category: str | None, made_on: dt.date | None, today: dt.date,
             months: int = BERKALA_MONTHS) -> bool:
    """A berkala item whose current version is older than ``months`` months."""
    if category != BERKALA or made_on is None:
        return False
    return today > berkala_due(made_on, months)


EXEMPTION_ACTIVE = "active"
EXEMPTION_ENDING = "ending"
EXEMPTION_ENDED = "ended"
EXEMPTION_LABELS: Mapping[str, str] = {
    EXEMPTION_ACTIVE: N_("Exempt"),
    EXEMPTION_ENDING: N_("Exemption ends soon"),
    EXEMPTION_ENDED: N_("Exemption period ended"),
}


def exemption_state(exempt_until: dt.date | None, today: dt.date, notice_days: int) -> str | None:
    """``ended`` after the last day of the exemption, ``ending`` within ``notice_days``
    calendar days before it, else ``active`` (None without an end date)."""
    if exempt_until is None:
        return None
    if today > exempt_until:
        return EXEMPTION_ENDED
    if (exempt_until - today).days <= notice_days:
        return EXEMPTION_ENDING
    return EXEMPTION_ACTIVE


CITE_NOT_PUBLISHED = N_("This DIK entry is not published: publish its consequence test first.")
CITE_ENDED = N_("The exemption period of this DIK entry ended on %(date)s.")
CITE_OTHER_OPD = N_("This DIK entry belongs to another OPD than the one handling the request.")
CITE_GROUND_NOT_IN_ENTRY = N_("Cite only the Pasal 17 grounds of the DIK entry (%(grounds)s).")


def citation_errors(status: str, exempt_until: dt.date | None, today: dt.date) -> list[tuple]:
    """Why a refusal may not rest on a DIK entry: ``[(message, params)]``."""
    if status != PUBLISHED:
        return [(CITE_NOT_PUBLISHED, {})]
    if exempt_until is not None and today > exempt_until:
        return [(CITE_ENDED, {"date": exempt_until.isoformat()})]
    return []


# --- "Sudah tersedia?" ----------------------------------------------------------------------

STOPWORDS = frozenset("""
    yang dan di ke dari untuk pada dengan atau dalam oleh saya kami kita mohon minta meminta
    tentang terkait mengenai adalah ini itu juga bisa dapat akan tahun informasi data daftar
    the and of for with about please kabupaten pekalongan tolong ingin mau
""".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def search_words(text: Any, max_words: int = 8) -> list[str]:
    """The words worth searching for in what a citizen typed: letters and digits only (no
    query syntax survives), lower case, at least 3 characters (or a 4-digit year), no
    stop words, each once, at most ``max_words``."""
    if not isinstance(text, str):
        return []
    out: list[str] = []
    for word in _WORD.findall(text[:2000].lower()):
        if word in STOPWORDS or word in out:
            continue
        if len(word) >= 3 and not (word.isdigit() and len(word) != 4):
            out.append(word)
        if len(out) >= max_words:
            break
    return out


def match_score(words: list[str], *texts: Any) -> int:
    """How many of ``words`` occur in ``texts`` (case-insensitive)."""
    haystack = " ".join(str(t or "") for t in texts).lower()
    return sum(1 for w in words if w in haystack)


OPENED_SESSIONS = "opened_sessions"  # a browser session opened at least one suggestion
OPENS = "opens"  # every suggestion opened
FILED_AFTER_OPENING = "filed_after_opening"  # ...and that session filed a request anyway
METRICS = (OPENED_SESSIONS, OPENS, FILED_AFTER_OPENING)


def deflection(counts: Mapping[str, int]) -> dict[str, int]:
    """The deflection figure of the annual report from the counters: sessions that opened
    a suggestion and did not file a request afterwards."""
    opened = int(counts.get(OPENED_SESSIONS, 0))
    filed = min(int(counts.get(FILED_AFTER_OPENING, 0)), opened)
    return {
        "opened_sessions": opened,
        "opens": int(counts.get(OPENS, 0)),
        "filed_after_opening": filed,
        "deflected": opened - filed,
    }

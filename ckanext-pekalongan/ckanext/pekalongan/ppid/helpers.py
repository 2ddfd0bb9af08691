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

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid import states

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
]

N_ = states.N_

# Labels the UI needs beyond the vocabularies of ``states.py`` (English msgids).
STATUS_LABELS = {
    states.RECEIVED: N_("Received"),
    states.ROUTED: N_("Forwarded to the OPD"),
    states.EXTENDED: N_("Deadline extended"),
    states.DECIDED: N_("Answered (written notice given)"),
    states.WITHDRAWN: N_("Withdrawn"),
}
OBJECTION_STATUS_LABELS = {
    states.FILED: N_("Filed, awaiting the Atasan PPID"),
    states.OBJECTION_DECIDED: N_("Answered by the Atasan PPID"),
}
EVENT_LABELS = {
    "create": N_("Request registered"),
    "route": N_("Forwarded to an OPD"),
    "extend": N_("Deadline extended"),
    "receipt_correct": N_("Receipt date corrected"),
    "decide": N_("Written notice given"),
    "withdraw": N_("Request withdrawn"),
    "document_attach": N_("Document attached"),
    "ground_arisen": N_("A ground for objection arose"),
    "objection_create": N_("Objection filed"),
    "objection_decide": N_("Objection answered"),
}
ACTOR_LABELS = {
    "requester": N_("Requester"),
    "system": N_("System"),
    "officer": N_("PPID officer"),
}
URGENCY_LABELS = {
    workdays.URGENCY_ON_TIME: N_("On time"),
    workdays.URGENCY_DUE_SOON: N_("Due soon"),
    workdays.URGENCY_OVERDUE: N_("Overdue"),
}
HOLIDAY_KIND_LABELS = {
    workdays.KIND_NATIONAL: N_("National holiday"),
    workdays.KIND_CUTI_BERSAMA: N_("Cuti bersama (collective leave)"),
}
DOCUMENT_KIND_LABELS = {
    "response": N_("Response document"),
    "power_of_attorney": N_("Power of attorney"),
}

VOCABULARIES: dict[str, Any] = {
    "status": STATUS_LABELS,
    "objection_status": OBJECTION_STATUS_LABELS,
    "event": EVENT_LABELS,
    "actor": ACTOR_LABELS,
    "urgency": URGENCY_LABELS,
    "holiday_kind": HOLIDAY_KIND_LABELS,
    "document_kind": DOCUMENT_KIND_LABELS,
    "channel": states.CHANNEL_LABELS,
    "how_to_obtain": states.HOW_TO_OBTAIN_LABELS,
    "how_to_receive": states.HOW_TO_RECEIVE_LABELS,
    "requester_type": states.REQUESTER_TYPE_LABELS,
    "decision": states.DECISION_LABELS,
    "pasal17": states.PASAL_17_LABELS,
    "pasal35": states.PASAL_35_1_LABELS,
    "outcome": states.OBJECTION_OUTCOME_LABELS,
    "reason": workdays.REASON_LABELS,
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
    Atasan PPID's."""
    atasan = tk.config.get("ckanext.pekalongan.ppid.atasan_organization")
    action = tk.get_action("organization_list")
    limit = int(tk.config.get("ckan.group_and_organization_list_all_fields_max") or 25)
    orgs: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = action(
            {}, {"all_fields": True, "limit": limit, "offset": offset, "sort": "title asc"}
        )
        orgs.extend(page)
        if len(page) < limit:
            break
        offset += limit
    return [
        {"value": o["id"], "text": o.get("title") or o["name"]}
        for o in orgs
        if o["name"] != atasan
    ]


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

NOTICE_HEADINGS = {
    "a": N_("Whether the information is held by this public body"),
    "b": N_("The public body that holds the information"),
    "c": N_("Acceptance or refusal of the request, with the reasons"),
    "d": N_("The information that is given"),
    "e": N_("Blacked-out (exempted) material and the reasons"),
    "f": N_("Means of delivery and format"),
    "g": N_("Cost and how to pay"),
}


def _handling_body(req: dict) -> str:
    org = req.get("routed_org") or req.get("target_org")
    if org:
        return pekalongan_ppid_opd_title(org)
    return tk._("the Government of Kabupaten Pekalongan")


def pekalongan_ppid_notice(req: dict) -> dict[str, Any]:
    """The written notice of a decided request, element by element (UU 14/2008
    Pasal 22(7) a-g) plus the objection right, as translated text. The HTML page
    and the PDF both render this one structure, so they always say the same.

    ``req`` is the output of ``ppid_request_show`` (officer or requester)."""
    decision = req.get("decision")
    withholding = decision in states.WITHHOLDING_DECISIONS
    body = _handling_body(req)
    elements: dict[str, dict[str, list[str]]] = {k: {"paragraphs": [], "items": []} for k in
                                                 NOTICE_HEADINGS}

    def say(key: str, text: str) -> None:
        elements[key]["paragraphs"].append(text)

    # a, b: held or not, and who holds it
    if decision == states.NOT_HELD:
        say("a", tk._("No. The information requested is not held by %(body)s.") % {"body": body})
        if req.get("holding_body"):
            say("b", tk._("The information is held by: %(holder)s. You may address your "
                          "request to that public body.") % {"holder": req["holding_body"]})
        else:
            say("b", tk._("We do not know which public body holds the information."))
    else:
        say("a", tk._("Yes. The information requested is held by %(body)s.") % {"body": body})
        say("b", tk._("Not applicable: the information is held by the public body that "
                      "received the request."))

    # c: accepted or refused, with the Pasal 17 ground and the consequence test
    say("c", tk._("Decision: %(decision)s.") % {
        "decision": pekalongan_ppid_label("decision", decision)})
    if withholding:
        say("c", tk._("Grounds of exemption (UU 14/2008 Pasal 17):"))
        for code in req.get("exemption_grounds") or ():
            elements["c"]["items"].append(
                tk._("Pasal 17 letter %(letter)s: %(label)s")
                % {"letter": code[-1:], "label": pekalongan_ppid_label("pasal17", code)}
            )
        say("c", tk._("Consequence test (uji konsekuensi, UU 14/2008 Pasal 19): %(ref)s")
            % {"ref": req.get("consequence_test_ref") or "-"})
    elif decision == states.GRANTED:
        say("c", tk._("The request is accepted in full."))
    else:
        say("c", tk._("The request cannot be fulfilled because the information is not held "
                      "(see a and b)."))

    # d: what is given
    if req.get("info_given"):
        say("d", req["info_given"])
    else:
        say("d", tk._("No information is given."))

    # e: blacked-out material and why
    if req.get("blacked_out"):
        say("e", tk._("Blacked-out material: %(what)s") % {"what": req["blacked_out"]})
        say("e", tk._("Reason: %(why)s") % {"why": req.get("blackout_reason") or "-"})
    else:
        say("e", tk._("No material is blacked out."))

    # f: format and medium
    say("f", tk._("Format: %(format)s") % {"format": req.get("format") or "-"})
    say("f", tk._("Medium (means of delivery): %(medium)s") % {"medium": req.get("medium") or "-"})
    obtain = ", ".join(pekalongan_ppid_label("how_to_obtain", c)
                       for c in req.get("how_to_obtain") or ())
    say("f", tk._("As requested: %(obtain)s; delivery: %(receive)s.") % {
        "obtain": obtain or "-",
        "receive": pekalongan_ppid_label("how_to_receive", req.get("how_to_receive")) or "-",
    })

    # g: cost and how to pay
    cost = req.get("cost") or 0
    if cost:
        say("g", tk._("Cost: %(cost)s") % {"cost": pekalongan_ppid_rupiah(cost)})
        say("g", tk._("How to pay: %(how)s") % {"how": req.get("payment_method") or "-"})
    else:
        say("g", tk._("Free of charge: no cost is charged (Rp 0)."))

    days = pekalongan_ppid_days()
    objection = [
        tk._("If you do not accept this notice, you may file an objection (keberatan) with the "
             "Atasan PPID within %(days)s working days (UU 14/2008 Pasal 35 and 36), online at "
             "%(url)s or in writing.") % {
            "days": days["objection_window"],
            "url": tk.h.url_for("ppid.objection_new", ticket=req.get("ticket"), _external=True),
        },
        tk._("The Atasan PPID answers within %(answer)s working days. If you do not accept the "
             "answer, or receive none, you may bring a dispute to the Komisi Informasi "
             "Provinsi Jawa Tengah within %(dispute)s working days (Pasal 37).") % {
            "answer": days["objection_answer"], "dispute": days["dispute"]},
    ]
    windows = (req.get("deadline") or {}).get("objection_windows") or {}
    open_windows = [
        tk._("Ground %(ground)s: until %(date)s.") % {
            "ground": pekalongan_ppid_label("pasal35", code),
            "date": pekalongan_ppid_date(window.get("until")),
        }
        for code, window in sorted(windows.items())
    ]
    return {
        "ticket": req.get("ticket"),
        "title": tk._("Written notice"),
        "subtitle": tk._("Response to a request for public information (UU 14/2008 Pasal 22(7))"),
        "date": pekalongan_ppid_date(req.get("decided_on"), "long"),
        "facts": [
            (tk._("Number"), req.get("ticket") or "-"),
            (tk._("Date"), pekalongan_ppid_date(req.get("decided_on"), "long")),
            (tk._("To"), req.get("name") or "-"),
            (tk._("Address"), req.get("address") or "-"),
            (tk._("Request received"), pekalongan_ppid_date(req.get("received_at"), "long")),
            (tk._("Information requested"), req.get("information") or "-"),
            (tk._("Purpose"), req.get("purpose") or "-"),
        ],
        "elements": [
            {"key": key, "heading": tk._(heading), **elements[key]}
            for key, heading in NOTICE_HEADINGS.items()
        ],
        "notes": req.get("notes") or "",
        "objection_heading": tk._("Your right to object"),
        "objection": objection,
        "open_windows": open_windows,
        "signature": tk._("PPID Kabupaten Pekalongan"),
    }

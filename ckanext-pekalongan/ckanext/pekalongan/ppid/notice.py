"""The written notice (pemberitahuan tertulis) of a decided request, element by element
(UU 14/2008 Pasal 22(7) a-g) plus the requester's right to object, as translated text. The
HTML page and the PDF (``notice_pdf.py``) both render the one structure :func:`build`
returns, so they always say the same. ``req`` is the output of ``ppid_request_show``."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import states, vocabulary
from ckanext.pekalongan.ppid.helpers import (
    pekalongan_ppid_date,
    pekalongan_ppid_days,
    pekalongan_ppid_label,
    pekalongan_ppid_opd_title,
    pekalongan_ppid_rupiah,
)


def _held(req: dict, say, body: str) -> None:
    """Elements a and b: held or not, and who holds it."""
    decision = req.get("decision")
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


def _decision(req: dict, say) -> None:
    """Element c: accepted or refused, with the Pasal 17 ground and the consequence test."""
    decision = req.get("decision")
    say("c", tk._("Decision: %(decision)s.") % {
        "decision": pekalongan_ppid_label("decision", decision)})
    if decision in states.WITHHOLDING_DECISIONS:
        say("c", tk._("Grounds of exemption (UU 14/2008 Pasal 17):"))
        for code in req.get("exemption_grounds") or ():
            say("c", tk._("Pasal 17 letter %(letter)s: %(label)s")
                % {"letter": code[-1:], "label": pekalongan_ppid_label("pasal17", code)}, item=True)
        say("c", tk._("Consequence test (uji konsekuensi, UU 14/2008 Pasal 19): %(ref)s")
            % {"ref": req.get("consequence_test_ref") or "-"})
    elif decision == states.GRANTED:
        say("c", tk._("The request is accepted in full."))
    else:
        say("c", tk._("The request cannot be fulfilled because the information is not held "
                      "(see a and b)."))


def _given(req: dict, say) -> None:
    """Element d: what is given."""
    if req.get("info_given"):
        say("d", req["info_given"])
    else:
        say("d", tk._("No information is given."))


def _blacked_out(req: dict, say) -> None:
    """Element e: blacked-out material and why."""
    if req.get("blacked_out"):
        say("e", tk._("Blacked-out material: %(what)s") % {"what": req["blacked_out"]})
        say("e", tk._("Reason: %(why)s") % {"why": req.get("blackout_reason") or "-"})
    else:
        say("e", tk._("No material is blacked out."))


def _delivery(req: dict, say) -> None:
    """Element f: format and medium."""
    say("f", tk._("Format: %(format)s") % {"format": req.get("format") or "-"})
    say("f", tk._("Medium (means of delivery): %(medium)s") % {"medium": req.get("medium") or "-"})
    obtain = ", ".join(pekalongan_ppid_label("how_to_obtain", c)
                       for c in req.get("how_to_obtain") or ())
    say("f", tk._("As requested: %(obtain)s; delivery: %(receive)s.") % {
        "obtain": obtain or "-",
        "receive": pekalongan_ppid_label("how_to_receive", req.get("how_to_receive")) or "-",
    })


def _cost(req: dict, say) -> None:
    """Element g: cost and how to pay."""
    cost = req.get("cost") or 0
    if cost:
        say("g", tk._("Cost: %(cost)s") % {"cost": pekalongan_ppid_rupiah(cost)})
        say("g", tk._("How to pay: %(how)s") % {"how": req.get("payment_method") or "-"})
    else:
        say("g", tk._("Free of charge: no cost is charged (Rp 0)."))


def letterhead() -> dict[str, str]:
    """The letterhead of the notice and the receipt, from config: the government, the
    PPID's office and its address."""
    get = tk.config.get
    return {
        "government": get("ckanext.pekalongan.ppid.letterhead_government") or "",
        "office": get("ckanext.pekalongan.ppid.office_name") or "",
        "address": get("ckanext.pekalongan.ppid.office_address") or "",
    }


def signature_block(date: str) -> dict[str, str]:
    """Place and date, the position, the name (empty: a line to sign and write it by hand)
    and the NIP of the PPID official who signs, from config."""
    get = tk.config.get
    place = get("ckanext.pekalongan.ppid.signing_place") or ""
    return {
        "place_date": f"{place}, {date}" if place else date,
        "position": get("ckanext.pekalongan.ppid.signatory_position") or "",
        "name": get("ckanext.pekalongan.ppid.signatory_name") or "",
        "nip": get("ckanext.pekalongan.ppid.signatory_nip") or "",
        "nip_label": tk._("NIP"),
    }


def _handling_body(req: dict) -> str:
    org = req.get("routed_org") or req.get("target_org")
    if org:
        return pekalongan_ppid_opd_title(org)
    return tk._("the Government of Kabupaten Pekalongan")


def build(req: dict) -> dict[str, Any]:
    """The written notice of a decided request, element by element (UU 14/2008
    Pasal 22(7) a-g) plus the objection right, as translated text. The HTML page
    and the PDF both render this one structure, so they always say the same.

    ``req`` is the output of ``ppid_request_show`` (officer or requester)."""
    body = _handling_body(req)
    elements: dict[str, dict[str, list[str]]] = {k: {"paragraphs": [], "items": []} for k in
                                                 vocabulary.NOTICE_HEADINGS}

    def say(key: str, text: str, item: bool = False) -> None:
        elements[key]["items" if item else "paragraphs"].append(text)

    _held(req, say, body)
    _decision(req, say)
    _given(req, say)
    _blacked_out(req, say)
    _delivery(req, say)
    _cost(req, say)

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
            (tk._("Request received"), pekalongan_ppid_date(req.get("received_on"), "long")),
            (tk._("Information requested"), req.get("information") or "-"),
            (tk._("Purpose"), req.get("purpose") or "-"),
        ],
        "elements": [
            {"key": key, "heading": tk._(heading), **elements[key]}
            for key, heading in vocabulary.NOTICE_HEADINGS.items()
        ],
        "notes": req.get("notes") or "",
        # the officer's own words under their own label: for a refusal or a partial grant
        # they are the reasons of the refusal, never text trailing under g (cost)
        "notes_heading": (
            tk._("Reasons for the refusal")
            if req.get("decision") in states.WITHHOLDING_DECISIONS
            else tk._("Other notes")
        ),
        "letterhead": letterhead(),
        "signature_block": signature_block(pekalongan_ppid_date(req.get("decided_on"), "long")),
        "objection_heading": tk._("Your right to object"),
        "objection": objection,
        "open_windows": open_windows,
        "signature": tk._("PPID Kabupaten Pekalongan"),
    }

"""What the citizen's and the officers' PPID pages share: the CSRF check of every form
post, no caching of pages with personal data, a tracking code never in an API URL, the
server-side stash of the tracking code shown once, form helpers, the notice and downloads."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from flask import Response, send_file

from ckanext.pekalongan.casework import ui_state
from ckanext.pekalongan.casework.web import (
    action_context,
    api_action,
    call,
)
from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import notice_pdf, states

RECEIPT_CODE_TTL = 30 * 60  # the receipt must be opened within 30 minutes to show the code
TRACK_TTL = 30 * 60  # a tracked request stays open in this browser session for 30 minutes
QUEUE_PAGE_SIZE = 20
REGISTER_PAGE_SIZE = 50

REQUEST_FIELDS = (
    "requester_type", "name", "nik", "legal_entity_decree", "representative_name",
    "representative_position", "address", "phone", "email",
    "information", "purpose", "how_to_receive", "target_org", "website",
)
OFFICER_REQUEST_FIELDS = ("received_on", "channel")
DECIDE_FIELDS = (
    "decision", "consequence_test_ref", "holding_body", "info_given", "blacked_out",
    "blackout_reason", "format", "medium", "cost", "payment_method", "notes",
    # the DIK entry a refusal cites, or the one it creates (#15; logic/refusal.py)
    "dik_entry", "dik_summary", "dik_legal_basis", "dik_consequence", "dik_public_interest",
    "dik_exempt_until", "dik_decided_by_name", "dik_decided_by_position", "dik_decided_on",
    "dik_internal_notes",
)


# PPID actions whose answers hold no personal data and no tracking code.
PUBLIC_ACTIONS = frozenset({"ppid_register_list", "ppid_annual_report", "ppid_holiday_list"})


def personal() -> bool:
    """Whether the current request may answer with personal data or a
    tracking code: every PPID page, every PPID API action but the public ones."""
    if tk.request.blueprint in ("ppid", "ppid_admin"):
        return True
    action = api_action("ppid_")
    return action is not None and action not in PUBLIC_ACTIONS


def can(action: str, data: dict | None = None) -> bool:
    try:
        tk.check_access(action, action_context(), data or {})
    except tk.NotAuthorized:
        return False
    return True


def require_officer() -> None:
    if not can("ppid_request_list"):
        tk.abort(403, tk._("Only PPID officers may open this page."))


def uploaded_file(name: str):
    upload = tk.request.files.get(name)
    return upload if upload is not None and upload.filename else None


# --- one-time and short-lived server-side state (Redis) --------------------------------


AREA = "ppid"  # the PPID pages' key space in Redis (casework/ui_state.py)


def stash(value: str, ttl: int) -> str:
    return ui_state.stash(value, ttl, AREA)


def take(nonce: str | None) -> str | None:
    return ui_state.take(nonce, AREA)


def peek(nonce: str | None, ttl: int) -> str | None:
    return ui_state.peek(nonce, ttl, AREA)


session_map = ui_state.session_map
session_put = ui_state.session_put


RECEIPT_KEYS = (
    "ticket", "status", "channel", "received_on", "due_date", "original_due_date",
    "latest_due_date", "notice_days", "extension_days", "objection_window", "email_queued",
    "calendar_version", "count_cuti_bersama_as_working_day",
)


# what the requester's copy of the receipt shows of the request (kept in Redis, not the cookie)
RECEIPT_DETAILS = ("requester_type", "name", "information", "how_to_obtain", "how_to_receive",
                   "target_org")


def remember_receipt(receipt: dict, details: dict | None = None) -> None:
    """Keep the receipt (dates only, no personal data) in the session and the
    tracking code in Redis, readable once. ``details`` (the requester's name and what was
    requested, for the requester's copy) are kept in Redis too, for as long as the page is
    reopened within ``RECEIPT_CODE_TTL``; the session holds only the random key to them."""
    nonce = stash(receipt["tracking_code"], RECEIPT_CODE_TTL)
    data = {k: receipt.get(k) for k in RECEIPT_KEYS}
    entry = {"data": data, "code": nonce}
    if details:
        kept = {k: details.get(k) for k in RECEIPT_DETAILS if details.get(k)}
        entry["details"] = stash(json.dumps(kept), RECEIPT_CODE_TTL)
    session_put("ppid_receipts", receipt["ticket"].upper(), entry)


def receipt_details(entry: dict) -> dict:
    """The requester's name and what was requested, while still kept (else ``{}``)."""
    raw = peek(entry.get("details"), RECEIPT_CODE_TTL)
    try:
        details = json.loads(raw) if raw else {}
    except ValueError:
        details = {}
    return details if isinstance(details, dict) else {}


def grant_tracking(ticket: str, code: str) -> None:
    ui_state.grant_tracking(AREA, ticket, code, TRACK_TTL)


def tracking_code(ticket: str) -> str | None:
    """The code this browser session proved for ``ticket``, if still valid."""
    return ui_state.tracking_code(AREA, ticket, TRACK_TTL)


def forget_tracking(ticket: str) -> None:
    ui_state.forget_tracking(AREA, ticket)


def notice_page(req: dict, requester: bool):
    if req.get("status") != states.DECIDED:
        tk.abort(404, tk._("No written notice has been given for this request yet."))
    notice = ppid_helpers.pekalongan_ppid_notice(req)
    pdf_endpoint = "ppid.track_notice_pdf" if requester else "ppid_admin.notice_pdf"
    back = "ppid.track_result" if requester else "ppid_admin.request_read"
    return tk.render("ppid/notice.html", {
        "req": req,
        "notice": notice,
        "pdf_url": tk.h.url_for(pdf_endpoint, ticket=req["ticket"]),
        "back_url": tk.h.url_for(back, ticket=req["ticket"]),
    })


def notice_pdf_response(req: dict) -> Response:
    if req.get("status") != states.DECIDED:
        tk.abort(404, tk._("No written notice has been given for this request yet."))
    notice = ppid_helpers.pekalongan_ppid_notice(req)
    body = notice_pdf.render(notice)
    filename = f"pemberitahuan-{req['ticket']}.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def download(ticket: str, document_id: str, code: str | None = None):
    data = {"ticket": ticket, "document_id": document_id}
    if code:
        data["tracking_code"] = code
    try:
        doc = call("ppid_document_show", data, ppid_file_path=True)
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("Document not found."))
    except tk.NotAuthorized:
        tk.abort(403, tk._("You may not open this document."))
    return send_file(
        doc["file_path"],
        mimetype=doc["content_type"],
        as_attachment=True,
        download_name=doc["filename"],
    )

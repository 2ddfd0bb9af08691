"""The citizen's PPID pages (no account): the landing page, the request form and its
receipt, tracking with ticket + tracking code, the written notice, objections, the public
registers, the annual report, the deadline explanation. Blueprint ``ppid``."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import session
from flask import Blueprint
from flask.views import MethodView

from ckanext.pekalongan.casework.web import (
    Redirect,
    call,
    csrf_protect,
    follow_redirect,
    form_values,
    install_privacy_hooks,
    make_pager,
    non_empty,
    page_number,
)
from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import notice, states
from ckanext.pekalongan.ppid.views.common import (
    OFFICER_REQUEST_FIELDS,
    REGISTER_PAGE_SIZE,
    REQUEST_FIELDS,
    download,
    forget_tracking,
    grant_tracking,
    notice_page,
    notice_pdf_response,
    personal,
    receipt_details,
    remember_receipt,
    require_officer,
    session_map,
    session_put,
    take,
    tracking_code,
    uploaded_file,
)

ppid = Blueprint("ppid", __name__, url_prefix="/ppid")
ppid.before_request(csrf_protect)
install_privacy_hooks(ppid, personal, "ppid_", lambda: tk._(
    "Never put the tracking code in the address (URL): send it in the body of a POST request."
))
ppid.register_error_handler(Redirect, follow_redirect)


# strict_slashes=False: "/en/ppid" must not be redirected to "/ppid/" (Werkzeug's redirect
# to the slashed rule drops CKAN's language prefix, so the English page came in Indonesian)
@ppid.route("/", strict_slashes=False)
def index():
    return tk.render("ppid/index.html", {})


# --- the request form (citizens and officers) --------------------------------------------


class RequestFormView(MethodView):
    """The Perki 1/2021 request form. ``officer`` adds the receipt date and the
    channel of a walk-in, letter, phone or e-mail request."""

    def __init__(self, officer: bool = False):
        self.officer = officer

    def _guard(self) -> None:
        if self.officer:
            require_officer()

    def _render(self, values: dict, errors: dict, had_file: bool = False, status: int = 200):
        extra = {
            "values": values,
            "errors": errors,
            "officer": self.officer,
            "had_file": had_file,
            "opds": ppid_helpers.pekalongan_ppid_opds(),
        }
        return tk.render("ppid/request_new.html", extra), status

    def get(self):
        self._guard()
        values = {"requester_type": states.PERSON, "how_to_obtain": []}
        if self.officer:
            values["channel"] = "walk_in"
        else:
            # text handed over by another form of the portal (Suara Masyarakat's "request for
            # information"): kept server-side, read once, never in a URL
            raw = take(session.pop("ppid_prefill", None))
            if raw:
                try:
                    information = json.loads(raw).get("information")
                except (ValueError, AttributeError):
                    information = None
                if isinstance(information, str):
                    values["information"] = information[:4000]
        return self._render(values, {})

    def post(self):
        self._guard()
        fields = REQUEST_FIELDS + (OFFICER_REQUEST_FIELDS if self.officer else ())
        values: dict[str, Any] = form_values(fields)
        values["how_to_obtain"] = tk.request.form.getlist("how_to_obtain")
        data = non_empty(values)
        upload = uploaded_file("power_of_attorney")
        if upload is not None:
            data["power_of_attorney"] = upload
        try:
            receipt = call("ppid_request_create", data)
        except tk.ValidationError as e:
            values.pop("website", None)
            return self._render(values, e.error_dict, had_file=upload is not None, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("You may not file a request here."))
        remember_receipt(receipt, values)
        if not self.officer:  # "Sudah tersedia?": filed after opening a suggestion (#15)
            from ckanext.pekalongan.ppid.views.registers import note_request_filed

            note_request_filed()
        return tk.redirect_to("ppid.receipt", ticket=receipt["ticket"])


ppid.add_url_rule(
    "/permohonan/baru", view_func=RequestFormView.as_view("request_new"), methods=["GET", "POST"]
)




@ppid.route("/permohonan/<ticket>/tanda-terima")
def receipt(ticket: str):
    """The printable receipt. The tracking code appears on the first view only."""
    entry = session_map("ppid_receipts").get(ticket.upper())
    if not entry:
        return tk.render("ppid/receipt_missing.html", {"ticket": ticket}), 404
    code = take(entry.get("code"))
    if entry.get("code"):
        entry = dict(entry, code=None)
        session_put("ppid_receipts", ticket.upper(), entry)
    return tk.render("ppid/receipt.html", {
        "receipt": entry["data"], "tracking_code": code, "details": receipt_details(entry),
        "letterhead": notice.letterhead(),
    })


# --- tracking --------------------------------------------------------------------------


class TrackView(MethodView):
    """Ticket + tracking code -> the request. A wrong ticket and a wrong code
    give the very same answer."""

    def _render(self, values: dict, errors: dict, not_found: bool = False, status: int = 200):
        extra = {"values": values, "errors": errors, "not_found": not_found}
        return tk.render("ppid/track.html", extra), status

    def get(self):
        return self._render({"ticket": tk.request.args.get("ticket", "")}, {})

    def post(self):
        values = form_values(("ticket", "tracking_code"))
        errors = {}
        for key in ("ticket", "tracking_code"):
            if not values[key]:
                errors[key] = [tk._("Missing value")]
        if errors:
            return self._render({"ticket": values["ticket"]}, errors, status=400)
        try:
            req = call("ppid_request_show", values)
        except tk.ValidationError as e:
            shown = {"ticket": values["ticket"] if "ticket" not in e.error_dict else ""}
            return self._render(shown, e.error_dict, status=400)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            return self._render({"ticket": values["ticket"]}, {}, not_found=True, status=404)
        grant_tracking(req["ticket"], values["tracking_code"])
        return tk.redirect_to("ppid.track_result", ticket=req["ticket"])


ppid.add_url_rule("/lacak", view_func=TrackView.as_view("track"), methods=["GET", "POST"])


def _tracked_request(ticket: str) -> tuple[dict, str]:
    """The request this browser session tracked (or a redirect to the form)."""
    code = tracking_code(ticket)
    if code:
        try:
            return call("ppid_request_show", {"ticket": ticket, "tracking_code": code}), code
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            forget_tracking(ticket)
    tk.h.flash_notice(tk._("Enter the ticket number and tracking code to open the request."))
    raise Redirect(tk.h.url_for("ppid.track", ticket=ticket))






@ppid.route("/lacak/<ticket>")
def track_result(ticket: str):
    req, _code = _tracked_request(ticket)
    return tk.render("ppid/track_result.html", {"req": req})


class TrackWithdrawView(MethodView):
    """The requester withdraws their own request (ticket + the tracking code this browser
    session proved), after confirming; only while the request is not decided. The action
    records the withdrawal in the audit trail (actor: requester)."""

    def _render(self, req: dict, values: dict, errors: dict, status: int = 200):
        extra = {"req": req, "values": values, "errors": errors}
        return tk.render("ppid/track_withdraw.html", extra), status

    def get(self, ticket: str):
        req, _code = _tracked_request(ticket)
        return self._render(req, {}, {})

    def post(self, ticket: str):
        req, code = _tracked_request(ticket)
        values = form_values(("reason",))
        values["confirm"] = bool(tk.request.form.get("confirm"))
        errors: dict[str, list[str]] = {}
        if not values["confirm"]:
            errors["confirm"] = [tk._("Tick the box to confirm that you withdraw the request.")]
        data = {"ticket": req["ticket"], "tracking_code": code, "reason": values["reason"]}
        if not values["reason"]:
            errors["reason"] = [tk._("Missing value")]
        try:
            if not errors:
                call("ppid_request_withdraw", data)
        except tk.ValidationError as e:
            errors.update(e.error_dict)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            forget_tracking(ticket)
            raise Redirect(tk.h.url_for("ppid.track", ticket=ticket)) from None
        if errors:
            return self._render(req, values, errors, status=400)
        tk.h.flash_success(tk._("Your request was withdrawn. The PPID will not process it."))
        return tk.redirect_to("ppid.track_result", ticket=req["ticket"])


ppid.add_url_rule(
    "/lacak/<ticket>/cabut", view_func=TrackWithdrawView.as_view("track_withdraw"),
    methods=["GET", "POST"],
)


@ppid.route("/lacak/<ticket>/keluar", methods=["POST"])
def track_close(ticket: str):
    forget_tracking(ticket)
    return tk.redirect_to("ppid.track")


@ppid.route("/lacak/<ticket>/pemberitahuan")
def track_notice(ticket: str):
    req, _code = _tracked_request(ticket)
    return notice_page(req, requester=True)


@ppid.route("/lacak/<ticket>/pemberitahuan.pdf")
def track_notice_pdf(ticket: str):
    req, _code = _tracked_request(ticket)
    return notice_pdf_response(req)


@ppid.route("/lacak/<ticket>/dokumen/<document_id>")
def track_document(ticket: str, document_id: str):
    _req, code = _tracked_request(ticket)
    return download(ticket, document_id, code)


@ppid.route("/lacak/<ticket>/tenggat")
def track_deadline(ticket: str):
    _req, code = _tracked_request(ticket)
    explained = call("ppid_deadline_explain", {"ticket": ticket, "tracking_code": code})
    return tk.render("ppid/deadline.html", {"explained": explained, "ticket": ticket,
                                            "back": tk.h.url_for("ppid.track_result",
                                                                 ticket=ticket)})




class ObjectionFormView(MethodView):
    """File an objection (keberatan): ticket + tracking code (not asked again
    when this browser session has just tracked the request), one Pasal 35(1)
    ground, the reasons."""

    def _render(self, values: dict, errors: dict, status: int = 200):
        ticket = values.get("ticket") or ""
        code = tracking_code(ticket) if ticket else None
        req = None
        if code:
            try:
                req = call("ppid_request_show", {"ticket": ticket, "tracking_code": code})
            except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
                req = None
        extra = {"values": values, "errors": errors, "tracked": bool(req), "req": req}
        return tk.render("ppid/objection_new.html", extra), status

    def get(self):
        return self._render({"ticket": tk.request.args.get("ticket", "").strip()}, {})

    def post(self):
        values = form_values(("ticket", "tracking_code", "ground", "reasons"))
        # several Pasal 35(1) grounds (checkboxes ``grounds``; ``ground`` of the old form)
        chosen = [g for g in tk.request.form.getlist("grounds") if isinstance(g, str) and g]
        if values.pop("ground", None):
            chosen.append(tk.request.form.get("ground"))
        values["grounds"] = list(dict.fromkeys(chosen))
        code = values["tracking_code"] or (
            tracking_code(values["ticket"]) if values["ticket"] else None
        )
        errors: dict[str, list[str]] = {}
        if not values["ticket"]:
            errors["ticket"] = [tk._("Missing value")]
        if not code:
            errors["tracking_code"] = [tk._("Missing value")]
        if errors:
            values.pop("tracking_code")
            return self._render(values, errors, status=400)
        data = {
            "ticket": values["ticket"],
            "tracking_code": code,
            "grounds": values["grounds"],
            "reasons": values["reasons"],
        }
        try:
            objection = call("ppid_objection_create", data)
        except tk.ValidationError as e:
            errors = dict(e.error_dict)
            values.pop("tracking_code")
            return self._render(values, errors, status=400)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            values.pop("tracking_code")
            return self._render(values, {"ticket": [_not_found_message()]}, status=404)
        session_put("ppid_objections", objection["number"].upper(), {
            k: objection.get(k)
            for k in ("number", "ticket", "grounds", "filed_on", "due_date", "answer_days")
        })
        return tk.redirect_to("ppid.objection_receipt", number=objection["number"])


def _not_found_message() -> str:
    return tk._(
        "We found no request with this ticket number and tracking code. Check both and try again."
    )


ppid.add_url_rule(
    "/keberatan/baru", view_func=ObjectionFormView.as_view("objection_new"),
    methods=["GET", "POST"],
)


@ppid.route("/keberatan/<number>/tanda-terima")
def objection_receipt(number: str):
    objection = session_map("ppid_objections").get(number.upper())
    if not objection:
        tk.abort(404, tk._("This objection receipt is not available in this browser."))
    return tk.render("ppid/objection_receipt.html", {"objection": objection})


# --- public registers, annual report, deadline explanation ------------------------------


@ppid.route("/register")
def register():
    jenis = tk.request.args.get("jenis", "permohonan")
    if jenis not in ("permohonan", "keberatan"):
        jenis = "permohonan"
    kind = states.REGISTER_KINDS[jenis]
    page = page_number()
    params = {"kind": kind, "limit": REGISTER_PAGE_SIZE,
              "offset": (page - 1) * REGISTER_PAGE_SIZE}
    year_arg = tk.request.args.get("tahun", "").strip()
    if year_arg:
        params["year"] = year_arg
    errors = {}
    try:
        result = call("ppid_register_list", params)
    except tk.ValidationError as e:
        errors = e.error_dict
        params.pop("year", None)
        result = call("ppid_register_list", params)
    pager = make_pager(result["count"], page, REGISTER_PAGE_SIZE, "ppid.register",
                   {"jenis": jenis, "tahun": result["year"]})
    return tk.render("ppid/register.html", {
        "kind": kind, "result": result, "pager": pager, "errors": errors,
    })


@ppid.route("/laporan")
def annual_report():
    year_arg = tk.request.args.get("tahun", "").strip()
    errors: dict = {}
    report = None
    if not year_arg:
        year_arg = str(call("ppid_register_list", {"limit": 0})["year"])
    try:
        report = call("ppid_annual_report", {"year": year_arg})
    except tk.ValidationError as e:
        errors = e.error_dict
    return tk.render("ppid/report.html", {"report": report, "year": year_arg, "errors": errors})


@ppid.route("/tenggat")
def deadline():
    """Explain a due date from any start date (day 0) and number of working days."""
    args = tk.request.args
    values = {"start": args.get("mulai", "").strip(), "days": args.get("hari", "").strip()}
    explained, errors = None, {}
    if values["start"]:
        data = non_empty(values)
        data.setdefault("days", ppid_helpers.pekalongan_ppid_days()["notice"])
        try:
            explained = call("ppid_deadline_explain", data)
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render("ppid/deadline.html", {
        "explained": explained, "values": values, "errors": errors, "public_form": True,
    })

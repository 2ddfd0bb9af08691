"""The officers' PPID pages: the queue, walk-in registration, the request page with its
forms, the written notice, documents, objections for the Atasan PPID and the holiday
calendar. Blueprint ``ppid_admin`` (under ``/ppid/admin``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response
from flask.views import MethodView

from ckanext.pekalongan.casework.web import (
    Redirect,
    call,
    csrf_protect,
    follow_redirect,
    form_values,
    make_pager,
    non_empty,
    page_number,
)
from ckanext.pekalongan.ppid import clock, register_files, states
from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid.views.citizen import RequestFormView
from ckanext.pekalongan.ppid.views.common import (
    DECIDE_FIELDS,
    QUEUE_PAGE_SIZE,
    can,
    download,
    notice_page,
    notice_pdf_response,
    require_officer,
    uploaded_file,
)
from ckanext.pekalongan.text import N_

ppid_admin = Blueprint("ppid_admin", __name__, url_prefix="/ppid")
ppid_admin.before_request(csrf_protect)
ppid_admin.register_error_handler(Redirect, follow_redirect)


ppid_admin.add_url_rule(
    "/admin/baru",
    view_func=RequestFormView.as_view("officer_request_new", officer=True),
    methods=["GET", "POST"],
)



# --- officers: queue ---------------------------------------------------------------------


@ppid_admin.route("/admin")
def queue():
    require_officer()
    args = tk.request.args
    filters = {
        "status": args.getlist("status"),
        "org": args.get("org", "").strip(),
        "channel": args.getlist("channel"),
        "overdue": args.get("overdue", "").strip(),
        "q": args.get("q", "").strip(),
        "sort": args.get("sort", "").strip(),
        "closed": args.get("closed", "").strip(),
    }
    page = page_number()
    data = non_empty(filters)
    # closed requests (withdrawn; decided and past the objection window) stay out of the
    # default queue; "closed=all" shows everything, "closed=only" only them. A status chosen
    # explicitly is shown whatever the closing.
    closed = data.pop("closed", "")
    if closed == "only":
        data["closed"] = True
    elif closed != "all" and not data.get("status"):
        data["closed"] = False
    data.update(limit=QUEUE_PAGE_SIZE, offset=(page - 1) * QUEUE_PAGE_SIZE)
    errors: dict = {}
    try:
        result = call("ppid_request_list", data)
    except tk.ValidationError as e:
        errors = e.error_dict
        result = call("ppid_request_list", {"limit": QUEUE_PAGE_SIZE, "closed": False})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only PPID officers may open this page."))
    return tk.render("ppid/admin/queue.html", {
        "result": result,
        "filters": filters,
        "errors": errors,
        "opds": ppid_helpers.pekalongan_ppid_opds(),
        "pager": make_pager(result["count"], page, QUEUE_PAGE_SIZE, "ppid_admin.queue", filters),
        "this_year": clock.today().year,
    })


# --- officers: the register with personal data (CSV, XLSX) ---------------------------------

# how each export column is shown (a vocabulary of pekalongan_ppid_label, or a list of codes)
EXPORT_LABELS = {
    "channel": "channel", "requester_type": "requester_type", "how_to_receive": "how_to_receive",
    "status": "status", "decision": "decision",
}
EXPORT_LISTS = {"how_to_obtain": "how_to_obtain", "exemption_grounds": None}
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _export_cell(key: str, value: Any) -> Any:
    label = ppid_helpers.pekalongan_ppid_label
    if key in EXPORT_LABELS:
        return label(EXPORT_LABELS[key], value)
    if key in EXPORT_LISTS:
        vocab = EXPORT_LISTS[key]
        return ", ".join(label(vocab, v) if vocab else v for v in value or ())
    return value


@ppid_admin.route("/admin/register-pribadi")
def register_export():
    """The register of requests with personal data as CSV or XLSX, for officers only (a
    Pelaksana gets their own OPDs). Personal data: never cached (the privacy hooks of the
    PPID pages), never in a log."""
    require_officer()
    fmt = tk.request.args.get("format", "csv")
    if fmt not in EXPORT_TYPES:
        tk.abort(400, tk._("Choose CSV or XLSX."))
    params: dict[str, Any] = {}
    year_arg = tk.request.args.get("tahun", "").strip()
    if year_arg:
        params["year"] = year_arg
    try:
        result = call("ppid_request_export", params)
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(m for ms in e.error_dict.values() for m in ms))
        return tk.redirect_to("ppid_admin.queue")
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only PPID officers may open this page."))
    keys = [c["key"] for c in result["columns"]]
    headings = [c["label"] for c in result["columns"]]
    rows = [[_export_cell(k, r.get(k)) for k in keys] for r in result["results"]]
    name = f"register-permohonan-{result['year']}.{fmt}"
    if fmt == "csv":
        body = register_files.to_csv(headings, rows)
    else:
        body = register_files.to_xlsx(tk._("Register of requests"), headings, rows)
    return Response(body, mimetype=EXPORT_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
    })


# --- officers: one request ---------------------------------------------------------------


def _officer_request(ticket: str) -> dict:
    require_officer()
    try:
        req = call("ppid_request_show", {"ticket": ticket})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        tk.abort(403, tk._("This request does not exist or you may not see it."))
    if req.get("access") != "officer":
        tk.abort(403, tk._("This request does not exist or you may not see it."))
    return req


OFFICER_FORMS: dict[str, dict[str, Any]] = {
    "route": {"action": "ppid_request_route", "fields": ("org",),
              "done": N_("The request was forwarded to the OPD.")},
    "extend": {"action": "ppid_request_extend", "fields": ("reason",),
               "done": N_("The deadline was extended.")},
    "decide": {"action": "ppid_request_decide", "fields": DECIDE_FIELDS,
               "lists": ("exemption_grounds", "dik_grounds"),
               "flags": ("holding_body_unknown", "new_dik_entry"),
               "done": N_("The decision was recorded and the written notice is ready.")},
    "document": {"action": "ppid_document_create", "fields": ("kind",),
                 "flags": ("released",), "file": "upload",
                 "done": N_("The document was attached.")},
    "correct_receipt": {"action": "ppid_request_correct_receipt",
                        "fields": ("received_on", "reason"),
                        "done": N_("The receipt date was corrected and the due dates "
                                          "counted again.")},
    "publish": {"action": "ppid_request_publish", "fields": ("information", "purpose"),
                "done": N_("The entry of the public register was reviewed and published.")},
    "withdraw": {"action": "ppid_request_withdraw", "fields": ("reason",),
                 "done": N_("The request was withdrawn.")},
    "objection": {"action": "ppid_objection_create",
                  "fields": ("reasons", "filed_on", "channel"), "lists": ("grounds",),
                  "done": N_("The written objection was registered.")},
}


class OfficerRequestView(MethodView):
    """The request page for officers, with one form per action. A form that
    fails is shown again with its errors and everything typed."""

    def _render(self, req: dict, form: str | None = None, values: dict | None = None,
                errors: dict | None = None, status: int = 200):
        extra = {
            "req": req,
            "allowed": req["allowed_actions"],
            "opds": ppid_helpers.pekalongan_ppid_opds(),
            "active_form": form,
            "values": values or {},
            "errors": errors or {},
        }
        return tk.render("ppid/admin/request.html", extra), status

    def get(self, ticket: str):
        return self._render(_officer_request(ticket))

    def post(self, ticket: str):
        req = _officer_request(ticket)
        form = tk.request.form.get("form", "")
        spec = OFFICER_FORMS.get(form)
        if spec is None:
            tk.abort(400, tk._("Unknown form."))
        values: dict[str, Any] = form_values(spec.get("fields", ()))
        for name in spec.get("lists", ()):
            values[name] = tk.request.form.getlist(name)
        for name in spec.get("flags", ()):
            values[name] = bool(tk.request.form.get(name))
        data = non_empty(values)
        data["ticket"] = req["ticket"]
        if spec.get("file"):
            upload = uploaded_file(spec["file"])
            if upload is not None:
                data[spec["file"]] = upload
        try:
            call(spec["action"], data)
        except tk.ValidationError as e:
            return self._render(req, form, values, e.error_dict, status=400)
        except tk.NotAuthorized as e:
            tk.abort(403, str(e) or tk._("You may not do this for this request."))
        except tk.ObjectNotFound:
            tk.abort(404, tk._("Request not found."))
        tk.h.flash_success(tk._(spec["done"]))
        return tk.redirect_to("ppid_admin.request_read", ticket=req["ticket"])


ppid_admin.add_url_rule(
    "/admin/<ticket>", view_func=OfficerRequestView.as_view("request_read"),
    methods=["GET", "POST"],
)


@ppid_admin.route("/admin/<ticket>/pemberitahuan")
def notice(ticket: str):
    return notice_page(_officer_request(ticket), requester=False)


@ppid_admin.route("/admin/<ticket>/pemberitahuan.pdf", endpoint="notice_pdf")
def officer_notice_pdf(ticket: str):
    return notice_pdf_response(_officer_request(ticket))


@ppid_admin.route("/admin/<ticket>/dokumen/<document_id>")
def document_download(ticket: str, document_id: str):
    _officer_request(ticket)
    return download(ticket, document_id)


@ppid_admin.route("/admin/<ticket>/tenggat")
def request_deadline(ticket: str):
    req = _officer_request(ticket)
    explained = call("ppid_deadline_explain", {"ticket": req["ticket"]})
    return tk.render("ppid/deadline.html", {
        "explained": explained, "ticket": req["ticket"],
        "back": tk.h.url_for("ppid_admin.request_read", ticket=req["ticket"]),
    })


# --- officers: objections (Atasan PPID) ----------------------------------------------------


@ppid_admin.route("/admin/keberatan")
def objections():
    require_officer()
    year_arg = tk.request.args.get("tahun", "").strip()
    params: dict[str, Any] = {"kind": states.KIND_OBJECTION, "limit": 1000}
    if year_arg:
        params["year"] = year_arg
    errors: dict = {}
    try:
        result = call("ppid_register_list", params)
    except tk.ValidationError as e:
        errors = e.error_dict
        params.pop("year", None)
        result = call("ppid_register_list", params)
    return tk.render("ppid/admin/objections.html", {"result": result, "errors": errors})


class ObjectionDecideView(MethodView):
    def _objection(self, number: str) -> dict:
        require_officer()
        try:
            return call("ppid_objection_show", {"number": number})
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            tk.abort(403, tk._("This objection does not exist or you may not see it."))

    def _render(self, objection: dict, values: dict, errors: dict, status: int = 200):
        req = None
        try:
            req = call("ppid_request_show", {"ticket": objection["ticket"]})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            req = None
        extra = {"objection": objection, "req": req, "values": values, "errors": errors}
        return tk.render("ppid/admin/objection.html", extra), status

    def get(self, number: str):
        objection = self._objection(number)
        user = tk.current_user
        values = {"atasan_name": getattr(user, "fullname", "") or getattr(user, "name", "")}
        return self._render(objection, values, {})

    def post(self, number: str):
        objection = self._objection(number)
        values = form_values(("outcome", "reasons", "atasan_name", "atasan_position"))
        data = dict(non_empty(values), number=objection["number"])
        try:
            call("ppid_objection_decide", data)
        except tk.ValidationError as e:
            return self._render(objection, values, e.error_dict, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("Only the Atasan PPID decides objections."))
        tk.h.flash_success(tk._("The answer to the objection was recorded."))
        return tk.redirect_to("ppid_admin.objection_read", number=objection["number"])


ppid_admin.add_url_rule(
    "/admin/keberatan/<number>", view_func=ObjectionDecideView.as_view("objection_read"),
    methods=["GET", "POST"],
)


# --- officers: holiday calendar (sysadmins edit) -------------------------------------------


class HolidaysView(MethodView):
    def _render(self, values: dict, errors: dict, status: int = 200):
        require_officer()
        year_arg = tk.request.args.get("tahun", "").strip()
        params = {"year": year_arg} if year_arg else {}
        try:
            holidays = call("ppid_holiday_list", params)
        except tk.ValidationError as e:
            errors = dict(errors, year=e.error_dict.get("year"))
            holidays = call("ppid_holiday_list", {})
        extra = {"holidays": holidays, "year": year_arg, "values": values, "errors": errors}
        return tk.render("ppid/admin/holidays.html", extra), status

    def get(self):
        return self._render({"kind": "national"}, {})

    def post(self):
        require_officer()
        values = form_values(("date", "name", "kind"))
        try:
            created = call("ppid_holiday_create", non_empty(values))
        except tk.ValidationError as e:
            return self._render(values, e.error_dict, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("Only sysadmins manage the holiday calendar."))
        tk.h.flash_success(
            tk._("Holiday added. Calendar version %(version)s applies to new due dates.")
            % {"version": created["calendar_version"]}
        )
        return tk.redirect_to("ppid_admin.holidays", tahun=created["date"][:4])


ppid_admin.add_url_rule(
    "/admin/hari-libur", view_func=HolidaysView.as_view("holidays"), methods=["GET", "POST"]
)


def _holiday(holiday_id: str) -> dict:
    """One active holiday of the calendar (404 if unknown or already removed)."""
    holidays = call("ppid_holiday_list", {})["results"]
    for holiday in holidays:
        if holiday["id"] == holiday_id:
            return holiday
    tk.abort(404, tk._("Holiday not found."))


@ppid_admin.route("/admin/hari-libur/<holiday_id>/hapus", methods=["GET", "POST"])
def holiday_delete(holiday_id: str):
    """GET: ask to confirm (what is removed and what it changes); POST: remove."""
    require_officer()
    if not can("ppid_holiday_delete", {"id": holiday_id}):
        tk.abort(403, tk._("Only sysadmins manage the holiday calendar."))
    if tk.request.method == "GET":
        return tk.render("ppid/admin/holiday_delete.html", {"holiday": _holiday(holiday_id)})
    try:
        deleted = call("ppid_holiday_delete", {"id": holiday_id})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only sysadmins manage the holiday calendar."))
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("Holiday not found."))
    tk.h.flash_success(
        tk._("Holiday removed. Calendar version %(version)s applies to new due dates.")
        % {"version": deleted["calendar_version"]}
    )
    return tk.redirect_to("ppid_admin.holidays", tahun=deleted["date"][:4])

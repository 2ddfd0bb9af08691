"""Web UI of the PPID service: one Blueprint, ``ppid``, under ``/ppid``.

Citizens (no account): the landing page, the request form and its printable
receipt, tracking with ticket + tracking code, the written notice, the
objection form, the public registers, the annual report and the deadline
explanation. Officers: the queue, walk-in registration, the request page with
its forms (route, extend, decide, documents, withdraw, written objections),
objections for the Atasan PPID and the holiday calendar.

Views call ``tk.get_action`` and render; every rule lives in the actions and
their auth functions. Two pieces of UI state are kept server-side in Redis,
never in a URL or a cookie: the tracking code shown once on the receipt (taken
with GETDEL, so a reload no longer shows it) and, after a successful tracking
form, the code that lets this browser session reopen its own request for a
while. The signed session cookie only holds random keys to them.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import session
from flask import Blueprint, Response, current_app, send_file
from flask.views import MethodView

from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import notice_pdf, states

ppid = Blueprint("ppid", __name__, url_prefix="/ppid")

RECEIPT_CODE_TTL = 30 * 60  # the receipt must be opened within 30 minutes to show the code
TRACK_TTL = 30 * 60  # a tracked request stays open in this browser session for 30 minutes
KEEP_IN_SESSION = 5
QUEUE_PAGE_SIZE = 20
REGISTER_PAGE_SIZE = 50

REQUEST_FIELDS = (
    "requester_type", "name", "nik", "legal_entity_decree", "address", "phone", "email",
    "information", "purpose", "how_to_receive", "target_org", "website",
)
OFFICER_REQUEST_FIELDS = ("received_at", "channel")
DECIDE_FIELDS = (
    "decision", "consequence_test_ref", "holding_body", "info_given", "blacked_out",
    "blackout_reason", "format", "medium", "cost", "payment_method", "notes",
)


@ppid.before_request
def _csrf_protect() -> None:
    """Check the CSRF token of every form post, even where the site leaves
    extensions out of CKAN's CSRF protection (``ckan.csrf_protection.
    ignore_extensions``, true by default in CKAN 2.11) and for anonymous
    visitors (whom CKAN 2.11 exempts). Only a request whose user was logged in
    by a valid API token (and not by the session cookie) is exempt: merely
    sending an ``Authorization`` header next to the cookie is not enough."""
    if tk.request.method != "POST":
        return
    if tk.g.get("login_via_auth_header") and tk.current_user.is_authenticated:
        return
    csrf = current_app.extensions.get("csrf")
    if csrf is not None and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


NO_STORE = "private, no-store"
# PPID actions whose answers hold no personal data and no tracking code.
PUBLIC_ACTIONS = frozenset({"ppid_register_list", "ppid_annual_report", "ppid_holiday_list"})


def _ppid_api_action() -> str | None:
    """The PPID action called through CKAN's Action API, if any."""
    if tk.request.endpoint != "api.action":
        return None
    name = (tk.request.view_args or {}).get("logic_function") or ""
    return name if name.startswith("ppid_") else None


def _personal() -> bool:
    """Whether the current request may answer with personal data or a
    tracking code: every PPID page, every PPID API action but the public ones."""
    if tk.request.blueprint == "ppid":
        return True
    action = _ppid_api_action()
    return action is not None and action not in PUBLIC_ACTIONS


@ppid.before_app_request
def _guard_api() -> Response | None:
    """Before a PPID page or API action: mark it uncacheable for CKAN (so its
    own Cache-Control stays private), and refuse a tracking code in the URL
    of an API call: URLs end up in access logs, browser histories and
    ``Referer`` headers. Send it in the POST body."""
    if not _personal():
        return None
    tk.request.environ["__no_cache__"] = True
    if _ppid_api_action() and "tracking_code" in tk.request.args:
        message = tk._(
            "Never put the tracking code in the address (URL): send it in the body of a "
            "POST request."
        )
        body = {
            "help": tk.h.url_for("api.action", logic_function="help_show", ver=3,
                                 name=_ppid_api_action(), _external=True),
            "success": False,
            "error": {"__type": "Validation Error", "tracking_code": [message]},
        }
        response = Response(json.dumps(body), status=409, mimetype="application/json")
        response.headers["Cache-Control"] = NO_STORE
        return response
    return None


@ppid.after_app_request
def _no_store(response: Response) -> Response:
    """PPID pages and the PPID API answers that carry personal data, tracking
    codes or CSRF tokens: never stored by a browser or a shared cache."""
    if _personal():
        response.headers["Cache-Control"] = NO_STORE
        response.headers.pop("Pragma", None)
    return response


# --- small helpers --------------------------------------------------------------------


def _context(**extra: Any) -> dict:
    context = {"user": tk.current_user.name}
    context.update(extra)
    return context


def _call(action: str, data: dict, **context: Any) -> Any:
    return tk.get_action(action)(_context(**context), data)


def _can(action: str, data: dict | None = None) -> bool:
    try:
        tk.check_access(action, _context(), data or {})
    except tk.NotAuthorized:
        return False
    return True


def _require_officer() -> None:
    if not _can("ppid_request_list"):
        tk.abort(403, tk._("Only PPID officers may open this page."))


def _form_values(fields: tuple[str, ...]) -> dict[str, str]:
    form = tk.request.form
    return {key: form.get(key, "").strip() for key in fields}


def _non_empty(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def _upload(name: str):
    upload = tk.request.files.get(name)
    return upload if upload is not None and upload.filename else None


MAX_PAGE = 10_000


def _page_number() -> int:
    """The ``halaman`` query argument, clamped to 1..MAX_PAGE."""
    value = tk.request.args.get("halaman", "1").strip()
    if not value.isdigit() or len(value) > 6:
        return MAX_PAGE if value.isdigit() else 1
    return min(MAX_PAGE, max(1, int(value)))


def _pager(count: int, page: int, size: int, endpoint: str, params: dict) -> dict:
    pages = max(1, -(-count // size))
    clean = {k: v for k, v in params.items() if v not in ("", None, [])}

    def url(n: int) -> str:
        return tk.h.url_for(endpoint, halaman=n, **clean)

    return {
        "page": page,
        "pages": pages,
        "count": count,
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
    }


# --- one-time and short-lived server-side state (Redis) --------------------------------


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _key(nonce: str) -> str:
    site = tk.config.get("ckan.site_id") or "ckan"
    return f"{site}:ppid:ui:{nonce}"


def _stash(value: str, ttl: int) -> str:
    nonce = secrets.token_urlsafe(24)
    _redis().set(_key(nonce), value, ex=ttl)
    return nonce


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _take(nonce: str | None) -> str | None:
    """Read and delete in one step: the value can be read once only."""
    if not nonce:
        return None
    return _text(_redis().getdel(_key(nonce)))


def _peek(nonce: str | None, ttl: int) -> str | None:
    if not nonce:
        return None
    conn = _redis()
    value = _text(conn.get(_key(nonce)))
    if value is not None:
        conn.expire(_key(nonce), ttl)
    return value


def _session_map(name: str) -> dict:
    return dict(session.get(name) or {})


def _session_put(name: str, key: str, value: Any) -> None:
    entries = _session_map(name)
    entries.pop(key, None)
    entries[key] = value
    while len(entries) > KEEP_IN_SESSION:
        entries.pop(next(iter(entries)))
    session[name] = entries
    session.modified = True


RECEIPT_KEYS = (
    "ticket", "status", "channel", "received_at", "due_date", "original_due_date",
    "latest_due_date", "notice_days", "extension_days", "objection_window", "email_queued",
    "calendar_version", "count_cuti_bersama_as_working_day",
)


def _remember_receipt(receipt: dict) -> None:
    """Keep the receipt (dates only, no personal data) in the session and the
    tracking code in Redis, readable once."""
    nonce = _stash(receipt["tracking_code"], RECEIPT_CODE_TTL)
    data = {k: receipt.get(k) for k in RECEIPT_KEYS}
    _session_put("ppid_receipts", receipt["ticket"].upper(), {"data": data, "code": nonce})


def _grant_tracking(ticket: str, code: str) -> None:
    nonce = _stash(json.dumps({"ticket": ticket.upper(), "code": code}), TRACK_TTL)
    _session_put("ppid_track", ticket.upper(), nonce)


def _tracking_code(ticket: str) -> str | None:
    """The code this browser session proved for ``ticket``, if still valid."""
    nonce = _session_map("ppid_track").get(ticket.upper())
    raw = _peek(nonce, TRACK_TTL)
    if not raw:
        return None
    grant = json.loads(raw)
    return grant["code"] if grant.get("ticket") == ticket.upper() else None


def _forget_tracking(ticket: str) -> None:
    tracks = _session_map("ppid_track")
    nonce = tracks.pop(ticket.upper(), None)
    if nonce:
        _redis().delete(_key(nonce))
    session["ppid_track"] = tracks
    session.modified = True


# --- citizens: landing page -------------------------------------------------------------


@ppid.route("/")
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
            _require_officer()

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
        return self._render(values, {})

    def post(self):
        self._guard()
        fields = REQUEST_FIELDS + (OFFICER_REQUEST_FIELDS if self.officer else ())
        values: dict[str, Any] = _form_values(fields)
        values["how_to_obtain"] = tk.request.form.getlist("how_to_obtain")
        data = _non_empty(values)
        upload = _upload("power_of_attorney")
        if upload is not None:
            data["power_of_attorney"] = upload
        try:
            receipt = _call("ppid_request_create", data)
        except tk.ValidationError as e:
            values.pop("website", None)
            return self._render(values, e.error_dict, had_file=upload is not None, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("You may not file a request here."))
        _remember_receipt(receipt)
        return tk.redirect_to("ppid.receipt", ticket=receipt["ticket"])


ppid.add_url_rule(
    "/permohonan/baru", view_func=RequestFormView.as_view("request_new"), methods=["GET", "POST"]
)
ppid.add_url_rule(
    "/admin/baru",
    view_func=RequestFormView.as_view("officer_request_new", officer=True),
    methods=["GET", "POST"],
)


@ppid.route("/permohonan/<ticket>/tanda-terima")
def receipt(ticket: str):
    """The printable receipt. The tracking code appears on the first view only."""
    entry = _session_map("ppid_receipts").get(ticket.upper())
    if not entry:
        return tk.render("ppid/receipt_missing.html", {"ticket": ticket}), 404
    code = _take(entry.get("code"))
    if entry.get("code"):
        entry = dict(entry, code=None)
        _session_put("ppid_receipts", ticket.upper(), entry)
    return tk.render("ppid/receipt.html", {"receipt": entry["data"], "tracking_code": code})


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
        values = _form_values(("ticket", "tracking_code"))
        errors = {}
        for key in ("ticket", "tracking_code"):
            if not values[key]:
                errors[key] = [tk._("Missing value")]
        if errors:
            return self._render({"ticket": values["ticket"]}, errors, status=400)
        try:
            req = _call("ppid_request_show", values)
        except tk.ValidationError as e:
            shown = {"ticket": values["ticket"] if "ticket" not in e.error_dict else ""}
            return self._render(shown, e.error_dict, status=400)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            return self._render({"ticket": values["ticket"]}, {}, not_found=True, status=404)
        _grant_tracking(req["ticket"], values["tracking_code"])
        return tk.redirect_to("ppid.track_result", ticket=req["ticket"])


ppid.add_url_rule("/lacak", view_func=TrackView.as_view("track"), methods=["GET", "POST"])


def _tracked_request(ticket: str) -> tuple[dict, str]:
    """The request this browser session tracked (or a redirect to the form)."""
    code = _tracking_code(ticket)
    if code:
        try:
            return _call("ppid_request_show", {"ticket": ticket, "tracking_code": code}), code
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            _forget_tracking(ticket)
    tk.h.flash_notice(tk._("Enter the ticket number and tracking code to open the request."))
    raise _Redirect(tk.h.url_for("ppid.track", ticket=ticket))


class _Redirect(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@ppid.errorhandler(_Redirect)
def _follow(e: _Redirect):
    return tk.redirect_to(e.url)


@ppid.route("/lacak/<ticket>")
def track_result(ticket: str):
    req, _code = _tracked_request(ticket)
    return tk.render("ppid/track_result.html", {"req": req})


@ppid.route("/lacak/<ticket>/keluar", methods=["POST"])
def track_close(ticket: str):
    _forget_tracking(ticket)
    return tk.redirect_to("ppid.track")


@ppid.route("/lacak/<ticket>/pemberitahuan")
def track_notice(ticket: str):
    req, _code = _tracked_request(ticket)
    return _notice_page(req, requester=True)


@ppid.route("/lacak/<ticket>/pemberitahuan.pdf")
def track_notice_pdf(ticket: str):
    req, _code = _tracked_request(ticket)
    return _notice_pdf(req)


@ppid.route("/lacak/<ticket>/dokumen/<document_id>")
def track_document(ticket: str, document_id: str):
    _req, code = _tracked_request(ticket)
    return _download(ticket, document_id, code)


@ppid.route("/lacak/<ticket>/tenggat")
def track_deadline(ticket: str):
    _req, code = _tracked_request(ticket)
    explained = _call("ppid_deadline_explain", {"ticket": ticket, "tracking_code": code})
    return tk.render("ppid/deadline.html", {"explained": explained, "ticket": ticket,
                                            "back": tk.h.url_for("ppid.track_result",
                                                                 ticket=ticket)})


# --- written notice and documents (shared by requester and officer pages) ---------------


def _notice_page(req: dict, requester: bool):
    if req.get("status") != states.DECIDED:
        tk.abort(404, tk._("No written notice has been given for this request yet."))
    notice = ppid_helpers.pekalongan_ppid_notice(req)
    pdf_endpoint = "ppid.track_notice_pdf" if requester else "ppid.notice_pdf"
    back = "ppid.track_result" if requester else "ppid.request_read"
    return tk.render("ppid/notice.html", {
        "req": req,
        "notice": notice,
        "pdf_url": tk.h.url_for(pdf_endpoint, ticket=req["ticket"]),
        "back_url": tk.h.url_for(back, ticket=req["ticket"]),
    })


def _notice_pdf(req: dict) -> Response:
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


def _download(ticket: str, document_id: str, code: str | None = None):
    data = {"ticket": ticket, "document_id": document_id}
    if code:
        data["tracking_code"] = code
    try:
        doc = _call("ppid_document_show", data, ppid_file_path=True)
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


# --- objections (citizens) ---------------------------------------------------------------


class ObjectionFormView(MethodView):
    """File an objection (keberatan): ticket + tracking code (not asked again
    when this browser session has just tracked the request), one Pasal 35(1)
    ground, the reasons."""

    def _render(self, values: dict, errors: dict, status: int = 200):
        ticket = values.get("ticket") or ""
        code = _tracking_code(ticket) if ticket else None
        req = None
        if code:
            try:
                req = _call("ppid_request_show", {"ticket": ticket, "tracking_code": code})
            except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
                req = None
        extra = {"values": values, "errors": errors, "tracked": bool(req), "req": req}
        return tk.render("ppid/objection_new.html", extra), status

    def get(self):
        return self._render({"ticket": tk.request.args.get("ticket", "").strip()}, {})

    def post(self):
        values = _form_values(("ticket", "tracking_code", "ground", "reasons"))
        code = values["tracking_code"] or (
            _tracking_code(values["ticket"]) if values["ticket"] else None
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
            "grounds": [values["ground"]] if values["ground"] else [],
            "reasons": values["reasons"],
        }
        try:
            objection = _call("ppid_objection_create", data)
        except tk.ValidationError as e:
            errors = dict(e.error_dict)
            if "grounds" in errors:
                errors["ground"] = errors.pop("grounds")
            values.pop("tracking_code")
            return self._render(values, errors, status=400)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            values.pop("tracking_code")
            return self._render(values, {"ticket": [_not_found_message()]}, status=404)
        _session_put("ppid_objections", objection["number"].upper(), {
            k: objection.get(k)
            for k in ("number", "ticket", "grounds", "filed_at", "due_date", "answer_days")
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
    objection = _session_map("ppid_objections").get(number.upper())
    if not objection:
        tk.abort(404, tk._("This objection receipt is not available in this browser."))
    return tk.render("ppid/objection_receipt.html", {"objection": objection})


# --- public registers, annual report, deadline explanation ------------------------------


@ppid.route("/register")
def register():
    kind = tk.request.args.get("jenis", "permohonan")
    if kind not in ("permohonan", "keberatan"):
        kind = "permohonan"
    page = _page_number()
    params = {"kind": kind, "limit": REGISTER_PAGE_SIZE,
              "offset": (page - 1) * REGISTER_PAGE_SIZE}
    year_arg = tk.request.args.get("tahun", "").strip()
    if year_arg:
        params["year"] = year_arg
    errors = {}
    try:
        result = _call("ppid_register_list", params)
    except tk.ValidationError as e:
        errors = e.error_dict
        params.pop("year", None)
        result = _call("ppid_register_list", params)
    pager = _pager(result["count"], page, REGISTER_PAGE_SIZE, "ppid.register",
                   {"jenis": kind, "tahun": result["year"]})
    return tk.render("ppid/register.html", {
        "kind": kind, "result": result, "pager": pager, "errors": errors,
    })


@ppid.route("/laporan")
def annual_report():
    year_arg = tk.request.args.get("tahun", "").strip()
    errors: dict = {}
    report = None
    if not year_arg:
        year_arg = str(_call("ppid_register_list", {"limit": 0})["year"])
    try:
        report = _call("ppid_annual_report", {"year": year_arg})
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
        data = _non_empty(values)
        data.setdefault("days", ppid_helpers.pekalongan_ppid_days()["notice"])
        try:
            explained = _call("ppid_deadline_explain", data)
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render("ppid/deadline.html", {
        "explained": explained, "values": values, "errors": errors, "public_form": True,
    })


# --- officers: queue ---------------------------------------------------------------------


@ppid.route("/admin")
def queue():
    _require_officer()
    args = tk.request.args
    filters = {
        "status": args.getlist("status"),
        "org": args.get("org", "").strip(),
        "channel": args.getlist("channel"),
        "overdue": args.get("overdue", "").strip(),
        "q": args.get("q", "").strip(),
        "sort": args.get("sort", "").strip(),
    }
    page = _page_number()
    data = _non_empty(filters)
    data.update(limit=QUEUE_PAGE_SIZE, offset=(page - 1) * QUEUE_PAGE_SIZE)
    errors: dict = {}
    try:
        result = _call("ppid_request_list", data)
    except tk.ValidationError as e:
        errors = e.error_dict
        result = _call("ppid_request_list", {"limit": QUEUE_PAGE_SIZE})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only PPID officers may open this page."))
    return tk.render("ppid/admin/queue.html", {
        "result": result,
        "filters": filters,
        "errors": errors,
        "opds": ppid_helpers.pekalongan_ppid_opds(),
        "pager": _pager(result["count"], page, QUEUE_PAGE_SIZE, "ppid.queue", filters),
    })


# --- officers: one request ---------------------------------------------------------------


def _officer_request(ticket: str) -> dict:
    _require_officer()
    try:
        req = _call("ppid_request_show", {"ticket": ticket})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        tk.abort(403, tk._("This request does not exist or you may not see it."))
    if req.get("access") != "officer":
        tk.abort(403, tk._("This request does not exist or you may not see it."))
    return req


OFFICER_FORMS: dict[str, dict[str, Any]] = {
    "route": {"action": "ppid_request_route", "fields": ("org",),
              "done": states.N_("The request was forwarded to the OPD.")},
    "extend": {"action": "ppid_request_extend", "fields": ("reason",),
               "done": states.N_("The deadline was extended.")},
    "decide": {"action": "ppid_request_decide", "fields": DECIDE_FIELDS,
               "lists": ("exemption_grounds",), "flags": ("holding_body_unknown",),
               "done": states.N_("The decision was recorded and the written notice is ready.")},
    "document": {"action": "ppid_document_create", "fields": ("kind",),
                 "flags": ("released",), "file": "upload",
                 "done": states.N_("The document was attached.")},
    "correct_receipt": {"action": "ppid_request_correct_receipt",
                        "fields": ("received_at", "reason"),
                        "done": states.N_("The receipt date was corrected and the due dates "
                                          "counted again.")},
    "withdraw": {"action": "ppid_request_withdraw", "fields": ("reason",),
                 "done": states.N_("The request was withdrawn.")},
    "objection": {"action": "ppid_objection_create",
                  "fields": ("reasons", "filed_at", "channel"), "lists": ("grounds",),
                  "done": states.N_("The written objection was registered.")},
}


class OfficerRequestView(MethodView):
    """The request page for officers, with one form per action. A form that
    fails is shown again with its errors and everything typed."""

    def _render(self, req: dict, form: str | None = None, values: dict | None = None,
                errors: dict | None = None, status: int = 200):
        extra = {
            "req": req,
            "allowed": states.allowed_actions(states.KIND_REQUEST, req["status"]),
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
        values: dict[str, Any] = _form_values(spec.get("fields", ()))
        for name in spec.get("lists", ()):
            values[name] = tk.request.form.getlist(name)
        for name in spec.get("flags", ()):
            values[name] = bool(tk.request.form.get(name))
        data = _non_empty(values)
        data["ticket"] = req["ticket"]
        if spec.get("file"):
            upload = _upload(spec["file"])
            if upload is not None:
                data[spec["file"]] = upload
        try:
            _call(spec["action"], data)
        except tk.ValidationError as e:
            return self._render(req, form, values, e.error_dict, status=400)
        except tk.NotAuthorized as e:
            tk.abort(403, str(e) or tk._("You may not do this for this request."))
        except tk.ObjectNotFound:
            tk.abort(404, tk._("Request not found."))
        tk.h.flash_success(tk._(spec["done"]))
        return tk.redirect_to("ppid.request_read", ticket=req["ticket"])


ppid.add_url_rule(
    "/admin/<ticket>", view_func=OfficerRequestView.as_view("request_read"),
    methods=["GET", "POST"],
)


@ppid.route("/admin/<ticket>/pemberitahuan")
def notice(ticket: str):
    return _notice_page(_officer_request(ticket), requester=False)


@ppid.route("/admin/<ticket>/pemberitahuan.pdf", endpoint="notice_pdf")
def officer_notice_pdf(ticket: str):
    return _notice_pdf(_officer_request(ticket))


@ppid.route("/admin/<ticket>/dokumen/<document_id>")
def document_download(ticket: str, document_id: str):
    _officer_request(ticket)
    return _download(ticket, document_id)


@ppid.route("/admin/<ticket>/tenggat")
def request_deadline(ticket: str):
    req = _officer_request(ticket)
    explained = _call("ppid_deadline_explain", {"ticket": req["ticket"]})
    return tk.render("ppid/deadline.html", {
        "explained": explained, "ticket": req["ticket"],
        "back": tk.h.url_for("ppid.request_read", ticket=req["ticket"]),
    })


# --- officers: objections (Atasan PPID) ----------------------------------------------------


@ppid.route("/admin/keberatan")
def objections():
    _require_officer()
    year_arg = tk.request.args.get("tahun", "").strip()
    params: dict[str, Any] = {"kind": "keberatan", "limit": 1000}
    if year_arg:
        params["year"] = year_arg
    errors: dict = {}
    try:
        result = _call("ppid_register_list", params)
    except tk.ValidationError as e:
        errors = e.error_dict
        params.pop("year", None)
        result = _call("ppid_register_list", params)
    return tk.render("ppid/admin/objections.html", {"result": result, "errors": errors})


class ObjectionDecideView(MethodView):
    def _objection(self, number: str) -> dict:
        _require_officer()
        try:
            return _call("ppid_objection_show", {"number": number})
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            tk.abort(403, tk._("This objection does not exist or you may not see it."))

    def _render(self, objection: dict, values: dict, errors: dict, status: int = 200):
        req = None
        try:
            req = _call("ppid_request_show", {"ticket": objection["ticket"]})
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
        values = _form_values(("outcome", "reasons", "atasan_name", "atasan_position"))
        data = dict(_non_empty(values), number=objection["number"])
        try:
            _call("ppid_objection_decide", data)
        except tk.ValidationError as e:
            return self._render(objection, values, e.error_dict, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("Only the Atasan PPID decides objections."))
        tk.h.flash_success(tk._("The answer to the objection was recorded."))
        return tk.redirect_to("ppid.objection_read", number=objection["number"])


ppid.add_url_rule(
    "/admin/keberatan/<number>", view_func=ObjectionDecideView.as_view("objection_read"),
    methods=["GET", "POST"],
)


# --- officers: holiday calendar (sysadmins edit) -------------------------------------------


class HolidaysView(MethodView):
    def _render(self, values: dict, errors: dict, status: int = 200):
        _require_officer()
        year_arg = tk.request.args.get("tahun", "").strip()
        params = {"year": year_arg} if year_arg else {}
        try:
            holidays = _call("ppid_holiday_list", params)
        except tk.ValidationError as e:
            errors = dict(errors, year=e.error_dict.get("year"))
            holidays = _call("ppid_holiday_list", {})
        extra = {"holidays": holidays, "year": year_arg, "values": values, "errors": errors}
        return tk.render("ppid/admin/holidays.html", extra), status

    def get(self):
        return self._render({"kind": "national"}, {})

    def post(self):
        _require_officer()
        values = _form_values(("date", "name", "kind"))
        try:
            created = _call("ppid_holiday_create", _non_empty(values))
        except tk.ValidationError as e:
            return self._render(values, e.error_dict, status=400)
        except tk.NotAuthorized:
            tk.abort(403, tk._("Only sysadmins manage the holiday calendar."))
        tk.h.flash_success(
            tk._("Holiday added. Calendar version %(version)s applies to new due dates.")
            % {"version": created["calendar_version"]}
        )
        return tk.redirect_to("ppid.holidays", tahun=created["date"][:4])


ppid.add_url_rule(
    "/admin/hari-libur", view_func=HolidaysView.as_view("holidays"), methods=["GET", "POST"]
)


@ppid.route("/admin/hari-libur/<holiday_id>/hapus", methods=["POST"])
def holiday_delete(holiday_id: str):
    _require_officer()
    try:
        deleted = _call("ppid_holiday_delete", {"id": holiday_id})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only sysadmins manage the holiday calendar."))
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("Holiday not found."))
    tk.h.flash_success(
        tk._("Holiday removed. Calendar version %(version)s applies to new due dates.")
        % {"version": deleted["calendar_version"]}
    )
    return tk.redirect_to("ppid.holidays", tahun=deleted["date"][:4])

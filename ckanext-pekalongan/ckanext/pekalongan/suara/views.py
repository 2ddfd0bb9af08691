"""Web UI of Suara Masyarakat: one Blueprint, ``suara``, under ``/suara``.

Public: the board of moderated reports and one report's page. Citizens (no
account): the report form and its receipt, and the reporter's page opened with
number + tracking code (add information, reopen, rate, withdraw). Officers: the
queue and one report with a form for every action ``suara_report_show`` says
the caller may take (``allowed_actions``).

Views call ``tk.get_action`` and render; every rule lives in the actions and
their auth functions. As in the PPID service, UI state that must not reach a
URL or a readable cookie is kept in Redis: the tracking code shown once on the
receipt (read with GETDEL) and the code a tracked browser session may reuse;
the signed session cookie only holds random keys to them.
"""
from __future__ import annotations

import secrets
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, send_file
from flask.views import MethodView

from ckanext.pekalongan.casework.web import (
    Redirect,
    api_action,
    call,
    csrf_protect,
    follow_redirect,
    form_values,
    install_privacy_hooks,
    make_pager,
    non_empty,
    page_number,
)
from ckanext.pekalongan.suara import attachments, web_state
from ckanext.pekalongan.suara import helpers as suara_helpers
from ckanext.pekalongan.text import N_

suara = Blueprint("suara", __name__, url_prefix="/suara")
suara.before_request(csrf_protect)
suara.register_error_handler(Redirect, follow_redirect)
blueprint = suara

BOARD_PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 30
SIMILAR_LIMIT = 5
PUBLIC_ENDPOINTS = frozenset({"suara.index", "suara.detail"})
OFFICER_VIEWS = ("pengelola", "opd")  # the ``view`` of suara_report_show an officer page needs
REPORTER_VIEW = "reporter"

REPORT_FIELDS = ("kind", "text", "topic", "kecamatan", "desa", "privacy", "name", "phone",
                 "email", "website")
OFFICER_REPORT_FIELDS = ("channel",)
BOARD_FILTERS = {"opd": "org", "topik": "topic", "kecamatan": "kecamatan",
                 "status": "status", "tahun": "year", "q": "q"}
QUEUE_FILTERS = dict(BOARD_FILTERS, terlambat="overdue")


# --- request guards --------------------------------------------------------------------


def _personal() -> bool:
    """Pages that may carry personal data, a tracking code or a CSRF token."""
    if tk.request.blueprint == "suara":
        return tk.request.endpoint not in PUBLIC_ENDPOINTS
    return api_action("suara_") is not None


install_privacy_hooks(suara, _personal, "suara_", lambda: tk._(
    "Jangan menaruh kode pelacakan di alamat (URL): kirimkan di badan permintaan POST."
))


# --- small helpers ----------------------------------------------------------------------


def _as_reporter(action: str, data: dict) -> Any:
    """Call ``action`` as the holder of the tracking code, whoever is logged
    in (an officer opening /suara/cek sees what the reporter sees)."""
    return tk.get_action(action)({"user": ""}, data)


def _uploads(name: str) -> list:
    return [f for f in tk.request.files.getlist(name) if f is not None and f.filename]


def _short(action: str) -> str:
    """``suara_report_verify`` -> ``verify``."""
    return action.removeprefix("suara_report_")


def _allowed(report: dict) -> set[str]:
    return {_short(a) for a in report.get("allowed_actions") or ()}


def _messages(error: Exception) -> dict:
    """The field errors of a ValidationError (a plain message under ``form``)."""
    errors = getattr(error, "error_dict", None)
    if errors:
        return dict(errors)
    return {"form": [str(error) or tk._("Permintaan tidak dapat diproses.")]}


def _denied(error: Exception) -> dict:
    message = str(error) or ""
    if not message or message.startswith("Action ") or "not authorized" in message.lower():
        message = tk._("Anda tidak berwenang melakukan tindakan ini pada laporan ini.")
    return {"form": [message]}


RECEIPT_KEYS = ("number", "status", "kind", "privacy", "channel", "created", "verify_due",
                "answer_due", "email_queued", "sms_queued")


# --- public: the board and one report ----------------------------------------------------


def _filters(names: dict[str, str]) -> dict[str, str]:
    args = tk.request.args
    return {arg: args.get(arg, "").strip()[:200] for arg in names}


def _listing(names: dict[str, str], scope: str, page: int, size: int) -> tuple[dict, dict, dict]:
    """Call ``suara_report_list`` with the filters of the query string; a
    filter the action refuses is shown as a form error and left out."""
    filters = _filters(names)
    data = {names[k]: v for k, v in filters.items() if v}
    data.update(scope=scope, limit=size, offset=(page - 1) * size)
    errors: dict = {}
    try:
        return call("suara_report_list", data), filters, errors
    except tk.ValidationError as e:
        errors = _messages(e)
    reverse = {v: k for k, v in names.items()}
    bad = {reverse.get(k, k) for k in errors}
    for arg in bad:
        if arg in filters:
            filters[arg] = ""
    data = {names[k]: v for k, v in filters.items() if v}
    data.update(scope=scope, limit=size, offset=0)
    try:
        result = call("suara_report_list", data)
    except tk.ValidationError:
        result = call("suara_report_list", {"scope": scope, "limit": size})
    shown = {reverse.get(k, k): v for k, v in errors.items()}
    return result, filters, shown


def _public_report(number: str) -> dict | None:
    """A report as the public sees it, whoever is logged in (the board never
    shows an officer's view)."""
    try:
        return tk.get_action("suara_report_show")({"user": ""}, {"number": number[:40]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


@suara.route("/")
def index():
    page = page_number()
    # each public result carries its public answers and timeline (one query per page)
    result, filters, errors = _listing(BOARD_FILTERS, "public", page, BOARD_PAGE_SIZE)
    return tk.render("suara/index.html", {
        "result": result, "filters": filters, "errors": errors,
        "pager": make_pager(result.get("count", 0), page, BOARD_PAGE_SIZE, "suara.index", filters),
    })


@suara.route("/laporan/<number>")
def detail(number: str):
    report = _public_report(number)
    if report is None:
        return tk.render("suara/not_found.html", {"number": number[:40]}), 404
    return tk.render("suara/detail.html", {"report": report})


# --- the report form (citizens; officers also set the channel) ------------------------------


def _similar(text: str) -> list[dict] | None:
    """Public reports sharing the most key words with ``text`` (the search of
    ``suara_report_list`` matches one phrase, so each key word is one call),
    as the form's script does in the browser."""
    words = suara_helpers.keywords(text[:4000])
    if not words:
        return None
    found: dict[str, dict] = {}
    hits: dict[str, int] = {}
    for word in words:
        try:
            results = call("suara_report_list", {"q": word, "scope": "public",
                                                  "limit": SIMILAR_LIMIT})["results"]
        except (tk.ValidationError, tk.NotAuthorized):
            continue
        for r in results:
            found.setdefault(r["number"], r)
            hits[r["number"]] = hits.get(r["number"], 0) + 1
    ranked = sorted(found, key=lambda n: (-hits[n], n))
    return [found[n] for n in ranked[:SIMILAR_LIMIT]]


class ReportFormView(MethodView):
    """The report form. ``officer`` adds the channel (a report received at the
    desk, by letter, phone or social media)."""

    def __init__(self, officer: bool = False):
        self.officer = officer

    def _guard(self) -> None:
        if self.officer and not tk.h.pekalongan_suara_is_officer():
            tk.abort(403, tk._("Hanya petugas Suara Masyarakat yang dapat membuka halaman ini."))

    def _render(self, values: dict, errors: dict, *, similar: list | None = None,
                had_file: bool = False, status: int = 200):
        return tk.render("suara/report_new.html", {
            "values": values, "errors": errors, "officer": self.officer,
            "similar": similar, "had_file": had_file,
            "stopwords": " ".join(sorted(suara_helpers.STOPWORDS)),
            "keywords": suara_helpers.KEYWORDS,
            "form_id": secrets.token_urlsafe(16),
        }), status

    def get(self):
        self._guard()
        values = {"kind": tk.request.args.get("jenis", "").strip()[:30], "privacy": "public"}
        if self.officer:
            values["channel"] = "walk_in"
        return self._render(values, {})

    def post(self):
        self._guard()
        fields = REPORT_FIELDS + (OFFICER_REPORT_FIELDS if self.officer else ())
        values: dict[str, Any] = form_values(fields)
        form = tk.request.form
        if form.get("ke_ppid"):
            return self._to_ppid(values)
        if form.get("cek_serupa"):
            return self._render(values, {}, similar=_similar(values["text"]))
        uploads = _uploads("attachments")
        data = non_empty(values)
        if uploads:
            data["attachments"] = uploads
        form_id = form.get("form_id", "")
        first, earlier = web_state.claim_submission(form_id)
        if not first:
            if earlier:
                web_state.session_put("suara_receipts", earlier["data"]["number"], earlier)
                return tk.redirect_to("suara.receipt", number=earlier["data"]["number"])
            errors = {"form": [tk._("Laporan ini sedang dikirim. Tunggu sebentar, lalu buka "
                                    "halaman Cek laporan.")]}
            return self._render(values, errors, status=409)
        try:
            receipt = call("suara_report_create", data)
        except tk.ValidationError as e:
            web_state.release_submission(form_id)
            values.pop("website", None)
            errors = _messages(e)
            status = 429 if "rate_limit" in errors else 400
            return self._render(values, errors, had_file=bool(uploads), status=status)
        except tk.NotAuthorized as e:
            web_state.release_submission(form_id)
            return self._render(values, _denied(e), status=403)
        entry = {"data": {k: receipt.get(k) for k in RECEIPT_KEYS},
                 "code": web_state.stash(receipt["tracking_code"], web_state.RECEIPT_CODE_TTL)}
        entry["data"]["number"] = receipt["number"]
        web_state.finish_submission(form_id, entry)
        web_state.session_put("suara_receipts", receipt["number"], entry)
        return tk.redirect_to("suara.receipt", number=receipt["number"])

    def _to_ppid(self, values: dict):
        """An information request belongs to the PPID: hand the text over to
        the PPID form through Redis (never the URL) and open it."""
        if values.get("text"):
            web_state.hand_to_ppid(values["text"])
        return tk.redirect_to("ppid.request_new")


suara.add_url_rule("/lapor", view_func=ReportFormView.as_view("report_new"),
                   methods=["GET", "POST"])
suara.add_url_rule("/admin/baru", view_func=ReportFormView.as_view("officer_report_new",
                                                                    officer=True),
                   methods=["GET", "POST"])


@suara.route("/lapor/<number>/tanda-terima")
def receipt(number: str):
    """The receipt: number and dates; the tracking code on the first view only."""
    number = number.upper()[:40]
    entry = web_state.session_map("suara_receipts").get(number)
    if not entry:
        return tk.render("suara/receipt_missing.html", {"number": number}), 404
    code = web_state.take(entry.get("code"))
    if entry.get("code"):
        web_state.session_put("suara_receipts", number, dict(entry, code=None))
    return tk.render("suara/receipt.html", {"receipt": entry["data"], "tracking_code": code})


# --- the reporter: number + tracking code ------------------------------------------------


def _not_found_message() -> str:
    return tk._("Kami tidak menemukan laporan dengan nomor dan kode pelacakan ini. Periksa "
                "keduanya lalu coba lagi.")


class TrackView(MethodView):
    """Number + tracking code (POST only) -> the reporter's page. A wrong
    number and a wrong code give the very same answer."""

    def _render(self, values: dict, errors: dict, status: int = 200):
        return tk.render("suara/track.html", {"values": values, "errors": errors}), status

    def get(self):
        return self._render({"number": tk.request.args.get("nomor", "").strip()[:40]}, {})

    def post(self):
        values = form_values(("number", "tracking_code"))
        errors = {}
        for key in ("number", "tracking_code"):
            if not values[key]:
                errors[key] = [tk._("Wajib diisi")]
        if errors:
            return self._render({"number": values["number"]}, errors, status=400)
        try:
            report = _as_reporter("suara_report_show", values)
        except tk.ValidationError as e:
            errors = _messages(e)
            if "rate_limit" in errors:
                return self._render({"number": values["number"]}, errors, status=429)
            if set(errors) - {"number"}:  # a malformed code says no more than a wrong one
                errors = {"form": [_not_found_message()]}
            return self._render({"number": values["number"]}, errors, status=400)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            report = {}
        if report.get("view") != REPORTER_VIEW:  # an officer with a wrong code, too
            return self._render({"number": values["number"]},
                                {"form": [_not_found_message()]}, status=404)
        web_state.grant_tracking(report["number"], values["tracking_code"])
        return tk.redirect_to("suara.track_result", number=report["number"])


suara.add_url_rule("/cek", view_func=TrackView.as_view("track"), methods=["GET", "POST"])


REPORTER_FORMS: dict[str, dict[str, Any]] = {
    "add_info": {"action": "suara_report_add_info", "fields": ("text",),
                 "done": N_("Keterangan tambahan Anda telah dikirim ke petugas.")},
    "reopen": {"action": "suara_report_reopen", "fields": ("reason",),
               "done": N_("Laporan Anda dibuka kembali dan dikirim lagi ke OPD.")},
    "rate": {"action": "suara_report_rate", "fields": ("rating", "comment"),
             "done": N_("Terima kasih atas penilaian Anda.")},
    "withdraw": {"action": "suara_report_withdraw", "fields": ("reason",),
                 "done": N_("Laporan Anda telah dicabut.")},
}


class TrackResultView(MethodView):
    """The reporter's page: timeline, answers and the reporter's forms."""

    def _tracked(self, number: str) -> tuple[dict, str]:
        code = web_state.tracking_code(number)
        if code:
            try:
                report = _as_reporter("suara_report_show",
                                      {"number": number, "tracking_code": code})
                if report.get("view") == REPORTER_VIEW:
                    return report, code
            except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
                web_state.forget_tracking(number)
        tk.h.flash_notice(tk._("Masukkan nomor laporan dan kode pelacakan untuk membuka "
                               "laporan."))
        raise Redirect(tk.h.url_for("suara.track", nomor=number[:40]))

    def _render(self, report: dict, form: str | None = None, values: dict | None = None,
                errors: dict | None = None, status: int = 200):
        return tk.render("suara/track_result.html", {
            "report": report, "allowed": _allowed(report), "active_form": form,
            "values": values or {}, "errors": errors or {},
        }), status

    def get(self, number: str):
        report, _code = self._tracked(number)
        return self._render(report)

    def post(self, number: str):
        report, code = self._tracked(number)
        form = tk.request.form.get("form", "")
        spec = REPORTER_FORMS.get(form)
        if spec is None:
            return self._render(report, None, {}, {"form": [tk._("Formulir tidak dikenal.")]},
                                status=400)
        values = form_values(spec["fields"])
        data = dict(non_empty(values), number=report["number"], tracking_code=code)
        try:
            _as_reporter(spec["action"], data)
        except tk.ValidationError as e:
            return self._render(self._fresh(report, code), form, values, _messages(e), 400)
        except (tk.NotAuthorized, tk.ObjectNotFound) as e:
            return self._render(self._fresh(report, code), form, values, _denied(e), 403)
        done = spec["done"]
        tk.h.flash_success(tk._(done))
        return tk.redirect_to("suara.track_result", number=report["number"])

    @staticmethod
    def _fresh(report: dict, code: str) -> dict:
        try:
            return _as_reporter("suara_report_show", {"number": report["number"],
                                                      "tracking_code": code})
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            return report


suara.add_url_rule("/cek/<number>", view_func=TrackResultView.as_view("track_result"),
                   methods=["GET", "POST"])


@suara.route("/cek/<number>/keluar", methods=["POST"])
def track_close(number: str):
    web_state.forget_tracking(number)
    return tk.redirect_to("suara.track")


# --- officers: the queue and one report -------------------------------------------------


def _require_officer() -> None:
    if not tk.h.pekalongan_suara_is_officer():
        tk.abort(403, tk._("Hanya petugas Suara Masyarakat yang dapat membuka halaman ini."))


@suara.route("/admin")
def queue():
    _require_officer()
    page = page_number()
    try:
        result, filters, errors = _listing(QUEUE_FILTERS, "queue", page, QUEUE_PAGE_SIZE)
    except tk.NotAuthorized:
        tk.abort(403, tk._("Hanya petugas Suara Masyarakat yang dapat membuka halaman ini."))
    return tk.render("suara/admin/queue.html", {
        "result": result, "filters": filters, "errors": errors,
        "pager": make_pager(result.get("count", 0), page, QUEUE_PAGE_SIZE, "suara.queue", filters),
    })


OFFICER_FORMS: dict[str, dict[str, Any]] = {
    "verify": {"action": "suara_report_verify",
               "fields": ("decision", "reason", "duplicate_of", "public_text", "topic", "kind"),
               "done": N_("Hasil verifikasi telah dicatat.")},
    "update": {"action": "suara_report_update",
               "fields": ("public_text", "topic", "kecamatan", "desa"),
               "done": N_("Teks publik laporan telah diperbarui.")},
    "route": {"action": "suara_report_route", "fields": ("complexity",),
              "lists": ("organizations",),
              "done": N_("Laporan telah diteruskan ke OPD.")},
    "respond": {"action": "suara_report_respond", "fields": ("text", "kind", "organization"),
                "done": N_("Tanggapan telah dicatat.")},
    "close": {"action": "suara_report_close", "fields": ("note",),
              "done": N_("Laporan telah ditutup.")},
    "withdraw": {"action": "suara_report_withdraw", "fields": ("reason",),
                 "done": N_("Laporan telah dicabut.")},
}


class OfficerReportView(MethodView):
    """One report for officers: every form ``allowed_actions`` offers. A form
    that fails comes back with its errors and everything typed."""

    def _report(self, number: str) -> dict:
        _require_officer()
        try:
            report = call("suara_report_show", {"number": number[:40]})
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            report = {}
        if report.get("view") not in OFFICER_VIEWS:  # another OPD's officer sees the board only
            tk.abort(404, tk._("Laporan ini tidak ada atau Anda tidak berwenang melihatnya."))
        return report

    def _render(self, report: dict, form: str | None = None, values: dict | None = None,
                errors: dict | None = None, status: int = 200):
        return tk.render("suara/admin/report.html", {
            "report": report, "allowed": _allowed(report), "active_form": form,
            "values": values or {}, "errors": errors or {},
        }), status

    def get(self, number: str):
        return self._render(self._report(number))

    def post(self, number: str):
        report = self._report(number)
        form = tk.request.form.get("form", "")
        spec = OFFICER_FORMS.get(form)
        if spec is None:
            return self._render(report, None, {}, {"form": [tk._("Formulir tidak dikenal.")]},
                                status=400)
        values: dict[str, Any] = form_values(spec["fields"])
        for name in spec.get("lists", ()):
            values[name] = [v.strip() for v in tk.request.form.getlist(name) if v.strip()]
        data = dict(non_empty(values), number=report["number"])
        try:
            call(spec["action"], data)
        except tk.ValidationError as e:
            return self._render(self._report(number), form, values, _messages(e), 400)
        except (tk.NotAuthorized, tk.ObjectNotFound) as e:
            return self._render(self._report(number), form, values, _denied(e), 403)
        done = spec["done"]
        tk.h.flash_success(tk._(done))
        return tk.redirect_to("suara.report_read", number=report["number"])


suara.add_url_rule("/admin/<number>", view_func=OfficerReportView.as_view("report_read"),
                   methods=["GET", "POST"])


@suara.route("/admin/<number>/lampiran/<attachment_id>")
def attachment_download(number: str, attachment_id: str):
    """An attachment of a report, for the officers who may see the report (the file must be
    among the ``attachments`` their ``suara_report_show`` lists); always a download, never
    shown inline."""
    report = OfficerReportView()._report(number)
    if attachment_id not in {a["id"] for a in report.get("attachments") or ()}:
        tk.abort(404, tk._("Lampiran tidak ditemukan."))
    found = attachments.file_of(attachment_id)
    if found is None:
        tk.abort(404, tk._("Lampiran tidak ditemukan."))
    path, content_type, filename = found
    response = send_file(path, mimetype=content_type, as_attachment=True,
                         download_name=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

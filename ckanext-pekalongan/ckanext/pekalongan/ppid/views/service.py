"""Pages of issue #15 items 6-8, Blueprint ``ppid_service`` (under ``/ppid``): the
Standar Layanan page and its editor, the printable blank forms, the dispute bundle (PDF and
ZIP) for the requester and for officers, the officers' dispute record form, the annual
report's exports (PDF, DOCX) and its narrative editor.

Views call actions and render; who may do what is decided by the actions' auth functions.
The requester reaches the bundle through the tracking grant of this browser session
(``casework/ui_state.py``): the tracking code is never in a URL.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response
from flask.views import MethodView

from ckanext.pekalongan.casework.web import (
    NO_STORE,
    Redirect,
    call,
    csrf_protect,
    follow_redirect,
    form_values,
)
from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import service_pdf, service_standard
from ckanext.pekalongan.ppid.views.common import notice_pdf_response, tracking_code

ppid_service = Blueprint("ppid_service", __name__, url_prefix="/ppid")
ppid_service.before_request(csrf_protect)
ppid_service.register_error_handler(Redirect, follow_redirect)


@ppid_service.before_request
def _uncacheable() -> None:
    tk.request.environ["__no_cache__"] = True  # CKAN's cache headers stay private


@ppid_service.after_request
def _no_store(response: Response) -> Response:
    """Bundles and officers' pages hold personal data: never cached."""
    response.headers["Cache-Control"] = NO_STORE
    response.headers.pop("Pragma", None)
    return response


def _label(vocabulary: str, code) -> str:
    return ppid_helpers.pekalongan_ppid_label(vocabulary, code)


def _date(value) -> str:
    return ppid_helpers.pekalongan_ppid_date(value) if value else "-"


def _letterhead() -> str:
    return tk._("PPID Kabupaten Pekalongan")


def _file(body: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    })


# --- Standar Layanan -----------------------------------------------------------------------

def _standard_headings() -> dict[str, str]:
    return {
        "maklumat": tk._("Service pledge (maklumat pelayanan)"),
        "sop": tk._("Steps of the service (SOP)"),
        "fees": tk._("Fees"),
        "hours": tk._("Service hours"),
        "addresses": tk._("Addresses"),
    }


@ppid_service.route("/standar-layanan")
def standard():
    shown = call("ppid_service_standard_show", {})
    can_edit = ppid_helpers_can("ppid_service_standard_update")
    return tk.render("ppid/service_standard.html", {
        "sections": shown["sections"], "headings": _standard_headings(),
        "order": service_standard.STANDARD_SECTIONS, "can_edit": can_edit,
    })


def ppid_helpers_can(action: str, data: dict | None = None) -> bool:
    from ckanext.pekalongan.ppid.views.common import can

    return can(action, data)


class StandardEditView(MethodView):
    def _guard(self) -> None:
        if not ppid_helpers_can("ppid_service_standard_update"):
            tk.abort(403, tk._("Only PPID Utama may do this."))

    def _render(self, values: dict, errors: dict, status: int = 200):
        return tk.render("ppid/admin/service_standard_edit.html", {
            "values": values, "errors": errors, "headings": _standard_headings(),
            "order": service_standard.STANDARD_SECTIONS,
        }), status

    def get(self):
        self._guard()
        shown = call("ppid_service_standard_show", {})
        return self._render({k: v["body"] for k, v in shown["sections"].items()}, {})

    def post(self):
        self._guard()
        values = {k: tk.request.form.get(k, "") for k in service_standard.STANDARD_SECTIONS}
        try:
            call("ppid_service_standard_update", values)
        except tk.ValidationError as e:
            return self._render(values, e.error_dict, status=400)
        tk.h.flash_success(tk._("The service standard was saved."))
        return tk.redirect_to("ppid_service.standard")


ppid_service.add_url_rule("/admin/standar-layanan",
                          view_func=StandardEditView.as_view("standard_edit"),
                          methods=["GET", "POST"])


# --- blank forms ---------------------------------------------------------------------------


def _form_notes() -> list[str]:
    return [
        tk._("Legal basis: UU 14/2008 Pasal 22 and 35-36; Perki 1/2021 (Standar Layanan "
             "Informasi Publik)."),
        tk._("The service is free of charge; only the cost of copies and postage is paid."),
    ]


@ppid_service.route("/formulir/permohonan.pdf")
def request_form_pdf():
    body = service_pdf.blank_form({
        "letterhead": _letterhead(),
        "title": tk._("Request for public information form"),
        "subtitle": tk._("Registration number (filled in by the officer): ..............."),
        "fields": [
            tk._("Name"), tk._("NIK (16 digits) or legal entity decree number"),
            tk._("Address"), tk._("Phone"), tk._("E-mail"),
            tk._("Information requested"), tk._("Purpose of use"),
            tk._("How to obtain the information (see, read, hear, note, soft copy, hard "
                 "copy)"),
            tk._("How to receive it (collect, courier, post, fax, e-mail)"),
            tk._("Power of attorney (if represented)"),
            tk._("Date and signature of the requester"),
        ],
        "notes": _form_notes(),
    })
    return _file(body, "application/pdf", "formulir-permohonan-informasi.pdf", inline=True)


@ppid_service.route("/formulir/keberatan.pdf")
def objection_form_pdf():
    body = service_pdf.blank_form({
        "letterhead": _letterhead(),
        "title": tk._("Objection form (keberatan)"),
        "subtitle": tk._("To the Atasan PPID Kabupaten Pekalongan"),
        "fields": [
            tk._("Registration number of the request"), tk._("Name"), tk._("Address"),
            tk._("Phone / e-mail"), tk._("Information requested"), tk._("Purpose of use"),
            tk._("Grounds of objection (UU 14/2008 Pasal 35(1) a-g)"),
            tk._("Reasons"), tk._("Date and signature of the requester"),
        ],
        "notes": _form_notes(),
    })
    return _file(body, "application/pdf", "formulir-keberatan.pdf", inline=True)


# --- the dispute bundle ------------------------------------------------------------------


def _bundle(ticket: str, code: str | None) -> dict:
    data = {"ticket": ticket}
    if code:
        data["tracking_code"] = code
    try:
        return call("ppid_dispute_bundle_show", data, ppid_file_path=True)
    except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized):
        tk.abort(404, tk._("There is no dispute bundle for this request."))


def _requester_bundle(ticket: str) -> dict:
    code = tracking_code(ticket)
    if not code:
        tk.abort(404, tk._("There is no dispute bundle for this request."))
    return _bundle(ticket, code)


def bundle_document(b: dict) -> dict:
    """The bundle's PDF structure (translated) from ``ppid_dispute_bundle_show``."""
    req, obj = b["request"], b["objection"]
    requester_rows = [
        [tk._("Field"), tk._("Value")],
        [tk._("Name"), req.get("name")],
        [tk._("Requester type"), _label("requester_type", req.get("requester_type"))],
        [tk._("NIK"), req.get("nik") or "-"],
        [tk._("Legal entity decree"), req.get("legal_entity_decree") or "-"],
        [tk._("Address"), req.get("address")],
        [tk._("Phone"), req.get("phone") or "-"],
        [tk._("E-mail"), req.get("email") or "-"],
    ]
    request_rows = [
        [tk._("Field"), tk._("Value")],
        [tk._("Registration number"), req["ticket"]],
        [tk._("Received"), _date(req.get("received_on"))],
        [tk._("Channel"), _label("channel", req.get("channel"))],
        [tk._("Information requested"), req.get("information")],
        [tk._("Purpose of use"), req.get("purpose")],
        [tk._("How to obtain"), ", ".join(_label("how_to_obtain", c)
                                        for c in req.get("how_to_obtain") or ())],
        [tk._("How to receive"), _label("how_to_receive", req.get("how_to_receive"))],
    ]
    notice_rows = [
        [tk._("Field"), tk._("Value")],
        [tk._("Status"), _label("status", req.get("status"))],
        [tk._("Decision"), _label("decision", req.get("decision")) or "-"],
        [tk._("Notice date"), _date(req.get("decided_on"))],
        [tk._("Exemption grounds"), ", ".join(req.get("exemption_grounds") or ()) or "-"],
        [tk._("Extended"), tk._("yes") if req.get("extended") else tk._("no")],
        [tk._("Reason for the extension"), req.get("extension_reason") or "-"],
    ]
    objection_rows = [[tk._("Number"), tk._("Filed"), tk._("Grounds"), tk._("Status"),
                       tk._("Answer")]]
    for o in b["objections"]:
        objection_rows.append([
            o["number"], _date(o.get("filed_on")),
            ", ".join(_label("pasal35", g) for g in o.get("grounds") or ()),
            _label("objection_status", o.get("status")),
            _label("outcome", o.get("outcome")) or "-",
        ])
    if b["unanswered"]:
        answer = [tk._(
            "No answer came: the Atasan PPID's answer was due on %(due)s (30 working days "
            "after the objection, UU 14/2008 Pasal 36(2)); as of %(today)s none is recorded "
            "in the register of objections. The audit trail below lists every recorded "
            "step of the objection."
        ) % {"due": _date(obj.get("due_date")), "today": _date(b["generated_on"])}]
    else:
        answer = [
            tk._("Outcome: %(outcome)s") % {"outcome": _label("outcome", obj.get("outcome"))},
            tk._("Date: %(date)s") % {"date": _date(obj.get("decided_on"))},
            tk._("Signed by: %(name)s, %(position)s") % {
                "name": obj.get("atasan_name") or "-",
                "position": obj.get("atasan_position") or "-"},
            tk._("Reasons: %(reasons)s") % {"reasons": obj.get("decision_reasons") or "-"},
        ]
    steps = [[tk._("Date"), tk._("Step"), tk._("Rule"), tk._("How the date was computed")]]
    for s in b["steps"]:
        label = s["label"] + (" (" + tk._("late") + ")" if s["late"] else "")
        steps.append([s["date"], label, s["article"], s["explanation"]])
    events = [[tk._("Time"), tk._("Event"), tk._("By")]]
    for e in b["events"]:
        events.append([e["at"][:16].replace("T", " "), _label("event", e["action"]),
                       _label("actor", e["actor"]) if e["actor"] in ("requester", "system",
                                                                     "officer")
                       else e["actor"]])
    docs = [[tk._("File"), tk._("Kind"), "SHA-256"]]
    for d in b["documents"]:
        docs.append([d["filename"], _label("document_kind", d["kind"]), d["sha256"][:16]])
    return {
        "letterhead": _letterhead(),
        "title": tk._("Dispute bundle for the Komisi Informasi Provinsi Jawa Tengah"),
        "subtitle": tk._("Request %(ticket)s, objection %(number)s, prepared on %(date)s") % {
            "ticket": req["ticket"], "number": obj["number"], "date": _date(b["generated_on"])},
        "sections": [
            {"heading": tk._("1. Requester (personal data: for the requester, the PPID and "
                             "the Komisi Informasi only)"),
             "table": {"rows": requester_rows}},
            {"heading": tk._("2. The request and its receipt"), "table": {"rows": request_rows}},
            {"heading": tk._("3. Written notice and extension"),
             "table": {"rows": notice_rows}},
            {"heading": tk._("4. Objections"), "table": {"rows": objection_rows},
             "paragraphs": [tk._("Reasons of objection %(number)s: %(reasons)s") % {
                 "number": obj["number"], "reasons": obj.get("reasons") or "-"}]},
            {"heading": tk._("5. The Atasan PPID's answer"), "paragraphs": answer},
            {"heading": tk._("6. Timeline and deadlines"),
             "paragraphs": [tk._(
                 "Counting: the day of receipt is day 0; a deadline is the end of the N-th "
                 "working day after it (Monday-Friday without national holidays), with the "
                 "holiday calendar stored when each clock started (version %(version)s).")
                 % {"version": req.get("calendar_version")}],
             "table": {"rows": steps}},
            {"heading": tk._("7. Audit trail"), "table": {"rows": events}},
            {"heading": tk._("8. Attachments (in the ZIP)"), "table": {"rows": docs}},
        ],
        "footer": [tk._(
            "Generated by the PPID service of Kabupaten Pekalongan from its registers. The "
            "dispute is filed with the Komisi Informasi Provinsi Jawa Tengah within 14 "
            "working days (UU 14/2008 Pasal 37(2)).")],
    }


def bundle_zip(b: dict) -> bytes:
    pdf = service_pdf.document(bundle_document(b))
    ticket = b["request"]["ticket"]
    entries: list[tuple[str, bytes | str]] = [(f"berkas-sengketa-{ticket}.pdf", pdf)]
    listing = [tk._("Dispute bundle %(ticket)s") % {"ticket": ticket}, "",
               f"berkas-sengketa-{ticket}.pdf"]
    if b["request"].get("status") == "decided":
        notice = notice_pdf_response(b["request"]).get_data()
        entries.append((f"pemberitahuan-tertulis-{ticket}.pdf", notice))
        listing.append(f"pemberitahuan-tertulis-{ticket}.pdf")
    for d in b["documents"]:
        entries.append((f"lampiran/{d['filename']}", d["file_path"]))
        listing.append(f"lampiran/{service_pdf.safe_name(d['filename'])}  sha256={d['sha256']}")
    return service_pdf.bundle_zip(entries, "\n".join(listing) + "\n")


@ppid_service.route("/lacak/<ticket>/sengketa.pdf")
def track_bundle_pdf(ticket: str):
    b = _requester_bundle(ticket)
    body = service_pdf.document(bundle_document(b))
    return _file(body, "application/pdf", f"berkas-sengketa-{b['request']['ticket']}.pdf")


@ppid_service.route("/lacak/<ticket>/sengketa.zip")
def track_bundle_zip(ticket: str):
    b = _requester_bundle(ticket)
    return _file(bundle_zip(b), "application/zip",
                 f"berkas-sengketa-{b['request']['ticket']}.zip")


@ppid_service.route("/admin/<ticket>/sengketa.pdf")
def officer_bundle_pdf(ticket: str):
    b = _bundle(ticket, None)
    body = service_pdf.document(bundle_document(b))
    return _file(body, "application/pdf", f"berkas-sengketa-{b['request']['ticket']}.pdf")


@ppid_service.route("/admin/<ticket>/sengketa.zip")
def officer_bundle_zip(ticket: str):
    b = _bundle(ticket, None)
    return _file(bundle_zip(b), "application/zip",
                 f"berkas-sengketa-{b['request']['ticket']}.zip")


DISPUTE_FIELDS = ("status", "registered_on", "register_number", "mediation_on",
                  "adjudication_on", "outcome", "decided_on", "decision_number", "notes")


class DisputeView(MethodView):
    """The officers' record of the dispute at the Komisi Informasi."""

    def _shown(self, ticket: str) -> dict:
        try:
            shown = call("ppid_dispute_show", {"ticket": ticket})
        except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized):
            tk.abort(404, tk._("No request matches this ticket and tracking code."))
        if not shown["eligible"] or not ppid_helpers_can("ppid_dispute_record",
                                                         {"ticket": ticket}):
            tk.abort(404, tk._("There is no dispute bundle for this request."))
        return shown

    def _render(self, shown: dict, values: dict, errors: dict, status: int = 200):
        return tk.render("ppid/admin/dispute.html", {
            "shown": shown, "values": values, "errors": errors,
        }), status

    def get(self, ticket: str):
        shown = self._shown(ticket)
        values = dict(shown["dispute"] or {"status": "registered"})
        return self._render(shown, values, {})

    def post(self, ticket: str):
        shown = self._shown(ticket)
        values = form_values(DISPUTE_FIELDS)
        data = {k: v for k, v in values.items() if v}
        data["ticket"] = shown["ticket"]
        try:
            call("ppid_dispute_record", data)
        except tk.ValidationError as e:
            return self._render(shown, values, e.error_dict, status=400)
        tk.h.flash_success(tk._("The dispute was recorded."))
        return tk.redirect_to("ppid_service.dispute", ticket=shown["ticket"])


ppid_service.add_url_rule("/admin/<ticket>/sengketa", view_func=DisputeView.as_view("dispute"),
                          methods=["GET", "POST"])


# --- the annual report ---------------------------------------------------------------------


def _report_headings() -> dict[str, str]:
    return {
        "policy": tk._("General service policy"),
        "facilities": tk._("Facilities"),
        "staff": tk._("Staff"),
        "budget": tk._("Budget"),
        "obstacles": tk._("Internal and external obstacles"),
        "recommendations": tk._("Recommendations and follow-up plan"),
    }


def report_document(report: dict) -> dict:
    """The annual report (Perki 1/2021 Pasal 56) as a titled document for PDF and DOCX."""
    n = report["narrative"]["sections"]
    heads = _report_headings()
    empty = tk._("(not written yet)")

    def text(key: str) -> list[str]:
        return [p for p in (n.get(key) or empty).split("\n\n") if p.strip()]

    r = report["requests"]
    figures = [[tk._("Figure"), tk._("Count")],
               [tk._("Requests received"), r["received"]],
               [tk._("Extended"), r["extended"]],
               [tk._("Still open"), r["pending"]]]
    figures += [[_label("decision", k), v] for k, v in sorted(r["by_decision"].items())]
    timing = [[tk._("Decision"), tk._("Count"), tk._("Average working days"),
               tk._("On time"), tk._("Late")]]
    for k, t in sorted(report["time_to_fulfil"].items()):
        timing.append([_label("decision", k), t["count"], t["average_working_days"],
                       t["on_time"], t["late"]])
    refusals = [[tk._("Pasal 17 ground"), tk._("Count")]]
    refusals += [[_label("pasal17", k), v] for k, v in sorted(report["refusals_by_ground"]
                                                                .items())]
    o = report["objections"]
    objections = [[tk._("Figure"), tk._("Count")], [tk._("Objections filed"), o["filed"]],
                  [tk._("Pending"), o["pending"]], [tk._("Answered late"), o["answered_late"]]]
    objections += [[_label("outcome", k), v] for k, v in sorted(o["by_outcome"].items())]
    d = report["disputes"]
    labels = dispute_labels()
    disputes = [[tk._("Figure"), tk._("Count")],
                [tk._("Disputes registered at the Komisi Informasi"), d["registered"]],
                [tk._("Still pending"), d["pending"]]]
    disputes += [[labels[k], v] for k, v in d["by_status"].items()]
    disputes += [[labels[k], v] for k, v in d["by_outcome"].items()]
    deflection = report.get("deflection")
    return {
        "letterhead": _letterhead(),
        "title": tk._("Annual report of the public information service %(year)s") % {
            "year": report["year"]},
        "subtitle": tk._("Perki 1/2021 Pasal 56; UU 14/2008 Pasal 12. Due by %(date)s.") % {
            "date": _date(report["narrative"]["submission_due"])},
        "sections": [
            {"heading": "A. " + heads["policy"], "paragraphs": text("policy")},
            {"heading": "B. " + tk._("Implementation of the service")},
            {"heading": "B.1 " + heads["facilities"], "paragraphs": text("facilities")},
            {"heading": "B.2 " + heads["staff"], "paragraphs": text("staff")},
            {"heading": "B.3 " + heads["budget"], "paragraphs": text("budget")},
            {"heading": "C. " + tk._("Requests for information"),
             "table": {"rows": figures}},
            {"heading": "C.1 " + tk._("Time to fulfil"), "table": {"rows": timing}},
            {"heading": "C.2 " + tk._("Refusals and their reasons"),
             "table": {"rows": refusals}},
            {"heading": "C.3 " + tk._("Requests answered from what was already published "
                                      "(\"Sudah tersedia?\")"),
             "paragraphs": [ppid_helpers.pekalongan_ppid_deflection_sentence(deflection)]},
            {"heading": "D. " + tk._("Objections and disputes"),
             "table": {"rows": objections}},
            {"heading": "D.1 " + tk._("Disputes at the Komisi Informasi and their outcomes"),
             "table": {"rows": disputes}},
            {"heading": "E. " + heads["obstacles"], "paragraphs": text("obstacles")},
            {"heading": "F. " + heads["recommendations"],
             "paragraphs": text("recommendations")},
        ],
        "footer": [tk._("Generated by the PPID service of Kabupaten Pekalongan.")],
    }


def dispute_labels() -> dict[str, str]:
    return {
        "registered": tk._("Registered"),
        "mediation": tk._("Mediation"),
        "adjudication": tk._("Adjudication"),
        "decided": tk._("Decided"),
        "granted": tk._("Decided: granted to the requester"),
        "refused": tk._("Decided: refused"),
        "partly": tk._("Decided: granted in part"),
    }


def _report(year: int) -> dict:
    try:
        return call("ppid_annual_report", {"year": year})
    except tk.ValidationError:
        tk.abort(404, tk._("No report for this year."))


@ppid_service.route("/laporan/<int:year>.pdf")
def report_pdf(year: int):
    body = service_pdf.document(report_document(_report(year)))
    return _file(body, "application/pdf", f"laporan-layanan-informasi-{year}.pdf")


@ppid_service.route("/laporan/<int:year>.docx")
def report_docx(year: int):
    body = service_pdf.docx(report_document(_report(year)))
    return _file(body, "application/vnd.openxmlformats-officedocument.wordprocessingml."
                 "document", f"laporan-layanan-informasi-{year}.docx")


class ReportEditView(MethodView):
    FIELDS = service_standard.REPORT_SECTIONS

    def _guard(self) -> None:
        if not ppid_helpers_can("ppid_annual_report_update"):
            tk.abort(403, tk._("Only PPID Utama may do this."))

    def _render(self, year: int, values: dict, errors: dict, narrative: dict,
                status: int = 200):
        return tk.render("ppid/admin/report_edit.html", {
            "year": year, "values": values, "errors": errors, "headings": _report_headings(),
            "order": self.FIELDS, "narrative": narrative,
        }), status

    def get(self, year: int):
        self._guard()
        report = _report(year)
        return self._render(year, dict(report["narrative"]["sections"]), {},
                            report["narrative"])

    def post(self, year: int):
        self._guard()
        values = {k: tk.request.form.get(k, "") for k in self.FIELDS}
        data: dict = {"year": year, **values}
        if tk.request.form.get("submitted_on", "").strip():
            data["submitted_on"] = tk.request.form["submitted_on"].strip()
        try:
            call("ppid_annual_report_update", data)
        except tk.ValidationError as e:
            return self._render(year, values, e.error_dict, _report(year)["narrative"],
                                status=400)
        tk.h.flash_success(tk._("The annual report was saved."))
        return tk.redirect_to("ppid.annual_report", tahun=year)


ppid_service.add_url_rule("/admin/laporan/<int:year>",
                          view_func=ReportEditView.as_view("report_edit"),
                          methods=["GET", "POST"])

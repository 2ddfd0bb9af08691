"""The pages of the two standing registers (issue #15 items 1, 2, 5). Blueprint
``ppid_registers`` under ``/ppid``:

* public: ``/ppid/dip`` (search, filters OPD / category / year, "last updated" per OPD,
  export ``/ppid/dip.xlsx`` and ``/ppid/dip.pdf`` in the Komisi Informasi's layout), an
  entry ``/ppid/dip/<number>`` and its document, ``/ppid/dik`` (without internal notes);
  ``/ppid/tersedia/<kind>/<ref>``: a suggestion of the request form opened (counted,
  anonymously) and followed;
* officers: ``/ppid/admin/dip`` and ``/ppid/admin/dik`` (their OPDs' entries, drafts too),
  the forms to add (``.../baru``) and edit (``.../<number>``) an entry.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import session
from flask import Blueprint, Response, send_file
from flask.views import MethodView

from ckanext.pekalongan.casework.web import (
    Redirect,
    call,
    csrf_protect,
    follow_redirect,
    form_values,
    make_pager,
    page_number,
)
from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import register_export, registers
from ckanext.pekalongan.ppid import register_store as rs
from ckanext.pekalongan.ppid.views.common import stash, take, uploaded_file

ppid_registers = Blueprint("ppid_registers", __name__, url_prefix="/ppid")
ppid_registers.before_request(csrf_protect)
ppid_registers.register_error_handler(Redirect, follow_redirect)

PAGE_SIZE = 50
EXPORT_LIMIT = 5000
FORM_TTL = 2 * 3600
OPENED_FLAG = "ppid_suggestion_opened"

DIP_FIELDS = ("org", "category", "summary", "holder", "responsible", "made_on", "made_place",
              "retention", "link_type", "dataset", "resource")
DIK_FIELDS = ("org", "summary", "legal_basis", "consequence", "public_interest",
              "exempt_until", "decided_by_name", "decided_by_position", "decided_on",
              "internal_notes")


def _filters(kind: str) -> tuple[dict, dict]:
    """(the page's filters as typed, the action's parameters)."""
    args = tk.request.args
    shown = {"q": args.get("q", "").strip()[:200], "opd": args.get("opd", "").strip()[:200],
             "tahun": args.get("tahun", "").strip()[:10]}
    if kind == rs.KIND_DIP:
        shown["kategori"] = args.get("kategori", "").strip()[:40]
    else:
        shown["pasal"] = args.get("pasal", "").strip()[:10]
    params = {"q": shown["q"], "org": shown["opd"], "year": shown["tahun"],
              "category": shown.get("kategori", ""), "ground": shown.get("pasal", "")}
    return shown, {k: v for k, v in params.items() if v}


def _list(kind: str, params: dict, limit: int, offset: int) -> tuple[dict, dict]:
    action = f"ppid_{kind}_entry_list"
    try:
        return call(action, dict(params, limit=limit, offset=offset)), {}
    except tk.ValidationError as e:
        return call(action, {"limit": limit, "offset": 0}), e.error_dict


def _public_list(kind: str):
    shown, params = _filters(kind)
    page = page_number()
    result, errors = _list(kind, params, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    endpoint = f"ppid_registers.{kind}_list"
    pager = make_pager(result["count"], page, PAGE_SIZE, endpoint, shown)
    opds = ppid_helpers.pekalongan_ppid_opds()
    titles = {o["value"]: o["text"] for o in opds}
    updated = sorted(((titles.get(org, org), when) for org, when in result["last_updated"]
                      .items()), key=lambda x: x[0])
    return tk.render(f"ppid/registers/{kind}_list.html", {
        "result": result, "filters": shown, "errors": errors, "pager": pager, "opds": opds,
        "last_updated": updated, "export_args": {k: v for k, v in shown.items() if v},
    })


@ppid_registers.route("/dip")
def dip_list():
    return _public_list(rs.KIND_DIP)


@ppid_registers.route("/dik")
def dik_list():
    return _public_list(rs.KIND_DIK)


def _export(fmt: str):
    shown, params = _filters(rs.KIND_DIP)
    result, _errors = _list(rs.KIND_DIP, params, EXPORT_LIMIT, 0)
    parts = [tk._("Kabupaten Pekalongan")]
    if params.get("org"):
        parts = [ppid_helpers.pekalongan_ppid_opd_title(params["org"],
                                                        ppid_helpers.pekalongan_ppid_opds())]
    if shown.get("kategori") in registers.CATEGORIES:
        parts.append(tk._(registers.CATEGORY_LABELS[shown["kategori"]]))
    if shown.get("tahun"):
        parts.append(shown["tahun"])
    subtitle = " - ".join(p for p in parts if p)
    if fmt == "xlsx":
        body = register_export.xlsx(result["results"], subtitle)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = register_export.pdf(result["results"], subtitle)
        mimetype = "application/pdf"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="daftar-informasi-publik.{fmt}"'})


@ppid_registers.route("/dip.xlsx")
def dip_xlsx():
    return _export("xlsx")


@ppid_registers.route("/dip.pdf")
def dip_pdf():
    return _export("pdf")


def _entry(kind: str, number: str, **context: Any) -> dict:
    try:
        return call(f"ppid_{kind}_entry_show", {"id": number[:100]}, **context)
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.abort(404, tk._("No DIP entry has this number.") if kind == rs.KIND_DIP
                 else tk._("No DIK entry has this number."))


@ppid_registers.route("/dip/<number>")
def dip_read(number: str):
    return tk.render("ppid/registers/dip_read.html", {"entry": _entry(rs.KIND_DIP, number)})


@ppid_registers.route("/dip/<number>/dokumen")
def dip_document(number: str):
    entry = _entry(rs.KIND_DIP, number, ppid_file_path=True)
    link = entry.get("link") or {}
    if link.get("type") != "document" or not entry.get("file_path"):
        tk.abort(404, tk._("Document not found."))
    return send_file(entry["file_path"], mimetype=link["content_type"], as_attachment=True,
                     download_name=link["filename"])


# --- "Sudah tersedia?": a suggestion of the request form opened ----------------------------


@ppid_registers.route("/tersedia/<kind>/<ref>")
def suggestion_open(kind: str, ref: str):
    """Count the opening (anonymous counters; the session remembers only that it opened
    one, so that filing afterwards is counted too) and go to the DIP entry or dataset. The
    target is built from the kind and the reference, never taken from the address."""
    ref = ref[:100]
    if kind == "dip":
        target = tk.h.url_for("ppid_registers.dip_read", number=_entry(rs.KIND_DIP, ref)
                              ["number"])
    elif kind == "dataset":
        try:
            pkg = call("package_show", {"id": ref})
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            tk.abort(404, tk._("Dataset not found"))
        target = tk.h.url_for("dataset.read", id=pkg["name"])
    else:
        tk.abort(404)
    if not session.get(OPENED_FLAG):
        session[OPENED_FLAG] = True
        session.modified = True
        rs.count(registers.OPENED_SESSIONS)
    rs.count(registers.OPENS)
    return tk.redirect_to(target)


def note_request_filed() -> None:
    """Called by the request form after a citizen filed: counted when this browser session
    had opened a suggestion before (then forgotten)."""
    if session.pop(OPENED_FLAG, None):
        session.modified = True
        rs.count(registers.FILED_AFTER_OPENING)


# --- officers ---------------------------------------------------------------------------------


def _require_editor() -> None:
    try:
        tk.check_access("ppid_dip_entry_create", {"user": tk.current_user.name}, {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only PPID officers of an OPD edit its DIP and DIK."))


def _admin_list(kind: str):
    _require_editor()
    shown, params = _filters(kind)
    params["include_drafts"] = True
    page = page_number()
    result, errors = _list(kind, params, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pager = make_pager(result["count"], page, PAGE_SIZE, f"ppid_registers.admin_{kind}_list",
                       shown)
    return tk.render("ppid/registers/admin_list.html", {
        "kind": kind, "result": result, "filters": shown, "errors": errors, "pager": pager,
        "opds": _editable_opds(),
    })


def _editable_opds() -> list[dict]:
    managed = rs.managed_org_ids({"user": tk.current_user.name})
    opds = ppid_helpers.pekalongan_ppid_opds()
    return opds if managed is None else [o for o in opds if o["value"] in managed]


@ppid_registers.route("/admin/dip")
def admin_dip_list():
    return _admin_list(rs.KIND_DIP)


@ppid_registers.route("/admin/dik")
def admin_dik_list():
    return _admin_list(rs.KIND_DIK)


class EntryFormView(MethodView):
    """Add (``number`` None) or edit an entry; ``form=delete`` deletes it. A one-time form
    id makes a second click of the same add form a no-op instead of a second entry."""

    def __init__(self, kind: str):
        self.kind = kind

    def _render(self, entry: dict | None, values: dict, errors: dict, status: int = 200):
        extra = {"kind": self.kind, "entry": entry, "values": values, "errors": errors,
                 "opds": _editable_opds(), "form_id": stash("1", FORM_TTL)}
        return tk.render(f"ppid/registers/{self.kind}_form.html", extra), status

    def _values_of(self, entry: dict) -> dict:
        values = {k: entry.get(k) for k in (DIP_FIELDS if self.kind == rs.KIND_DIP
                                              else DIK_FIELDS)}
        values["org"] = (entry.get("org") or {}).get("id")
        values["formats"] = entry.get("formats") or []
        values["grounds"] = entry.get("grounds") or []
        values["status"] = entry.get("status")
        link = entry.get("link") or {}
        values["link_type"] = entry.get("link_type") or link.get("type") or ""
        values["dataset"] = (link.get("dataset") or {}).get("name", "")
        values["resource"] = entry.get("resource_id") or ""
        values["version"] = entry.get("version")
        return values

    def get(self, number: str | None = None):
        _require_editor()
        if number is None:
            return self._render(None, {"status": registers.DRAFT, "formats": [],
                                       "grounds": []}, {})
        entry = _entry(self.kind, number)
        return self._render(entry, self._values_of(entry), {})

    def post(self, number: str | None = None):
        _require_editor()
        entry = _entry(self.kind, number) if number else None
        form = tk.request.form
        if form.get("form") == "delete" and entry is not None:
            try:
                call(f"ppid_{self.kind}_entry_delete", {"id": entry["id"]})
            except (tk.ObjectNotFound, tk.ValidationError):
                tk.abort(404)
            except tk.NotAuthorized as e:
                tk.abort(403, str(e))
            tk.h.flash_success(tk._("The entry was deleted."))
            return tk.redirect_to(f"ppid_registers.admin_{self.kind}_list")
        fields = DIP_FIELDS if self.kind == rs.KIND_DIP else DIK_FIELDS
        values: dict[str, Any] = form_values(fields)
        lists = ("formats",) if self.kind == rs.KIND_DIP else ("grounds",)
        for name in lists:
            values[name] = form.getlist(name)
        values["status"] = (registers.PUBLISHED if form.get("publish")
                            else registers.DRAFT)
        values["version"] = form.get("version", "").strip()
        data = {k: v for k, v in values.items() if not (entry is None and v in ("", []))}
        if not data.get("version"):
            data.pop("version", None)
        if self.kind == rs.KIND_DIP:
            upload = uploaded_file("upload")
            if upload is not None:
                data["upload"] = upload
            if not data.get("link_type"):
                data.pop("dataset", None)
                data.pop("resource", None)
        if entry is None and not take(form.get("form_id", "")[:100]):
            tk.h.flash_notice(tk._("This form was already sent: the entry is in the list."))
            return tk.redirect_to(f"ppid_registers.admin_{self.kind}_list")
        try:
            if entry is None:
                saved = call(f"ppid_{self.kind}_entry_create", data)
            else:
                saved = call(f"ppid_{self.kind}_entry_update", dict(data, id=entry["id"]))
        except tk.ValidationError as e:
            return self._render(entry, values, e.error_dict, status=400)
        except tk.NotAuthorized as e:
            return self._render(entry, values, {"org": [str(e) or tk._(
                "Only PPID Utama or the PPID of this OPD edit its registers.")]}, status=403)
        tk.h.flash_success(tk._("The entry %(number)s was saved.") % {"number":
                                                                        saved["number"]})
        return tk.redirect_to(f"ppid_registers.admin_{self.kind}_read", number=saved["number"])


for _kind in (rs.KIND_DIP, rs.KIND_DIK):
    ppid_registers.add_url_rule(
        f"/admin/{_kind}/baru", view_func=EntryFormView.as_view(f"admin_{_kind}_new",
                                                                kind=_kind),
        methods=["GET", "POST"])
    ppid_registers.add_url_rule(
        f"/admin/{_kind}/<number>", view_func=EntryFormView.as_view(f"admin_{_kind}_read",
                                                                    kind=_kind),
        methods=["GET", "POST"])

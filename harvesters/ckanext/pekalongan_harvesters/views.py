"""The harvest dashboard, ``/harvest-dashboard`` (one blueprint for the plugin)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

pekalongan_harvest = Blueprint("pekalongan_harvest", __name__)


def dashboard():
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        data = tk.get_action("pekalongan_harvest_dashboard")(
            context, {"organization": tk.request.args.get("organization") or None})
    except tk.NotAuthorized:
        if not context["user"]:
            return tk.redirect_to(tk.h.url_for("user.login", came_from=tk.request.path))
        return tk.abort(403, tk._("Only the staff of an OPD may see the harvest dashboard"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    return tk.render("pekalongan_harvest/dashboard.html", {"data": data})


def template(kind: str):
    """The daftar data template an OPD fills in (public: it holds no data)."""
    from ckanext.pekalongan_harvesters.template_workbook import (
        build_csv_template,
        build_template,
    )

    if kind == "csv":
        data, mimetype = build_csv_template(), "text/csv; charset=utf-8"
    else:
        data = build_template()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="templat_daftar_data.{kind}"'})


def _upload_choices() -> list[dict]:
    organizations = tk.get_action("organization_list_for_user")(
        {"user": tk.current_user.name, "ignore_auth": True},
        {"permission": "create_dataset", "include_dataset_count": False})
    return sorted(({"id": o["id"], "name": o["name"], "title": o.get("title") or o["name"]}
                   for o in organizations), key=lambda o: o["title"].lower())


def upload():
    """"Unggah buku kerja": an OPD's staff upload their filled-in daftar data workbook."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to(tk.h.url_for("user.login", came_from=tk.request.path))
    choices = _upload_choices()
    if not choices:
        return tk.abort(403, tk._("Only the staff of an OPD may upload its workbook"))
    errors: dict = {}
    chosen = tk.request.args.get("organization") or ""
    if tk.request.method == "POST":
        chosen = tk.request.form.get("organization") or ""
        try:
            result = tk.get_action("pekalongan_harvest_workbook_upload")(
                {"user": tk.current_user.name},
                {"organization": chosen, "upload": tk.request.files.get("upload")})
        except tk.ValidationError as error:
            errors = error.error_dict
        except tk.NotAuthorized:
            errors = {"organization": [tk._("Only the staff of this OPD may upload its workbook")]}
        else:
            if result["queued"]:
                tk.h.flash_success(tk._("Workbook uploaded; its harvest has been queued. The "
                                        "result shows on this dashboard in a few minutes."))
            else:
                tk.h.flash_notice(tk._("Workbook uploaded; a harvest of this source is already "
                                       "waiting or running and will read the new file."))
            return tk.redirect_to(tk.h.url_for("pekalongan_harvest.dashboard"))
    return tk.render("pekalongan_harvest/upload.html", {
        "organizations": choices, "chosen": chosen, "errors": errors,
        "max_mb": tk.config.get("ckanext.pekalongan.harvest.upload_max_mb")})


pekalongan_harvest.add_url_rule("/harvest-dashboard", view_func=dashboard,
                                endpoint="dashboard")
pekalongan_harvest.add_url_rule("/harvest-dashboard/unggah", view_func=upload,
                                endpoint="upload", methods=["GET", "POST"])
pekalongan_harvest.add_url_rule("/harvest-dashboard/templat_daftar_data.<any(xlsx, csv):kind>",
                                view_func=template, endpoint="template")


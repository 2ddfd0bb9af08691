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
        return tk.abort(403, tk._("Only OPD administrators may see the harvest dashboard"))
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


pekalongan_harvest.add_url_rule("/harvest-dashboard", view_func=dashboard,
                                endpoint="dashboard")
pekalongan_harvest.add_url_rule("/harvest-dashboard/templat_daftar_data.<any(xlsx, csv):kind>",
                                view_func=template, endpoint="template")


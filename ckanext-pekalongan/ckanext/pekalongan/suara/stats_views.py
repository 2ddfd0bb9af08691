"""The accountability pages of Suara Masyarakat (blueprint ``suara_stats``).

* ``/suara/statistik``: the figures per OPD for a year or a month (``tahun``, ``bulan``),
  public (``suara_stats``: counts only).
* ``/suara/statistik/unduh``: the monthly CSV/XLSX (``bulan=YYYY-MM``, ``format``,
  ``tabel=opd|laporan``) and the SP4N-LAPOR! JSON (``format=sp4n``) for officers
  (``suara_report_export`` decides who).
"""
from __future__ import annotations

import base64
import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

suara_stats = Blueprint("suara_stats", __name__, url_prefix="/suara/statistik")
blueprint = suara_stats

NO_STORE = "private, no-store"
TABLE_PARAM = {"opd": "opd", "laporan": "reports"}


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else "",
            "auth_user_obj": tk.current_user}


def _arg(name: str) -> str | None:
    value = request.args.get(name)
    return value.strip() if value and value.strip() else None


def _years(today_year: int) -> list[int]:
    return list(range(today_year, max(2024, today_year - 6) - 1, -1))


@suara_stats.route("")
@suara_stats.route("/")
def index():
    query = {"year": _arg("tahun"), "month": _arg("bulan")}
    query = {k: v for k, v in query.items() if v}
    errors: dict[str, list[str]] = {}
    try:
        data = tk.get_action("suara_stats")(_context(), query)
    except tk.ValidationError as error:
        errors = error.error_dict
        data = tk.get_action("suara_stats")(_context(), {})
    today_year = int(data["today"][:4])
    may_export = tk.h.check_access("suara_report_export", {"format": "csv"})
    may_sp4n = tk.h.check_access("suara_report_export", {"format": "sp4n"})
    export_month = (f"{data['year']:04d}-{data['month']:02d}" if data.get("month")
                    else (data["today"][:7] if data["year"] == today_year
                          else f"{data['year']:04d}-12"))
    return tk.render("suara/statistik.html", {
        "data": data, "errors": errors, "years": _years(today_year),
        "months": list(range(1, 13)), "may_export": may_export, "may_sp4n": may_sp4n,
        "export_month": export_month,
    })


@suara_stats.route("/unduh")
def download():
    request.environ["__no_cache__"] = True  # CKAN keeps our Cache-Control as it is
    fmt = _arg("format") or "csv"
    data_dict = {"month": _arg("bulan"), "format": fmt,
                 "table": TABLE_PARAM.get(_arg("tabel") or "opd", "invalid")}
    if fmt == "sp4n" and _arg("nomor"):
        data_dict["number"] = _arg("nomor")
    data_dict = {k: v for k, v in data_dict.items() if v}
    if fmt != "csv":
        data_dict.pop("table", None)
    try:
        result = tk.get_action("suara_report_export")(_context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Hanya petugas yang dapat mengunduh ekspor laporan."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Laporan tidak ditemukan."))
    except tk.ValidationError as error:
        messages = "; ".join(f"{field}: {', '.join(map(str, msgs))}"
                             for field, msgs in error.error_dict.items())
        return tk.abort(400, tk._("Permintaan unduhan tidak sah: {messages}").format(
            messages=messages))
    if result["encoding"] == "base64":
        body = base64.b64decode(result["content"])
    elif result["encoding"] == "json":
        body = json.dumps(result["content"], ensure_ascii=False, indent=2).encode("utf-8")
    else:
        body = result["content"].encode("utf-8")
    return Response(body, headers={
        "Content-Type": result["mimetype"],
        "Content-Disposition": f'attachment; filename="{result["filename"]}"',
        "Cache-Control": NO_STORE,
        "X-Content-Type-Options": "nosniff",
    })

"""Auth of the accountability actions (``suara_stats``, ``suara_report_export``).

* ``suara_stats``: anyone (counts only, no report is listed).
* ``suara_report_export``: officers (``suara/roles.py``). The pengelola and sysadmins export
  every report and the SP4N-LAPOR! structure; an OPD officer (editor/admin of an OPD)
  exports the CSV/XLSX of the reports routed to their OPDs. Anonymous visitors and plain
  members export nothing.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.suara import roles as suara_roles

__all__ = ["suara_stats", "suara_report_export"]


def roles(context: dict) -> suara_roles.Roles:
    return suara_roles.roles_for(context)


@tk.auth_allow_anonymous_access
def suara_stats(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def suara_report_export(context, data_dict):
    who = roles(context)
    if not who.officer:
        return {"success": False,
                "msg": tk._("Hanya petugas pengelola pengaduan dan petugas OPD yang dapat "
                            "mengekspor laporan.")}
    if (data_dict or {}).get("format") == "sp4n" and not who.manager:
        return {"success": False,
                "msg": tk._("Hanya pengelola pengaduan yang dapat mengekspor laporan untuk "
                            "SP4N-LAPOR!.")}
    return {"success": True}

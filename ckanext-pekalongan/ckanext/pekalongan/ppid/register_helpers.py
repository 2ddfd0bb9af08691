"""Template helpers of the DIP and DIK pages (presentation only; listed in ``helpers.py``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import registers, roles

LABELS: dict[str, Any] = {
    "category": registers.CATEGORY_LABELS,
    "format": registers.FORMAT_LABELS,
    "entry_status": registers.STATUS_LABELS,
    "exemption": registers.EXEMPTION_LABELS,
}


def pekalongan_ppid_register_label(vocabulary: str, code: Any) -> str:
    """The translated label of a DIP/DIK code (category, format, entry_status, exemption)."""
    label = LABELS.get(vocabulary, {}).get(code) if code else None
    return tk._(label) if label else (str(code) if code else "")


def pekalongan_ppid_register_choices(vocabulary: str) -> list[dict[str, str]]:
    return [{"value": k, "text": tk._(v)} for k, v in LABELS[vocabulary].items()]


def pekalongan_ppid_dik_choices(req: dict) -> list[dict[str, str]]:
    """The published, still running DIK entries a refusal of ``req`` may cite: those of the
    OPD handling it and of PPID Utama's organization (the regency's)."""
    context = {"user": tk.current_user.name if tk.current_user else ""}
    try:
        found = tk.get_action("ppid_dik_entry_list")(context, {"limit": 1000})
    except (tk.ValidationError, tk.NotAuthorized):
        return []
    handling = ((req.get("routed_org") or {}).get("id")
                or (req.get("target_org") or {}).get("id"))
    utama = roles.get_org(roles.utama_org_name())
    allowed = {handling, utama.id if utama else None} - {None}
    out = []
    for e in found["results"]:
        if e["exemption_state"] == registers.EXEMPTION_ENDED:
            continue
        if handling and (e["org"] or {}).get("id") not in allowed:
            continue
        text = f"{e['number']} ({', '.join(e['grounds'])}): {(e['summary'] or '')[:80]}"
        out.append({"value": e["number"], "text": text})
    return out

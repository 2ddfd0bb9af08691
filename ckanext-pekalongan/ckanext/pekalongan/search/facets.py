"""The facets of the dataset search and how their values are shown.

Facet titles are English msgids translated by the ``ckanext-pekalongan`` catalogue (so
the Indonesian interface shows "Topik", "Kecamatan", ...). Values of the scheming select
fields (``topik``, ``frekuensi``, ``status_verifikasi``) are shown with their schema labels
in the user's language, area codes with the area's name.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.satudata import kode_wilayah_choices

__all__ = ["facet_titles", "label_facets", "CHOICE_FIELDS"]

# Facets whose values are the choices of a scheming select field of the dataset schema.
CHOICE_FIELDS = ("topik", "frekuensi", "status_verifikasi")


def facet_titles() -> OrderedDict[str, str]:
    """Facet field -> title, in the order shown on the search page."""
    _ = tk._
    return OrderedDict([
        ("organization", _("Agency (OPD)")),
        ("topik", _("Topic")),
        ("kode_wilayah", _("Kecamatan")),
        ("tahun", _("Year")),
        ("res_format", _("Formats")),
        ("frekuensi", _("Frequency")),
        ("status_verifikasi", _("Verification")),
    ])


def _language_text(label: Any) -> str:
    if not isinstance(label, dict):
        return str(label)
    try:
        return tk.h.scheming_language_text(label)
    except (RuntimeError, AttributeError, TypeError):  # no request, or scheming missing
        return str(label.get(tk.config.get("ckan.locale_default"), next(iter(label.values()))))


def _choice_labels(dataset_type: str) -> dict[str, dict[str, Any]]:
    try:
        schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    except (RuntimeError, AttributeError):
        return {}
    fields = {f["field_name"]: f for f in schema.get("dataset_fields", [])}
    return {
        name: {str(c["value"]): c.get("label", c["value"]) for c in fields[name]["choices"]}
        for name in CHOICE_FIELDS
        if "choices" in fields.get(name, {})
    }


def label_facets(search_results: dict[str, Any], dataset_type: str = "dataset") -> None:
    """``after_dataset_search``: set ``display_name`` of our facets' items in place."""
    facets = search_results.get("search_facets") or {}
    wanted = [f for f in (*CHOICE_FIELDS, "kode_wilayah") if facets.get(f, {}).get("items")]
    if not wanted:
        return
    labels = _choice_labels(dataset_type)
    labels["kode_wilayah"] = {c["value"]: c["label"] for c in kode_wilayah_choices()}
    for field in wanted:
        for item in facets[field]["items"]:
            label = labels.get(field, {}).get(item["name"])
            if label is not None:
                item["display_name"] = _language_text(label)

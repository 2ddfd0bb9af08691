"""Validators of the Kabar Pembangunan schema (``schemas/kabar.yaml``): a safe markdown
body and links to public datasets and indicators. The rules are in ``theme/kabar.py``."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import kabar

__all__ = [
    "pekalongan_kabar_body",
    "pekalongan_kabar_datasets",
    "pekalongan_kabar_indicators",
    "pekalongan_json_list",
]


def pekalongan_kabar_body(value: Any) -> Any:
    """The body of a post: markdown without HTML or script links."""
    if value is tk.missing or value is None:
        return value
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Must be text."))
    problem = kabar.body_problem(value)
    if problem:
        raise tk.Invalid(tk._(problem).format(max=kabar.BODY_MAX_CHARS))
    return value.strip()


def _linked(key, data, errors, context, indicator: bool) -> None:
    value = data.get(key)
    if value is tk.missing or value is None:
        data[key] = "[]"
        return
    names = kabar.linked_names(value)
    if names is None:
        errors[key].append(tk._("Must be a list of dataset names."))
        return
    if len(names) > kabar.LINKS_MAX:
        errors[key].append(tk._("At most {max} linked datasets.").format(max=kabar.LINKS_MAX))
        return
    found: list[str] = []
    for name in names:
        pkg = _public_dataset(name, context) if kabar.valid_name(name) else None
        if pkg is None:
            errors[key].append(
                tk._("Dataset “{name}” does not exist or is not public.").format(name=name[:100]))
            continue
        if indicator and not pkg.get("indikator_capaian"):
            errors[key].append(
                tk._("Dataset “{name}” is not a development indicator.").format(name=name))
            continue
        if pkg["name"] not in found:
            found.append(pkg["name"])
    data[key] = json.dumps(found)


def _public_dataset(name: str, context) -> dict[str, Any] | None:
    """The public, active dataset (not a post) named ``name``, seen as an anonymous
    visitor sees it, or None."""
    try:
        pkg = tk.get_action("package_show")(
            {"ignore_auth": False, "user": "", "model": context.get("model")},
            {"id": name})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    if pkg.get("private") or pkg.get("state") != "active" or pkg.get("type") != "dataset":
        return None
    return pkg


def pekalongan_kabar_datasets(key, data, errors, context) -> None:
    """``dataset_terkait``: the public datasets a post is about (names, stored as JSON)."""
    _linked(key, data, errors, context, indicator=False)


def pekalongan_kabar_indicators(key, data, errors, context) -> None:
    """``indikator_terkait``: the public development indicators a post is about."""
    _linked(key, data, errors, context, indicator=True)


def pekalongan_json_list(value: Any) -> list[str]:
    """Output validator: a JSON list stored as text back into a list."""
    if isinstance(value, list):
        return value
    try:
        found = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return [v for v in found if isinstance(v, str)] if isinstance(found, list) else []

"""Pages of the search plugin (blueprint ``pekalongan_search``): the walidata's concept
pairs and zero-result report (sysadmins), and the click address of the search results."""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint
from flask.views import MethodView

from ckanext.pekalongan.casework.web import csrf_protect

__all__ = ["pekalongan_search"]

pekalongan_search = Blueprint("pekalongan_search", __name__)
pekalongan_search.before_request(csrf_protect)

_DATASET_NAME = re.compile(r"[a-z0-9_-]{2,100}")


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _call(action: str, data: dict) -> Any:
    return tk.get_action(action)(_context(), data)


def _require(action: str) -> None:
    try:
        tk.check_access(action, _context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only a sysadmin (walidata) may do this"))


def click(token: str):
    """A result link of a logged search: mark the search as followed by a click, then go
    to the dataset. Only a dataset name is accepted as the destination (no open redirect);
    a forged token goes to the dataset all the same, without marking anything."""
    name = tk.request.args.get("ke", "")
    _call("pekalongan_search_query_clicked", {"token": token})
    if not _DATASET_NAME.fullmatch(name):
        return tk.redirect_to("dataset.search")
    return tk.redirect_to("dataset.read", id=name)


def _flash_push(result: dict[str, Any]) -> None:
    if result.get("applied"):
        tk.h.flash_success(tk._("Applied to the search engine."))
        return
    message = tk._("Saved, but not applied to the search engine yet: {error}.").format(
        error=result.get("apply_error"))
    if result.get("queued"):
        message += " " + tk._("A retry is queued.")
    else:
        message += " " + tk._("Press “Apply again” later.")
    tk.h.flash_error(message)


class SynonymsView(MethodView):
    """The concept pairs: the list, the form (pre-filled from ``?istilah=``), apply."""

    def _render(self, values: dict[str, str], errors: dict[str, list[str]]):
        pairs = _call("pekalongan_search_synonym_list", {})
        status = _call("pekalongan_search_synonym_status", {})
        return tk.render("pekalongan_search/synonyms.html", extra_vars={
            "pairs": pairs, "status": status, "values": values, "errors": errors})

    def get(self):
        _require("pekalongan_search_synonym_list")
        term = " ".join(tk.request.args.get("istilah", "").split())[:100]
        return self._render({"term_a": term, "term_b": ""}, {})

    def post(self):
        _require("pekalongan_search_synonym_create")
        values = {k: tk.request.form.get(k, "") for k in ("term_a", "term_b")}
        try:
            result = _call("pekalongan_search_synonym_create", values)
        except tk.ValidationError as e:
            return self._render(values, e.error_dict), 409
        tk.h.flash_success(tk._("Concept pair saved: {a} ↔ {b}.").format(
            a=result["term_a"], b=result["term_b"]))
        _flash_push(result)
        return tk.redirect_to("pekalongan_search.synonyms")


def delete(pair_id: int):
    _require("pekalongan_search_synonym_delete")
    try:
        result = _call("pekalongan_search_synonym_delete", {"id": pair_id})
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Concept pair not found"))
    tk.h.flash_success(tk._("Concept pair deleted."))
    _flash_push(result)
    return tk.redirect_to("pekalongan_search.synonyms")


def apply():
    _require("pekalongan_search_synonym_sync")
    _flash_push(_call("pekalongan_search_synonym_sync", {"force": True}))
    return tk.redirect_to("pekalongan_search.synonyms")


def missed():
    """The most frequent searches that found nothing or were followed by no click."""
    _require("pekalongan_search_missed_queries")
    days = tk.request.args.get("hari") or "30"
    try:
        report = _call("pekalongan_search_missed_queries", {"days": days, "limit": 100})
    except tk.ValidationError:
        days = "30"
        report = _call("pekalongan_search_missed_queries", {"days": days, "limit": 100})
    return tk.render("pekalongan_search/missed.html", extra_vars={
        "report": report, "days": days,
        "retention": tk.config.get("ckanext.pekalongan.search.query_log.retention_days")})


pekalongan_search.add_url_rule("/cari/buka/<token>", view_func=click)
pekalongan_search.add_url_rule("/ckan-admin/sinonim",
                               view_func=SynonymsView.as_view("synonyms"))
pekalongan_search.add_url_rule("/ckan-admin/sinonim/<int:pair_id>/hapus",
                               view_func=delete, methods=["POST"])
pekalongan_search.add_url_rule("/ckan-admin/sinonim/terapkan", view_func=apply,
                               methods=["POST"])
pekalongan_search.add_url_rule("/ckan-admin/pencarian-nihil", view_func=missed)

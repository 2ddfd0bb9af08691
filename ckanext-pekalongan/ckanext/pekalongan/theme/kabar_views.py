"""Pages of Kabar Pembangunan (the OPDs' news posts, datasets of type ``kabar``):

* ``/kabar``: the posts, newest first (``?organization=<name>`` for one OPD's, ``?page=``);
* ``/kabar/<name>``: one post, with its picture and the datasets and indicators it is
  about. This blueprint is registered before CKAN's ``kabar`` type blueprint, so its page
  wins over the generic dataset page; CKAN's ``/kabar/new``, ``/kabar/edit/<name>`` and
  ``/kabar/<name>/resource/new`` (the picture) keep serving the forms;
* ``/dataset/<post>`` sends to ``/kabar/<post>``, ``/dataset/<post>.ttl`` (DCAT) is 404.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, request

from ckanext.pekalongan.theme import kabar

pekalongan_kabar = Blueprint("pekalongan_kabar", __name__)

PER_PAGE = 10
MAX_PAGE = 1000
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else "",
            "auth_user_obj": tk.current_user}


def _page() -> int:
    try:
        page = int((request.args.get("page") or "1").strip())
    except ValueError:
        page = 1
    return min(max(page, 1), MAX_PAGE)


# Pages that would show a post as a dataset: its dataset page (sent to the post's page) and
# its DCAT document (a post is not in the catalogue).
_DATASET_ENDPOINTS = {"dataset.read": "id", "dcat.read_dataset": "_id"}


@pekalongan_kabar.before_app_request
def _posts_are_not_datasets():
    key = _DATASET_ENDPOINTS.get(request.endpoint or "")
    if not key:
        return None
    import ckan.model as model

    ident = str((request.view_args or {}).get(key) or "")
    pkg = model.Package.get(ident) if _NAME.match(ident) else None
    if pkg is None or pkg.type != kabar.DATASET_TYPE:
        return None
    if request.endpoint == "dataset.read":
        return tk.redirect_to("kabar.read", id=pkg.name)
    return tk.abort(404, tk._("Dataset not found"))


@pekalongan_kabar.route("/kabar")
def index():
    organization = (request.args.get("organization") or "").strip()
    fq = f"+dataset_type:{kabar.DATASET_TYPE}"
    org = None
    if organization:
        if _NAME.match(organization):
            try:
                org = tk.get_action("organization_show")(
                    _context(), {"id": organization, "include_datasets": False})
            except (tk.ObjectNotFound, tk.NotAuthorized):
                org = None
        if org is None:
            return tk.abort(404, tk._("Organization not found"))
        fq += f' +owner_org:"{org["id"]}"'
    page = _page()
    found = tk.get_action("package_search")(
        _context(), {"fq": fq, "rows": PER_PAGE, "start": (page - 1) * PER_PAGE,
                     "sort": "metadata_created desc", "include_private": False})
    query = {"organization": org["name"]} if org else {}
    pages = (found["count"] + PER_PAGE - 1) // PER_PAGE
    return tk.render("pekalongan/kabar_list.html", {
        "posts": found["results"], "count": found["count"], "organization": org,
        "page": page, "pages": pages,
        "previous_url": tk.url_for("pekalongan_kabar.index", page=page - 1, **query)
        if page > 1 else None,
        "next_url": tk.url_for("pekalongan_kabar.index", page=page + 1, **query)
        if page < pages else None,
        "feed_url": tk.url_for("pekalongan_feeds.posts", _external=True, **query),
    })


@pekalongan_kabar.route("/kabar/<id>")
def read(id: str):
    if not _NAME.match(id or "") and not re.match(r"^[0-9a-f-]{36}$", id or ""):
        return tk.abort(404, tk._("News not found"))
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return tk.abort(404, tk._("News not found"))
    if pkg.get("type") != kabar.DATASET_TYPE:
        return tk.abort(404, tk._("News not found"))
    return tk.render("pekalongan/kabar_read.html", {
        "pkg": pkg, "pkg_dict": pkg, "dataset_type": kabar.DATASET_TYPE,
        "related": tk.h.pekalongan_kabar_related(pkg),
        "image": tk.h.pekalongan_kabar_image(pkg),
    })

"""Pages of an indicator that travel (issue 13 "Resonansi"):

* ``/capaian-pembangunan/<name>``: the indicator's page (card, targets, Central Java rank
  and chart of the 35, share and embed), with Open Graph / Twitter card tags;
* ``/capaian-pembangunan/<name>/widget``: the card alone, for an ``<iframe>`` on other
  sites: no script, its own CSP whose ``frame-ancestors`` allows any site;
* ``/gambar/<kind>/<size>/<name>.png``: share pictures (``kind`` ``capaian`` or
  ``dataset``; ``size`` ``1080x1080`` or ``1200x630``), cached on disk per data version;
* ``/oembed?url=...``: oEmbed (JSON) of an indicator page or widget.
"""
from __future__ import annotations

import logging
import os
import re
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, jsonify, request

from ckanext.pekalongan.theme import charts, indicator_data

log = logging.getLogger(__name__)

pekalongan_resonansi = Blueprint("pekalongan_resonansi", __name__)

WIDGET_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                 "base-uri 'none'; form-action 'none'; frame-ancestors *")
WIDGET_WIDTH, WIDGET_HEIGHT = 400, 560
NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else "",
            "auth_user_obj": tk.current_user}


def _dataset(name: str, indicator: bool) -> dict[str, Any]:
    if not NAME.match(name or ""):
        return tk.abort(404, tk._("Dataset not found"))
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": name})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return tk.abort(404, tk._("Dataset not found"))
    if indicator and not tk.asbool(pkg.get("indikator_capaian")):
        return tk.abort(404, tk._("Dataset not found"))
    return pkg


def _card(pkg: dict[str, Any]) -> dict[str, Any]:
    found = indicator_data.card(pkg)
    if not found:
        return tk.abort(404, tk._("This indicator has no data yet."))
    return found


@pekalongan_resonansi.route("/capaian-pembangunan/<name>")
def indicator(name: str):
    pkg = _dataset(name, indicator=True)
    return tk.render("pekalongan/indicator.html", {"card": _card(pkg), "pkg": pkg})


@pekalongan_resonansi.route("/capaian-pembangunan/<name>/widget")
def widget(name: str):
    pkg = _dataset(name, indicator=True)
    html = tk.render("pekalongan/widget.html", {"card": _card(pkg), "pkg": pkg})
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = WIDGET_POLICY
    response.headers["Cache-Control"] = "public, max-age=600" if not pkg.get("private") \
        else "private, no-store"
    return response


@pekalongan_resonansi.route("/gambar/<kind>/<size>/<name>.png")
def share_image(kind: str, size: str, name: str):
    if kind not in ("capaian", "dataset") or size not in charts.SIZES:
        return tk.abort(404, tk._("Not found"))
    pkg = _dataset(name, indicator=kind == "capaian")
    if kind == "capaian":
        _card(pkg)
    try:
        path = indicator_data.share_png_path(pkg, size)
        with open(path, "rb") as f:
            body = f.read()
    except Exception:  # a picture that cannot be made is missing, never a server error
        log.exception("share picture of %s not made", pkg.get("name"))
        return tk.abort(404, tk._("Not found"))
    response = Response(body, mimetype="image/png")
    response.set_etag(os.path.basename(path).rsplit(".", 1)[0])
    response.headers["Cache-Control"] = ("private, max-age=300" if pkg.get("private")
                                         else "public, max-age=3600")
    return response.make_conditional(request)


def _oembed_target(url: str) -> str | None:
    """The indicator name of a portal URL of an indicator page or widget."""
    site = urlsplit(tk.config.get("ckan.site_url") or "")
    parts = urlsplit(url or "")
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    path = parts.path[len(site.path.rstrip("/")):] if site.path else parts.path
    match = re.match(r"^(?:/en)?/capaian-pembangunan/([a-z0-9_-]{2,100})(?:/widget)?/?$", path)
    return match.group(1) if match else None


@pekalongan_resonansi.route("/oembed")
def oembed():
    if (request.args.get("format") or "json") != "json":
        return Response(tk._("Only the JSON format is offered."), status=501,
                        mimetype="text/plain")
    name = _oembed_target(request.args.get("url", ""))
    if not name:
        return tk.abort(404, tk._("Not an indicator of this portal."))
    pkg = _dataset(name, indicator=True)
    found = _card(pkg)
    width, height = WIDGET_WIDTH, WIDGET_HEIGHT
    for key in ("maxwidth", "maxheight"):
        try:
            limit = int(request.args.get(key, "0"))
        except ValueError:
            limit = 0
        if 0 < limit < 10000:
            if key == "maxwidth":
                width = min(width, max(limit, 200))
            else:
                height = min(height, max(limit, 200))
    src = tk.url_for("pekalongan_resonansi.widget", name=name, _external=True)
    title = found["title"]
    html = (f'<iframe src="{src}" width="{width}" height="{height}" '
            f'style="border:0;max-width:100%" loading="lazy" '
            f'title="{_attr(title)}"></iframe>')
    return jsonify({
        "version": "1.0", "type": "rich", "title": title,
        "provider_name": tk.config.get("ckanext.pekalongan.site_name"),
        "provider_url": tk.config.get("ckan.site_url"),
        "author_name": found.get("organization") or "",
        "html": html, "width": width, "height": height,
        "thumbnail_url": tk.url_for("pekalongan_resonansi.share_image", kind="capaian",
                                    size="1200x630", name=name, _external=True),
        "thumbnail_width": 1200, "thumbnail_height": 630,
        "cache_age": 3600,
    })


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))

"""Security of the portal's web answers, installed on CKAN's Flask app by the theme
plugin (``IMiddleware``):

* every response: ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``; every
  HTML page: a Content-Security-Policy whose scripts are the site's own files plus the
  inline ``<script>`` blocks written in templates, which get a per-request nonce when the
  template is compiled (:class:`ScriptNonceExtension`) — markup that reaches a page through
  data never carries the nonce, so it never runs;
* uploaded files (``resource.download`` of any dataset type, ``/uploads/...`` images) are
  sent with the Content-Type sniffed from their content (``previews/checks.served_type``,
  libmagic), never the declared ``mimetype``; as an attachment unless they are a raster
  image; and with a sandboxing CSP, so no browser runs what an editor uploaded;
* CSRF: a request that carries a browser session cookie is never exempt from the token
  check because of an ``Authorization`` header that did not log anybody in (CKAN 2.11
  exempts every request for which its API-token loader ran); the state-changing GET links
  of ckanext-harvest (delete, clear, refresh, stop a job) only act on a POST with a token
  and show a confirmation form on GET.
* CKAN core's form views read hidden fields (``save``, the resource ``id``) without
  checking they were sent: a hand-made POST without them answers a 400 with a message
  (:func:`refuse_incomplete_core_forms`), never a ``KeyError`` and a 500.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import current_app, g, request
from jinja2.ext import Extension
from werkzeug.security import safe_join

from ckanext.pekalongan.previews import checks

log = logging.getLogger(__name__)

REFERRER_POLICY = "strict-origin-when-cross-origin"
# What CKAN's pages need (measured in Chromium, tests/security/test_uploads_headers.py):
# webassets and resource views from the site itself, inline style attributes of CKAN's
# templates and widgets. Images only from the site: no page makes a visitor's browser ask
# another host for anything (no Gravatar, no hot-linked logo or profile picture).
PAGE_POLICY = (
    "default-src 'self'",
    "script-src 'self' 'nonce-{nonce}'",
    # the one inline handler of CKAN's DataStore table view (its "Refit" button), by hash
    "script-src-attr 'unsafe-hashes' 'sha256-wxQy3Q0+3LBbbcjXxmudkJvjIP94hyg+J7fZh9AZ2R0='",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)
# An uploaded file is never a page of the portal, even when a browser shows it.
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
DOWNLOAD_STATUSES = (200, 206, 304)
# ckanext-harvest's links that change state on a plain GET
CONFIRM_ON_GET = frozenset({"harvester.delete", "harvester.clear", "harvester.refresh",
                            "harvester.job_abort"})
SCRIPT_TAG = re.compile(r"<script(?=[\s>])", re.IGNORECASE)


# --------------------------------------------------------------------------- nonces

def csp_nonce() -> str:
    """This request's script nonce (empty outside a request: e-mails, CLI)."""
    try:
        nonce = g.get("pekalongan_csp_nonce")
        if not nonce:
            nonce = g.pekalongan_csp_nonce = secrets.token_urlsafe(18)
        return nonce
    except RuntimeError:
        return ""


class ScriptNonceExtension(Extension):
    """Give every ``<script`` tag written in a template's source the request's nonce. Only
    the source is rewritten, at compile time: text rendered from data is never touched."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if "<script" not in source.lower():
            return source
        return SCRIPT_TAG.sub('<script nonce="{{ pekalongan_csp_nonce() }}"', source)


def page_policy(nonce: str) -> str:
    return "; ".join(PAGE_POLICY).format(nonce=nonce)


# --------------------------------------------------------------------------- uploads

def _attachment(filename: str) -> str:
    filename = os.path.basename(filename or "") or "download"
    try:
        filename.encode("ascii")
        ascii_name = filename.replace("\\", "_").replace('"', "_")
        return f'attachment; filename="{ascii_name}"'
    except UnicodeEncodeError:
        return f"attachment; filename*=UTF-8''{quote(filename, safe='')}"


def _read_head(path: str | None) -> bytes:
    if not path:
        return b""
    try:
        with open(path, "rb") as f:
            return f.read(checks.SNIFF_BYTES)
    except OSError:
        return b""


def secure_file_response(response, path: str | None, filename: str):
    """Type, disposition and policy of an uploaded file sent to a browser."""
    served = checks.served_type(filename, _read_head(path))
    if response.status_code != 304:
        response.headers["Content-Type"] = served.mimetype
    response.headers["Content-Disposition"] = (
        "inline" if served.inline else _attachment(filename))
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _is_download(endpoint: str) -> bool:
    return endpoint == "resource.download" or endpoint.endswith("_resource.download")


def _uploaded_resource_path(resource_id: str) -> tuple[str | None, str] | None:
    """(path, stored file name) of an uploaded resource, None for a link."""
    from ckan.lib import uploader

    try:
        res = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
    if res.get("url_type") != "upload":
        return None
    path = uploader.get_resource_uploader(res).get_path(res["id"])
    return path, (res.get("url") or "").rsplit("/", 1)[-1]


def _storage_file(url_path: str) -> str | None:
    storage = tk.config.get("ckan.storage_path")
    if not storage:
        return None
    return safe_join(os.path.join(storage, "storage"), url_path.lstrip("/"))


# --------------------------------------------------------------------------- hooks

def set_headers(response):
    """after_request: the headers of every answer."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    try:
        endpoint = request.endpoint or ""
        if _is_download(endpoint) and response.status_code in DOWNLOAD_STATUSES:
            found = _uploaded_resource_path((request.view_args or {}).get("resource_id", ""))
            if found:
                path, stored = found
                name = (request.view_args or {}).get("filename") or stored
                return secure_file_response(response, path, name)
        if request.path.startswith("/uploads/") and response.status_code in DOWNLOAD_STATUSES:
            return secure_file_response(response, _storage_file(request.path),
                                        request.path.rsplit("/", 1)[-1])
    except Exception:  # never a page without its headers: serve the file as bytes
        log.exception("could not sniff a served file")
        response.headers["Content-Type"] = checks.OCTET_STREAM
        response.headers["Content-Disposition"] = "attachment"
        response.headers["Content-Security-Policy"] = FILE_POLICY
        return response
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Security-Policy", page_policy(csp_nonce()))
    return response


def _session_cookie_sent() -> bool:
    names = (current_app.config.get("SESSION_COOKIE_NAME") or "ckan",
             current_app.config.get("REMEMBER_COOKIE_NAME") or "remember_token")
    return any(name in request.cookies for name in names)


def protect_cookie_sessions() -> Any:
    """before_request (after CKAN's check): CKAN skips the CSRF check whenever its API
    token loader ran, even when the header logged nobody in. With a browser session
    cookie in the request that is not enough: check the token."""
    csrf = current_app.extensions.get("csrf")
    if (csrf is None or not current_app.config.get("WTF_CSRF_ENABLED", True)
            or request.method not in current_app.config.get("WTF_CSRF_METHODS", ())):
        return None
    if (g.get("login_via_auth_header") and not tk.current_user.is_authenticated
            and _session_cookie_sent()):
        csrf.protect()
    return None


def confirm_state_changing_get() -> Any:
    """before_request: ckanext-harvest deletes, clears, re-runs and stops on a GET; here
    they only ever act on a POST (checked for its CSRF token by CKAN) and a GET gets a
    form that asks for that POST."""
    if request.endpoint not in CONFIRM_ON_GET or request.method == "POST":
        return None
    if request.method not in ("GET", "HEAD"):
        return tk.abort(405)
    return tk.render("pekalongan/confirm_action.html",
                     {"action_url": request.script_root + request.full_path.rstrip("?"),
                      "cancel_url": _same_site(request.referrer) or tk.h.url_for("home.index")})


# Hidden fields CKAN core's views take from the form without checking, by endpoint suffix
# (resource blueprints are per dataset type: ``dataset_resource.new``).
CORE_FORM_FIELDS = (
    ("resource.new", ("save", "id")),
    ("resource.edit", ("save",)),
    ("admin.config", ("save",)),
)


def refuse_incomplete_core_forms() -> Any:
    """before_request: a POST to a core form without the hidden fields its view reads
    (only a hand-made request lacks them) gets a 400 that says what to do."""
    if request.method != "POST" or not request.endpoint:
        return None
    missing = [field for suffix, fields in CORE_FORM_FIELDS
               if request.endpoint == suffix or request.endpoint.endswith("_" + suffix)
               for field in fields if field not in request.form]
    if (request.endpoint.endswith(".edit") and "_ckan_phase" in request.form
            and "save" not in request.form):
        missing.append("save")
    if missing:
        return tk.abort(400, tk._("The form is incomplete. Reload the page and try again."))
    return None


def _same_site(url: str | None) -> str | None:
    return url if url and url.startswith(request.host_url) else None


def _allow_post(app, endpoint: str) -> None:
    """Add a POST rule next to the GET-only rule of ``endpoint`` (same view)."""
    view = app.view_functions.get(endpoint)
    if view is None:
        return
    for rule in list(app.url_map.iter_rules(endpoint)):
        if "POST" not in (rule.methods or ()):
            app.add_url_rule(rule.rule, endpoint=endpoint, view_func=view, methods=["POST"],
                             defaults=rule.defaults)


def install(app) -> None:
    """Install the hooks on CKAN's Flask app (``IMiddleware.make_middleware``)."""
    app.jinja_env.add_extension(ScriptNonceExtension)
    app.jinja_env.globals["pekalongan_csp_nonce"] = csp_nonce
    for endpoint in CONFIRM_ON_GET:
        _allow_post(app, endpoint)
    app.before_request(protect_cookie_sessions)
    app.before_request(confirm_state_changing_get)
    app.before_request(refuse_incomplete_core_forms)
    app.after_request(set_headers)

"""What the pages of the services with cases share (the PPID desk, Suara Masyarakat): the
CSRF check of every form post, pages and API answers with personal data never cached, a
tracking code never in an API address, calling actions as the current user, form and paging
helpers, a redirect raised from deep in a view.

Each service registers the hooks on its own blueprints (``csrf_protect`` as
``before_request``; ``guard_api``/``no_store`` through :func:`install_privacy_hooks` with its
own idea of which requests are personal)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, current_app

NO_STORE = "private, no-store"
MAX_PAGE = 10_000


def csrf_protect() -> None:
    """Check the CSRF token of every form post, even where the site leaves extensions out of
    CKAN's CSRF protection (``ckan.csrf_protection.ignore_extensions``, true by default in
    CKAN 2.11) and for anonymous visitors (whom CKAN 2.11 exempts). Only a request whose user
    was logged in by a valid API token (and not by the session cookie) is exempt: merely
    sending an ``Authorization`` header next to the cookie is not enough."""
    if tk.request.method != "POST":
        return
    if tk.g.get("login_via_auth_header") and tk.current_user.is_authenticated:
        return
    csrf = current_app.extensions.get("csrf")
    if csrf is not None and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def api_action(prefix: str) -> str | None:
    """The action with this name prefix called through CKAN's Action API, if any."""
    if tk.request.endpoint != "api.action":
        return None
    name = (tk.request.view_args or {}).get("logic_function") or ""
    return name if name.startswith(prefix) else None


def install_privacy_hooks(blueprint: Blueprint, personal: Callable[[], bool],
                          api_prefix: str, url_code_message: Callable[[], str]) -> None:
    """Before every request the service answers with personal data (``personal()``): mark it
    uncacheable for CKAN (its own Cache-Control stays private) and refuse a tracking code in
    the address of an API call (URLs end up in access logs, browser histories and ``Referer``
    headers: it goes in the POST body); after it: ``Cache-Control: private, no-store``."""

    def guard_api() -> Response | None:
        if not personal():
            return None
        tk.request.environ["__no_cache__"] = True
        action = api_action(api_prefix)
        if action and "tracking_code" in tk.request.args:
            body = {
                "help": tk.h.url_for("api.action", logic_function="help_show", ver=3,
                                     name=action, _external=True),
                "success": False,
                "error": {"__type": "Validation Error", "tracking_code": [url_code_message()]},
            }
            response = Response(json.dumps(body), status=409, mimetype="application/json")
            response.headers["Cache-Control"] = NO_STORE
            return response
        return None

    def no_store(response: Response) -> Response:
        if personal():
            response.headers["Cache-Control"] = NO_STORE
            response.headers.pop("Pragma", None)
        return response

    blueprint.before_app_request(guard_api)
    blueprint.after_app_request(no_store)


def action_context(**extra: Any) -> dict:
    """The context of an action called by a page: the current user and the client's address
    (after the trusted proxies), so the action never reads the web request itself."""
    context = {"user": tk.current_user.name, "client_address": tk.request.remote_addr}
    context.update(extra)
    return context


def call(action: str, data: dict, **context: Any) -> Any:
    """Call ``action`` as the current user (its auth function runs)."""
    return tk.get_action(action)(action_context(**context), data)


def form_values(fields: tuple[str, ...]) -> dict[str, str]:
    form = tk.request.form
    return {key: form.get(key, "").strip() for key in fields}


def non_empty(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def page_number() -> int:
    """The ``halaman`` query argument, clamped to 1..MAX_PAGE."""
    value = tk.request.args.get("halaman", "1").strip()
    if not value.isdigit() or len(value) > 6:
        return MAX_PAGE if value.isdigit() else 1
    return min(MAX_PAGE, max(1, int(value)))


def make_pager(count: int, page: int, size: int, endpoint: str, params: dict) -> dict:
    pages = max(1, -(-count // size))
    clean = {k: v for k, v in params.items() if v not in ("", None, [])}

    def url(n: int) -> str:
        return tk.h.url_for(endpoint, halaman=n, **clean)

    return {
        "page": page,
        "pages": pages,
        "count": count,
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
    }


class Redirect(Exception):
    """Raised deep in a view to answer with a redirect (see :func:`follow_redirect`)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def follow_redirect(e: Redirect):
    return tk.redirect_to(e.url)


def active_organizations() -> list[tuple[str, str, str]]:
    """``(id, name, title)`` of every active organization, by title: the OPD choices of
    the officers' pages. One light query, read once per web request (a page asks per
    filter and per row; ``organization_list`` with ``all_fields`` would show each
    organization in turn and count its datasets in Solr)."""
    cached = tk.g.get("pekalongan_active_organizations") if tk.g else None
    if cached is None:
        import ckan.model as model

        cached = [
            (gid, name, title or name)
            for gid, name, title in model.Session.query(
                model.Group.id, model.Group.name, model.Group.title)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active",
                    model.Group.type == "organization")
            .order_by(model.Group.title, model.Group.name)
        ]
        if tk.g:
            tk.g.pekalongan_active_organizations = cached
    return cached

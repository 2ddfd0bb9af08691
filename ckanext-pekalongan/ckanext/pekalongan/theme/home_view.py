"""CKAN's home page view without its search (issue #14).

CKAN's ``home.index`` runs a ``package_search`` with every facet before it renders
``home/index.html``, for ``g.package_count``, ``g.datasets`` and ``search_facets``; the
portal's home page uses none of them (its counts and lists come from the cached helpers of
``helpers.py``). For anonymous visitors the page is rendered straight away; signed-in users
get CKAN's view as it is (it also asks a user without an e-mail address to add one).
"""
from __future__ import annotations

import functools
from typing import Any


def install(app: Any) -> None:
    original = app.view_functions.get("home.index")
    if original is None or getattr(original, "pekalongan_light", False):
        return

    @functools.wraps(original)
    def index():
        from ckan.common import current_user
        from ckan.lib import base

        if not current_user.is_anonymous:
            return original()
        return base.render("home/index.html", extra_vars={})

    index.pekalongan_light = True
    app.view_functions["home.index"] = index

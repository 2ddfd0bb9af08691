"""CKAN's error page in the visitor's language.

CKAN's error handler renders ``error_document_template.html`` with werkzeug's English status
name ("Not Found", "Forbidden") as its heading and, when a view gave no reason, werkzeug's
English description; an unexpected failure (500) gets the literal "Internal server error".
``pekalongan_error_page(code, name, content)`` gives the heading and the text to show
instead: a translated heading per status, the view's own (translated) reason when it gave
one, a translated explanation otherwise.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.exceptions import default_exceptions


def _headings() -> dict[int, str]:
    return {
        400: tk._("The request is not valid"),
        401: tk._("You need to log in"),
        403: tk._("Access denied"),
        404: tk._("Page not found"),
        405: tk._("This action is not allowed here"),
        409: tk._("The request conflicts with the data"),
        413: tk._("The upload is too large"),
        429: tk._("Too many requests"),
        500: tk._("Something went wrong on our side"),
        503: tk._("The portal is briefly unavailable"),
    }


def _explanations() -> dict[int, str]:
    return {
        403: tk._("You may not open this page with your account."),
        404: tk._("The page you asked for does not exist or has been removed."),
        500: tk._("The error has been recorded. Please try again in a moment."),
    }


def pekalongan_error_page(code: Any, name: Any = None, content: Any = None) -> dict[str, Any]:
    """``{"code", "heading", "text"}`` of CKAN's error page for the status ``code`` (an int,
    or CKAN's ``[500]``), werkzeug's ``name`` and the view's ``content``."""
    if isinstance(code, (list, tuple)):
        code = code[0] if code else 500
    try:
        code = int(code)
    except (TypeError, ValueError):
        code = 500
    default = default_exceptions.get(code)
    english = {getattr(default, "description", None), "Internal server error", None, ""}
    text = content if content not in english else _explanations().get(code, "")
    heading = _headings().get(code) or (str(name) if name else tk._("Error"))
    return {"code": code, "heading": heading, "text": text}

"""Validators of the search actions' parameters."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

MAX_QUERY_LENGTH = 200


def pekalongan_search_query(value: Any) -> str:
    """Words typed by a user: at most 200 characters, at least 2 that are not blanks."""
    text = " ".join(str(value).split())
    if len(text) < 2:
        raise tk.Invalid(tk._("Type at least 2 characters"))
    if len(text) > MAX_QUERY_LENGTH:
        raise tk.Invalid(tk._("The search text is too long"))
    return text


def pekalongan_suggest_rows(value: Any) -> int:
    """How many suggestions: a whole number from 1 to 20."""
    try:
        rows = int(str(value).strip())
    except ValueError:
        rows = 0
    if not 1 <= rows <= 20:
        raise tk.Invalid(tk._("Must be between 1 and 20"))
    return rows

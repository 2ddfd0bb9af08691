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


def _whole_number(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise tk.Invalid(tk._("Must be a whole number"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Must be a whole number")) from None
    if not low <= number <= high:
        raise tk.Invalid(tk._("Must be between {low} and {high}").format(low=low, high=high))
    return number


def pekalongan_search_positive_id(value: Any) -> int:
    """A row id: a whole number from 1."""
    return _whole_number(value, 1, 2**31 - 1)


def pekalongan_search_log_days(value: Any) -> int:
    """Days of the query log: 1 to 3650."""
    return _whole_number(value, 1, 3650)


def pekalongan_search_limit(value: Any) -> int:
    """How many rows of a report: 1 to 500."""
    return _whole_number(value, 1, 500)

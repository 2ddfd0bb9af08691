"""Validation schemas of the theme's read actions (downloads, scorecard)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import scorecard

MAX_LIMIT = 100


def _limit(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_LIMIT:
        raise tk.Invalid(tk._("Must be a whole number from 1 to {max}").format(max=MAX_LIMIT))
    return number


def download_stats_schema() -> dict:
    v = tk.get_validator
    return {
        "id": [v("ignore_missing"), v("unicode_safe"), v("strip_value")],
        "resource_id": [v("ignore_missing"), v("unicode_safe"), v("strip_value")],
        "limit": [v("default")(10), _limit],
    }


def scorecard_schema() -> dict:
    v = tk.get_validator
    keys = sorted(set(scorecard.OPD_SORTS) | set(scorecard.DATASET_SORTS))
    return {
        "organization": [v("ignore_missing"), v("unicode_safe"), v("strip_value")],
        "sort": [v("ignore_missing"), v("unicode_safe"), v("one_of")(keys)],
        "order": [v("ignore_missing"), v("unicode_safe"), v("one_of")(["asc", "desc"])],
    }

"""Validation schemas of the search actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def suggest_schema() -> dict:
    not_empty = tk.get_validator("not_empty")
    ignore_missing = tk.get_validator("ignore_missing")
    unicode_safe = tk.get_validator("unicode_safe")
    strip_value = tk.get_validator("strip_value")
    return {
        "q": [not_empty, unicode_safe, strip_value, tk.get_validator("pekalongan_search_query")],
        "rows": [ignore_missing, tk.get_validator("pekalongan_suggest_rows")],
    }


def did_you_mean_schema() -> dict:
    return {
        "q": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe"),
              tk.get_validator("strip_value"), tk.get_validator("pekalongan_search_query")],
        "type": [tk.get_validator("ignore_missing"), tk.get_validator("unicode_safe")],
    }


def id_schema() -> dict:
    return {"id": [tk.get_validator("not_missing"), tk.get_validator("not_empty"),
                   tk.get_validator("pekalongan_search_positive_id")]}


def missed_queries_schema() -> dict:
    ignore_missing = tk.get_validator("ignore_missing")
    return {
        "days": [ignore_missing, tk.get_validator("pekalongan_search_log_days")],
        "limit": [ignore_missing, tk.get_validator("pekalongan_search_limit")],
    }


def purge_schema() -> dict:
    return {"days": [tk.get_validator("ignore_missing"),
                     tk.get_validator("pekalongan_search_log_days")]}

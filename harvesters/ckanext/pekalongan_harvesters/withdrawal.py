"""Withdrawal, not deletion: a harvested dataset that its source no longer lists.

A withdrawn dataset stays public and active (its URL still answers and its page says that
the OPD withdrew it), but it is left out of every dataset search: the ``pekalongan_harvest``
plugin adds ``-extras_sumber_status:ditarik`` to ``package_search``'s ``fq``. The flag is
two extras of the dataset, which CKAN indexes as they are (``extras_*`` fields, part of
every CKAN Solr schema):

- ``sumber_status`` = ``ditarik``
- ``sumber_ditarik_pada`` = when (UTC, ISO 8601)

Withdrawing and restoring are ``package_patch`` calls, so each leaves an activity in the
dataset's history. When the dataset comes back at its source, the harvester restores it
(removes both extras) on its next run.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

STATUS_FIELD = "sumber_status"
WITHDRAWN = "ditarik"
WITHDRAWN_AT_FIELD = "sumber_ditarik_pada"
WITHDRAWAL_KEYS = (STATUS_FIELD, WITHDRAWN_AT_FIELD)
INDEX_FIELD = f"extras_{STATUS_FIELD}"
SEARCH_FILTER = f"-{INDEX_FIELD}:{WITHDRAWN}"


def _extras(package: dict[str, Any]) -> dict[str, Any]:
    return {e.get("key"): e.get("value") for e in package.get("extras") or []}


def is_withdrawn(package: dict[str, Any]) -> bool:
    """Whether the dataset dict (``package_show`` form) is withdrawn."""
    return (package.get(STATUS_FIELD) or _extras(package).get(STATUS_FIELD)) == WITHDRAWN


def withdrawn_at(package: dict[str, Any]) -> dt.datetime | None:
    value = package.get(WITHDRAWN_AT_FIELD) or _extras(package).get(WITHDRAWN_AT_FIELD)
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def without_withdrawal(extras: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in extras if e.get("key") not in WITHDRAWAL_KEYS]


def withdraw(context: dict[str, Any], package_id: str,
             now: dt.datetime | None = None) -> bool:
    """Flag the dataset as withdrawn; False when it already was (nothing written)."""
    package = tk.get_action("package_show")(dict(context), {"id": package_id})
    if is_withdrawn(package):
        return False
    when = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    extras = without_withdrawal(package.get("extras") or []) + [
        {"key": STATUS_FIELD, "value": WITHDRAWN},
        {"key": WITHDRAWN_AT_FIELD, "value": when.isoformat()},
    ]
    tk.get_action("package_patch")(dict(context), {"id": package_id, "extras": extras})
    return True


def restore(context: dict[str, Any], package_id: str) -> bool:
    """Remove the withdrawal flag; False when the dataset was not withdrawn."""
    package = tk.get_action("package_show")(dict(context), {"id": package_id})
    if not is_withdrawn(package):
        return False
    extras = without_withdrawal(package.get("extras") or [])
    tk.get_action("package_patch")(dict(context), {"id": package_id, "extras": extras})
    return True


def add_search_filter(search_params: dict[str, Any]) -> dict[str, Any]:
    """``package_search`` params that leave withdrawn datasets out.

    A query whose ``fq`` names ``sumber_status`` itself (e.g.
    ``fq=extras_sumber_status:ditarik`` to list the withdrawn datasets) is left alone.
    """
    fq = search_params.get("fq") or ""
    if STATUS_FIELD not in fq:
        search_params["fq"] = f"{fq} {SEARCH_FILTER}".strip()
    return search_params

"""API field names that were renamed, and their old spellings (deprecated).

The rule: a name ending in ``_on`` holds a date (a Jakarta calendar day, the unit
of the statutory clocks); one ending in ``_at`` holds a time (UTC). Two date
fields had a time's name. Callers written against the old names keep working for
one release: the actions accept the old name as input, and the dicts they return
carry the old key next to the new one (README, "API"). Pure: no CKAN imports.
"""
from __future__ import annotations

from typing import Any

#: old name -> new name
RENAMED: dict[str, str] = {"received_at": "received_on", "filed_at": "filed_on"}


def accept_old_names(data: Any) -> Any:
    """``data`` with each old key under its new name (the new name wins when a
    caller sends both), and a ``sort`` on an old name rewritten. Anything that is
    not a dict is returned as it is (the schema reports it)."""
    if not isinstance(data, dict) or not any(old in data for old in RENAMED) and not (
            isinstance(data.get("sort"), str) and data["sort"].split(" ")[0] in RENAMED):
        return data
    out = dict(data)
    for old, new in RENAMED.items():
        if old in out:
            value = out.pop(old)
            out.setdefault(new, value)
    sort = out.get("sort")
    if isinstance(sort, str):
        field, _, rest = sort.partition(" ")
        if field in RENAMED:
            out["sort"] = f"{RENAMED[field]} {rest}".strip()
    return out


def with_old_names(d: dict[str, Any]) -> dict[str, Any]:
    """``d`` with the deprecated old key beside each renamed one it holds."""
    for old, new in RENAMED.items():
        if new in d and old not in d:
            d[old] = d[new]
    return d

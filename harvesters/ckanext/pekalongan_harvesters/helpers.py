"""Template helpers of the ``pekalongan_harvest`` plugin (``pekalongan_harvest_*``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan_harvesters import withdrawal

__all__ = ["pekalongan_harvest_withdrawal", "pekalongan_harvest_outcome_label",
           "pekalongan_harvest_frequency_label"]


def pekalongan_harvest_withdrawal(package: dict[str, Any]) -> dict[str, Any] | None:
    """``{"since": datetime | None, "organization": title}`` when the dataset is withdrawn."""
    if not package or not withdrawal.is_withdrawn(package):
        return None
    organization = package.get("organization") or {}
    since = withdrawal.withdrawn_at(package)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.timezone.utc)
    return {"since": since, "organization": organization.get("title") or
            organization.get("name") or ""}


def pekalongan_harvest_outcome_label(outcome: str) -> str:
    return {
        "never": tk._("Never run"),
        "running": tk._("Running"),
        "ok": tk._("Succeeded"),
        "errors": tk._("Finished with errors"),
        "failed": tk._("Failed"),
    }.get(outcome, outcome)


def pekalongan_harvest_frequency_label(frequency: str | None) -> str:
    return {
        "MANUAL": tk._("Manual"),
        "MONTHLY": tk._("Monthly"),
        "WEEKLY": tk._("Weekly"),
        "BIWEEKLY": tk._("Every two weeks"),
        "DAILY": tk._("Daily"),
        "ALWAYS": tk._("Continuously"),
    }.get(frequency or "MANUAL", frequency or "")

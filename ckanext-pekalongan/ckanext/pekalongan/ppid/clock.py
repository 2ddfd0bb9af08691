"""The PPID service's settings and clock: statutory day counts and other
``ckanext.pekalongan.ppid.*`` options, and "now"/"today" in the service's time
zone (Asia/Jakarta: the law counts in Jakarta time)."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.casework.model import utcnow


def setting(name: str) -> Any:
    return tk.config.get(f"ckanext.pekalongan.ppid.{name}")


def days(name: str) -> int:
    """A statutory day count from config: notice, extension, objection_window,
    objection_answer, dispute."""
    return int(setting(f"{name}_days"))


def service_start() -> dt.date:
    """The day the portal's PPID service started (``service_start``): no
    request can have been received before it."""
    value = setting("service_start") or "2024-01-01"
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())


def timezone() -> ZoneInfo:
    return ZoneInfo(setting("timezone") or workdays.JAKARTA)


def now() -> dt.datetime:
    return utcnow()


def today() -> dt.date:
    """Today's date in Asia/Jakarta (the law counts in Jakarta time)."""
    return workdays.local_date(utcnow(), str(timezone()))


def local_day(moment: dt.datetime) -> dt.date:
    return workdays.local_date(moment, str(timezone()))

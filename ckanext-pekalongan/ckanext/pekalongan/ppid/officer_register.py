"""The officers' side of the registers (issue #15, item 9), pure: no CKAN, no database, no
config — the caller passes the calendar, the dates and the settings.

* **Closed requests** leave the default queue: withdrawn ones, and decided ones whose
  objection window (``objection_window_days`` working days after the written notice, UU
  14/2008 Pasal 35-36) has ended without an objection still waiting for the Atasan PPID.
  :func:`closed_decision_cutoff` gives the last notice date whose window has ended, so the
  queue filters on the stored ``decided_on`` with an index.
* **The register with personal data** (CSV and XLSX for officers): its columns and
  :func:`neutralise`, which keeps a spreadsheet from running a cell as a formula (CSV
  injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  prefixed with an apostrophe).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid import deadlines
from ckanext.pekalongan.text import N_

ONE_DAY = dt.timedelta(days=1)


def closed_decision_cutoff(calendar: workdays.Calendar, today: dt.date, window: int) -> dt.date:
    """The last notice date (``decided_on``) whose objection window has ended by ``today``:
    every request decided on or before it is past its window; one decided after it is not.
    The window end grows with the notice date, so this walks back from ``today``."""
    day = today
    while deadlines.objection_window_end(calendar, day, window) >= today:
        day -= ONE_DAY
    return day


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: text starting like a formula gets a
    leading apostrophe (shown as text, never evaluated); other values are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# (key of a ppid_request_export row, column heading msgid), in the order of the export
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ticket", N_("Ticket")),
    ("received_on", N_("Date received")),
    ("channel", N_("Channel")),
    ("requester_type", N_("Requester")),
    ("name", N_("Full name")),
    ("nik", N_("NIK (identity number)")),
    ("legal_entity_decree", N_("Deed or decree number of the legal entity")),
    ("representative_name", N_("Name of the person filing for the legal entity")),
    ("representative_position", N_("Position of that person in the legal entity")),
    ("address", N_("Address")),
    ("phone", N_("Phone number")),
    ("email", N_("E-mail address")),
    ("information", N_("Information requested")),
    ("purpose", N_("Purpose of use")),
    ("how_to_obtain", N_("How to obtain")),
    ("how_to_receive", N_("How to receive")),
    ("opd", N_("OPD")),
    ("status", N_("Status")),
    ("decision", N_("Decision")),
    ("exemption_grounds", N_("Exemption grounds (Pasal 17)")),
    ("due_date", N_("Due date")),
    ("notice_date", N_("Notice date")),
    ("cost", N_("Cost (rupiah)")),
    ("withdrawn_on", N_("Withdrawn on")),
)

"""Database reads and writes of the dispute record, the Standar Layanan texts and the
annual report's narrative (tables in ``service_model.py``); the actions call these."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model

from ckanext.pekalongan.ppid import dispute, service_standard
from ckanext.pekalongan.ppid.service_model import (
    PpidAnnualReport,
    PpidDispute,
    PpidServiceStandard,
)


def dispute_of(request_id: str, for_update: bool = False) -> PpidDispute | None:
    q = model.Session.query(PpidDispute).filter(PpidDispute.request_id == request_id)
    if for_update:
        q = q.with_for_update()
    return q.one_or_none()


def dispute_dict(row: PpidDispute | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out = {k: getattr(row, k) for k in (
        "status", "registered_on", "register_number", "mediation_on", "adjudication_on",
        "outcome", "decided_on", "decision_number", "notes",
    )}
    out = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in out.items()}
    out["updated"] = row.updated.isoformat() if row.updated else None
    return out


def dispute_figures(year: int) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = model.Session.query(PpidDispute).filter(
        PpidDispute.registered_on.between(start, end)
    ).all()
    return dispute.figures(rows)


def standard_sections() -> dict[str, dict[str, Any]]:
    """Every section of the Standar Layanan: the stored text, else the default."""
    stored = {row.section: row for row in model.Session.query(PpidServiceStandard)}
    out = {}
    for section in service_standard.STANDARD_SECTIONS:
        row = stored.get(section)
        out[section] = {
            "body": row.body if row is not None else service_standard.STANDARD_DEFAULTS[section],
            "default": row is None,
            "updated": row.updated.isoformat() if row is not None else None,
        }
    return out


def report_row(year: int, for_update: bool = False) -> PpidAnnualReport | None:
    q = model.Session.query(PpidAnnualReport).filter(PpidAnnualReport.year == year)
    if for_update:
        q = q.with_for_update().populate_existing()
    return q.one_or_none()


def narrative(year: int) -> dict[str, Any]:
    row = report_row(year)
    sections = dict(row.sections or {}) if row is not None else {}
    return {
        "sections": {k: sections.get(k, "") for k in service_standard.REPORT_SECTIONS},
        "submitted_on": row.submitted_on.isoformat() if row and row.submitted_on else None,
        "submission_due": dt.date(year + 1, 3, 31).isoformat(),
        "updated": row.updated.isoformat() if row is not None else None,
    }

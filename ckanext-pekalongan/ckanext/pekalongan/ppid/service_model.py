"""Tables of the dispute record, the Standar Layanan page and the annual report's narrative
(issue #15 items 6-8; migration ``4c9f7e5a1d33``). Kept apart from ``model.py`` so the
request desk's tables stay in one place and these in another.

* ``ppid_dispute``: one row per request brought to the Komisi Informasi (status
  registered -> mediation -> adjudication -> decided; outcome granted / refused / partly;
  dates and numbers). Every change also appends a ``ppid_event``.
* ``ppid_service_standard``: edited sections of the Standar Layanan page (a missing row
  shows the default text of ``service_standard.DEFAULTS``).
* ``ppid_annual_report``: per year, the narrative parts PPID Utama writes and the day the
  report was submitted.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.pekalongan.casework.model import TZ, utcnow
from ckanext.pekalongan.casework.model import new_id as _uuid


class PpidDispute(tk.BaseModel):
    __tablename__ = "ppid_dispute"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=_uuid)
    request_id = sa.Column(sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"),
                           nullable=False, unique=True)
    status = sa.Column(sa.types.UnicodeText, nullable=False)
    registered_on = sa.Column(sa.types.Date, nullable=False)
    register_number = sa.Column(sa.types.UnicodeText, nullable=False)
    mediation_on = sa.Column(sa.types.Date)
    adjudication_on = sa.Column(sa.types.Date)
    outcome = sa.Column(sa.types.UnicodeText)
    decided_on = sa.Column(sa.types.Date)
    decision_number = sa.Column(sa.types.UnicodeText)
    notes = sa.Column(sa.types.UnicodeText)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    updated = sa.Column(TZ, nullable=False, default=utcnow)
    updated_by = sa.Column(sa.types.UnicodeText)

    version = sa.Column(sa.types.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class PpidServiceStandard(tk.BaseModel):
    __tablename__ = "ppid_service_standard"

    section = sa.Column(sa.types.UnicodeText, primary_key=True)
    body = sa.Column(sa.types.UnicodeText, nullable=False)
    updated = sa.Column(TZ, nullable=False, default=utcnow)
    updated_by = sa.Column(sa.types.UnicodeText)


class PpidAnnualReport(tk.BaseModel):
    __tablename__ = "ppid_annual_report"

    year = sa.Column(sa.types.Integer, primary_key=True, autoincrement=False)
    sections = sa.Column(JSONB, nullable=False, default=dict)
    submitted_on = sa.Column(sa.types.Date)
    submitted_by = sa.Column(sa.types.UnicodeText)
    updated = sa.Column(TZ, nullable=False, default=utcnow)
    updated_by = sa.Column(sa.types.UnicodeText)

    version = sa.Column(sa.types.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

"""Tables of the PPID service (all prefixed ``ppid_``).

Created only by the alembic migrations in ``ckanext/pekalongan/migration/ppid``
(``ckan db upgrade -p ppid``); nothing here issues DDL.

* ``ppid_request``: one row per request (permohonan informasi), its one stored
  state (``status``, see ``states.py``), the personal data of the requester
  (encrypted at rest: :class:`PersonalText`; keyed hashes ``nik_hash``,
  ``phone_hash``, ``email_hash`` for look-ups; erased after the retention
  period, ``personal_data_erased_at``), the
  stored due dates with the calendar version that produced them, the decision
  (written notice) fields and the automatic objection grounds once they arise.
* ``ppid_document``: uploaded files (power of attorney, response documents);
  the bytes live under ``<ckan.storage_path>/ppid/``.
* ``ppid_objection``: objections (keberatan) and the Atasan PPID's answer.
* ``ppid_event``: the append-only audit trail. It is owned by the NOLOGIN role
  ``pekalongan_audit`` (``migration/ppid/audit_owner.sql``): the web role may
  only SELECT and INSERT it; a trigger created by the migration also makes
  PostgreSQL refuse UPDATE and DELETE on it. Its ``data`` never
  holds personal data (no NIK, name, address, phone, e-mail or free text typed
  by the requester).
* ``ppid_holiday`` and ``ppid_calendar_version`` (created by the ppid migrations,
  mapped in ``casework/model.py``: every service with a clock shares them).
* ``ppid_notification``: one row per e-mail the sweep (or an action) sent,
  keyed so that a second run sends nothing twice.
* ``ppid_counter``: per-year sequences of ticket and objection numbers.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import deferred

from ckanext.pekalongan.casework.model import (  # noqa: F401 - re-used column types
    TZ,
    PersonalDataKeyError,
    PersonalText,
    lookup_hash,
    utcnow,
)
from ckanext.pekalongan.casework.model import (
    new_id as _uuid,
)

# personal fields of a request stored encrypted; those with a look-up hash column
ENCRYPTED_FIELDS = (
    "name", "nik", "legal_entity_decree", "address", "phone", "email", "representative_name",
)
HASHED_FIELDS = ("nik", "phone", "email")
# the free-text filter's column (a line break between the two: q is one line)
SEARCH_TEXT = "lower(ticket || E'\\n' || information)"


class PpidRequest(tk.BaseModel):
    __tablename__ = "ppid_request"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=_uuid)
    ticket = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    tracking_code_hash = sa.Column(sa.types.UnicodeText, nullable=False)
    status = sa.Column(sa.types.UnicodeText, nullable=False)
    channel = sa.Column(sa.types.UnicodeText, nullable=False)
    received_on = sa.Column(sa.types.Date, nullable=False)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)  # user id; NULL for anonymous

    # requester (personal data: only officers and the requester see these)
    requester_type = sa.Column(sa.types.UnicodeText, nullable=False)
    name = sa.Column(PersonalText, nullable=False)
    nik = sa.Column(PersonalText)
    legal_entity_decree = sa.Column(PersonalText)
    # a legal entity files through the person acting for it (15D)
    representative_name = sa.Column(PersonalText)
    representative_position = sa.Column(sa.types.UnicodeText)
    address = sa.Column(PersonalText, nullable=False)
    phone = sa.Column(PersonalText)
    email = sa.Column(PersonalText)
    # keyed hashes for look-ups (set by the ORM events below)
    nik_hash = sa.Column(sa.types.UnicodeText, index=True)
    phone_hash = sa.Column(sa.types.UnicodeText, index=True)
    email_hash = sa.Column(sa.types.UnicodeText, index=True)
    personal_data_erased_at = sa.Column(TZ)  # retention: name etc. emptied then
    power_of_attorney = sa.Column(sa.types.UnicodeText)  # ppid_document.id

    # the request
    information = sa.Column(sa.types.UnicodeText, nullable=False)
    purpose = sa.Column(sa.types.UnicodeText, nullable=False)
    how_to_obtain = sa.Column(JSONB, nullable=False, default=list)
    how_to_receive = sa.Column(sa.types.UnicodeText, nullable=False)
    target_org_id = sa.Column(sa.types.UnicodeText)
    routed_org_id = sa.Column(sa.types.UnicodeText)
    # the public register entry an officer reviewed: {"information", "purpose", "reviewed_at",
    # "reviewed_by"}; NULL until then (the register shows a placeholder, never the raw text)
    public_entry = sa.Column(JSONB, nullable=True)

    # deadlines, stored when the clock starts (never recomputed silently)
    due_date = sa.Column(sa.types.Date, nullable=False)  # current due (extended once used)
    original_due_date = sa.Column(sa.types.Date, nullable=False)
    latest_due_date = sa.Column(sa.types.Date, nullable=False)  # the date if extended
    notice_days = sa.Column(sa.types.Integer, nullable=False)
    calendar_version = sa.Column(sa.types.UnicodeText, nullable=False)
    count_cuti_bersama = sa.Column(sa.types.Boolean, nullable=False)
    extended = sa.Column(sa.types.Boolean, nullable=False, default=False)
    extension_days = sa.Column(sa.types.Integer)
    extension_reason = sa.Column(sa.types.UnicodeText)
    extended_at = sa.Column(TZ)
    extended_by = sa.Column(sa.types.UnicodeText)

    # decision = the written notice (Pasal 22(7) a-g)
    decision = sa.Column(sa.types.UnicodeText)
    exemption_grounds = sa.Column(JSONB, nullable=False, default=list)
    consequence_test_ref = sa.Column(sa.types.UnicodeText)
    dik_entry_id = sa.Column(sa.types.UnicodeText)  # the DIK entry a refusal cites
    holding_body = sa.Column(sa.types.UnicodeText)
    holding_body_unknown = sa.Column(sa.types.Boolean, nullable=False, default=False)
    info_given = sa.Column(sa.types.UnicodeText)
    blacked_out = sa.Column(sa.types.UnicodeText)
    blackout_reason = sa.Column(sa.types.UnicodeText)
    format = sa.Column(sa.types.UnicodeText)
    medium = sa.Column(sa.types.UnicodeText)
    cost = sa.Column(sa.types.Numeric(14, 2))
    payment_method = sa.Column(sa.types.UnicodeText)
    notes = sa.Column(sa.types.UnicodeText)
    decided_at = sa.Column(TZ)
    decided_on = sa.Column(sa.types.Date)  # Jakarta date of decided_at
    decided_by = sa.Column(sa.types.UnicodeText)

    withdrawn_at = sa.Column(TZ)
    withdraw_reason = sa.Column(sa.types.UnicodeText)
    withdrawn_by = sa.Column(sa.types.UnicodeText)

    # what the queue's free-text filter looks in: ticket and information in lower case,
    # computed by PostgreSQL (never written, never loaded with a row)
    search_text = deferred(sa.Column(
        sa.types.UnicodeText, sa.Computed(SEARCH_TEXT, persisted=True)
    ))

    # {"35_1_c": "2026-03-31", ...}: when each objection ground arose
    objection_grounds_arisen = sa.Column(JSONB, nullable=False, default=dict)

    # an accepted objection reopens the request: round 2, 3... of the decision, with its own
    # clock counted from the Atasan's answer (states.REOPENED; migration 3b8e6d4f0c22)
    decision_round = sa.Column(sa.types.Integer, nullable=False, default=1, server_default="1")
    reopened_on = sa.Column(sa.types.Date)
    reopen_objection_id = sa.Column(sa.types.UnicodeText)

    version = sa.Column(sa.types.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.Index("ppid_request_status_due_idx", "status", "due_date"),
        sa.Index("ppid_request_due_date_idx", "due_date"),
        sa.Index("ppid_request_received_on_idx", "received_on"),
        # the OPD holding a request: where it was routed, else where it was addressed (then
        # the queue's default order)
        sa.Index(
            "ppid_request_handling_org_idx",
            sa.func.coalesce(sa.column("routed_org_id"), sa.column("target_org_id")),
            "due_date",
        ),
        sa.Index("ppid_request_channel_idx", "channel", "due_date"),
        sa.Index("ppid_request_created_idx", "created"),
        # the queue's free-text filter (LIKE '%q%'); needs pg_trgm (casework/textsearch.py)
        sa.Index(
            "ppid_request_search_trgm_idx", "search_text", postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )


@sa.event.listens_for(PpidRequest, "before_insert")
@sa.event.listens_for(PpidRequest, "before_update")
def _set_lookup_hashes(mapper, connection, target: PpidRequest) -> None:
    for kind in HASHED_FIELDS:
        setattr(target, f"{kind}_hash", lookup_hash(kind, getattr(target, kind)))


class PpidDocument(tk.BaseModel):
    __tablename__ = "ppid_document"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=_uuid)
    request_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"), nullable=False, index=True
    )
    kind = sa.Column(sa.types.UnicodeText, nullable=False)  # response | power_of_attorney
    filename = sa.Column(sa.types.UnicodeText, nullable=False)  # as uploaded (sanitised)
    storage_path = sa.Column(sa.types.UnicodeText, nullable=False)  # relative to storage/ppid
    content_type = sa.Column(sa.types.UnicodeText, nullable=False)
    size = sa.Column(sa.types.BigInteger, nullable=False)
    sha256 = sa.Column(sa.types.UnicodeText, nullable=False)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)
    released = sa.Column(sa.types.Boolean, nullable=False, default=False)


class PpidObjection(tk.BaseModel):
    __tablename__ = "ppid_objection"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=_uuid)
    number = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    request_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"), nullable=False, index=True
    )
    grounds = sa.Column(JSONB, nullable=False, default=list)
    reasons = sa.Column(sa.types.UnicodeText, nullable=False)
    channel = sa.Column(sa.types.UnicodeText, nullable=False)
    filed_on = sa.Column(sa.types.Date, nullable=False)
    due_date = sa.Column(sa.types.Date, nullable=False, index=True)
    answer_days = sa.Column(sa.types.Integer, nullable=False)
    calendar_version = sa.Column(sa.types.UnicodeText, nullable=False)
    count_cuti_bersama = sa.Column(sa.types.Boolean, nullable=False)
    status = sa.Column(sa.types.UnicodeText, nullable=False)
    outcome = sa.Column(sa.types.UnicodeText)
    decision_reasons = sa.Column(sa.types.UnicodeText)
    atasan_name = sa.Column(sa.types.UnicodeText)
    atasan_position = sa.Column(sa.types.UnicodeText)
    decided_at = sa.Column(TZ)
    decided_on = sa.Column(sa.types.Date)
    decided_by = sa.Column(sa.types.UnicodeText)
    requester_response = sa.Column(sa.types.UnicodeText)
    # the request's decision round this objection contests (an accepted one reopens it)
    decision_round = sa.Column(sa.types.Integer, nullable=False, default=1, server_default="1")
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)

    version = sa.Column(sa.types.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class PpidEvent(tk.BaseModel):
    """One row of the audit trail. Append-only: the database refuses UPDATE and
    DELETE (trigger ``ppid_event_append_only``)."""

    __tablename__ = "ppid_event"

    id = sa.Column(sa.types.BigInteger, primary_key=True, autoincrement=True)
    request_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"), nullable=True, index=True
    )
    objection_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("ppid_objection.id"), nullable=True, index=True
    )
    action = sa.Column(sa.types.UnicodeText, nullable=False)
    from_state = sa.Column(sa.types.UnicodeText)
    to_state = sa.Column(sa.types.UnicodeText)
    actor = sa.Column(sa.types.UnicodeText, nullable=False)
    at = sa.Column(TZ, nullable=False, default=utcnow, server_default=sa.func.now())
    data = sa.Column(JSONB, nullable=False, default=dict)


class PpidNotification(tk.BaseModel):
    """One sent e-mail (or one recorded sweep step), by unique ``key``."""

    __tablename__ = "ppid_notification"

    id = sa.Column(sa.types.BigInteger, primary_key=True, autoincrement=True)
    key = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    kind = sa.Column(sa.types.UnicodeText, nullable=False)
    request_id = sa.Column(sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"), index=True)
    objection_id = sa.Column(sa.types.UnicodeText, sa.ForeignKey("ppid_objection.id"))
    due_date = sa.Column(sa.types.Date)
    recipients = sa.Column(sa.types.Integer, nullable=False, default=0)
    sent_at = sa.Column(TZ, nullable=False, default=utcnow)


class PpidCounter(tk.BaseModel):
    """Yearly sequences: (``name``, ``year``) -> last number given."""

    __tablename__ = "ppid_counter"

    name = sa.Column(sa.types.UnicodeText, primary_key=True)
    year = sa.Column(sa.types.Integer, primary_key=True)
    value = sa.Column(sa.types.Integer, nullable=False)


PPID_TABLES = (
    "ppid_event",
    "ppid_notification",
    "ppid_document",
    "ppid_objection",
    "ppid_request",
    "ppid_holiday",
    "ppid_calendar_version",
    "ppid_counter",
)


# DIP and DIK --------------------------------------------------------------------------------
# (issue #15 items 1, 2, 5; migration 2a7d5c3e9b11; the rules in ``registers.py``)


class _RegisterEntry:
    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=_uuid)
    number = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    org_id = sa.Column(sa.types.UnicodeText, nullable=False, index=True)
    status = sa.Column(sa.types.UnicodeText, nullable=False)  # draft | published | deleted
    summary = sa.Column(sa.types.UnicodeText)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)
    updated = sa.Column(TZ, nullable=False, default=utcnow)
    updated_by = sa.Column(sa.types.UnicodeText)
    published_at = sa.Column(TZ)
    version = sa.Column(sa.types.Integer, nullable=False, default=1)  # +1 on every change


class PpidDipEntry(_RegisterEntry, tk.BaseModel):
    """One row of an OPD's Daftar Informasi Publik."""

    __tablename__ = "ppid_dip_entry"

    category = sa.Column(sa.types.UnicodeText)  # berkala | serta_merta | setiap_saat
    holder = sa.Column(sa.types.UnicodeText)  # official / unit holding it
    responsible = sa.Column(sa.types.UnicodeText)  # person responsible
    made_on = sa.Column(sa.types.Date)  # time of making (the current version)
    made_place = sa.Column(sa.types.UnicodeText)
    formats = sa.Column(JSONB, nullable=False, default=list)  # softcopy | hardcopy
    retention = sa.Column(sa.types.UnicodeText)
    link_type = sa.Column(sa.types.UnicodeText)  # dataset | resource | document
    dataset_id = sa.Column(sa.types.UnicodeText)
    resource_id = sa.Column(sa.types.UnicodeText)
    document_filename = sa.Column(sa.types.UnicodeText)
    document_path = sa.Column(sa.types.UnicodeText)  # relative to storage/ppid
    document_content_type = sa.Column(sa.types.UnicodeText)
    document_size = sa.Column(sa.types.BigInteger)
    document_sha256 = sa.Column(sa.types.UnicodeText)


class PpidDikEntry(_RegisterEntry, tk.BaseModel):
    """One row of the register of exempted information (DIK) with its consequence test
    (UU 14/2008 Pasal 19). ``internal_notes`` are for officers only."""

    __tablename__ = "ppid_dik_entry"

    grounds = sa.Column(JSONB, nullable=False, default=list)  # Pasal 17 codes
    legal_basis = sa.Column(sa.types.UnicodeText)
    consequence = sa.Column(sa.types.UnicodeText)
    public_interest = sa.Column(sa.types.UnicodeText)
    exempt_until = sa.Column(sa.types.Date)
    decided_by_name = sa.Column(sa.types.UnicodeText)
    decided_by_position = sa.Column(sa.types.UnicodeText)
    decided_on = sa.Column(sa.types.Date)
    internal_notes = sa.Column(sa.types.UnicodeText)


class PpidSuggestionStat(tk.BaseModel):
    """Anonymous daily counters of the request form's "Sudah tersedia?" suggestions."""

    __tablename__ = "ppid_suggestion_stat"

    day = sa.Column(sa.types.Date, primary_key=True)
    metric = sa.Column(sa.types.UnicodeText, primary_key=True)
    count = sa.Column(sa.types.BigInteger, nullable=False, default=0)

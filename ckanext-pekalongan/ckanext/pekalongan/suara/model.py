"""Tables of Suara Masyarakat (all prefixed ``suara_``).

Created only by the alembic migrations in ``ckanext/pekalongan/migration/suara``
(``ckan db upgrade -p suara``); nothing here issues DDL.

* ``suara_report``: one row per report, its one stored state (``status``, see
  ``states.py``), the reporter's personal data encrypted at rest
  (:class:`PersonalText`: ``name``, ``phone``, ``email`` and the original
  ``text``, which citizens fill with names and addresses; keyed hashes
  ``phone_hash``/``email_hash`` for look-ups), the moderated ``public_text``,
  the stored due dates with the calendar version that computed them.
* ``suara_assignment``: one row per OPD a report is routed to, with its due
  date and the time of its first answer (the accountability figures).
* ``suara_response``: answers, requests for more information, follow-ups,
  the reporter's added information, closing notes (text encrypted at rest: a
  reporter's words may hold personal data; officers' answers are shown on
  the board once decrypted).
* ``suara_attachment``: photos and PDFs; the bytes live under
  ``<ckan.storage_path>/suara/<report id>/<attachment id>``.
* ``suara_event``: the append-only audit trail (owned by ``pekalongan_audit``
  once sealed, see ``migration/ppid/audit_owner.sql``; a trigger refuses
  UPDATE and DELETE). Its ``data`` never holds personal data nor any text
  typed by a reporter: only codes, dates, organization ids and counts.
* ``suara_notification``: one row per e-mail/SMS sent (or sweep step done),
  keyed so that a second run sends nothing twice.
* ``suara_counter``: the per-year sequence of report numbers.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.pekalongan.casework.model import PersonalText, lookup_hash, new_id, utcnow

TZ = sa.types.DateTime(timezone=True)
HASHED_FIELDS = ("phone", "email")


class SuaraReport(tk.BaseModel):
    __tablename__ = "suara_report"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=new_id)
    number = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    year = sa.Column(sa.types.Integer, nullable=False)
    tracking_code_hash = sa.Column(sa.types.UnicodeText, nullable=False)
    kind = sa.Column(sa.types.UnicodeText, nullable=False)
    channel = sa.Column(sa.types.UnicodeText, nullable=False)
    privacy = sa.Column(sa.types.UnicodeText, nullable=False)
    status = sa.Column(sa.types.UnicodeText, nullable=False)
    topic = sa.Column(sa.types.UnicodeText)
    kecamatan = sa.Column(sa.types.UnicodeText)
    desa = sa.Column(sa.types.UnicodeText)
    received_on = sa.Column(sa.types.Date, nullable=False)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)  # officer's user id; NULL for citizens

    # the reporter (personal data) and the original text
    text = sa.Column(PersonalText, nullable=False)
    name = sa.Column(PersonalText)
    phone = sa.Column(PersonalText)
    email = sa.Column(PersonalText)
    phone_hash = sa.Column(sa.types.UnicodeText, index=True)
    email_hash = sa.Column(sa.types.UnicodeText, index=True)

    # moderation
    public_text = sa.Column(sa.types.UnicodeText)
    verified_at = sa.Column(TZ)
    verified_by = sa.Column(sa.types.UnicodeText)
    reject_reason = sa.Column(sa.types.UnicodeText)
    duplicate_of = sa.Column(sa.types.UnicodeText)  # number of the original report

    # clocks (stored when they start, never recomputed silently)
    verify_due = sa.Column(sa.types.Date, nullable=False)
    verify_days = sa.Column(sa.types.Integer, nullable=False)
    complexity = sa.Column(sa.types.UnicodeText)
    answer_days = sa.Column(sa.types.Integer)
    answer_due = sa.Column(sa.types.Date)
    calendar_version = sa.Column(sa.types.UnicodeText, nullable=False)
    answer_calendar_version = sa.Column(sa.types.UnicodeText)
    routed_at = sa.Column(TZ)
    first_answer_at = sa.Column(TZ)
    answered_at = sa.Column(TZ)  # the latest answer
    closed_at = sa.Column(TZ)
    withdrawn_at = sa.Column(TZ)
    reopen_count = sa.Column(sa.types.Integer, nullable=False, default=0)

    rating = sa.Column(sa.types.SmallInteger)
    rating_comment = sa.Column(sa.types.UnicodeText)
    rated_at = sa.Column(TZ)

    version = sa.Column(sa.types.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.Index("suara_report_status_idx", "status", "received_on"),
        sa.Index("suara_report_public_idx", "privacy", "status", "received_on"),
        sa.Index("suara_report_topic_idx", "topic"),
        sa.Index("suara_report_kecamatan_idx", "kecamatan"),
        sa.Index("suara_report_year_idx", "year"),
        # the free-text filter (ILIKE '%word%'); needs pg_trgm (casework/textsearch.py)
        sa.Index(
            "suara_report_public_text_trgm_idx", "public_text", postgresql_using="gin",
            postgresql_ops={"public_text": "gin_trgm_ops"},
        ),
    )


@sa.event.listens_for(SuaraReport, "before_insert")
@sa.event.listens_for(SuaraReport, "before_update")
def _set_lookup_hashes(mapper, connection, target: SuaraReport) -> None:
    for kind in HASHED_FIELDS:
        setattr(target, f"{kind}_hash", lookup_hash(kind, getattr(target, kind)))


class SuaraAssignment(tk.BaseModel):
    """A report routed to one OPD (organization)."""

    __tablename__ = "suara_assignment"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=new_id)
    report_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("suara_report.id"), nullable=False, index=True
    )
    org_id = sa.Column(sa.types.UnicodeText, nullable=False, index=True)
    assigned_at = sa.Column(TZ, nullable=False, default=utcnow)
    assigned_by = sa.Column(sa.types.UnicodeText)
    due = sa.Column(sa.types.Date, nullable=False, index=True)
    first_answer_at = sa.Column(TZ)
    active = sa.Column(sa.types.Boolean, nullable=False, default=True)

    __table_args__ = (sa.UniqueConstraint("report_id", "org_id", name="suara_assignment_org_uq"),)


class SuaraResponse(tk.BaseModel):
    __tablename__ = "suara_response"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=new_id)
    report_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("suara_report.id"), nullable=False, index=True
    )
    kind = sa.Column(sa.types.UnicodeText, nullable=False)
    org_id = sa.Column(sa.types.UnicodeText)  # the answering OPD (NULL: pengelola / reporter)
    text = sa.Column(PersonalText, nullable=False)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)  # user id; NULL for the reporter


class SuaraAttachment(tk.BaseModel):
    __tablename__ = "suara_attachment"

    id = sa.Column(sa.types.UnicodeText, primary_key=True, default=new_id)
    report_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("suara_report.id"), nullable=False, index=True
    )
    filename = sa.Column(sa.types.UnicodeText, nullable=False)  # sanitised
    storage_path = sa.Column(sa.types.UnicodeText, nullable=False)  # relative to storage/suara
    content_type = sa.Column(sa.types.UnicodeText, nullable=False)
    size = sa.Column(sa.types.BigInteger, nullable=False)
    sha256 = sa.Column(sa.types.UnicodeText, nullable=False)
    created = sa.Column(TZ, nullable=False, default=utcnow)
    created_by = sa.Column(sa.types.UnicodeText)


class SuaraEvent(tk.BaseModel):
    """One row of the audit trail. Append-only (trigger ``suara_event_append_only``)."""

    __tablename__ = "suara_event"

    id = sa.Column(sa.types.BigInteger, primary_key=True, autoincrement=True)
    report_id = sa.Column(
        sa.types.UnicodeText, sa.ForeignKey("suara_report.id"), nullable=False, index=True
    )
    event = sa.Column(sa.types.UnicodeText, nullable=False)
    from_state = sa.Column(sa.types.UnicodeText)
    to_state = sa.Column(sa.types.UnicodeText)
    actor = sa.Column(sa.types.UnicodeText, nullable=False)  # user id | reporter | system
    org_id = sa.Column(sa.types.UnicodeText)
    at = sa.Column(TZ, nullable=False, default=utcnow, server_default=sa.func.now())
    data = sa.Column(JSONB, nullable=False, default=dict)


class SuaraNotification(tk.BaseModel):
    """One e-mail or SMS sent (or one sweep step), by unique ``key``."""

    __tablename__ = "suara_notification"

    id = sa.Column(sa.types.BigInteger, primary_key=True, autoincrement=True)
    key = sa.Column(sa.types.UnicodeText, nullable=False, unique=True)
    kind = sa.Column(sa.types.UnicodeText, nullable=False)
    channel = sa.Column(sa.types.UnicodeText, nullable=False, default="email")
    report_id = sa.Column(sa.types.UnicodeText, sa.ForeignKey("suara_report.id"), index=True)
    sent_at = sa.Column(TZ, nullable=False, default=utcnow)


class SuaraCounter(tk.BaseModel):
    """Yearly sequence of report numbers: ``year`` -> last number given."""

    __tablename__ = "suara_counter"

    year = sa.Column(sa.types.Integer, primary_key=True)
    value = sa.Column(sa.types.Integer, nullable=False)


SUARA_TABLES = (
    "suara_event",
    "suara_notification",
    "suara_attachment",
    "suara_response",
    "suara_assignment",
    "suara_report",
    "suara_counter",
)

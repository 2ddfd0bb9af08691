"""suara tables

Revision ID: b7e2d41c9a01
Revises:
Create Date: 2026-12-06 07:30:00

Creates every ``suara_*`` table of Suara Masyarakat (reports, assignments per
OPD, responses, attachments, notifications, the per-year counter) and the
append-only audit trail ``suara_event``: a trigger makes PostgreSQL refuse
UPDATE and DELETE on it, and ``public.pekalongan_seal_audit_tables()``
(installed by the superuser from ``migration/ppid/audit_owner.sql``; its list
names ``suara_event``) hands it to the NOLOGIN role ``pekalongan_audit`` the
moment it exists, so the web role may only SELECT and INSERT it. A database
without that function keeps working, unsealed, with a warning.

The due dates are computed on the holiday table of the ppid migrations
(``ppid_holiday``, read through ``casework/calendar.py``): apply
``ckan db upgrade -p ppid`` first.
"""
import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "b7e2d41c9a01"
down_revision = None
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

TZ = sa.types.DateTime(timezone=True)
TEXT = sa.types.UnicodeText

# Created only when absent: a function left by an earlier install (or a test
# reset, which drops tables but not functions) may already belong to
# pekalongan_audit, and the web role cannot replace it.
APPEND_ONLY_FUNCTION = """
DO $do$
BEGIN
    IF to_regprocedure('public.suara_event_append_only()') IS NULL THEN
        CREATE FUNCTION public.suara_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'suara_event is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
    END IF;
END
$do$;
"""

APPEND_ONLY_TRIGGER = """
CREATE TRIGGER suara_event_append_only
BEFORE UPDATE OR DELETE ON suara_event
FOR EACH ROW EXECUTE FUNCTION suara_event_append_only();
"""


def seal(bind) -> None:
    has = bind.execute(
        sa.text("SELECT to_regprocedure('public.pekalongan_seal_audit_tables()') IS NOT NULL")
    ).scalar()
    if has:
        bind.execute(sa.text("SELECT public.pekalongan_seal_audit_tables()"))
    else:
        log.warning(
            "suara_event is owned by the web role: run migration/ppid/audit_owner.sql as the "
            "PostgreSQL superuser (config/stack.py and docker/postgres/initdb.sh do)"
        )


def _fk():
    return sa.ForeignKey("suara_report.id")


def upgrade():
    op.create_table(
        "suara_report",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("number", TEXT, nullable=False, unique=True),
        sa.Column("year", sa.types.Integer, nullable=False),
        sa.Column("tracking_code_hash", TEXT, nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("channel", TEXT, nullable=False),
        sa.Column("privacy", TEXT, nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("topic", TEXT),
        sa.Column("kecamatan", TEXT),
        sa.Column("desa", TEXT),
        sa.Column("received_at", sa.types.Date, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("name", TEXT),
        sa.Column("phone", TEXT),
        sa.Column("email", TEXT),
        sa.Column("phone_hash", TEXT),
        sa.Column("email_hash", TEXT),
        sa.Column("public_text", TEXT),
        sa.Column("verified_at", TZ),
        sa.Column("verified_by", TEXT),
        sa.Column("reject_reason", TEXT),
        sa.Column("duplicate_of", TEXT),
        sa.Column("verify_due", sa.types.Date, nullable=False),
        sa.Column("verify_days", sa.types.Integer, nullable=False),
        sa.Column("complexity", TEXT),
        sa.Column("answer_days", sa.types.Integer),
        sa.Column("answer_due", sa.types.Date),
        sa.Column("calendar_version", TEXT, nullable=False),
        sa.Column("answer_calendar_version", TEXT),
        sa.Column("routed_at", TZ),
        sa.Column("first_answer_at", TZ),
        sa.Column("answered_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("withdrawn_at", TZ),
        sa.Column("reopen_count", sa.types.Integer, nullable=False, server_default="0"),
        sa.Column("rating", sa.types.SmallInteger),
        sa.Column("rating_comment", TEXT),
        sa.Column("rated_at", TZ),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5",
                           name="suara_report_rating_range"),
    )
    op.create_index("ix_suara_report_phone_hash", "suara_report", ["phone_hash"])
    op.create_index("ix_suara_report_email_hash", "suara_report", ["email_hash"])
    op.create_index("suara_report_status_idx", "suara_report", ["status", "received_at"])
    op.create_index("suara_report_public_idx", "suara_report",
                    ["privacy", "status", "received_at"])
    op.create_index("suara_report_topic_idx", "suara_report", ["topic"])
    op.create_index("suara_report_kecamatan_idx", "suara_report", ["kecamatan"])
    op.create_index("suara_report_year_idx", "suara_report", ["year"])

    op.create_table(
        "suara_assignment",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("report_id", TEXT, _fk(), nullable=False),
        sa.Column("org_id", TEXT, nullable=False),
        sa.Column("assigned_at", TZ, nullable=False),
        sa.Column("assigned_by", TEXT),
        sa.Column("due", sa.types.Date, nullable=False),
        sa.Column("first_answer_at", TZ),
        sa.Column("active", sa.types.Boolean, nullable=False, server_default=sa.true()),
        sa.UniqueConstraint("report_id", "org_id", name="suara_assignment_org_uq"),
    )
    op.create_index("ix_suara_assignment_report_id", "suara_assignment", ["report_id"])
    op.create_index("ix_suara_assignment_org_id", "suara_assignment", ["org_id"])
    op.create_index("ix_suara_assignment_due", "suara_assignment", ["due"])

    op.create_table(
        "suara_response",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("report_id", TEXT, _fk(), nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("org_id", TEXT),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
    )
    op.create_index("ix_suara_response_report_id", "suara_response", ["report_id"])

    op.create_table(
        "suara_attachment",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("report_id", TEXT, _fk(), nullable=False),
        sa.Column("filename", TEXT, nullable=False),
        sa.Column("storage_path", TEXT, nullable=False),
        sa.Column("content_type", TEXT, nullable=False),
        sa.Column("size", sa.types.BigInteger, nullable=False),
        sa.Column("sha256", TEXT, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
    )
    op.create_index("ix_suara_attachment_report_id", "suara_attachment", ["report_id"])

    op.create_table(
        "suara_event",
        sa.Column("id", sa.types.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("report_id", TEXT, _fk(), nullable=False),
        sa.Column("event", TEXT, nullable=False),
        sa.Column("from_state", TEXT),
        sa.Column("to_state", TEXT),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("org_id", TEXT),
        sa.Column("at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("data", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    op.create_index("ix_suara_event_report_id", "suara_event", ["report_id"])
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(APPEND_ONLY_TRIGGER)

    op.create_table(
        "suara_notification",
        sa.Column("id", sa.types.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("key", TEXT, nullable=False, unique=True),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("channel", TEXT, nullable=False, server_default="email"),
        sa.Column("report_id", TEXT, _fk()),
        sa.Column("sent_at", TZ, nullable=False),
    )
    op.create_index("ix_suara_notification_report_id", "suara_notification", ["report_id"])

    op.create_table(
        "suara_counter",
        sa.Column("year", sa.types.Integer, primary_key=True),
        sa.Column("value", sa.types.Integer, nullable=False),
    )
    seal(op.get_bind())


def downgrade():
    # A sealed suara_event belongs to pekalongan_audit: the superuser runs
    # SELECT public.pekalongan_unseal_audit_tables('<web role>') before this.
    op.drop_table("suara_counter")
    op.drop_table("suara_notification")
    op.execute("DROP TRIGGER IF EXISTS suara_event_append_only ON suara_event")
    op.drop_table("suara_event")
    op.execute("DROP FUNCTION IF EXISTS suara_event_append_only()")
    op.drop_table("suara_attachment")
    op.drop_table("suara_response")
    op.drop_table("suara_assignment")
    op.drop_table("suara_report")

"""ppid tables

Revision ID: a5ed13f7a3bb
Revises:
Create Date: 2026-11-29 17:40:56.577633

Creates every ``ppid_*`` table, the trigger that makes ``ppid_event``
append-only (PostgreSQL refuses UPDATE and DELETE on it; TRUNCATE, which only
the test fixtures use, is not a row operation), and seeds ``ppid_holiday`` from
``ckanext/pekalongan/casework/data/holidays_id.csv`` (read here with the csv module,
never from the ``holidays`` package).
"""
import csv
import datetime
import os
import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "a5ed13f7a3bb"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.types.DateTime(timezone=True)
TEXT = sa.types.UnicodeText

SEED_CSV = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "casework", "data", "holidays_id.csv"
)

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION ppid_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ppid_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER ppid_event_append_only
BEFORE UPDATE OR DELETE ON ppid_event
FOR EACH ROW EXECUTE FUNCTION ppid_event_append_only();
"""


def upgrade():
    op.create_table(
        "ppid_request",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("ticket", TEXT, nullable=False, unique=True),
        sa.Column("tracking_code_hash", TEXT, nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("channel", TEXT, nullable=False),
        sa.Column("received_at", sa.types.Date, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
        sa.Column("requester_type", TEXT, nullable=False),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("nik", TEXT),
        sa.Column("legal_entity_decree", TEXT),
        sa.Column("address", TEXT, nullable=False),
        sa.Column("phone", TEXT),
        sa.Column("email", TEXT),
        sa.Column("power_of_attorney", TEXT),
        sa.Column("information", TEXT, nullable=False),
        sa.Column("purpose", TEXT, nullable=False),
        sa.Column("how_to_obtain", JSONB, nullable=False),
        sa.Column("how_to_receive", TEXT, nullable=False),
        sa.Column("target_org_id", TEXT),
        sa.Column("routed_org_id", TEXT),
        sa.Column("due_date", sa.types.Date, nullable=False),
        sa.Column("original_due_date", sa.types.Date, nullable=False),
        sa.Column("latest_due_date", sa.types.Date, nullable=False),
        sa.Column("notice_days", sa.types.Integer, nullable=False),
        sa.Column("calendar_version", TEXT, nullable=False),
        sa.Column("count_cuti_bersama", sa.types.Boolean, nullable=False),
        sa.Column("extended", sa.types.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("extension_days", sa.types.Integer),
        sa.Column("extension_reason", TEXT),
        sa.Column("extended_at", TZ),
        sa.Column("extended_by", TEXT),
        sa.Column("decision", TEXT),
        sa.Column("exemption_grounds", JSONB, nullable=False, server_default="[]"),
        sa.Column("consequence_test_ref", TEXT),
        sa.Column("holding_body", TEXT),
        sa.Column(
            "holding_body_unknown", sa.types.Boolean, nullable=False, server_default=sa.false()
        ),
        sa.Column("info_given", TEXT),
        sa.Column("blacked_out", TEXT),
        sa.Column("blackout_reason", TEXT),
        sa.Column("format", TEXT),
        sa.Column("medium", TEXT),
        sa.Column("cost", sa.types.Numeric(14, 2)),
        sa.Column("payment_method", TEXT),
        sa.Column("notes", TEXT),
        sa.Column("decided_at", TZ),
        sa.Column("decided_on", sa.types.Date),
        sa.Column("decided_by", TEXT),
        sa.Column("withdrawn_at", TZ),
        sa.Column("withdraw_reason", TEXT),
        sa.Column("withdrawn_by", TEXT),
        sa.Column("objection_grounds_arisen", JSONB, nullable=False, server_default="{}"),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ppid_request_status_due_idx", "ppid_request", ["status", "due_date"])
    op.create_index("ppid_request_due_date_idx", "ppid_request", ["due_date"])
    op.create_index("ppid_request_received_at_idx", "ppid_request", ["received_at"])
    op.create_index(
        "ppid_request_handling_org_idx",
        "ppid_request",
        [sa.text("coalesce(routed_org_id, target_org_id)")],
    )

    op.create_table(
        "ppid_document",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("request_id", TEXT, sa.ForeignKey("ppid_request.id"), nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("filename", TEXT, nullable=False),
        sa.Column("storage_path", TEXT, nullable=False),
        sa.Column("content_type", TEXT, nullable=False),
        sa.Column("size", sa.types.BigInteger, nullable=False),
        sa.Column("sha256", TEXT, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
        sa.Column("released", sa.types.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_ppid_document_request_id", "ppid_document", ["request_id"])

    op.create_table(
        "ppid_objection",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("number", TEXT, nullable=False, unique=True),
        sa.Column("request_id", TEXT, sa.ForeignKey("ppid_request.id"), nullable=False),
        sa.Column("grounds", JSONB, nullable=False),
        sa.Column("reasons", TEXT, nullable=False),
        sa.Column("channel", TEXT, nullable=False),
        sa.Column("filed_at", sa.types.Date, nullable=False),
        sa.Column("due_date", sa.types.Date, nullable=False),
        sa.Column("answer_days", sa.types.Integer, nullable=False),
        sa.Column("calendar_version", TEXT, nullable=False),
        sa.Column("count_cuti_bersama", sa.types.Boolean, nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("outcome", TEXT),
        sa.Column("decision_reasons", TEXT),
        sa.Column("atasan_name", TEXT),
        sa.Column("atasan_position", TEXT),
        sa.Column("decided_at", TZ),
        sa.Column("decided_on", sa.types.Date),
        sa.Column("decided_by", TEXT),
        sa.Column("requester_response", TEXT),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_ppid_objection_request_id", "ppid_objection", ["request_id"])
    op.create_index("ix_ppid_objection_due_date", "ppid_objection", ["due_date"])

    op.create_table(
        "ppid_event",
        sa.Column("id", sa.types.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("request_id", TEXT, sa.ForeignKey("ppid_request.id")),
        sa.Column("objection_id", TEXT, sa.ForeignKey("ppid_objection.id")),
        sa.Column("action", TEXT, nullable=False),
        sa.Column("from_state", TEXT),
        sa.Column("to_state", TEXT),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("data", JSONB, nullable=False, server_default="{}"),
    )
    op.create_index("ix_ppid_event_request_id", "ppid_event", ["request_id"])
    op.create_index("ix_ppid_event_objection_id", "ppid_event", ["objection_id"])
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(APPEND_ONLY_TRIGGER)

    holiday = op.create_table(
        "ppid_holiday",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("date", sa.types.Date, nullable=False),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("active", sa.types.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("source", TEXT, nullable=False, server_default="manual"),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("created_by", TEXT),
        sa.Column("deleted_at", TZ),
        sa.Column("deleted_by", TEXT),
    )
    op.create_index("ix_ppid_holiday_date", "ppid_holiday", ["date"])

    op.create_table(
        "ppid_calendar_version",
        sa.Column("version", TEXT, primary_key=True),
        sa.Column("fingerprint", TEXT, nullable=False),
        sa.Column("count_cuti_bersama", sa.types.Boolean, nullable=False),
        sa.Column("holidays", JSONB, nullable=False),
        sa.Column("created", TZ, nullable=False),
    )

    op.create_table(
        "ppid_notification",
        sa.Column("id", sa.types.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("key", TEXT, nullable=False, unique=True),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("request_id", TEXT, sa.ForeignKey("ppid_request.id")),
        sa.Column("objection_id", TEXT, sa.ForeignKey("ppid_objection.id")),
        sa.Column("due_date", sa.types.Date),
        sa.Column("recipients", sa.types.Integer, nullable=False, server_default="0"),
        sa.Column("sent_at", TZ, nullable=False),
    )
    op.create_index("ix_ppid_notification_request_id", "ppid_notification", ["request_id"])

    op.create_table(
        "ppid_counter",
        sa.Column("name", TEXT, primary_key=True),
        sa.Column("year", sa.types.Integer, primary_key=True),
        sa.Column("value", sa.types.Integer, nullable=False),
    )

    with open(SEED_CSV, encoding="utf-8", newline="") as f:
        rows = [
            {
                "id": str(uuid.uuid4()),
                "date": datetime.date.fromisoformat(row["date"]),
                "name": row["name"],
                "kind": row["kind"],
                "source": "seed",
            }
            for row in csv.DictReader(f)
        ]
    op.bulk_insert(holiday, rows)


def downgrade():
    op.drop_table("ppid_counter")
    op.drop_table("ppid_notification")
    op.drop_table("ppid_calendar_version")
    op.drop_table("ppid_holiday")
    op.execute("DROP TRIGGER IF EXISTS ppid_event_append_only ON ppid_event")
    op.drop_table("ppid_event")
    op.execute("DROP FUNCTION IF EXISTS ppid_event_append_only()")
    op.drop_table("ppid_objection")
    op.drop_table("ppid_document")
    op.drop_table("ppid_request")

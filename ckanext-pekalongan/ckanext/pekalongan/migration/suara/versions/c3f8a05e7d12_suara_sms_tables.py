"""suara sms tables

Revision ID: c3f8a05e7d12
Revises: b7e2d41c9a01
Create Date: 2026-12-06 07:30:00

The SMS center's own tables in CKAN's database (Gammu's tables live in the
daemon's database, see ``suara/sms/gateway.py``):

* ``suara_sms_processed``: one row per Gammu ``inbox`` row handled, written in
  the same transaction as the report it created and the reply it queued, so
  that no message is answered twice (primary key: inbox id + fingerprint of
  the row, so a re-created Gammu database cannot hide new messages); it also
  counts messages per phone for the flood control (keyed hash, no number).
* ``suara_sms_outgoing``: the replies and status messages to send, keyed by the
  caller (idempotent), phone and text encrypted at rest; moved into Gammu's
  ``outbox`` by the worker.
* ``suara_sms_optout``: phones that sent BERHENTI (keyed hash).
* ``suara_sms_blocklist``: phones the operators blocked (keyed hash).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3f8a05e7d12"
down_revision = "b7e2d41c9a01"
branch_labels = None
depends_on = None

TZ = sa.types.DateTime(timezone=True)
TEXT = sa.types.UnicodeText


def upgrade():
    op.create_table(
        "suara_sms_processed",
        sa.Column("inbox_id", sa.types.BigInteger, primary_key=True),
        sa.Column("fingerprint", TEXT, primary_key=True),
        sa.Column("phone_hash", TEXT),
        sa.Column("text_hash", TEXT),
        sa.Column("received_at", TZ),
        sa.Column("processed_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("outcome", TEXT, nullable=False),
        sa.Column("report_id", TEXT),
        sa.Column("reply_key", TEXT),
    )
    op.create_index("suara_sms_processed_phone_idx", "suara_sms_processed",
                    ["phone_hash", "processed_at"])
    op.create_table(
        "suara_sms_outgoing",
        sa.Column("key", TEXT, primary_key=True),
        sa.Column("phone", TEXT, nullable=False),
        sa.Column("phone_hash", TEXT, nullable=False),
        sa.Column("text", TEXT),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("queued_at", TZ),
        sa.Column("gammu_id", sa.types.BigInteger),
        sa.CheckConstraint("status in ('pending', 'queued', 'dropped')",
                           name="suara_sms_outgoing_status_check"),
    )
    op.create_index("suara_sms_outgoing_pending_idx", "suara_sms_outgoing", ["created"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        "suara_sms_optout",
        sa.Column("phone_hash", TEXT, primary_key=True),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "suara_sms_blocklist",
        sa.Column("phone_hash", TEXT, primary_key=True),
        sa.Column("created", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("created_by", TEXT),
        sa.Column("reason", TEXT),
    )


def downgrade():
    op.drop_table("suara_sms_blocklist")
    op.drop_table("suara_sms_optout")
    op.drop_index("suara_sms_outgoing_pending_idx", table_name="suara_sms_outgoing")
    op.drop_table("suara_sms_outgoing")
    op.drop_index("suara_sms_processed_phone_idx", table_name="suara_sms_processed")
    op.drop_table("suara_sms_processed")

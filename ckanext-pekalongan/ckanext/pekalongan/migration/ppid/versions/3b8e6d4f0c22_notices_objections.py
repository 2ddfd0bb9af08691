"""notices and objections carried through

Revision ID: 3b8e6d4f0c22
Revises: 2a7d5c3e9b11
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa  # noqa: F401
import sqlalchemy.dialects.postgresql  # noqa: F401 - 15D: JSONB
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "3b8e6d4f0c22"
down_revision = "2a7d5c3e9b11"
branch_labels = None
depends_on = None


def upgrade():
    # 15D: a legal entity's representative (Perki 1/2021: the entity files through the person
    # acting for it; the name encrypted at rest like every personal field) and the
    # officer-reviewed public register entry ({"information", "purpose", "reviewed_at",
    # "reviewed_by"}; NULL = not reviewed yet, the register shows a placeholder)
    op.add_column("ppid_request", sa.Column("representative_name", sa.UnicodeText))
    op.add_column("ppid_request", sa.Column("representative_position", sa.UnicodeText))
    op.add_column("ppid_request", sa.Column(
        "public_entry", sa.dialects.postgresql.JSONB, nullable=True))
    # /15D
    # 15B: an accepted objection reopens the request for a new decision (decision_round + 1,
    # its own clock from the Atasan's answer); an objection belongs to the round it contests
    op.add_column("ppid_request", sa.Column(
        "decision_round", sa.Integer, nullable=False, server_default="1"))
    op.add_column("ppid_request", sa.Column("reopened_on", sa.Date))
    op.add_column("ppid_request", sa.Column("reopen_objection_id", sa.UnicodeText))
    op.add_column("ppid_objection", sa.Column(
        "decision_round", sa.Integer, nullable=False, server_default="1"))
    # /15B


def downgrade():
    # 15B
    op.drop_column("ppid_objection", "decision_round")
    op.drop_column("ppid_request", "reopen_objection_id")
    op.drop_column("ppid_request", "reopened_on")
    op.drop_column("ppid_request", "decision_round")
    # /15B
    # 15D
    op.drop_column("ppid_request", "public_entry")
    op.drop_column("ppid_request", "representative_position")
    op.drop_column("ppid_request", "representative_name")
    # /15D

"""dates named _on

Revision ID: e8b3f1a47c25
Revises: c3f8a05e7d12
Create Date: 2026-12-06 10:30:00

The naming rule of the PPID tables (``_on``: a Jakarta date; ``_at``: a UTC
time) for Suara Masyarakat too: ``suara_report.received_at`` was the date of
receipt under a time's name and becomes ``received_on`` (its indexes follow the
column). ``suara_sms_processed.received_at`` is the time the phone received the
message and keeps its name. No data changes.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "e8b3f1a47c25"
down_revision = "c3f8a05e7d12"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("suara_report", "received_at", new_column_name="received_on")


def downgrade():
    op.alter_column("suara_report", "received_on", new_column_name="received_at")

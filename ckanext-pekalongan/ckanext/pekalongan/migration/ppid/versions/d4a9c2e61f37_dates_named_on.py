"""dates named _on

Revision ID: d4a9c2e61f37
Revises: 7c1e4b9a2d60
Create Date: 2026-12-06 10:30:00

One naming rule for the PPID tables: a column ending in ``_on`` holds a date (a
Jakarta calendar day, the unit of the statutory clocks), one ending in ``_at`` a
time (UTC). ``ppid_request.received_at`` and ``ppid_objection.filed_at`` were
dates under a time's name; they become ``received_on`` and ``filed_on`` (with the
index named after the column). No data changes.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "d4a9c2e61f37"
down_revision = "7c1e4b9a2d60"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("ppid_request", "received_at", new_column_name="received_on")
    op.execute("ALTER INDEX ppid_request_received_at_idx RENAME TO ppid_request_received_on_idx")
    op.alter_column("ppid_objection", "filed_at", new_column_name="filed_on")


def downgrade():
    op.alter_column("ppid_objection", "filed_on", new_column_name="filed_at")
    op.execute("ALTER INDEX ppid_request_received_on_idx RENAME TO ppid_request_received_at_idx")
    op.alter_column("ppid_request", "received_on", new_column_name="received_at")

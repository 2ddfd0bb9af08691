"""service standard, annual report narrative, dispute bundle

Three tables of issue #15 items 6-8:

* ``ppid_dispute``: the course of a request's dispute at the Komisi Informasi (one row per
  request: registered, mediation, adjudication, decided; outcome, dates, numbers).
* ``ppid_service_standard``: the editable sections of the Standar Layanan page.
* ``ppid_annual_report``: the narrative parts of a year's report and its submission.

Revision ID: 4c9f7e5a1d33
Revises: 3b8e6d4f0c22
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "4c9f7e5a1d33"
down_revision = "3b8e6d4f0c22"
branch_labels = None
depends_on = None

TZ = sa.types.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "ppid_dispute",
        sa.Column("id", sa.types.UnicodeText, primary_key=True),
        sa.Column("request_id", sa.types.UnicodeText, sa.ForeignKey("ppid_request.id"),
                  nullable=False, unique=True),
        sa.Column("status", sa.types.UnicodeText, nullable=False),
        sa.Column("registered_on", sa.types.Date, nullable=False),
        sa.Column("register_number", sa.types.UnicodeText, nullable=False),
        sa.Column("mediation_on", sa.types.Date),
        sa.Column("adjudication_on", sa.types.Date),
        sa.Column("outcome", sa.types.UnicodeText),
        sa.Column("decided_on", sa.types.Date),
        sa.Column("decision_number", sa.types.UnicodeText),
        sa.Column("notes", sa.types.UnicodeText),
        sa.Column("created", TZ, nullable=False),
        sa.Column("updated", TZ, nullable=False),
        sa.Column("updated_by", sa.types.UnicodeText),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
        sa.CheckConstraint(
            "status IN ('registered', 'mediation', 'adjudication', 'decided')",
            name="ppid_dispute_status_check",
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('granted', 'refused', 'partly')",
            name="ppid_dispute_outcome_check",
        ),
    )
    op.create_index("ppid_dispute_registered_on_idx", "ppid_dispute", ["registered_on"])
    op.create_table(
        "ppid_service_standard",
        sa.Column("section", sa.types.UnicodeText, primary_key=True),
        sa.Column("body", sa.types.UnicodeText, nullable=False),
        sa.Column("updated", TZ, nullable=False),
        sa.Column("updated_by", sa.types.UnicodeText),
    )
    op.create_table(
        "ppid_annual_report",
        sa.Column("year", sa.types.Integer, primary_key=True),
        sa.Column("sections", JSONB, nullable=False, server_default="{}"),
        sa.Column("submitted_on", sa.types.Date),
        sa.Column("submitted_by", sa.types.UnicodeText),
        sa.Column("updated", TZ, nullable=False),
        sa.Column("updated_by", sa.types.UnicodeText),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
    )


def downgrade():
    op.drop_table("ppid_annual_report")
    op.drop_table("ppid_service_standard")
    op.drop_index("ppid_dispute_registered_on_idx", table_name="ppid_dispute")
    op.drop_table("ppid_dispute")

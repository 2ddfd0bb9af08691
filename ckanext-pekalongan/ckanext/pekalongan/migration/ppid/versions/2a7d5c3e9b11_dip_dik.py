"""DIP and DIK registers

Tables of issue #15 items 1, 2 and 5:

* ``ppid_dip_entry``: the Daftar Informasi Publik of each OPD (the Komisi Informasi's
  columns: number, summary, holder, person responsible, time and place of making, format,
  retention period; category berkala / serta merta / setiap saat), linked to the dataset,
  resource or uploaded document that publishes it; ``draft`` until it is published.
* ``ppid_dik_entry``: the register of exempted information with its consequence test
  (Pasal 17 grounds, consequence, public-interest weighing, period of exemption, who decided
  and when); ``internal_notes`` never leave the officers' pages.
* ``ppid_request.dik_entry_id``: the DIK entry a refusal cites.
* ``ppid_suggestion_stat``: anonymous daily counters of the "Sudah tersedia?" suggestions
  of the request form (no person, no text: a date, a metric and a number).

Revision ID: 2a7d5c3e9b11
Revises: 1d610097bd94
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "2a7d5c3e9b11"
down_revision = "1d610097bd94"
branch_labels = None
depends_on = None

TZ = sa.types.DateTime(timezone=True)
TEXT = sa.types.UnicodeText


def _common():
    return [
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("number", TEXT, nullable=False, unique=True),
        sa.Column("org_id", TEXT, nullable=False, index=True),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("summary", TEXT),
        sa.Column("created", TZ, nullable=False),
        sa.Column("created_by", TEXT),
        sa.Column("updated", TZ, nullable=False),
        sa.Column("updated_by", TEXT),
        sa.Column("published_at", TZ),
        sa.Column("version", sa.types.Integer, nullable=False, server_default="1"),
    ]


def upgrade():
    op.create_table(
        "ppid_dip_entry",
        *_common(),
        sa.Column("category", TEXT),
        sa.Column("holder", TEXT),
        sa.Column("responsible", TEXT),
        sa.Column("made_on", sa.types.Date),
        sa.Column("made_place", TEXT),
        sa.Column("formats", JSONB, nullable=False, server_default="[]"),
        sa.Column("retention", TEXT),
        sa.Column("link_type", TEXT),
        sa.Column("dataset_id", TEXT),
        sa.Column("resource_id", TEXT),
        sa.Column("document_filename", TEXT),
        sa.Column("document_path", TEXT),
        sa.Column("document_content_type", TEXT),
        sa.Column("document_size", sa.types.BigInteger),
        sa.Column("document_sha256", TEXT),
        sa.CheckConstraint("status IN ('draft', 'published', 'deleted')",
                           name="ppid_dip_entry_status_check"),
        sa.CheckConstraint(
            "category IS NULL OR category IN ('berkala', 'serta_merta', 'setiap_saat')",
            name="ppid_dip_entry_category_check"),
    )
    op.create_index("ppid_dip_entry_status_org_idx", "ppid_dip_entry", ["status", "org_id"])
    op.create_table(
        "ppid_dik_entry",
        *_common(),
        sa.Column("grounds", JSONB, nullable=False, server_default="[]"),
        sa.Column("legal_basis", TEXT),
        sa.Column("consequence", TEXT),
        sa.Column("public_interest", TEXT),
        sa.Column("exempt_until", sa.types.Date),
        sa.Column("decided_by_name", TEXT),
        sa.Column("decided_by_position", TEXT),
        sa.Column("decided_on", sa.types.Date),
        sa.Column("internal_notes", TEXT),
        sa.CheckConstraint("status IN ('draft', 'published', 'deleted')",
                           name="ppid_dik_entry_status_check"),
    )
    op.create_index("ppid_dik_entry_status_org_idx", "ppid_dik_entry", ["status", "org_id"])
    op.add_column("ppid_request", sa.Column(
        "dik_entry_id", TEXT, sa.ForeignKey("ppid_dik_entry.id"), nullable=True))
    op.create_table(
        "ppid_suggestion_stat",
        sa.Column("day", sa.types.Date, primary_key=True),
        sa.Column("metric", TEXT, primary_key=True),
        sa.Column("count", sa.types.BigInteger, nullable=False, server_default="0"),
    )


def downgrade():
    op.drop_table("ppid_suggestion_stat")
    op.drop_column("ppid_request", "dik_entry_id")
    op.drop_table("ppid_dik_entry")
    op.drop_table("ppid_dip_entry")

"""pekalongan download counts

Revision ID: 35434225f3d0
Revises:
Create Date: 2026-11-29 20:28:27.761282

Creates ``pekalongan_download``: one row per resource per day (Asia/Jakarta) with the
number of downloads counted that day. Rows go with their resource when it is purged.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "35434225f3d0"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pekalongan_download",
        sa.Column(
            "resource_id",
            sa.UnicodeText,
            sa.ForeignKey("resource.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("count >= 0", name="pekalongan_download_count_positive"),
    )
    op.create_index("pekalongan_download_day_idx", "pekalongan_download", ["day"])


def downgrade():
    op.drop_index("pekalongan_download_day_idx", table_name="pekalongan_download")
    op.drop_table("pekalongan_download")

"""DIP and DIK registers

Revision ID: 2a7d5c3e9b11
Revises: 1d610097bd94
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "2a7d5c3e9b11"
down_revision = "1d610097bd94"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

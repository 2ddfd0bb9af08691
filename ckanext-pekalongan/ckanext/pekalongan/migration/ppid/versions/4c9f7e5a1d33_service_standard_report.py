"""service standard, annual report narrative, dispute bundle

Revision ID: 4c9f7e5a1d33
Revises: 3b8e6d4f0c22
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "4c9f7e5a1d33"
down_revision = "3b8e6d4f0c22"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""notices and objections carried through

Revision ID: 3b8e6d4f0c22
Revises: 2a7d5c3e9b11
Create Date: 2026-12-06 13:20:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "3b8e6d4f0c22"
down_revision = "2a7d5c3e9b11"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

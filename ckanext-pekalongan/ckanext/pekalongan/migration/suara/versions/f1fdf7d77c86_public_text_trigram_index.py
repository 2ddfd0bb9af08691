"""public text trigram index

Revision ID: f1fdf7d77c86
Revises: e8b3f1a47c25
Create Date: 2026-12-06 11:30:00

``suara_report_public_text_trgm_idx``: a trigram GIN index on ``public_text`` for the
free-text filter ``q`` of the board and the officers' queue (each word is ``ILIKE
'%word%'``), so a rare word or a number reads only the reports that may hold it instead of
the whole table. It needs the extension ``pg_trgm``, created by the PostgreSQL superuser
(``migration/ppid/audit_owner.sql``); without it the index is left out with a warning
(``casework/textsearch.py``).
"""
from alembic import op

from ckanext.pekalongan.casework import textsearch

# revision identifiers, used by Alembic.
revision = "f1fdf7d77c86"
down_revision = "e8b3f1a47c25"
branch_labels = None
depends_on = None

RETRY = "ckan db downgrade -p suara --version e8b3f1a47c25 && ckan db upgrade -p suara"


def upgrade():
    textsearch.create_trigram_index(
        op.get_bind(), "suara_report_public_text_trgm_idx", "suara_report", ("public_text",),
        retry=RETRY,
    )


def downgrade():
    op.execute("DROP INDEX IF EXISTS suara_report_public_text_trgm_idx")

"""pekalongan_search: the walidata's concept pairs and the anonymous query log

Revision ID: 4f1d2c8e9a10
Revises:
Create Date: 2026-12-06 10:30:00

``pekalongan_search_synonym``: the concept pairs (the source of truth of Solr's managed
synonym resource ``walidata``). ``pekalongan_search_query``: one row per search of the
search page: the redacted text, its result count, the day and whether a result was opened;
nothing about who searched.
"""
import sqlalchemy as sa
from alembic import op

revision = "4f1d2c8e9a10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pekalongan_search_synonym",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("term_a", sa.UnicodeText, nullable=False),
        sa.Column("term_b", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False,
                  server_default=sa.text("(now() at time zone 'utc')")),
        sa.CheckConstraint("length(term_a) between 1 and 100",
                           name="pekalongan_search_synonym_term_a_length"),
        sa.CheckConstraint("length(term_b) between 1 and 100",
                           name="pekalongan_search_synonym_term_b_length"),
    )
    op.create_table(
        "pekalongan_search_query",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("query", sa.UnicodeText, nullable=False),
        sa.Column("result_count", sa.Integer, nullable=False),
        sa.Column("fuzzy", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("clicked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("day", sa.Date, nullable=False, server_default=sa.text("current_date")),
        sa.CheckConstraint("length(query) between 1 and 200",
                           name="pekalongan_search_query_length"),
        sa.CheckConstraint("result_count >= 0", name="pekalongan_search_query_count_positive"),
    )
    op.create_index("pekalongan_search_query_day_idx", "pekalongan_search_query", ["day"])


def downgrade():
    op.drop_index("pekalongan_search_query_day_idx", table_name="pekalongan_search_query")
    op.drop_table("pekalongan_search_query")
    op.drop_table("pekalongan_search_synonym")

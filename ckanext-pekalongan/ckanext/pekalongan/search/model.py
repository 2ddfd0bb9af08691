"""Tables of the search plugin (migration/pekalongan_search): the walidata's concept pairs
and the anonymous query log."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

__all__ = ["SearchQuery", "SearchSynonym"]


class SearchSynonym(tk.BaseModel):
    """A concept pair, as typed by the walidata (both directions are synonyms)."""

    __tablename__ = "pekalongan_search_synonym"

    id = sa.Column(sa.Integer, primary_key=True)
    term_a = sa.Column(sa.UnicodeText, nullable=False)
    term_b = sa.Column(sa.UnicodeText, nullable=False)
    created = sa.Column(sa.DateTime, nullable=False, default=dt.datetime.utcnow)

    def as_dict(self) -> dict:
        return {"id": self.id, "term_a": self.term_a, "term_b": self.term_b,
                "created": self.created.isoformat() if self.created else None}


class SearchQuery(tk.BaseModel):
    """One search of the search page: redacted text, result count, day, opened or not."""

    __tablename__ = "pekalongan_search_query"

    id = sa.Column(sa.BigInteger, primary_key=True)
    query = sa.Column(sa.UnicodeText, nullable=False)
    result_count = sa.Column(sa.Integer, nullable=False)
    fuzzy = sa.Column(sa.Boolean, nullable=False, default=False)
    clicked = sa.Column(sa.Boolean, nullable=False, default=False)
    day = sa.Column(sa.Date, nullable=False, default=dt.date.today)

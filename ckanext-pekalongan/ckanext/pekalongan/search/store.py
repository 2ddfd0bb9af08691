"""Reads and writes of the search plugin's tables (no commits: the actions commit),
except :func:`log_query`, which writes its one row on a connection of its own so that the
search page's session is left alone."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import ckan.model as model
import sqlalchemy as sa

from ckanext.pekalongan.search.model import SearchQuery, SearchSynonym

JAKARTA = ZoneInfo("Asia/Jakarta")
SYNC_LOCK = "pekalongan_search_synonyms"


def today() -> dt.date:
    return dt.datetime.now(JAKARTA).date()


# -- concept pairs ------------------------------------------------------------------------

def pairs() -> list[SearchSynonym]:
    return model.Session.query(SearchSynonym).order_by(
        sa.func.lower(SearchSynonym.term_a), SearchSynonym.id).all()


def pair_tuples() -> list[tuple[str, str]]:
    return [(p.term_a, p.term_b) for p in pairs()]


def add_pair(term_a: str, term_b: str) -> SearchSynonym:
    row = SearchSynonym(term_a=term_a, term_b=term_b, created=dt.datetime.utcnow())
    model.Session.add(row)
    model.Session.flush()
    return row


def get_pair(pair_id: int) -> SearchSynonym | None:
    return model.Session.get(SearchSynonym, pair_id)


def lock_synonyms() -> None:
    """Serialize the changes and pushes of the pairs (until the transaction ends), so the
    last push always carries the last state of the table."""
    model.Session.execute(sa.text("select pg_advisory_xact_lock(hashtext(:k))"),
                          {"k": SYNC_LOCK})


# -- the query log --------------------------------------------------------------------------

_INSERT = sa.text(
    "insert into pekalongan_search_query (query, result_count, fuzzy, clicked, day) "
    "values (:query, :result_count, :fuzzy, false, :day) returning id")


def log_query(query: str, result_count: int, fuzzy: bool) -> int:
    """One INSERT, committed at once on its own connection; returns the row id. The commit
    does not wait for the disk (``synchronous_commit`` off for this transaction only): a
    search page never waits on the log, which may lose its last rows in a crash."""
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))
        return conn.execute(_INSERT, {"query": query, "result_count": max(0, result_count),
                                      "fuzzy": fuzzy, "day": today()}).scalar()


def mark_clicked(row_id: int) -> bool:
    n = model.Session.query(SearchQuery).filter(SearchQuery.id == row_id).update(
        {"clicked": True}, synchronize_session=False)
    return bool(n)


def missed_queries(since: dt.date, limit: int) -> list[dict[str, Any]]:
    """The searches since ``since`` that found nothing or whose results nobody opened,
    grouped by text, the most frequent first."""
    zero = sa.func.count().filter(SearchQuery.result_count == 0)
    unclicked = sa.func.count().filter(SearchQuery.clicked.is_(False))
    fuzzy = sa.func.count().filter(SearchQuery.fuzzy.is_(True))
    rows = (model.Session.query(
        SearchQuery.query, sa.func.count().label("searches"), zero.label("zero"),
        unclicked.label("unclicked"), fuzzy.label("fuzzy"),
        sa.func.max(SearchQuery.day).label("last_day"))
        .filter(SearchQuery.day >= since)
        .group_by(SearchQuery.query)
        .having(sa.or_(zero > 0, unclicked > 0))
        .order_by(sa.desc("unclicked"), sa.desc("searches"), SearchQuery.query)
        .limit(limit).all())
    return [{"query": r.query, "searches": r.searches, "zero_results": r.zero,
             "no_click": r.unclicked, "fuzzy": r.fuzzy, "last_day": r.last_day.isoformat()}
            for r in rows]


def purge_queries(before: dt.date) -> int:
    return model.Session.query(SearchQuery).filter(SearchQuery.day < before).delete(
        synchronize_session=False)

"""What the tests of the services with cases and clocks (the PPID desk, Suara Masyarakat)
share, written once: ``clean_db`` = the root ``clean_db`` (every migrated plugin, the audit
tables sealed) plus the seed holiday table (the migration seeds it only on a fresh database)
and an empty Redis (rate limits, receipts, tracking grants, one-time form ids, job queue).
Conftests import it: ``from pkl_cases import clean_db``.

The seeding is a snapshot (tests/pkl_reset.py): the 244 rows are copied back after the first
time, on the same emptied database and Redis (Redis is emptied first, so that the state the
snapshot is recognised by does not hold what the previous test left; the build empties it
again after the seeding, as before)."""
from __future__ import annotations

import ckan.model as model
import pytest


def seed_holidays(reset_redis) -> None:
    """The seed holidays committed, Redis emptied."""
    from ckanext.pekalongan.casework import calendar

    calendar.seed_holidays()
    model.repo.commit()
    reset_redis()


@pytest.fixture
def clean_db(clean_db, reset_redis):
    import pkl_reset

    reset_redis()
    pkl_reset.snapshot("seed holidays", lambda: seed_holidays(reset_redis))

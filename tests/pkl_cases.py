"""What the tests of the services with cases and clocks (the PPID desk, Suara Masyarakat)
share, written once: ``clean_db`` = the root ``clean_db`` (every migrated plugin, the audit
tables sealed) plus the seed holiday table (the migration seeds it only on a fresh database)
and an empty Redis (rate limits, receipts, tracking grants, one-time form ids, job queue).
Conftests import it: ``from pkl_cases import clean_db``."""
from __future__ import annotations

import ckan.model as model
import pytest


@pytest.fixture
def clean_db(clean_db, reset_redis):
    from ckanext.pekalongan.casework import calendar

    calendar.seed_holidays()
    model.repo.commit()
    reset_redis()

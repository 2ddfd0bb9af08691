"""Fixtures of the PPID API tests: written once in tests/pkl_ppid.py (shared with the page
tests): ``clean_db`` with the seed holidays, ``people`` (the officer roles on CKAN
organizations), ``kit``."""
from __future__ import annotations

from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_ppid import kit, people  # noqa: F401 - fixtures

"""Fixtures of the Suara Masyarakat accountability tests: the shared ``clean_db``
(tests/pkl_cases.py) and a month of reports with known answers (``october``)."""
from __future__ import annotations

import pytest
from pkl_cases import clean_db  # noqa: F401 - fixture


@pytest.fixture
def october(clean_db):
    import pkl_reset
    from pkl_suara_stats import build_october

    return pkl_reset.snapshot("suara october", build_october)


@pytest.fixture(autouse=True)
def _suara_plugins(with_plugins):
    """Every test here runs with the site's plugins (``suara`` among them) loaded."""

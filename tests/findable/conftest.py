"""Fixtures of the Findable (federation) tests: a small catalogue made once per module."""
from __future__ import annotations

import pkl_findable
import pytest


@pytest.fixture(scope="module")
def catalogue(reset_db, migrate_db_for, reset_index):
    """An OPD with a fully filled public dataset, a minimal public one and a private one.
    Module-scoped: the tests of a module only read it."""
    pkl_findable.clean(reset_db, migrate_db_for, reset_index)
    return pkl_findable.make_catalogue()

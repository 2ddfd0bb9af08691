"""Fixtures of the Suara Masyarakat API tests: the cast on CKAN organizations and a holiday
table seeded after every ``clean_db``; an empty Redis (rate-limit counters, job queue)."""
from __future__ import annotations

import pytest
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_suara import suara_people


@pytest.fixture
def people(clean_db):
    """The Suara cast, copied back after its first build (tests/pkl_reset.py ``snapshot``)."""
    import pkl_reset

    return pkl_reset.snapshot("suara cast", suara_people)


def errors_of(excinfo) -> dict:
    return excinfo.value.error_dict


class _Freezer:
    """``freezer.move_to(when)``: freezegun's clock, moved as often as a test needs."""

    def __init__(self):
        self._frozen = None

    def move_to(self, when: str) -> None:
        from freezegun import freeze_time

        self.stop()
        self._frozen = freeze_time(when, tick=True)
        self._frozen.start()

    def stop(self) -> None:
        if self._frozen is not None:
            self._frozen.stop()
            self._frozen = None


@pytest.fixture
def freezer():
    frozen = _Freezer()
    yield frozen
    frozen.stop()

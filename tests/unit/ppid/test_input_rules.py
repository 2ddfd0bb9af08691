"""Pure rules of PPID input: which characters a name or a text refuses, and
which receipt dates are possible."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.pekalongan.ppid import states
from ckanext.pekalongan.ppid.logic.validators import refused_characters

START = dt.date(2024, 1, 1)
TODAY = dt.date(2026, 3, 16)


@pytest.mark.parametrize("value,codes", [
    ("Budi Santoso", []),
    ("Siti Nur'aini, S.H.", []),
    ("李雷 صالح Müller", []),
    ("a\x00b", ["U+0000"]),
    ("a\nb\tc", ["U+000A", "U+0009"]),
    ("a\x7f\x85", ["U+007F", "U+0085"]),
    ("x\u202ey\u2066z\u2069", ["U+202E", "U+2066", "U+2069"]),
    ("\ufeffa\u200bb\u200d\u200e\u200f", ["U+FEFF", "U+200B", "U+200D", "U+200E", "U+200F"]),
    ("\ud800", ["U+D800"]),
    ("a\x00b\x00", ["U+0000"]),
])
def test_names_refuse_controls_and_invisible_characters(value, codes):
    assert refused_characters(value) == codes


def test_texts_keep_line_feeds_and_tabs_only():
    assert refused_characters("a\nb\tc", multiline=True) == []
    assert refused_characters("a\rb\x0bc\x0c\x1b", multiline=True) == [
        "U+000D", "U+000B", "U+000C", "U+001B"]
    assert refused_characters("x\u202e", multiline=True) == ["U+202E"]


@pytest.mark.parametrize("received,problem", [
    (TODAY, None),
    (START, None),
    (TODAY + dt.timedelta(days=1), states.RECEIPT_IN_FUTURE),
    (START - dt.timedelta(days=1), states.RECEIPT_BEFORE_SERVICE),
    (dt.date(1, 1, 1), states.RECEIPT_BEFORE_SERVICE),
])
def test_receipt_dates_lie_between_the_service_start_and_today(received, problem):
    assert states.receipt_date_problem(received, TODAY, START) == problem

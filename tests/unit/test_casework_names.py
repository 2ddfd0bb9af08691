"""The renamed API fields (casework/names.py): old names still accepted and returned."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.casework import names


def test_an_old_name_is_read_as_the_new_one():
    assert names.accept_old_names({"ticket": "X", "received_at": "2026-03-02"}) == {
        "ticket": "X", "received_on": "2026-03-02"}
    assert names.accept_old_names({"filed_at": "2026-03-02"}) == {"filed_on": "2026-03-02"}


def test_the_new_name_wins_when_both_are_sent():
    got = names.accept_old_names({"received_at": "2026-01-01", "received_on": "2026-03-02"})
    assert got == {"received_on": "2026-03-02"}


@pytest.mark.parametrize(("sort", "expected"), [
    ("received_at desc", "received_on desc"),
    ("received_at", "received_on"),
    ("due_date asc", "due_date asc"),
])
def test_a_sort_on_an_old_name_is_rewritten(sort, expected):
    assert names.accept_old_names({"sort": sort})["sort"] == expected


@pytest.mark.parametrize("data", [None, [], "received_at", 5, {"sort": 3}, {"q": "x"}])
def test_anything_else_is_left_to_the_schema(data):
    assert names.accept_old_names(data) is data


def test_the_caller_s_dict_is_not_changed():
    data = {"received_at": "2026-03-02"}
    names.accept_old_names(data)
    assert data == {"received_at": "2026-03-02"}


def test_returned_dicts_carry_the_old_key_beside_the_new_one():
    assert names.with_old_names({"received_on": "2026-03-02", "due_date": "x"}) == {
        "received_on": "2026-03-02", "received_at": "2026-03-02", "due_date": "x"}
    assert names.with_old_names({"status": "new"}) == {"status": "new"}


def test_every_new_name_is_a_date_name_and_every_old_one_a_time_name():
    for old, new in names.RENAMED.items():
        assert old.endswith("_at") and new.endswith("_on") and old[:-3] == new[:-3]

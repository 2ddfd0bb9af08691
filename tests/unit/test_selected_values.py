"""pekalongan_selected_values: the chosen values of a multiple-choice field, as the region
picker needs them (one form value, several, or the stored JSON list)."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.theme.helpers import pekalongan_selected_values


@pytest.mark.parametrize(("value", "expected"), [
    (None, []),
    ("", []),
    ("33.26.01", ["33.26.01"]),
    (["33.26", "33.26.01"], ["33.26", "33.26.01"]),
    ('["33.26.01", "33.26.02"]', ["33.26.01", "33.26.02"]),
    ("[not json", ["[not json"]),
    (3326, ["3326"]),
])
def test_values_become_a_list_of_strings(value, expected):
    assert pekalongan_selected_values(value) == expected


def test_a_code_is_not_chosen_because_it_is_a_prefix_of_a_chosen_one():
    assert "33.26" not in pekalongan_selected_values("33.26.01")

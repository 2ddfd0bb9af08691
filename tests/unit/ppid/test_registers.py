"""The pure rules of the DIP and DIK registers (ppid/registers.py): what publishing needs,
the six-month staleness of berkala items, the consequence test, the exemption period, the
words of "Sudah tersedia?" and the deflection figure."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.pekalongan.ppid import registers as r

TODAY = dt.date(2026, 6, 15)

WHOLE_DIP = {
    "summary": "Laporan keuangan", "category": "berkala", "holder": "Sub Bagian Keuangan",
    "responsible": "Kasubag Keuangan", "made_on": dt.date(2026, 1, 2), "made_place": "Kajen",
    "formats": ["softcopy"], "retention": "5 tahun",
}
WHOLE_DIK = {
    "summary": "Rekam medis", "grounds": ["17h"], "consequence": "x" * 30,
    "public_interest": "y" * 30, "exempt_until": dt.date(2030, 1, 1),
    "decided_by_name": "dr. Siti", "decided_by_position": "PPID Pelaksana",
    "decided_on": dt.date(2026, 1, 2),
}


def test_a_whole_dip_entry_may_be_published():
    assert r.dip_publish_errors(WHOLE_DIP, TODAY) == {}


@pytest.mark.parametrize("column", r.DIP_REQUIRED)
@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_each_missing_dip_column_is_its_own_error(column, empty):
    errors = r.dip_publish_errors(dict(WHOLE_DIP, **{column: empty}), TODAY)
    assert errors == {column: [r.REQUIRED_TO_PUBLISH]}


def test_a_draft_may_miss_columns_but_not_be_made_in_the_future():
    assert r.dip_errors({"summary": "x"}, TODAY) == {}
    assert r.dip_errors({"made_on": TODAY + dt.timedelta(days=1)}, TODAY) == {
        "made_on": [r.MADE_IN_FUTURE]}
    assert r.dip_errors({"link_type": "dataset"}, TODAY) == {"dataset": [r.LINK_MISSING]}
    assert r.dip_errors({"link_type": "document"}, TODAY) == {"document": [r.LINK_MISSING]}


def test_a_whole_consequence_test_may_be_published():
    assert r.dik_publish_errors(WHOLE_DIK, TODAY) == {}


def test_the_consequence_test_needs_reasoning_known_grounds_and_dates_in_order():
    errors = r.dik_publish_errors(dict(WHOLE_DIK, consequence="bahaya", public_interest=" " * 40,
                                       grounds=["17h", "17z"],
                                       exempt_until=dt.date(2026, 1, 2)), TODAY)
    assert errors == {
        "consequence": [r.TOO_SHORT],
        "public_interest": [r.REQUIRED_TO_PUBLISH],
        "grounds": [r.UNKNOWN_GROUND],
        "exempt_until": [r.UNTIL_BEFORE_DECISION],
    }
    assert r.dik_errors({"decided_on": TODAY + dt.timedelta(days=1)}, TODAY) == {
        "decided_on": [r.DECIDED_IN_FUTURE]}
    assert len("x" * r.MIN_REASONING) == 30  # the number in the TOO_SHORT message


@pytest.mark.parametrize("made, months, due", [
    (dt.date(2026, 1, 31), 6, dt.date(2026, 7, 31)),
    (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
    (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
    (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15)),
    (dt.date(2025, 6, 15), 12, dt.date(2026, 6, 15)),
])
def test_berkala_is_due_six_calendar_months_after_it_was_made(made, months, due):
    assert r.berkala_due(made, months) == due


def test_only_berkala_items_older_than_six_months_are_stale():
    made = dt.date(2025, 12, 15)
    assert not r.is_stale("berkala", made, dt.date(2026, 6, 15))  # the last day
    assert r.is_stale("berkala", made, dt.date(2026, 6, 16))
    assert not r.is_stale("setiap_saat", made, dt.date(2030, 1, 1))
    assert not r.is_stale("serta_merta", made, dt.date(2030, 1, 1))
    assert not r.is_stale("berkala", None, TODAY)


def test_exemption_state_and_what_a_refusal_may_cite():
    until = dt.date(2026, 7, 1)
    assert r.exemption_state(until, dt.date(2026, 5, 1), 30) == r.EXEMPTION_ACTIVE
    assert r.exemption_state(until, dt.date(2026, 6, 1), 30) == r.EXEMPTION_ENDING
    assert r.exemption_state(until, until, 30) == r.EXEMPTION_ENDING
    assert r.exemption_state(until, dt.date(2026, 7, 2), 30) == r.EXEMPTION_ENDED
    assert r.exemption_state(None, TODAY, 30) is None
    assert r.citation_errors(r.PUBLISHED, until, until) == []
    assert r.citation_errors(r.DRAFT, until, TODAY) == [(r.CITE_NOT_PUBLISHED, {})]
    assert r.citation_errors(r.PUBLISHED, until, dt.date(2026, 7, 2)) == [
        (r.CITE_ENDED, {"date": "2026-07-01"})]


def test_search_words_keep_only_plain_words():
    words = r.search_words("Saya minta DATA penerima bansos Kec. Kajen tahun 2025: \"*:*\" OR "
                           "id:1 <script> 12 penerima")
    assert words == ["penerima", "bansos", "kec", "kajen", "2025", "script"]
    assert r.search_words(None) == [] and r.search_words(["x"]) == []
    assert len(r.search_words(" ".join(f"kata{i}" for i in range(50)))) == 8
    assert r.match_score(["laporan", "anggaran"], "Laporan realisasi ANGGARAN", None) == 2


def test_the_deflection_figure():
    assert r.deflection({}) == {"opened_sessions": 0, "opens": 0, "filed_after_opening": 0,
                                "deflected": 0}
    assert r.deflection({r.OPENED_SESSIONS: 10, r.OPENS: 25, r.FILED_AFTER_OPENING: 4}) == {
        "opened_sessions": 10, "opens": 25, "filed_after_opening": 4, "deflected": 6}
    # more filings than openings (counted across a day boundary) never gives a negative figure
    assert r.deflection({r.OPENED_SESSIONS: 1, r.FILED_AFTER_OPENING: 3})["deflected"] == 0

"""Pure rules of issue #15 items 3-4: reopening, the grounds offered, the reopened clock,
the channels of a notice."""
from __future__ import annotations

import datetime as dt

from ckanext.pekalongan.casework.workdays import Calendar
from ckanext.pekalongan.ppid import deadlines, grounds
from ckanext.pekalongan.ppid import states as s


def test_only_an_accepted_objection_against_the_standing_decision_reopens():
    assert s.objection_reopens("accepted", 1, 1, "decided")
    assert s.objection_reopens("accepted", 1, 1, "received")  # unanswered: answer now
    assert not s.objection_reopens("rejected", 1, 1, "decided")
    assert not s.objection_reopens("accepted", 1, 2, "decided")  # already overturned
    assert not s.objection_reopens("accepted", 1, 1, "withdrawn")
    assert s.next_state("request", "decided", "reopen") == "reopened"
    assert s.next_state("request", "reopened", "decide") == "decided"


def test_a_reopened_request_cannot_be_extended_nor_its_receipt_corrected():
    assert "extend" not in s.allowed_actions("request", "reopened")
    allowed = s.request_actions_allowed("reopened", False, dt.date(2026, 4, 1),
                                        dt.date(2026, 3, 20))
    assert "ppid_request_extend" not in allowed
    assert "ppid_request_correct_receipt" not in allowed
    assert "ppid_request_decide" in allowed
    assert s.is_terminal("request", "decided")  # no officer reopens a decision


def test_the_form_offers_open_grounds_not_yet_cited_in_the_law_order():
    windows = {g: {} for g in ("35_1_f", "35_1_a", "35_1_d")}
    assert grounds.offered_grounds(windows, {"35_1_d"}) == ["35_1_a", "35_1_f"]
    assert grounds.offered_grounds({}, set()) == []


def test_the_reopened_clock_counts_working_days_from_the_answer():
    calendar = Calendar("empty")
    assert deadlines.reopened_due(calendar, dt.date(2026, 4, 6), 10) == dt.date(2026, 4, 20)


def test_notice_channels_follow_the_requesters_choice():
    assert s.notice_channels(True, "email", "web", True) == ("email",)
    assert s.notice_channels(True, "pos", "web", True) == ("email", "post")
    assert s.notice_channels(False, "email", "sms", True) == ("sms",)
    assert s.notice_channels(False, "ambil_langsung", "walk_in", False) == ("post",)

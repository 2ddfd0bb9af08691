"""Working-day engine, checked against dates counted by hand.

The calendar below is typed in from the SKB 3 Menteri for 2026 (17 national
holidays, 8 cuti bersama days) plus Christmas 2025; every expected date in
this file was counted by hand on that calendar (the counts are written out
in the comments), not produced by the code under test.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from ckanext.pekalongan.casework import workdays as wd
from ckanext.pekalongan.casework.holiday_seed import SEED_CSV_PATH, load_seed_csv
from ckanext.pekalongan.casework.workdays import Calendar, Holiday
from ckanext.pekalongan.ppid import deadlines as dl

N, C = "national", "cuti_bersama"
HAND_HOLIDAYS = [
    Holiday(date(2025, 12, 25), "Hari Raya Natal", N),
    Holiday(date(2025, 12, 26), "Cuti Bersama Hari Raya Natal", C),
    Holiday(date(2026, 1, 1), "Tahun Baru Masehi", N),
    Holiday(date(2026, 1, 16), "Isra Mikraj Nabi Muhammad", N),
    Holiday(date(2026, 2, 16), "Cuti Bersama Tahun Baru Imlek", C),
    Holiday(date(2026, 2, 17), "Tahun Baru Imlek", N),
    Holiday(date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi", C),
    Holiday(date(2026, 3, 19), "Hari Suci Nyepi", N),
    Holiday(date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri", C),
    Holiday(date(2026, 3, 21), "Hari Raya Idul Fitri", N),
    Holiday(date(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri", N),
    Holiday(date(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri", C),
    Holiday(date(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri", C),
    Holiday(date(2026, 4, 3), "Wafat Yesus Kristus", N),
    Holiday(date(2026, 4, 5), "Kebangkitan Yesus Kristus", N),
    Holiday(date(2026, 5, 1), "Hari Buruh Internasional", N),
    Holiday(date(2026, 5, 14), "Kenaikan Yesus Kristus", N),
    Holiday(date(2026, 5, 15), "Cuti Bersama Kenaikan Yesus Kristus", C),
    Holiday(date(2026, 5, 27), "Hari Raya Idul Adha", N),
    Holiday(date(2026, 5, 28), "Cuti Bersama Hari Raya Idul Adha", C),
    Holiday(date(2026, 5, 31), "Hari Raya Waisak", N),
    Holiday(date(2026, 6, 1), "Hari Lahir Pancasila", N),
    Holiday(date(2026, 6, 16), "Tahun Baru Islam", N),
    Holiday(date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", N),
    Holiday(date(2026, 8, 25), "Maulid Nabi Muhammad", N),
    Holiday(date(2026, 12, 24), "Cuti Bersama Hari Raya Natal", C),
    Holiday(date(2026, 12, 25), "Hari Raya Natal", N),
]

COUNT = Calendar("hand-2026", HAND_HOLIDAYS, count_cuti_bersama_as_working_day=True)
SKIP = Calendar("hand-2026", HAND_HOLIDAYS, count_cuti_bersama_as_working_day=False)
EMPTY = Calendar("empty")


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# --- the DESIGN.md example ---------------------------------------------------


def test_design_example_counting_cuti_bersama_gives_tuesday_31_march():
    # 17(1) 18(2, cuti) [19 Nyepi] 20(3, cuti) [21-22] 23(4) 24(5) 25(6)
    # 26(7) 27(8) [28-29] 30(9) 31(10)
    assert wd.add_working_days(COUNT, d(3, 16), 10) == d(3, 31)


def test_design_example_skipping_cuti_bersama_gives_tuesday_7_april():
    # 17(1) [18-24] 25(2) 26(3) 27(4) 30(5) 31(6) 1 Apr(7) 2(8) [3 Good Friday]
    # [4-5] 6(9) 7(10)
    assert wd.add_working_days(SKIP, d(3, 16), 10) == d(4, 7)


def test_design_example_holds_on_the_committed_seed():
    seed = Calendar("seed", load_seed_csv())
    both = wd.due_under_both_policies(seed, d(3, 16), 10)
    assert both.counting_cuti_bersama == d(3, 31)
    assert both.skipping_cuti_bersama == d(4, 7)
    assert d(3, 31).strftime("%a") == "Tue" and d(4, 7).strftime("%a") == "Tue"


def test_both_policies_are_shown_whatever_the_calendars_own_policy():
    for cal in (COUNT, SKIP):
        both = wd.due_under_both_policies(cal, d(3, 16), 10)
        assert (both.counting_cuti_bersama, both.skipping_cuti_bersama) == (d(3, 31), d(4, 7))


# --- counting rules ----------------------------------------------------------


def test_receipt_day_is_day_zero_and_never_counted():
    assert wd.add_working_days(EMPTY, d(3, 2), 1) == d(3, 3)  # Mon -> Tue


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (d(3, 6), 1, d(3, 9)),  # Fri -> Mon
        (d(3, 7), 1, d(3, 9)),  # Sat -> Mon
        (d(3, 8), 1, d(3, 9)),  # Sun -> Mon
        (d(3, 7), 2, d(3, 10)),  # Sat -> Tue
        (d(3, 2), 5, d(3, 9)),  # Mon -> next Mon
        (d(3, 4), 10, d(3, 18)),  # Wed -> Wed two weeks on
    ],
)
def test_weekends_are_skipped(start, n, expected):
    assert wd.add_working_days(EMPTY, start, n) == expected


def test_zero_days_returns_the_start_date():
    assert wd.add_working_days(COUNT, d(3, 21), 0) == d(3, 21)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        wd.add_working_days(COUNT, d(3, 16), -1)


def test_a_bool_is_not_a_day_count():
    with pytest.raises(TypeError):
        wd.add_working_days(COUNT, d(3, 16), True)


def test_year_end_counting_cuti_bersama():
    # from Mon 22 Dec 2025: 23(1) 24(2) [25 Natal] 26(3, cuti) 29(4) 30(5)
    # 31(6) [1 Jan] 2(7) 5(8) 6(9) 7(10)
    assert wd.add_working_days(COUNT, date(2025, 12, 22), 10) == d(1, 7)


def test_year_end_skipping_cuti_bersama():
    # 23(1) 24(2) [25] [26 cuti] 29(3) 30(4) 31(5) [1 Jan] 2(6) 5(7) 6(8) 7(9) 8(10)
    assert wd.add_working_days(SKIP, date(2025, 12, 22), 10) == d(1, 8)


def test_receipt_on_a_national_holiday_counts_from_the_next_day():
    # received on Nyepi, Thu 19 Mar 2026.
    # count: 20(1) 23(2) 24(3) 25(4) 26(5) 27(6) 30(7) 31(8) 1 Apr(9) 2(10)
    assert wd.add_working_days(COUNT, d(3, 19), 10) == d(4, 2)
    # skip: 25(1) 26(2) 27(3) 30(4) 31(5) 1(6) 2(7) [3] 6(8) 7(9) 8(10)
    assert wd.add_working_days(SKIP, d(3, 19), 10) == d(4, 8)


def test_receipt_on_a_weekend_counts_from_monday():
    # received Sat 14 Mar 2026.
    # count: 16(1) 17(2) 18(3) [19] 20(4) 23(5) 24(6) 25(7) 26(8) 27(9) 30(10)
    assert wd.add_working_days(COUNT, d(3, 14), 10) == d(3, 30)
    # skip: 16(1) 17(2) [18-24] 25(3) 26(4) 27(5) 30(6) 31(7) 1(8) 2(9) [3] 6(10)
    assert wd.add_working_days(SKIP, d(3, 14), 10) == d(4, 6)


def test_eid_al_fitr_2026_receipt_on_cuti_bersama():
    # received Fri 20 Mar (cuti bersama, e.g. via the web form); then Sat-Sun
    # are Idul Fitri; Mon 23 and Tue 24 are cuti bersama.
    assert wd.add_working_days(COUNT, d(3, 20), 1) == d(3, 23)
    assert wd.add_working_days(SKIP, d(3, 20), 1) == d(3, 25)


# --- reasons -------------------------------------------------------------------


def test_non_working_reasons():
    assert COUNT.non_working_reason(d(3, 17)) is None
    assert COUNT.non_working_reason(d(3, 28)) == wd.NonWorkingReason("weekend", None)
    assert COUNT.non_working_reason(d(3, 19)) == wd.NonWorkingReason(
        "national_holiday", "Hari Suci Nyepi"
    )
    # Idul Fitri on a Saturday is reported as the holiday, not as a weekend.
    assert COUNT.non_working_reason(d(3, 21)).code == "national_holiday"
    # cuti bersama is a reason only when the policy skips it
    assert COUNT.non_working_reason(d(3, 18)) is None
    assert SKIP.non_working_reason(d(3, 18)) == wd.NonWorkingReason(
        "cuti_bersama", "Cuti Bersama Hari Suci Nyepi"
    )


def test_reason_has_a_readable_fallback_and_a_translatable_label():
    assert str(SKIP.non_working_reason(d(3, 19))) == "national holiday: Hari Suci Nyepi"
    assert str(SKIP.non_working_reason(d(3, 18))) == "cuti bersama: Cuti Bersama Hari Suci Nyepi"
    assert str(SKIP.non_working_reason(d(3, 28))) == "weekend"
    assert set(wd.REASON_LABELS) == {"weekend", "national_holiday", "cuti_bersama"}


def test_is_working_day():
    assert COUNT.is_working_day(d(3, 18)) and not SKIP.is_working_day(d(3, 18))
    assert not COUNT.is_working_day(d(3, 19)) and not SKIP.is_working_day(d(3, 19))
    assert not COUNT.is_working_day(d(3, 29))  # Sunday
    assert COUNT.is_working_day(d(3, 30)) and SKIP.is_working_day(d(3, 30))


def test_national_holiday_wins_over_cuti_bersama_on_the_same_date():
    both = Calendar(
        "x",
        [Holiday(d(7, 1), "Cuti", C), Holiday(d(7, 1), "Libur", N)],
        count_cuti_bersama_as_working_day=True,
    )
    assert not both.is_working_day(d(7, 1))
    assert both.non_working_reason(d(7, 1)) == wd.NonWorkingReason("national_holiday", "Libur")


def test_holiday_rejects_an_unknown_kind_and_an_empty_name():
    with pytest.raises(ValueError):
        Holiday(d(1, 1), "Tahun Baru", "regional")
    with pytest.raises(ValueError):
        Holiday(d(1, 1), " ", N)


def test_calendar_is_immutable_hashable_and_compares_by_content():
    a = Calendar("v1", HAND_HOLIDAYS)
    b = Calendar("v1", list(reversed(HAND_HOLIDAYS)))
    assert a == b and hash(a) == hash(b)
    assert a != a.with_policy(False)
    with pytest.raises(AttributeError):
        a.version = "v2"  # type: ignore[misc]


def test_fingerprint_ignores_order_and_sees_edits():
    fp = wd.calendar_fingerprint(HAND_HOLIDAYS)
    assert fp == wd.calendar_fingerprint(reversed(HAND_HOLIDAYS))
    renamed = [Holiday(HAND_HOLIDAYS[0].date, "Natal", N), *HAND_HOLIDAYS[1:]]
    assert wd.calendar_fingerprint(renamed) != fp
    assert wd.calendar_fingerprint(HAND_HOLIDAYS[1:]) != fp


def test_covers_only_years_with_rows():
    assert COUNT.covers(d(6, 1)) and COUNT.covers(date(2025, 12, 1))
    assert not COUNT.covers(date(2027, 1, 4))


# --- explain -------------------------------------------------------------------

W, NH, CB = "weekend", "national_holiday", "cuti_bersama"


def _rows(explanation):
    return [
        (day.date, day.working_day_number, day.reason.code if day.reason else None)
        for day in explanation.days
    ]


def test_explain_design_example_skipping_cuti_bersama():
    e = wd.explain(SKIP, d(3, 16), 10)
    assert _rows(e) == [
        (d(3, 17), 1, None),
        (d(3, 18), None, CB),
        (d(3, 19), None, NH),
        (d(3, 20), None, CB),
        (d(3, 21), None, NH),
        (d(3, 22), None, NH),
        (d(3, 23), None, CB),
        (d(3, 24), None, CB),
        (d(3, 25), 2, None),
        (d(3, 26), 3, None),
        (d(3, 27), 4, None),
        (d(3, 28), None, W),
        (d(3, 29), None, W),
        (d(3, 30), 5, None),
        (d(3, 31), 6, None),
        (d(4, 1), 7, None),
        (d(4, 2), 8, None),
        (d(4, 3), None, NH),
        (d(4, 4), None, W),
        (d(4, 5), None, NH),
        (d(4, 6), 9, None),
        (d(4, 7), 10, None),
    ]
    assert e.due == d(4, 7)
    assert e.days[2].reason.name == "Hari Suci Nyepi"
    assert e.days[17].reason.name == "Wafat Yesus Kristus"
    assert [x.counted for x in e.days] == [x.working_day_number is not None for x in e.days]
    assert len(e.counted_days) == 10 and len(e.skipped_days) == 12
    assert e.calendar_version == "hand-2026" and e.count_cuti_bersama_as_working_day is False


def test_explain_design_example_counting_cuti_bersama_notes_the_counted_cuti():
    e = wd.explain(COUNT, d(3, 16), 10)
    assert _rows(e) == [
        (d(3, 17), 1, None),
        (d(3, 18), 2, None),
        (d(3, 19), None, NH),
        (d(3, 20), 3, None),
        (d(3, 21), None, NH),
        (d(3, 22), None, NH),
        (d(3, 23), 4, None),
        (d(3, 24), 5, None),
        (d(3, 25), 6, None),
        (d(3, 26), 7, None),
        (d(3, 27), 8, None),
        (d(3, 28), None, W),
        (d(3, 29), None, W),
        (d(3, 30), 9, None),
        (d(3, 31), 10, None),
    ]
    noted = [day.date for day in e.days if day.note is not None]
    assert noted == [d(3, 18), d(3, 20), d(3, 23), d(3, 24)]
    assert all(day.note.code == CB for day in e.days if day.note is not None)


def test_explain_reports_a_receipt_on_a_holiday():
    e = wd.explain(COUNT, d(3, 19), 1)
    assert e.start_reason == wd.NonWorkingReason("national_holiday", "Hari Suci Nyepi")
    assert _rows(e) == [(d(3, 20), 1, None)]
    assert wd.explain(COUNT, d(3, 17), 1).start_reason is None


def test_explain_zero_days_is_empty():
    e = wd.explain(COUNT, d(3, 16), 0)
    assert e.days == () and e.due == d(3, 16)


def test_explain_flags_years_without_calendar_data():
    e = wd.explain(COUNT, d(12, 28), 10)  # runs into 2027, which has no rows
    assert e.uncovered_years == (2027,)
    assert wd.explain(COUNT, d(3, 16), 10).uncovered_years == ()


def test_explain_to_dict_is_plain_data():
    data = wd.explain(SKIP, d(3, 16), 10).to_dict()
    assert data["due"] == "2026-04-07"
    assert data["days"][1] == {
        "date": "2026-03-18",
        "counted": False,
        "working_day_number": None,
        "reason": {"code": "cuti_bersama", "name": "Cuti Bersama Hari Suci Nyepi"},
        "note": None,
    }


# --- statutory deadlines ---------------------------------------------------------


def test_notice_due_is_ten_working_days_after_receipt():
    assert dl.notice_due(COUNT, d(3, 16), 10) == d(3, 31)
    assert dl.notice_due(SKIP, d(3, 16), 10) == d(4, 7)


def test_extension_counts_from_the_original_due_date():
    # count: original due Tue 31 Mar; 1 Apr(1) 2(2) [3-5] 6(3) 7(4) 8(5) 9(6) 10(7)
    assert dl.extended_due(COUNT, d(3, 31), 7) == d(4, 10)
    # extending on Tue 24 Mar must not restart the clock from that day:
    # 7 HK after 24 Mar would be 25(1) 26(2) 27(3) 30(4) 31(5) 1(6) 2(7)
    assert dl.extended_due(COUNT, d(3, 31), 7) != d(4, 2)
    # skip: original due Tue 7 Apr; 8(1) 9(2) 10(3) 13(4) 14(5) 15(6) 16(7)
    assert dl.extended_due(SKIP, d(4, 7), 7) == d(4, 16)


def test_objection_window_is_thirty_working_days():
    # from Tue 31 Mar: April has 21 working days after the 31st (1,2,6-10,
    # 13-17, 20-24, 27-30); [1 May] 4(22) 5 6 7 8(26) 11 12 13(29) [14 Kenaikan]
    # 15 May (30, cuti bersama counted) / skipped -> Mon 18 May (30)
    assert dl.objection_window_end(COUNT, d(3, 31), 30) == d(5, 15)
    assert dl.objection_window_end(SKIP, d(3, 31), 30) == d(5, 18)


def test_objection_answer_due_is_thirty_working_days():
    # count, from Mon 4 May: 5-8(4) 11-13(7) [14] 15(8) 18-22(13) 25 26(15)
    # [27] 28(16) 29(17) [1 Jun] 2-5(21) 8-12(26) 15(27) [16] 17(28) 18(29) 19(30)
    assert dl.objection_answer_due(COUNT, d(5, 4), 30) == d(6, 19)
    # skip: 5-8(4) 11-13(7) [14,15] 18-22(12) 25 26(14) [27,28] 29(15) [1 Jun]
    # 2-5(19) 8-12(24) 15(25) [16] 17 18 19(28) 22(29) 23(30)
    assert dl.objection_answer_due(SKIP, d(5, 4), 30) == d(6, 23)


def test_dispute_window_is_fourteen_working_days():
    # count, from Mon 18 May: 19-22(4) 25 26(6) [27] 28(7) 29(8) [1 Jun] 2-5(12) 8(13) 9(14)
    assert dl.dispute_window_end(COUNT, d(5, 18), 14) == d(6, 9)
    # skip: 19-22(4) 25 26(6) [27,28] 29(7) [1 Jun] 2-5(11) 8 9 10(14)
    assert dl.dispute_window_end(SKIP, d(5, 18), 14) == d(6, 10)


@pytest.mark.parametrize(
    "helper",
    [
        dl.notice_due,
        dl.extended_due,
        dl.objection_window_end,
        dl.objection_answer_due,
        dl.dispute_window_end,
    ],
)
def test_statutory_helpers_need_at_least_one_day(helper):
    with pytest.raises(ValueError):
        helper(COUNT, d(3, 16), 0)


# --- days left and urgency ---------------------------------------------------------


def test_working_days_between():
    assert wd.working_days_between(COUNT, d(3, 16), d(3, 31)) == 10
    assert wd.working_days_between(SKIP, d(3, 16), d(3, 31)) == 6  # 17 25 26 27 30 31
    assert wd.working_days_between(SKIP, d(3, 31), d(3, 16)) == -6
    assert wd.working_days_between(COUNT, d(3, 16), d(3, 16)) == 0
    assert wd.working_days_between(COUNT, d(3, 27), d(3, 29)) == 0  # Fri -> Sun


def test_days_left_and_urgency_before_on_and_after_the_due_date():
    due = d(3, 31)  # Tue
    assert wd.days_left(COUNT, due, d(3, 24)) == 5  # 25 26 27 30 31
    assert wd.urgency(COUNT, due, d(3, 24)) == "on_time"
    assert wd.days_left(COUNT, due, d(3, 26)) == 3  # 27 30 31
    assert wd.urgency(COUNT, due, d(3, 26)) == "due_soon"
    assert wd.days_left(COUNT, due, due) == 0
    assert wd.urgency(COUNT, due, due) == "due_soon"
    assert wd.days_left(COUNT, due, d(4, 1)) == -1
    assert wd.urgency(COUNT, due, d(4, 1)) == "overdue"


def test_the_day_after_a_friday_deadline_is_overdue_though_no_working_day_passed():
    due = d(3, 27)  # Fri
    assert wd.days_left(COUNT, due, d(3, 28)) == 0
    assert wd.urgency(COUNT, due, d(3, 28)) == "overdue"


def test_urgency_warn_days():
    due = d(3, 31)
    assert wd.urgency(COUNT, due, d(3, 30), warn_days=0) == "on_time"
    assert wd.urgency(COUNT, due, due, warn_days=0) == "due_soon"
    assert wd.urgency(COUNT, due, d(3, 24), warn_days=5) == "due_soon"
    with pytest.raises(ValueError):
        wd.urgency(COUNT, due, due, warn_days=-1)


# --- local dates -------------------------------------------------------------------


def test_local_date_uses_jakarta_time():
    # 17:30 UTC = 00:30 WIB the next day; 16:59 UTC = 23:59 WIB the same day
    assert wd.local_date(datetime(2026, 3, 15, 17, 30, tzinfo=timezone.utc)) == d(3, 16)
    assert wd.local_date(datetime(2026, 3, 15, 16, 59, tzinfo=timezone.utc)) == d(3, 15)
    wib = timezone(timedelta(hours=7))
    assert wd.local_date(datetime(2026, 3, 16, 0, 0, tzinfo=wib)) == d(3, 16)
    assert wd.local_date(datetime(2026, 3, 15, 17, 30, tzinfo=timezone.utc), "UTC") == d(3, 15)


def test_local_date_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        wd.local_date(datetime(2026, 3, 16, 8, 0))


# --- the committed seed ------------------------------------------------------------


def test_seed_csv_covers_2020_to_2030_with_unique_sorted_dates():
    seed = load_seed_csv()
    years = {h.date.year for h in seed}
    assert years == set(range(2020, 2031))
    dates = [h.date for h in seed]
    assert dates == sorted(dates) and len(dates) == len(set(dates))
    for year in years:
        national = [h for h in seed if h.date.year == year and h.kind == N]
        assert len(national) >= 14, year
        # fixed-date national holidays every year
        assert {date(year, 1, 1), date(year, 8, 17), date(year, 12, 25)} <= {
            h.date for h in national
        }


def test_seed_csv_2026_matches_the_skb_typed_in_by_hand():
    seed = {(h.date, h.kind) for h in load_seed_csv() if h.date.year == 2026}
    hand = {(h.date, h.kind) for h in HAND_HOLIDAYS if h.date.year == 2026}
    assert seed == hand


def test_seed_csv_has_the_corrected_spelling():
    names = {h.date: h.name for h in load_seed_csv()}
    assert names[date(2020, 12, 31)].startswith("Pengganti ")
    assert not any("Pegangti" in name for name in names.values())


def test_seed_csv_file_has_the_documented_header():
    first = SEED_CSV_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first == "date,name,kind"


def test_seed_csv_is_what_the_package_generates():
    pytest.importorskip("holidays")
    from ckanext.pekalongan.casework.holiday_seed import seed_holidays

    assert seed_holidays(range(2020, 2031)) == load_seed_csv()


# --- purity ---------------------------------------------------------------------------


def test_domain_modules_import_neither_ckan_nor_holidays():
    """Loaded in a fresh interpreter, the engine, the statutory deadlines, the states and
    the committed seed pull in neither CKAN, SQLAlchemy nor the ``holidays`` package."""
    code = (
        "import sys\n"
        "import ckanext.pekalongan.ppid.deadlines\n"
        "import ckanext.pekalongan.ppid.states\n"
        "from ckanext.pekalongan.casework.holiday_seed import load_seed_csv\n"
        "load_seed_csv()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('ckan', 'holidays',"
        " 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""

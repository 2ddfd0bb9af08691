"""Pure parts of Capaian Pembangunan: series parsing, change and chart geometry."""
from __future__ import annotations

from ckanext.pekalongan.theme.indicators import (
    Point,
    change,
    chart_geometry,
    format_number,
    parse_series,
)

CSV = "tahun,ipm,lain\n2021,70.5,1\n2019,69.0,1\nx,1,1\n2020,,1\n2022,71.25,1\n"


def test_series_is_sorted_by_year_and_skips_unusable_rows():
    assert parse_series(CSV, "ipm") == [Point(2019, 69.0), Point(2021, 70.5), Point(2022, 71.25)]


def test_missing_value_column_or_year_column_gives_no_series():
    assert parse_series(CSV, "nope") == []
    assert parse_series("year,ipm\n2020,1\n", "ipm") == []


def test_decimal_comma_is_read():
    assert parse_series("tahun,nilai\n2020,\"12,5\"\n", "nilai") == [Point(2020, 12.5)]


def test_change_is_relative_to_the_first_year():
    assert change([Point(2019, 200), Point(2024, 150)]) == -25.0
    assert change([Point(2019, 0), Point(2024, 150)]) is None
    assert change([Point(2019, 5)]) is None


def test_chart_points_span_the_width_and_higher_values_are_higher_up():
    g = chart_geometry([Point(2019, 10), Point(2020, 30), Point(2021, 20)], width=300,
                       height=100, pad=20)
    xs = [p["x"] for p in g["points"]]
    ys = [p["y"] for p in g["points"]]
    assert xs == [20.0, 150.0, 280.0]
    assert ys[1] < ys[2] < ys[0]
    assert ys[1] == 20.0  # the maximum touches the top padding
    assert g["polyline"].startswith("20.0,")


def test_values_far_from_zero_do_not_start_the_axis_at_zero():
    g = chart_geometry([Point(2019, 1000), Point(2020, 1010)])
    assert g["bottom"] == 900.0


def test_numbers_follow_the_locale():
    assert format_number(1234567.5, "id") == "1.234.567,5"
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_number(70.0, "id") == "70"

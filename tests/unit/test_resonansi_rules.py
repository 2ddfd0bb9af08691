"""Pure parts of Resonansi (issue 13): targets, percentage points, ranking among Central
Java's 35 regencies and cities, malformed tables, new achievements, chart specs and the
illustrative demo tables."""
from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from ckanext.pekalongan.demo import catalogue
from ckanext.pekalongan.theme import charts
from ckanext.pekalongan.theme.indicators import (
    HIGHER,
    LOWER,
    Point,
    build_card,
    column_label,
    describe_change,
    direction_problem,
    new_achievements,
    parse_comparison,
    parse_direction,
    parse_regions,
    parse_series_checked,
    parse_targets,
    rank,
    rank_history,
    table_series,
    target_status,
)


@pytest.fixture(scope="module")
def regions():
    text = resources.files("ckanext.pekalongan").joinpath("data/jateng_kabkota.csv")
    return parse_regions(text.read_text(encoding="utf-8"))


def _comparison(regions, years=(2023, 2024), skip=(), extra_rows=()):
    rows = ["kode_wilayah,tahun,nilai"]
    for year in years:
        for i, code in enumerate(sorted(regions)):
            if (code, year) in skip:
                continue
            rows.append(f"{code},{year},{10 + i + (year - 2023) * (5 if code == '33.26' else 0)}")
    rows.extend(extra_rows)
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- reference

def test_reference_lists_the_35_regencies_and_cities_with_both_pekalongans(regions):
    assert len(regions) == 35
    assert regions["33.26"] == "Kab. Pekalongan"
    assert regions["33.75"] == "Kota Pekalongan"
    assert all(code.startswith("33.") for code in regions)


# --------------------------------------------------------------------------- change

def test_a_percentage_changes_in_points_not_in_percent():
    change = describe_change([Point(2019, 9.71), Point(2024, 9.12)], "persen")
    assert change == {"kind": "points", "amount": 0.59, "since": 2019, "direction": "down"}


def test_other_units_change_relative_to_the_first_year():
    change = describe_change([Point(2019, 200), Point(2024, 150)], "jiwa")
    assert change == {"kind": "relative", "amount": 25.0, "since": 2019, "direction": "down"}
    assert describe_change([Point(2019, 0), Point(2024, 5)], "unit") is None
    assert describe_change([Point(2024, 5)], "persen") is None
    assert describe_change([Point(2019, 5), Point(2024, 5)], "%")["direction"] == "flat"


# --------------------------------------------------------------------------- targets

def test_target_is_met_in_the_better_direction():
    assert target_status(9.12, 9.5, LOWER) == "met"
    assert target_status(9.12, 9.0, LOWER) == "not_met"
    assert target_status(71.4, 71.0, HIGHER) == "met"
    assert target_status(70.9, 71.0, HIGHER) == "not_met"
    assert target_status(71.0, 71.0, HIGHER) == "met"
    assert target_status(71.0, None, HIGHER) is None


def test_target_table_gives_targets_direction_and_notes():
    targets, direction, problems = parse_targets(
        "tahun,target,arah\n2023,9.5,turun\n2024,\"9,2\",turun\n2025,abc,turun\nxx,1,\n")
    assert targets == {2023: 9.5, 2024: 9.2}
    assert direction == LOWER
    messages = [p.message for p in problems]
    assert any("is not a number" in m for m in messages)
    assert any("is not a year" in m for m in messages)


def test_target_table_without_its_columns_is_a_note_not_an_error():
    targets, direction, problems = parse_targets("year,goal\n2024,1\n")
    assert (targets, direction) == ({}, None)
    assert problems[0].params == {"column": "tahun"}
    _t, _d, problems = parse_targets("tahun,arah\n2024,naik\n")
    assert problems[0].params == {"column": "target"}


def test_direction_may_come_from_the_comparison_table():
    assert parse_direction("kode_wilayah,tahun,nilai,arah\n33.26,2024,1,\n33.01,2024,2,Turun\n"
                           ) == LOWER
    assert parse_direction("kode_wilayah,tahun,nilai\n33.26,2024,1\n") is None
    assert "higher is taken as better" in direction_problem().message


def test_a_wrong_direction_is_reported():
    _targets, direction, problems = parse_targets("tahun,target,arah\n2024,1,atas\n")
    assert direction is None
    assert problems and problems[0].params["value"] == "atas"


# --------------------------------------------------------------------------- series

def test_series_reports_text_in_number_columns_and_missing_years():
    series, problems = parse_series_checked(
        "tahun,nilai\n2019,1\n2020,satu\n2022,3\n2022,4\n", "nilai")
    assert series == [Point(2019, 1.0), Point(2022, 4.0)]
    messages = " ".join(p.message.format(**p.params) for p in problems)
    assert "“satu” of 2020 is not a number" in messages
    assert "given more than once" in messages
    assert "Years missing between 2019 and 2022: 2020, 2021" in messages


def test_hostile_cells_are_cut_and_cleaned():
    series, problems = parse_series_checked(
        "tahun,nilai\n2019,\x00<script>alert(1)</script>" + "x" * 500 + "\n2020,1e400\n",
        "nilai")
    assert series == []
    assert all(len(p.params.get("value", "")) <= 40 for p in problems)
    assert all("\x00" not in str(p.params) for p in problems)


def test_grouped_numbers_in_both_notations_are_read():
    series, _problems = parse_series_checked(
        'tahun,nilai\n2019,"1.234,5"\n2020,"1,234.5"\n2021,1234\n', "nilai")
    assert [p.value for p in series] == [1234.5, 1234.5, 1234.0]


# --------------------------------------------------------------------------- ranking

def test_rank_one_is_the_best_in_either_direction_with_shared_places():
    values = {"a": 10.0, "b": 7.0, "c": 7.0, "d": 3.0}
    assert [rank(values, c, HIGHER) for c in "abcd"] == [1, 2, 2, 4]
    assert [rank(values, c, LOWER) for c in "abcd"] == [4, 2, 2, 1]
    assert rank(values, "zz", HIGHER) is None


def test_rank_history_says_how_the_place_moved():
    comparison = {2023: {"x": 5.0, "y": 6.0, "z": 7.0}, 2024: {"x": 8.0, "y": 6.0, "z": 7.0}}
    history = rank_history(comparison, "x", HIGHER)
    assert history == [{"year": 2023, "rank": 3, "total": 3, "movement": 0},
                       {"year": 2024, "rank": 1, "total": 3, "movement": 2}]


def test_complete_comparison_ranks_pekalongan_among_35(regions):
    comparison, problems = parse_comparison(_comparison(regions), regions)
    assert problems == []
    assert sorted(comparison) == [2023, 2024]
    assert all(len(v) == 35 for v in comparison.values())


def test_a_year_with_34_rows_is_left_out_and_reported(regions):
    text = _comparison(regions, skip={("33.01", 2024)})
    comparison, problems = parse_comparison(text, regions)
    assert sorted(comparison) == [2023]
    note = problems[0].message.format(**problems[0].params)
    assert note.startswith("2024: 34 of the 35")


def test_unknown_codes_and_text_values_are_reported(regions):
    text = _comparison(regions, years=(2024,), extra_rows=("99.99,2024,5", "33.9x,2024,1"))
    text = re.sub(r"33\.26,2024,[^\n]*", "33.26,2024,n/a", text)
    comparison, problems = parse_comparison(text, regions)
    messages = [p.message.format(**p.params) for p in problems]
    assert any("99.99, 33.9x" in m for m in messages)
    assert any("“n/a” of 33.26" in m for m in messages)
    assert comparison == {}  # 34 usable rows: no ranking rather than a wrong one


def test_comparison_without_its_columns_is_reported(regions):
    comparison, problems = parse_comparison("wilayah,tahun,nilai\n33.26,2024,1\n", regions)
    assert comparison == {}
    assert problems[0].params == {"column": "kode_wilayah"}


# --------------------------------------------------------------------------- card

def _card(regions, **kw):
    comparison, _ = parse_comparison(_comparison(regions), regions)
    defaults = dict(
        dataset={"id": "id-1", "name": "kemiskinan", "title": "Kemiskinan", "satuan": "persen",
                 "organization": {"name": "bappeda", "title": "Bappeda"}},
        series=[Point(2023, 9.51), Point(2024, 9.12)], targets={2024: 9.0, 2025: 8.7},
        direction=LOWER, comparison=comparison, regions=regions,
        data_modified="2025-01-02T03:04:05")
    defaults.update(kw)
    return build_card(**defaults)


def test_card_holds_value_target_status_and_rank(regions):
    card = _card(regions)
    assert card["latest"] == {"year": 2024, "value": 9.12}
    assert card["target_status"] == "not_met"
    assert card["next_target"] == {"year": 2025, "value": 8.7}
    assert card["change"]["kind"] == "points"
    # lower is better: Pekalongan (the 26th code, value 10+25 then +5) ranks near the end
    assert card["rank"]["total"] == 35 and card["rank"]["year"] == 2024
    assert [r["rank"] for r in card["ranking"]] == sorted(r["rank"] for r in card["ranking"])
    assert sum(r["home"] for r in card["ranking"]) == 1
    json.dumps(card)  # cached as JSON


def test_card_without_targets_or_comparison_has_no_status_or_rank(regions):
    card = _card(regions, targets={}, comparison={}, direction=None)
    assert card["target_status"] is None and card["rank"] is None
    assert card["direction"] == HIGHER and card["ranking"] == []


def test_new_achievements_are_each_indicators_latest_year_newest_first(regions):
    old = _card(regions, data_modified="2024-01-01T00:00:00")
    new = _card(regions, dataset={"id": "id-2", "name": "ipm", "title": "IPM",
                                  "satuan": "indeks"},
                series=[Point(2024, 70.0), Point(2025, 71.0)],
                data_modified="2025-06-01T00:00:00")
    found = new_achievements([old, new, {"latest": None}])
    assert [a["id"] for a in found] == ["id-2:2025", "id-1:2024"]
    assert found[0]["value"] == 71.0 and found[0]["updated"] == "2025-06-01T00:00:00"
    assert new_achievements([old, new], limit=1)[0]["name"] == "ipm"


# --------------------------------------------------------------------------- charts

LABELS = {"value": "Realisasi", "target": "Target", "year": "Tahun", "unit": "persen",
          "home": "Kab. Pekalongan", "others": "Kabupaten/kota lain"}


def test_series_chart_names_its_series_and_axes(regions):
    spec = charts.series_spec(_card(regions), LABELS)
    assert {r["seri"] for r in spec["data"]["values"]} == {"Realisasi", "Target"}
    assert spec["encoding"]["x"]["title"] == "Tahun"
    assert spec["encoding"]["y"]["title"] == "persen"
    assert spec["encoding"]["y"]["axis"]["format"] == ",.2f"


def test_ranking_chart_highlights_pekalongan_among_35(regions):
    spec = charts.ranking_spec(_card(regions), LABELS)
    rows = spec["data"]["values"]
    assert len(rows) == 35
    assert [r["wilayah"] for r in rows if r["sorotan"] == "Kab. Pekalongan"] == \
        ["Kab. Pekalongan"]


def test_rendered_chart_has_indonesian_axis_values_and_one_accessible_image(regions):
    svg = charts.render_svg(charts.series_spec(_card(regions), LABELS), "id")
    assert "9,12" in svg and "Tahun" in svg and "Realisasi" in svg
    svg = charts.accessible_svg(svg, 'Kemiskinan "<b>"', "desc-1")
    assert svg.count('role="') == 1 and 'role="img"' in svg
    assert 'aria-describedby="desc-1"' in svg and "<b>" not in svg.split(">", 1)[0]


def test_share_card_png_has_the_requested_size(regions):
    for size, (width, height) in charts.SIZES.items():
        svg = charts.share_card_svg(
            size, title="Kemiskinan <&>", value="9,12", value_note="persen (2024)",
            status="Target 2024 belum tercapai", status_met=False, lines=["Peringkat 3"],
            source="Bappeda", date="1 Januari 2025", address="data.example.go.id",
            chart_svg=charts.render_svg(charts.series_spec(_card(regions), LABELS)))
        png = charts.svg_to_png(svg)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == width
        assert int.from_bytes(png[20:24], "big") == height


def test_time_series_columns_are_named_by_labels():
    rows = table_series("tahun,kode,laki_laki,perempuan,ket\n2023,1,5,6,a\n2024,1,7,8,b\n")
    assert {r["seri"] for r in rows} == {"Laki-laki", "Perempuan"}
    assert column_label("apm_smp") == "Apm smp"
    assert table_series("kecamatan,jumlah\nA,1\n") == []
    assert table_series("tahun,jumlah\n2024,1\n2024,2\n") == []


# --------------------------------------------------------------------------- demo

def test_demo_targets_and_comparisons_are_labelled_illustrative_and_well_formed(regions):
    found = {d["name"]: d for d in catalogue.datasets()}
    with_comparison = 0
    for d in found.values():
        for extra in d["extra_resources"]:
            assert "ilustrasi" in extra["name"].lower()
            assert "bukan target resmi" in extra["description"]
            if extra["indikator_peran"] == "target":
                targets, direction, problems = parse_targets(extra["csv"])
                assert problems == [] and direction in (HIGHER, LOWER) and targets
            else:
                with_comparison += 1
                comparison, problems = parse_comparison(extra["csv"], regions)
                assert problems == [] and len(comparison) >= 2
                series, _ = parse_series_checked(d["csv"], d["indikator_kolom_nilai"])
                own = {p.year: p.value for p in series}
                assert all(comparison[y]["33.26"] == round(own[y], 2) for y in comparison)
        if not d["indikator_capaian"]:
            assert d["extra_resources"] == []
    assert with_comparison >= 4


def test_markup_in_a_unit_or_label_stays_text_in_the_inline_svg():
    card = build_card(dataset={"id": "x", "name": "n", "title": "T",
                               "satuan": "</text><script>alert(1)</script>"},
                      series=[Point(2023, 1.0), Point(2024, 2.0)])
    labels = dict(LABELS, unit=card["unit"], value="Re<b>alisasi")
    svg = charts.accessible_svg(charts.render_svg(charts.series_spec(card, labels)),
                                'a"<img src=x>', "d")
    assert "<script" not in svg and "<b>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg

"""Time-series detection of DataStore tables (previews/timeseries.py): pure."""
from __future__ import annotations

from ckanext.pekalongan.previews.timeseries import charts, detect, is_period_name, to_number


def fields(*names):
    return [{"id": "_id", "type": "int"}] + [{"id": n, "type": "text"} for n in names]


def test_period_column_names_are_recognised():
    for name in ("tahun", "Tahun", "tahun_anggaran", "bulan", "Periode", "tanggal", "year",
                 "periode_laporan", "triwulan"):
        assert is_period_name(name), name
    for name in ("kecamatan", "jumlah", "kode_wilayah", "tahunan_x_y"):
        assert not is_period_name(name), name


def test_numbers_in_indonesian_and_english_notation():
    assert to_number("12,5") == 12.5
    assert to_number("1.234.567") == 1234567
    assert to_number(" 961342 ") == 961342
    assert to_number(7) == 7.0
    assert to_number("") is None and to_number(None) is None and to_number("n/a") is None
    assert to_number(True) is None


def test_yearly_table_is_a_time_series_sorted_by_period():
    rows = [{"tahun": "2021", "jumlah": "30", "catatan": "x"},
            {"tahun": "2019", "jumlah": "10", "catatan": "y"},
            {"tahun": "2020", "jumlah": "20,5", "catatan": "z"}]
    ts = detect(fields("tahun", "jumlah", "catatan"), rows)
    assert ts is not None
    assert ts.period_column == "tahun"
    assert ts.value_columns == ("jumlah",)  # text column left out
    assert ts.labels == ("2019", "2020", "2021")
    assert ts.values == ((10.0, 20.5, 30.0),)


def test_typed_datastore_values_and_dates():
    rows = [{"tanggal": "2024-02-01T00:00:00", "nilai": 2},
            {"tanggal": "2024-01-01T00:00:00", "nilai": 1.5}]
    ts = detect([{"id": "tanggal", "type": "timestamp"}, {"id": "nilai", "type": "numeric"}],
                rows)
    assert ts.labels == ("2024-01-01", "2024-02-01")
    assert ts.values == ((1.5, 2.0),)


def test_several_rows_per_year_is_not_a_time_series():
    rows = [{"tahun": 2024, "kecamatan": "Kajen", "jumlah": 1},
            {"tahun": 2024, "kecamatan": "Wiradesa", "jumlah": 2}]
    assert detect(fields("tahun", "kecamatan", "jumlah"), rows) is None


def test_no_period_column_or_no_numeric_column_is_not_a_time_series():
    assert detect(fields("kecamatan", "jumlah"), [{"kecamatan": "Kajen", "jumlah": 3}]) is None
    assert detect(fields("tahun", "keterangan"), [{"tahun": 2020, "keterangan": "baik"}]) is None
    assert detect(fields("tahun", "jumlah"), []) is None


def test_codes_and_ids_are_not_charted():
    rows = [{"tahun": 2020, "kode_wilayah": 3326, "jumlah": 5},
            {"tahun": 2021, "kode_wilayah": 3326, "jumlah": 6}]
    assert detect(fields("tahun", "kode_wilayah", "jumlah"), rows).value_columns == ("jumlah",)


def test_one_chart_per_column_with_thinned_labels():
    rows = [{"bulan": m, "a": m, "b": 100 - m} for m in range(1, 25)]
    ts = detect(fields("bulan", "a", "b"), rows)
    out = charts(ts, max_labels=6)
    assert [c["column"] for c in out] == ["a", "b"]
    shown = [p["label"] for p in out[0]["geometry"]["points"] if p["show_label"]]
    assert len(shown) <= 7 and shown[0] == "1" and shown[-1] == "24"
    ys = [p["y"] for p in out[0]["geometry"]["points"]]
    assert ys[0] > ys[-1]  # rising values go up

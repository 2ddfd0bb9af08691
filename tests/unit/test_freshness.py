"""Freshness of a dataset from its publication frequency and its last data update."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.pekalongan.theme import freshness as f

D = dt.date


@pytest.mark.parametrize(
    ("frekuensi", "updated", "today", "state"),
    [
        # yearly: period 12 months, grace 3 months
        ("tahunan", D(2025, 3, 10), D(2026, 3, 9), f.MUTAKHIR),
        ("tahunan", D(2025, 3, 10), D(2026, 3, 10), f.PERLU_DIPERBARUI),
        ("tahunan", D(2025, 3, 10), D(2026, 6, 9), f.PERLU_DIPERBARUI),
        ("tahunan", D(2025, 3, 10), D(2026, 6, 10), f.TERLAMBAT),
        # monthly: period 1 month, grace 1 month
        ("bulanan", D(2026, 1, 15), D(2026, 2, 14), f.MUTAKHIR),
        ("bulanan", D(2026, 1, 15), D(2026, 2, 15), f.PERLU_DIPERBARUI),
        ("bulanan", D(2026, 1, 15), D(2026, 3, 15), f.TERLAMBAT),
        # daily and weekly count days
        ("harian", D(2026, 5, 1), D(2026, 5, 1), f.MUTAKHIR),
        ("harian", D(2026, 5, 1), D(2026, 5, 2), f.PERLU_DIPERBARUI),
        ("harian", D(2026, 5, 1), D(2026, 5, 4), f.TERLAMBAT),
        ("mingguan", D(2026, 5, 1), D(2026, 5, 7), f.MUTAKHIR),
        ("mingguan", D(2026, 5, 1), D(2026, 5, 15), f.TERLAMBAT),
        ("triwulanan", D(2026, 1, 1), D(2026, 3, 31), f.MUTAKHIR),
        ("semesteran", D(2026, 1, 1), D(2026, 7, 1), f.PERLU_DIPERBARUI),
        ("semesteran", D(2026, 1, 1), D(2026, 9, 1), f.TERLAMBAT),
        ("lima_tahunan", D(2021, 6, 1), D(2026, 5, 31), f.MUTAKHIR),
        ("lima_tahunan", D(2021, 6, 1), D(2027, 6, 1), f.TERLAMBAT),
    ],
)
def test_state_follows_period_and_grace(frekuensi, updated, today, state):
    assert f.freshness(frekuensi, updated, today).state == state


def test_due_and_overdue_dates_are_returned():
    fresh = f.freshness("tahunan", D(2025, 3, 10), D(2025, 4, 1))
    assert (fresh.due, fresh.overdue, fresh.last_update) == (
        D(2026, 3, 10), D(2026, 6, 10), D(2025, 3, 10))
    assert fresh.scheduled


@pytest.mark.parametrize("frekuensi", ["tidak_tentu", "", None, "sewindu"])
def test_irregular_or_unknown_frequency_is_not_scheduled(frekuensi):
    fresh = f.freshness(frekuensi, D(2010, 1, 1), D(2026, 1, 1))
    assert fresh.state == f.TIDAK_TERJADWAL
    assert not fresh.scheduled
    assert fresh.due is None


def test_no_date_at_all_is_not_scheduled():
    assert f.freshness("tahunan", None, D(2026, 1, 1)).state == f.TIDAK_TERJADWAL


def test_month_end_is_clamped():
    assert f.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert f.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert f.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_last_update_is_the_newest_resource_date_in_jakarta():
    resources = [
        {"last_modified": "2025-01-05T10:00:00", "created": "2024-01-01T00:00:00"},
        # 18:30 UTC is already the next day in Jakarta (UTC+7)
        {"last_modified": None, "created": "2025-02-01T18:30:00.123456"},
        {"last_modified": "2026-01-01T00:00:00", "state": "deleted"},
    ]
    assert f.last_update(resources, "2026-06-01T00:00:00") == D(2025, 2, 2)


def test_last_update_falls_back_to_metadata_modified_without_resources():
    assert f.last_update([], "2026-06-01T03:00:00") == D(2026, 6, 1)
    assert f.last_update(None, None) is None
    assert f.last_update([{"last_modified": "not a date"}], None) is None


def test_dataset_freshness_reads_a_package_dict():
    pkg = {"frekuensi": "tahunan", "metadata_modified": "2026-11-01T00:00:00",
           "resources": [{"last_modified": "2024-01-01T00:00:00"}]}
    # metadata edits do not refresh the data: the resource date counts
    assert f.dataset_freshness(pkg, D(2026, 11, 29)).state == f.TERLAMBAT

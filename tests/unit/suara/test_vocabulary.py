"""Codes and labels of Suara Masyarakat (suara/vocabulary.py)."""
from __future__ import annotations

from ckanext.pekalongan.suara import vocabulary as voc


def test_the_19_kecamatan_with_kemendagri_codes():
    rows = voc.kecamatan()
    assert len(rows) == 19
    assert all(r.code.startswith("33.26.") for r in rows)
    assert voc.kecamatan_names()["33.26.01"] == "Kandangserang"


def test_topics_are_the_dataset_schema_topics():
    codes = [t.code for t in voc.topics()]
    assert "kesehatan" in codes and "pekerjaan_umum" in codes
    assert len(codes) == len(set(codes)) >= 20
    assert voc.topic_label("kesehatan") == "Kesehatan"
    assert voc.topic_label("kesehatan", "en") == "Health"
    assert voc.topic_label("nope") is None


def test_information_requests_are_not_a_report_kind():
    assert voc.PERMINTAAN_INFORMASI in voc.KINDS
    assert voc.PERMINTAAN_INFORMASI not in voc.REPORT_KINDS


def test_number_format():
    assert voc.number_for(2026, 42) == "SM-2026-000042"
    assert voc.number_for(2027, 123456) == "SM-2027-123456"


def test_channels_and_privacy_codes():
    assert voc.CHANNELS == ("web", "sms", "walk_in", "letter", "phone", "social_media")
    assert voc.PRIVACIES == ("public", "anonim", "rahasia")
    assert voc.COMPLEXITIES == ("sederhana", "tanpa_lapangan", "lapangan")

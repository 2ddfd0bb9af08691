"""The export files of Suara Masyarakat (suara/export.py): formulas neutralised, anonim
reports without identity, the SP4N-LAPOR! envelope."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from ckanext.pekalongan.suara import export as e

ROW = {"number": "SM-2026-000001", "kind": "pengaduan", "channel": "sms",
       "privacy": "public", "text": "Jalan rusak di depan rumah Budi", "public_text":
       "Jalan rusak", "name": "Budi", "phone": "+6281234567890", "email": None,
       "status": "answered", "rating": 4, "rating_comment": "cepat",
       "assignments": [{"organization": "dpu", "title": "Dinas PU", "routed": "2026-03-02",
                        "due": "2026-03-09", "first_answer": "2026-03-03"}],
       "responses": [{"created": "2026-03-03T10:00:00+07:00", "organization": "dpu",
                      "kind": "answer", "text": "Sudah diperbaiki"}]}


def test_csv_neutralises_formulas_and_control_characters():
    rows = [{"number": "=HYPERLINK(\"http://x\")", "kecamatan": "33.26.01",
             "organizations": ["dpu", "dinkes"], "in_time": True, "rating": 5,
             "topic": "a\x00b\x1bc"}]
    text = e.to_csv(rows, e.REPORT_COLUMNS)
    assert text.endswith("\r\n")
    header, line = list(csv.reader(io.StringIO(text)))
    assert header[0] == "Nomor"
    assert line[0] == "'=HYPERLINK(\"http://x\")"
    assert line[header.index("OPD Tujuan")] == "dpu; dinkes"
    assert line[header.index("Tepat Waktu")] == "Ya"
    assert line[header.index("Topik")] == "abc"


def test_xlsx_has_one_sheet_per_table_and_text_never_becomes_a_formula():
    data = e.to_xlsx([("Ringkasan OPD", [{"title": "=1+1", "organization": "dpu",
                                           "assigned": 3, "in_time_share": 66.7}],
                       e.OPD_COLUMNS),
                      ("Laporan", [{"number": "SM-2026-000001"}], e.REPORT_COLUMNS)])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan OPD", "Laporan"]
    ws = wb["Ringkasan OPD"]
    assert ws["A1"].value == "OPD" and ws["A2"].value == "=1+1"
    assert ws["A2"].data_type == "s"
    assert ws["C2"].value == 3 and ws["I2"].value == 66.7
    assert wb["Laporan"]["A2"].value == "SM-2026-000001"


def test_sp4n_report_keeps_the_identity_of_a_public_report():
    out = e.sp4n_report(ROW)
    assert out["pelapor"] == {"nama": "Budi", "telepon": "+6281234567890", "email": None}
    assert out["isi"] == "Jalan rusak di depan rumah Budi"
    assert out["disposisi"][0]["kode_instansi"] == "dpu"
    assert out["tindak_lanjut"][0]["jenis"] == "answer"
    assert out["penilaian"] == {"nilai": 4, "komentar": "cepat"}


def test_sp4n_anonim_report_carries_no_identity_and_only_the_moderated_text():
    out = e.sp4n_report(dict(ROW, privacy="anonim"))
    assert out["pelapor"] is None
    assert out["isi"] == "Jalan rusak"
    assert "Budi" not in repr(out) and "6281234567890" not in repr(out)


def test_sp4n_envelope_counts_the_reports():
    doc = e.sp4n_document([ROW, dict(ROW, number="SM-2026-000002", rating=None)],
                          generated_at="2026-04-01T08:00:00+07:00",
                          instansi={"nama": "Pemkab", "kode_wilayah": "33.26"},
                          periode="2026-03")
    assert doc["format"] == "pekalongan-suara-sp4n" and doc["version"] == 1
    assert doc["jumlah"] == 2 and doc["laporan"][1]["penilaian"] is None

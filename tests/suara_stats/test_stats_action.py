"""suara_stats and suara_report_export against the real PostgreSQL, on a month of reports
with known answers (pkl_suara_stats.build_october)."""
from __future__ import annotations

import base64
import csv
import io
import json

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from openpyxl import load_workbook
from pkl_suara_stats import ANON_NAME, PUBLIC_NAME, SECRET


def act(action, user=None, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def _lines(result):
    return {ln["organization"]: ln for ln in result["organizations"]}


@pytest.mark.usefixtures("october")
class TestSuaraStats:
    def test_october_figures_per_opd_are_the_known_answers(self):
        result = act("suara_stats", year=2026, month=10)
        assert result["period"] == "2026-10"
        lines = _lines(result)
        assert set(lines) == {"dinas-pekerjaan-umum", "dinas-kesehatan"}
        dpu = lines["dinas-pekerjaan-umum"]
        assert dpu["title"] == "Dinas Pekerjaan Umum"
        assert (dpu["assigned"], dpu["answered"], dpu["answered_in_time"],
                dpu["answered_late"], dpu["open"], dpu["overdue"]) == (3, 2, 1, 1, 1, 1)
        assert dpu["in_time_share"] == 33.3
        assert dpu["median_days_to_first_answer"] == 4.5  # 2 and 7 working days
        assert dpu["mean_rating"] == 3.5 and dpu["ratings"] == 2
        dinkes = lines["dinas-kesehatan"]
        # R6 was routed on 1 October 06:00 WIB (30 September in UTC): an October routing
        assert (dinkes["assigned"], dinkes["answered"], dinkes["open"],
                dinkes["overdue"]) == (3, 2, 1, 1)
        assert dinkes["in_time_share"] == 66.7
        assert dinkes["median_days_to_first_answer"] == 0.5
        assert dinkes["mean_rating"] == 4.0

    def test_october_totals_count_every_report_by_privacy_and_status(self):
        totals = act("suara_stats", year="2026", month="10")["totals"]
        assert totals["received"] == 6
        assert totals["by_privacy"] == {"anonim": 1, "public": 4, "rahasia": 1}
        assert totals["by_status"] == {"answered": 2, "closed": 1, "received": 1,
                                       "rejected": 1, "routed": 1}
        assert totals["verified"] == 5 and totals["verified_in_time_share"] == 80.0
        assert (totals["assigned"], totals["answered"], totals["overdue"]) == (6, 4, 2)
        assert totals["in_time_share"] == 50.0
        assert totals["median_days_to_first_answer"] == 1.5
        assert totals["mean_rating"] == 3.67 and totals["ratings"] == 3

    def test_the_year_has_one_line_per_month(self):
        result = act("suara_stats", year=2026)
        assert result["month"] is None and result["period"] == "2026"
        months = {m["month"]: m for m in result["months"]}
        assert months["2026-09"]["received"] == 1 and months["2026-09"]["assigned"] == 0
        assert months["2026-10"]["assigned"] == 6 and months["2026-10"]["received"] == 6
        assert months["2026-10"]["in_time_share"] == 50.0
        assert _lines(result)["dinas-pekerjaan-umum"]["assigned"] == 3
        assert "months" not in act("suara_stats", year=2026, months="false")

    def test_one_opd_by_name_or_id(self, october):
        result = act("suara_stats", year=2026, month=10, organization="dinas-kesehatan")
        assert [ln["organization"] for ln in result["organizations"]] == ["dinas-kesehatan"]
        assert [m["assigned"] for m in act("suara_stats", year=2026,
                                           organization=october["orgs"]["dpu"]["id"])[
            "months"]][9] == 3
        idle = act("suara_stats", year=2026, month=10, organization="dinas-tanpa-laporan")
        assert idle["organizations"][0]["assigned"] == 0
        assert idle["organizations"][0]["in_time_share"] is None

    def test_no_report_text_identity_or_number_is_in_the_figures(self):
        text = json.dumps([act("suara_stats", year=2026, month=10), act("suara_stats")])
        for secret in (SECRET, ANON_NAME, PUBLIC_NAME, "SM-2026-", "6281234567890",
                       "Teks publik"):
            assert secret not in text

    @pytest.mark.parametrize("data, field", [
        ({"year": "dua ribu"}, "year"), ({"year": 99999}, "year"), ({"year": 1999}, "year"),
        ({"year": True}, "year"), ({"year": ["2026"]}, "year"), ({"month": 13}, "month"),
        ({"month": "0"}, "month"), ({"month": "1\x00"}, "month"), ({"month": "٣"}, "month"),
        ({"organization": "tidak-ada"}, "organization"),
        ({"organization": "dinas\x00kesehatan"}, "organization"),
        ({"organization": "x" * 500}, "organization"), ({"organization": 42}, "organization"),
        ({"months": "kadang"}, "months"), ({"months": 3}, "months"),
    ])
    def test_bad_parameters_are_field_errors(self, data, field):
        with pytest.raises(tk.ValidationError) as error:
            act("suara_stats", **data)
        assert field in error.value.error_dict

    def test_the_api_answers_anonymous_get_and_409_on_bad_input(self, app):
        body = app.get("/api/3/action/suara_stats",
                       query_string={"year": 2026, "month": 10}).json
        assert body["success"] and body["result"]["totals"]["received"] == 6
        error = app.get("/api/3/action/suara_stats", query_string={"month": "x"},
                        status=409).json["error"]
        assert "month" in error


@pytest.mark.usefixtures("october")
class TestSuaraReportExport:
    def test_anonymous_and_plain_users_cannot_export(self, october):
        for user in (None, october["people"]["citizen"]):
            for fmt in ("csv", "xlsx", "sp4n"):
                with pytest.raises(tk.NotAuthorized):
                    act("suara_report_export", user, month="2026-10", format=fmt)

    def test_opd_officer_exports_only_its_reports_and_never_sp4n(self, october):
        officer = october["people"]["dpu_officer"]
        out = act("suara_report_export", officer, month="2026-10", format="csv")
        assert out["filename"] == "suara-opd-2026-10.csv" and out["encoding"] == "utf-8"
        rows = list(csv.reader(io.StringIO(out["content"])))
        assert rows[0][:3] == ["OPD", "ID OPD", "Laporan Diteruskan"]
        assert [r[1] for r in rows[1:]] == ["dinas-pekerjaan-umum"]
        assert rows[1][2:9] == ["3", "2", "1", "1", "1", "1", "33.3"]
        out = act("suara_report_export", officer, month="2026-10", format="csv",
                  table="reports")
        rows = list(csv.reader(io.StringIO(out["content"])))
        assert [r[0] for r in rows[1:]] == ["SM-2026-000001", "SM-2026-000002",
                                            "SM-2026-000003"]
        assert SECRET not in out["content"] and ANON_NAME not in out["content"]
        with pytest.raises(tk.NotAuthorized):
            act("suara_report_export", officer, month="2026-10", format="sp4n")

    def test_pengelola_xlsx_has_the_opd_sheet_and_the_report_sheet(self, october):
        out = act("suara_report_export", october["people"]["pengelola"], month="2026-10",
                  format="xlsx")
        wb = load_workbook(io.BytesIO(base64.b64decode(out["content"])))
        assert wb.sheetnames == ["Ringkasan OPD", "Laporan"]
        opd = list(wb["Ringkasan OPD"].iter_rows(values_only=True))
        assert [r[1] for r in opd[1:]] == ["dinas-kesehatan", "dinas-pekerjaan-umum"]
        assert opd[2][8] == 33.3 and opd[1][9] == 0.5
        reports = list(wb["Laporan"].iter_rows(values_only=True))
        assert [r[0] for r in reports[1:]] == [f"SM-2026-00000{n}" for n in (1, 2, 3, 4, 5, 7)]
        first = dict(zip(reports[0], reports[1], strict=True))
        assert first["Hari Kerja sampai Jawaban Pertama"] == 2
        assert first["Tepat Waktu"] == "Ya" and first["Penilaian"] == 5

    def test_sp4n_export_follows_the_documented_structure_and_hides_anonim(self, october):
        out = act("suara_report_export", october["people"]["pengelola"], month="2026-10",
                  format="sp4n")
        doc = out["content"]
        assert out["encoding"] == "json" and out["filename"] == "suara-sp4n-2026-10.json"
        assert doc["format"] == "pekalongan-suara-sp4n" and doc["version"] == 1
        assert doc["periode"] == "2026-10" and doc["jumlah"] == 6
        by_number = {r["nomor"]: r for r in doc["laporan"]}
        public = by_number["SM-2026-000001"]
        assert public["pelapor"]["nama"] == PUBLIC_NAME
        assert public["disposisi"][0]["kode_instansi"] == "dinas-pekerjaan-umum"
        assert public["disposisi"][0]["tanggal_jawaban_pertama"] == "2026-10-07"
        assert public["penilaian"] == {"nilai": 5, "komentar": None}
        assert public["lokasi"]["kecamatan"] == "Bojong"
        anonim = by_number["SM-2026-000002"]
        assert anonim["pelapor"] is None and anonim["isi"] == "Teks publik laporan 2"
        assert ANON_NAME not in json.dumps(doc) and "Isi asli laporan nomor 2" not in json.dumps(
            doc)
        one = act("suara_report_export", october["people"]["pengelola"], format="sp4n",
                  number="SM-2026-000003")["content"]
        assert one["jumlah"] == 1 and one["laporan"][0]["privasi"] == "rahasia"
        assert one["laporan"][0]["tindak_lanjut"][0]["jenis"] == "request_info"

    @pytest.mark.parametrize("data, field", [
        ({"month": "2026-13", "format": "csv"}, "month"),
        ({"month": "2026/10", "format": "csv"}, "month"),
        ({"month": 202610, "format": "csv"}, "month"),
        ({"format": "csv"}, "month"),
        ({"month": "2026-10", "format": "pdf"}, "format"),
        ({"month": "2026-10", "format": ["csv"]}, "format"),
        ({"month": "2026-10", "format": "csv", "table": "semua"}, "table"),
        ({"format": "sp4n", "number": "SM-2026-1"}, "number"),
        ({"format": "csv", "month": "2026-10", "number": "SM-2026-000001"}, "number"),
    ])
    def test_bad_export_parameters_are_field_errors(self, october, data, field):
        with pytest.raises(tk.ValidationError) as error:
            act("suara_report_export", october["people"]["pengelola"], **data)
        assert field in error.value.error_dict

    def test_unknown_number_is_not_found(self, october):
        with pytest.raises(tk.ObjectNotFound):
            act("suara_report_export", october["people"]["pengelola"], format="sp4n",
                number="SM-2026-999999")

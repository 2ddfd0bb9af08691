"""The files of ``suara_report_export``: the monthly CSV/XLSX and the SP4N-LAPOR! JSON.

No CKAN and no database here: the action passes plain dicts (the figures of
``stats.compute`` and report rows it read). Spreadsheet cells that a spreadsheet program
would run as a formula (text starting with ``= + - @``, a tab or a carriage return) are
written as text with a leading apostrophe (CSV) or as an explicit string cell (XLSX), and
control characters are dropped, so a report's free text can never become a formula.

SP4N-LAPOR! structure (``format = "pekalongan-suara-sp4n"``, ``version = 1``); documented
field by field in the README (section "Suara Masyarakat: export for SP4N-LAPOR!"):
``{format, version, generated_at, instansi{nama, kode_wilayah, portal}, periode, jumlah,
laporan: [{nomor, kategori, saluran, privasi, topik{kode, label}, lokasi{kode_kecamatan,
kecamatan, desa}, isi, pelapor{nama, telepon, email} | null, status, tanggal_diterima,
batas_verifikasi, kompleksitas, batas_tindak_lanjut, disposisi[{kode_instansi,
nama_instansi, tanggal, batas_waktu, tanggal_jawaban_pertama}], tindak_lanjut[{tanggal,
kode_instansi, jenis, isi}], penilaian{nilai, komentar} | null}]}``.
An ``anonim`` report carries ``pelapor: null`` and its moderated public text only.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

SP4N_FORMAT = "pekalongan-suara-sp4n"
SP4N_VERSION = 1

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

OPD_COLUMNS: Sequence[tuple[str, str]] = (
    ("title", "OPD"),
    ("organization", "ID OPD"),
    ("assigned", "Laporan Diteruskan"),
    ("answered", "Dijawab"),
    ("answered_in_time", "Dijawab Tepat Waktu"),
    ("answered_late", "Dijawab Terlambat"),
    ("open", "Belum Dijawab"),
    ("overdue", "Melewati Batas Waktu"),
    ("in_time_share", "Tepat Waktu (%)"),
    ("median_days_to_first_answer", "Median Hari Kerja sampai Jawaban Pertama"),
    ("ratings", "Jumlah Penilaian"),
    ("mean_rating", "Rata-rata Penilaian (1-5)"),
)

REPORT_COLUMNS: Sequence[tuple[str, str]] = (
    ("number", "Nomor"),
    ("received", "Diterima"),
    ("kind", "Jenis"),
    ("channel", "Saluran"),
    ("privacy", "Privasi"),
    ("topic", "Topik"),
    ("kecamatan", "Kode Kecamatan"),
    ("status", "Status"),
    ("verify_due", "Batas Verifikasi"),
    ("complexity", "Kompleksitas"),
    ("organizations", "OPD Tujuan"),
    ("answer_due", "Batas Jawaban"),
    ("first_answer", "Jawaban Pertama"),
    ("days_to_first_answer", "Hari Kerja sampai Jawaban Pertama"),
    ("in_time", "Tepat Waktu"),
    ("rating", "Penilaian"),
)


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value)


def _cell(value: Any) -> Any:
    """A cell value: numbers stay numbers, ``None`` is empty, booleans Ya/Tidak, lists are
    joined; text loses its control characters."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    return clean_text(str(value))


def _csv_safe(value: Any) -> Any:
    value = _cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]]
          ) -> list[list[Any]]:
    """Header + one list of cell values per row."""
    return [[label for _, label in columns]] + [
        [_cell(row.get(key)) for key, _ in columns] for row in rows]


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """RFC 4180 (comma, CRLF), UTF-8 text; formula-looking text neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_csv_safe(row.get(key)) for key, _ in columns])
    return out.getvalue()


def to_xlsx(sheets: Sequence[tuple[str, Iterable[Mapping[str, Any]],
                                   Sequence[tuple[str, str]]]]) -> bytes:
    """A workbook with one sheet per ``(title, rows, columns)``; text cells are always
    strings (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, columns in sheets:
        ws = wb.create_sheet(title=title[:31])
        for r, values in enumerate(table(rows, columns), start=1):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
                if r == 1:
                    cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for c, (_, label) in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = max(
                10, min(40, len(label) + 2))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sp4n_document(reports: Iterable[Mapping[str, Any]], *, generated_at: str,
                  instansi: Mapping[str, Any], periode: str | None) -> dict[str, Any]:
    """The envelope around the reports (see the module docstring)."""
    laporan = [sp4n_report(r) for r in reports]
    return {"format": SP4N_FORMAT, "version": SP4N_VERSION, "generated_at": generated_at,
            "instansi": dict(instansi), "periode": periode, "jumlah": len(laporan),
            "laporan": laporan}


def sp4n_report(r: Mapping[str, Any]) -> dict[str, Any]:
    """One report in the SP4N-LAPOR! structure. ``r`` is the report as the action read it:
    ``privacy == "anonim"`` drops the identity and the original text whatever ``r`` holds."""
    anonim = r.get("privacy") == "anonim"
    identity = {"nama": r.get("name"), "telepon": r.get("phone"), "email": r.get("email")}
    has_identity = any(identity.values())
    text = r.get("public_text") if anonim else (r.get("text") or r.get("public_text"))
    rating = r.get("rating")
    return {
        "nomor": r["number"],
        "kategori": r.get("kind"),
        "saluran": r.get("channel"),
        "privasi": r.get("privacy"),
        "topik": {"kode": r.get("topic"), "label": r.get("topic_label")},
        "lokasi": {"kode_kecamatan": r.get("kecamatan"),
                   "kecamatan": r.get("kecamatan_label"), "desa": r.get("desa")},
        "isi": text,
        "pelapor": None if anonim or not has_identity else identity,
        "status": r.get("status"),
        "tanggal_diterima": r.get("received"),
        "batas_verifikasi": r.get("verify_due"),
        "kompleksitas": r.get("complexity"),
        "batas_tindak_lanjut": r.get("answer_due"),
        "disposisi": [
            {"kode_instansi": a.get("organization"), "nama_instansi": a.get("title"),
             "tanggal": a.get("routed"), "batas_waktu": a.get("due"),
             "tanggal_jawaban_pertama": a.get("first_answer")}
            for a in r.get("assignments") or ()],
        "tindak_lanjut": [
            {"tanggal": x.get("created"), "kode_instansi": x.get("organization"),
             "jenis": x.get("kind"), "isi": x.get("text")}
            for x in r.get("responses") or ()],
        "penilaian": ({"nilai": rating, "komentar": r.get("rating_comment")}
                      if rating is not None else None),
    }

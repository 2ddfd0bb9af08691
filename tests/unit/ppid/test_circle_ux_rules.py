"""Pure rules of issue #15 item 9 (15D): the identity fields a kind of requester does not
give, the public register's status and reviewed text, personal data in a public text, the
closing of a decided request, and CSV injection."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid import deadlines, officer_register, public_entry, requester


def test_a_legal_entity_gives_no_nik_and_a_person_no_decree():
    assert requester.fields_to_ignore("legal_entity") == ("nik",)
    assert set(requester.fields_to_ignore("person")) == {
        "legal_entity_decree", "representative_name", "representative_position"}
    assert requester.fields_to_ignore("group") == ()
    # a legal entity's NIK is not checked at all
    assert requester.validate_requester(
        "legal_entity", nik="123", legal_entity_decree="AHU-1") == {}


def test_the_register_never_reads_pending_as_granted():
    assert public_entry.register_status("received", None) == ("pending", None)
    assert public_entry.register_status("routed", None) == ("pending", None)
    assert public_entry.register_status("extended", None) == ("pending", None)
    assert public_entry.register_status("withdrawn", None) == ("withdrawn", None)
    assert public_entry.register_status("decided", "refused") == ("decision", "refused")
    assert public_entry.PENDING_LABEL == "Being processed"


def test_only_a_reviewed_entry_is_public_text():
    assert public_entry.public_text(None) == (None, None)
    assert public_entry.public_text({"information": "x", "purpose": "y"}) == (None, None)
    reviewed = {"information": "Data bansos", "purpose": "Riset", "reviewed_at": "2026-03-16"}
    assert public_entry.public_text(reviewed) == ("Data bansos", "Riset")


PERSONAL = {"name": "Budi Santoso", "nik": "3326011203900001", "phone": "+6281234567890",
            "email": "budi@mail.example", "address": "Jl. Merdeka No. 7, Kajen"}


@pytest.mark.parametrize(("text", "kind"), [
    ("Surat dari budi santoso tentang bansos", "name"),
    ("Data NIK 3326011203900001", "nik"),
    ("NIK 3326-0112-0390-0001 milik saya", "nik"),
    ("Data tetangga 3326019999990002", "nik"),
    ("hubungi 0812 3456 7890", "phone"),
    ("hubungi 081299887766", "phone"),
    ("kirim ke BUDI@mail.example", "email"),
    ("kirim ke orang.lain@contoh.id", "email"),
    ("rumah di jl. merdeka no. 7, kajen", "address"),
])
def test_personal_data_in_a_public_text_is_found(text, kind):
    assert kind in public_entry.personal_data_found(text, PERSONAL)


def test_a_clean_summary_passes():
    text = "Daftar penerima bantuan sosial Kecamatan Kajen tahun 2025 (rekap per desa)"
    assert public_entry.personal_data_found(text, PERSONAL) == []
    assert public_entry.personal_data_found("Anggaran 2025: Rp 1.250.000.000", {}) == []


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+6281234567890", "-1+2",
                                   "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_is_text(value):
    assert officer_register.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Budi", "3326", "", None, 5, 1.5, "a=b"])
def test_other_cells_are_unchanged(value):
    assert officer_register.neutralise(value) == value


def test_the_csv_file_neutralises_every_cell_and_starts_with_a_bom():
    from ckanext.pekalongan.ppid import register_files

    body = register_files.to_csv(["Nama", "=Judul"], [["=1+1", None], ["Budi", "@x"]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["Nama", "'=Judul"], ["'=1+1", ""], ["Budi", "'@x"]]


def test_the_xlsx_file_keeps_formulas_as_text():
    from openpyxl import load_workbook

    from ckanext.pekalongan.ppid import register_files

    body = register_files.to_xlsx("Register", ["A", "B"], [["=1+1", 3], ["x", "-2"]])
    sheet = load_workbook(io.BytesIO(body)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [["A", "B"], ["'=1+1", 3], ["x", "'-2"]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


CAL = workdays.Calendar(version="t")


@pytest.mark.parametrize("today", [dt.date(2026, 3, 16), dt.date(2026, 6, 1),
                                   dt.date(2026, 12, 31), dt.date(2027, 1, 4)])
def test_the_closing_cutoff_is_the_last_notice_date_whose_window_ended(today):
    cutoff = officer_register.closed_decision_cutoff(CAL, today, 30)
    assert deadlines.objection_window_end(CAL, cutoff, 30) < today
    assert deadlines.objection_window_end(CAL, cutoff + dt.timedelta(days=1), 30) >= today

"""The SMS center's pure rules: keywords, numbers, GSM-7/UCS-2 lengths and splitting."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.suara.sms import parser as p


@pytest.mark.parametrize("text, command, argument", [
    ("LAPOR jalan rusak", p.LAPOR, "jalan rusak"),
    ("lapor   jalan   rusak ", p.LAPOR, "jalan rusak"),
    ("  Lapor:jalan rusak", p.LAPOR, "jalan rusak"),
    ("LAPOR#jalan rusak", p.LAPOR, "jalan rusak"),
    ("LaPoR . jalan\nrusak", p.LAPOR, "jalan rusak"),
    ("ASPIRASI taman kota", p.ASPIRASI, "taman kota"),
    ("aspirasi,taman", p.ASPIRASI, "taman"),
    ("CEK SM-2026-000042", p.CEK, "SM-2026-000042"),
    ("cek sm 2026 42", p.CEK, "sm 2026 42"),
    ("PPID PPID-2026-000012", p.PPID, "PPID-2026-000012"),
    ("bantuan", p.BANTUAN, ""),
    (" HELP ", p.BANTUAN, ""),
    ("?", p.BANTUAN, ""),
    ("Berhenti", p.BERHENTI, ""),
    ("STOP", p.BERHENTI, ""),
    ("mulai", p.MULAI, ""),
    ("LAPOR", p.LAPOR, ""),
])
def test_keywords_are_case_and_spacing_tolerant(text, command, argument):
    parsed = p.parse(text)
    assert (parsed.command, parsed.argument, parsed.implicit) == (command, argument, False)


@pytest.mark.parametrize("text", [
    "jalan rusak di Desa Wangandowo Bojong",
    "Laporkan jalan rusak",  # a word that starts like a keyword is not one
    "INFO jalan rusak",  # help words followed by text are a report
    "berhenti di jalan, lampu mati",
    "12345",
])
def test_a_message_without_a_keyword_is_an_implicit_report(text):
    parsed = p.parse(text)
    assert parsed.command == p.LAPOR and parsed.implicit
    assert parsed.argument == p.clean_text(text)


@pytest.mark.parametrize("text", [None, "", "   ", "\x00\x01\t\n", "\u200b\ufeff"])
def test_empty_and_invisible_bodies_are_empty(text):
    assert p.parse(text).command == p.EMPTY


def test_control_characters_and_nul_bytes_are_removed_and_unicode_kept():
    parsed = p.parse("LAPOR jalan\x00 rusák\x1b 🚧 — ا\u202e")
    assert parsed.argument == "jalan rusák 🚧 — ا"
    assert "\x00" not in parsed.argument


def test_text_is_cut_to_the_report_limit():
    assert len(p.parse("LAPOR " + "x" * 10000).argument) == p.TEXT_MAX


def test_unicode_is_normalised_to_nfc():
    assert p.clean_text("e\u0301") == "\u00e9"


@pytest.mark.parametrize("typed, number", [
    ("SM-2026-000042", "SM-2026-000042"),
    ("sm 2026 42", "SM-2026-000042"),
    ("SM/2026/42", "SM-2026-000042"),
    ("sm2026000042", "SM-2026-000042"),
    ("2026-42", "SM-2026-000042"),
    ("laporan saya SM-2026-000042 ya", "SM-2026-000042"),
    ("abc", None),
    ("", None),
    ("SM-2026-0", None),
    ("SM-1999-000001", None),
    ("SM-2026-1234567", None),
    ("XSM-2026-000001", None),
])
def test_report_numbers_are_recognised_however_typed(typed, number):
    assert p.report_number(typed) == number


def test_ppid_tickets_use_the_configured_prefix():
    assert p.ppid_ticket("PPID-2026-000012") == "PPID-2026-000012"
    assert p.ppid_ticket("ppid 2026 12") == "PPID-2026-000012"
    assert p.ppid_ticket("2026/12") == "PPID-2026-000012"
    assert p.ppid_ticket("SM-2026-000012") is None
    assert p.ppid_ticket("PKL 2026 7", prefix="PKL") == "PKL-2026-000007"


# --- lengths ---------------------------------------------------------------------------------


def test_gsm7_text_of_160_septets_is_one_sms():
    coding, parts = p.split_sms("a" * 160)
    assert coding == p.GSM7 and parts == ["a" * 160]


def test_gsm7_text_of_161_septets_is_two_parts_of_at_most_153():
    coding, parts = p.split_sms("a" * 161)
    assert coding == p.GSM7 and [len(x) for x in parts] == [153, 8]
    assert "".join(parts) == "a" * 161


def test_extension_characters_count_two_septets_and_are_never_cut():
    assert p.length("€[]")[1] == 6
    coding, parts = p.split_sms("a" * 152 + "€" + "b" * 10)
    assert coding == p.GSM7
    assert parts[0] == "a" * 152 and parts[1].startswith("€")


def test_one_non_gsm_character_makes_the_whole_message_ucs2():
    text = "a" * 69 + "ā"
    assert p.length(text) == (p.UCS2, 70)
    assert p.split_sms(text)[1] == [text]
    coding, parts = p.split_sms(text + "b")
    assert coding == p.UCS2 and [len(x) for x in parts] == [67, 4]


def test_surrogate_pairs_count_two_units_and_are_never_cut():
    text = "🚧" * 40  # 80 UTF-16 units
    coding, parts = p.split_sms(text)
    assert coding == p.UCS2
    assert [len(x) for x in parts] == [33, 7]
    assert "".join(parts) == text


def test_gsm7_accented_letters_of_the_default_alphabet_stay_gsm7():
    assert p.is_gsm7("èéùìòÇØøÅåÄÖÑÜäöñüà@£$¥_")
    assert not p.is_gsm7("á")  # not in GSM 03.38


def test_too_long_texts_are_cut_to_the_part_limit_with_an_ellipsis():
    coding, parts = p.split_sms("x" * 5000, max_parts=3)
    assert len(parts) == 3 and parts[-1].endswith("...")
    assert all(p.length(x)[1] <= p.PART_GSM7 for x in parts)


NUMBER, CODE = "SM-2026-000042", "ABCDEFGHJK"


@pytest.mark.parametrize("template", [
    p.HELP, p.RECEIVED, p.RECEIVED_IMPLICIT, p.ASPIRATION_RECEIVED, p.EMPTY_REPORT,
    p.BAD_REPORT_NUMBER, p.BAD_PPID_NUMBER, p.REPORT_UNKNOWN, p.PPID_UNKNOWN,
    p.REPORT_STATUS, p.REPORT_STATUS_DUE, p.PPID_STATUS, p.STOPPED, p.STARTED,
])
def test_every_reply_fits_one_gsm7_sms(template):
    text = template.format(number=NUMBER, code=CODE, due="31-12-2026",
                           status="Menunggu keterangan pelapor", reason="x")
    coding, size = p.length(text)
    assert coding == p.GSM7 and size <= 160, (size, text)


def test_a_long_value_is_cut_to_keep_the_reply_in_one_sms():
    text = p.reply(p.NOT_SAVED, reason="teks terlalu panjang " * 20)
    assert p.length(text)[1] <= 160 and text.endswith("...")


def test_help_names_every_keyword():
    for word in ("LAPOR", "ASPIRASI", "CEK", "PPID", "BERHENTI"):
        assert word in p.HELP

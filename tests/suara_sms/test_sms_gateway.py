"""Reading Gammu's inbox rows: concatenation headers and the joining of parts (no database)."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.suara.sms.gateway import InboxRow, assemble, concatenation


def row(id_, udh="", text="", sender="+6281234567890", coding="Unicode_No_Compression",
        age=0.0, decoded=""):
    return InboxRow(id_, sender, None, udh, coding, text.encode("utf-16-be").hex().upper(),
                    decoded, age)


@pytest.mark.parametrize("udh, expected", [
    ("050003A70201", (0xA7, 2, 1)),
    ("0608041234030" "3", (0x1234, 3, 3)),  # 16-bit reference
    ("0B0504158200000003A70302", (0xA7, 3, 2)),  # a port header first
    ("", None),
    ("zz", None),
    ("050003A70200", None),  # part 0
    ("050003A70103", None),  # part 3 of 1
    ("050003A702", None),  # truncated
    ("040003A70201", None),  # wrong length byte
])
def test_concatenation_headers(udh, expected):
    assert concatenation(udh) == expected


def test_parts_are_joined_in_sequence_order_whatever_the_arrival_order():
    rows = [row(7, "050003110303", "!"), row(5, "050003110301", "Hal"),
            row(6, "050003110302", "o 🚧")]
    [msg] = assemble(rows)
    assert msg.text == "Halo 🚧!" and msg.ids == [5, 6, 7] and msg.complete


def test_a_surrogate_pair_cut_between_parts_is_joined_whole():
    raw = "a🚧".encode("utf-16-be")
    first = InboxRow(1, "+62812", None, "050003010201", "Unicode_No_Compression",
                     raw[:4].hex(), "")
    second = InboxRow(2, "+62812", None, "050003010202", "Unicode_No_Compression",
                      raw[4:].hex(), "")
    assert assemble([first, second])[0].text == "a🚧"


def test_parts_of_two_senders_with_the_same_reference_stay_apart():
    rows = [row(1, "050003110201", "A", sender="+62811"), row(2, "050003110201", "B"),
            row(3, "050003110202", "a", sender="+62811"), row(4, "050003110202", "b")]
    assert sorted(m.text for m in assemble(rows)) == ["Aa", "Bb"]


def test_an_incomplete_message_waits_for_the_timeout_then_goes_as_it_is():
    rows = [row(1, "050003110301", "Hal", age=5), row(3, "050003110303", "!", age=5)]
    assert assemble(rows, timeout=600) == []
    [msg] = assemble(rows, timeout=5)
    assert msg.text == "Hal!" and not msg.complete


def test_a_part_received_twice_is_handled_once_with_its_message():
    rows = [row(1, "050003110201", "A"), row(2, "050003110201", "A"),
            row(3, "050003110202", "b")]
    [msg] = assemble(rows)
    assert msg.text == "Ab" and sorted(msg.ids) == [1, 2, 3]


def test_binary_parts_give_no_text_and_decoded_text_is_the_fallback():
    assert assemble([row(1, coding="8bit", text="x")])[0].text == ""
    fallback = InboxRow(1, "+62812", None, "", "Default_No_Compression", "", "LAPOR x")
    assert assemble([fallback])[0].text == "LAPOR x"

"""What a citizen's SMS asks for, and how our replies fit into SMS.

Pure module (no CKAN, no database, no config): the SMS worker feeds it the
reassembled text of an incoming message and gets a :class:`Command`; replies
are built here and split with :func:`split_sms` into the parts the Gammu
outbox needs.

Keywords (Bahasa Indonesia, any case, any spacing, optionally followed by
``:``, ``#``, ``.``, ``,``, ``-`` or ``=``):

* ``LAPOR <isi>`` — a complaint (pengaduan);
* ``ASPIRASI <isi>`` — an aspiration;
* ``CEK <nomor laporan>`` — the status of one's own report (``SM-2026-000042``);
* ``PPID <nomor permohonan>`` — the status of one's own PPID request;
* ``BANTUAN`` (also ``BANTU``, ``HELP``, ``INFO``, ``?``) — the keywords;
* ``BERHENTI`` (also ``STOP``) — no more status messages to this number;
* ``MULAI`` (also ``START``) — status messages again.

A message without a keyword is a complaint (``LAPOR``, ``implicit=True``): the
reply then explains the keywords. An empty message gets the help text.

SMS texts are Indonesian only: the SMS center speaks the citizens' language,
whatever the portal's locale (its keywords are Indonesian words).

Length rules (3GPP TS 23.038 / 23.040): a text made only of GSM 7-bit default
alphabet characters (the extension table's ``^{}\\[~]|€`` and form feed count two
septets) takes 160 septets in one SMS, 153 per part of a multipart message
(the 6-byte concatenation header); any other character makes the whole
message UCS-2: 70 UTF-16 units in one SMS, 67 per part. Escape pairs and
surrogate pairs are never cut between parts.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LAPOR = "LAPOR"
ASPIRASI = "ASPIRASI"
CEK = "CEK"
PPID = "PPID"
BANTUAN = "BANTUAN"
BERHENTI = "BERHENTI"
MULAI = "MULAI"
EMPTY = "EMPTY"
COMMANDS = (LAPOR, ASPIRASI, CEK, PPID, BANTUAN, BERHENTI, MULAI)

# keyword as typed (upper case) -> command
ALIASES = {
    "LAPOR": LAPOR, "LAPORAN": LAPOR, "ADUAN": LAPOR, "PENGADUAN": LAPOR,
    "ASPIRASI": ASPIRASI, "USUL": ASPIRASI, "USULAN": ASPIRASI,
    "CEK": CEK, "STATUS": CEK,
    "PPID": PPID,
    "BANTUAN": BANTUAN, "BANTU": BANTUAN, "HELP": BANTUAN, "INFO": BANTUAN, "?": BANTUAN,
    "BERHENTI": BERHENTI, "STOP": BERHENTI, "UNREG": BERHENTI,
    "MULAI": MULAI, "START": MULAI,
}
# commands that are the whole message: "INFO jalan rusak" is a report, not a help request
ALONE = frozenset({BANTUAN, BERHENTI, MULAI})

TEXT_MAX = 4000  # suara_report_create's limit on text
_SEPARATORS = ":#.,-=;/"
_KEYWORD = re.compile(r"^\s*([A-Za-z]+|\?)\s*[" + re.escape(_SEPARATORS) + r"]*\s*", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e"
                      r"\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Command:
    command: str  # one of COMMANDS or EMPTY
    argument: str = ""  # the report text, or the number asked about (as typed, cleaned)
    implicit: bool = False  # True: no keyword, taken as LAPOR


def clean_text(text: str | None, limit: int | None = None) -> str:
    """NFC, no control or invisible formatting characters (a newline and a tab become a
    space), runs of spaces collapsed, trimmed, at most ``limit`` characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\t", " ")
    text = _CONTROL.sub(" ", text).replace("\n", " ")
    text = re.sub(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text).strip()
    return text[:limit].strip() if limit else text


def parse(text: str | None) -> Command:
    """The command of an incoming SMS (see the module docstring)."""
    body = clean_text(text)
    if not body:
        return Command(EMPTY)
    m = _KEYWORD.match(body)
    if m:
        word = m.group(1).upper()
        rest = body[m.end():].strip()[:TEXT_MAX].strip()
        command = ALIASES.get(word)
        if command in ALONE and not rest:
            return Command(command)
        if command in (LAPOR, ASPIRASI, CEK, PPID):
            return Command(command, rest)
    return Command(LAPOR, body[:TEXT_MAX].strip(), implicit=True)


# --- numbers ----------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![A-Z0-9])(?:([A-Z]+)([\s\-_/.#:]*))?(\d{4})[\s\-_/.#:]*(\d{1,6})(?!\d)")


def report_number(argument: str, prefix: str = "SM") -> str | None:
    """``SM-2026-000042`` from what a citizen typed (``sm 2026 42``, ``SM/2026/000042``,
    ``2026-42``...), or None."""
    return _number(argument, prefix)


def ppid_ticket(argument: str, prefix: str = "PPID") -> str | None:
    """``PPID-2026-000012`` from ``ppid 2026 12``, ``PPID-2026-000012``, ``2026/12``...,
    or None."""
    return _number(argument, prefix)


def _number(argument: str, prefix: str) -> str | None:
    prefix = prefix.upper()
    for m in _NUMBER.finditer(clean_text(argument).upper()):
        word, sep = m.group(1), m.group(2) or ""
        # another number's prefix ("SM-2026-..." asked as a PPID ticket): not ours;
        # a word before a space ("saya 2026 42") is just a word
        if word and word != prefix and (sep.strip() or not sep):
            continue
        year, seq = int(m.group(3)), int(m.group(4))
        if 2000 <= year <= 2999 and seq:
            return f"{prefix}-{year:04d}-{seq:06d}"
    return None


# --- GSM 03.38 ----------------------------------------------------------------------------

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SINGLE_GSM7, PART_GSM7 = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67
MAX_PARTS = 6  # a reply never takes more (longer texts are cut with "...")

GSM7 = "Default_No_Compression"
UCS2 = "Unicode_No_Compression"


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _units(ch: str, gsm7: bool) -> int:
    if gsm7:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1  # UTF-16 surrogate pair


def length(text: str) -> tuple[str, int]:
    """(coding, length in septets or UTF-16 units)."""
    gsm7 = is_gsm7(text)
    return (GSM7 if gsm7 else UCS2), sum(_units(c, gsm7) for c in text)


def split_sms(text: str, max_parts: int = MAX_PARTS) -> tuple[str, list[str]]:
    """(coding, parts): one part when the text fits one SMS, else parts of at most 153
    septets / 67 UTF-16 units, never cutting an escape or surrogate pair; at most
    ``max_parts`` parts (the last one ends with ``...`` when the text was cut)."""
    coding, size = length(text)
    gsm7 = coding == GSM7
    single, part = (SINGLE_GSM7, PART_GSM7) if gsm7 else (SINGLE_UCS2, PART_UCS2)
    if size <= single:
        return coding, [text]
    parts: list[str] = []
    current, used = [], 0
    for ch in text:
        u = _units(ch, gsm7)
        if used + u > part:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += u
    if current:
        parts.append("".join(current))
    if len(parts) > max_parts:
        parts = parts[:max_parts]
        last, cut = parts[-1], 0
        while sum(_units(c, gsm7) for c in last) + 3 > part:
            last = last[:-1]
            cut += 1
        parts[-1] = last + "..."
    return coding, parts


def fit_one(text: str) -> str:
    """The text cut (with ``...``) to fit one SMS of its coding."""
    coding, size = length(text)
    limit = SINGLE_GSM7 if coding == GSM7 else SINGLE_UCS2
    if size <= limit:
        return text
    gsm7 = coding == GSM7
    while sum(_units(c, gsm7) for c in text) + 3 > limit:
        text = text[:-1]
    return text.rstrip() + "..."


# --- replies ------------------------------------------------------------------------------
# Indonesian; each of these fits one GSM-7 SMS with the longest values they take
# (tests/unit/suara/test_sms_parser.py checks it).

HELP = ("Suara Masyarakat Kab. Pekalongan. Kirim: LAPOR isi pengaduan / ASPIRASI isi "
        "usulan / CEK nomor laporan / PPID nomor permohonan / BERHENTI")
RECEIVED = "Laporan diterima, nomor {number}, kode lacak {code}. Cek status: CEK {number}"
RECEIVED_IMPLICIT = ("Laporan diterima, nomor {number}, kode lacak {code}. Lain kali awali "
                     "LAPOR/ASPIRASI; cek: CEK {number}; BANTUAN: petunjuk")
ASPIRATION_RECEIVED = ("Aspirasi diterima, nomor {number}, kode lacak {code}. "
                       "Cek status: CEK {number}")
EMPTY_REPORT = ("Isi laporan kosong. Kirim LAPOR diikuti isinya, mis.: LAPOR jalan rusak di "
                "Desa Wangandowo Bojong")
NOT_SAVED = "Laporan belum dapat dicatat: {reason}. Kirim BANTUAN untuk petunjuk."
BAD_REPORT_NUMBER = "Nomor laporan tidak dikenali. Contoh: CEK SM-2026-000042"
BAD_PPID_NUMBER = "Nomor permohonan tidak dikenali. Contoh: PPID PPID-2026-000012"
REPORT_UNKNOWN = "Laporan {number} tidak ditemukan untuk nomor HP ini."
PPID_UNKNOWN = "Permohonan {number} tidak ditemukan untuk nomor HP ini."
REPORT_STATUS = "Laporan {number}: {status}."
REPORT_STATUS_DUE = "Laporan {number}: {status}. Batas jawab {due}."
PPID_STATUS = "Permohonan {number}: {status}. Batas jawab {due}."
STOPPED = "SMS status tidak akan dikirim lagi ke nomor ini. Kirim MULAI untuk mengaktifkan lagi."
STARTED = "SMS status diaktifkan lagi. Kirim BERHENTI untuk menghentikannya."


def reply(template: str, **values) -> str:
    """A reply from one of the templates above, cut to one SMS if a value was long
    (a status label, a reason)."""
    return fit_one(template.format(**values))

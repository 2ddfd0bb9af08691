"""The Standar Layanan page and the narrative parts of the annual report: which sections
there are, their default text, and the check every edited text passes.

Pure (no database, no config). Texts are plain paragraphs or Markdown, rendered with
CKAN's ``h.render_markdown`` (bleach-cleaned); on top of that an edited text may hold no
HTML at all, no ``javascript:``/``data:`` links and no control characters, so nothing
typed into the form can become markup on a public page or in the PDF/DOCX.
"""
from __future__ import annotations

import re
import unicodedata

from ckanext.pekalongan.text import N_

TEXT_MAX = 20_000

# Standar Layanan (Perki 1/2021: maklumat pelayanan Pasal 47-48; standard of service)
STANDARD_SECTIONS: tuple[str, ...] = ("maklumat", "sop", "fees", "hours", "addresses")

STANDARD_DEFAULTS: dict[str, str] = {
    "maklumat": (
        "Dengan ini kami, PPID Kabupaten Pekalongan, menyatakan sanggup menyelenggarakan "
        "pelayanan informasi publik sesuai standar layanan yang ditetapkan dan apabila tidak "
        "menepati janji ini, kami siap menerima sanksi sesuai peraturan perundang-undangan "
        "yang berlaku.\n\n"
        "Dasar hukum: Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik; "
        "Peraturan Pemerintah Nomor 61 Tahun 2010; Peraturan Komisi Informasi Nomor 1 Tahun "
        "2021 tentang Standar Layanan Informasi Publik (maklumat pelayanan: Pasal 47-48)."
    ),
    "sop": (
        "1. Pemohon mengisi formulir permohonan (daring di portal ini, melalui surat, "
        "telepon, atau datang langsung) dan menerima nomor pendaftaran serta kode lacak "
        "(UU 14/2008 Pasal 22 ayat 4-6).\n"
        "2. PPID Utama meneruskan permohonan kepada PPID Pelaksana OPD yang menguasai "
        "informasi.\n"
        "3. Paling lambat 10 hari kerja sejak permohonan diterima, PPID memberikan "
        "pemberitahuan tertulis (Pasal 22 ayat 7); dapat diperpanjang satu kali paling lama "
        "7 hari kerja dengan alasan tertulis (Pasal 22 ayat 8).\n"
        "4. Bila permohonan ditolak, tidak ditanggapi, atau tidak dipenuhi, pemohon dapat "
        "mengajukan keberatan kepada Atasan PPID dalam 30 hari kerja (Pasal 35-36 ayat 1).\n"
        "5. Atasan PPID memberikan tanggapan tertulis paling lambat 30 hari kerja sejak "
        "keberatan diterima (Pasal 36 ayat 2).\n"
        "6. Bila tidak puas atau tidak ditanggapi, pemohon dapat mengajukan sengketa ke "
        "Komisi Informasi Provinsi Jawa Tengah dalam 14 hari kerja (Pasal 37 ayat 2)."
    ),
    "fees": (
        "Layanan informasi publik **tidak dipungut biaya**. Pemohon hanya menanggung biaya "
        "penggandaan (fotokopi atau cetak) dan pengiriman salinan bila meminta salinan "
        "cetak; salinan elektronik tanpa biaya (UU 14/2008 Pasal 21; Perki 1/2021)."
    ),
    "hours": (
        "Layanan daring: setiap saat. Layanan tatap muka: Senin-Kamis pukul 08.00-15.30 "
        "WIB, Jumat pukul 08.00-11.00 WIB, kecuali hari libur nasional. Tenggat dihitung "
        "dalam hari kerja."
    ),
    "addresses": (
        "PPID Utama Kabupaten Pekalongan, Dinas Komunikasi dan Informatika, "
        "Kajen, Kabupaten Pekalongan, Jawa Tengah.\n\n"
        "Keberatan ditujukan kepada Atasan PPID melalui alamat yang sama. Sengketa informasi: "
        "Komisi Informasi Provinsi Jawa Tengah, Semarang."
    ),
}

# Narrative parts of the annual report (Perki 1/2021 Pasal 56; the figures come from the
# request desk and the dispute record)
REPORT_SECTIONS: tuple[str, ...] = (
    "policy", "facilities", "staff", "budget", "obstacles", "recommendations",
)

_TAG = re.compile(r"<\s*[/!?a-zA-Z]")
_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")


def clean_text(value: str) -> tuple[str, str | None]:
    """Normalised text (NFC, ``\\r\\n`` -> ``\\n``, trailing space trimmed) and the message
    id of what is wrong with it, or None."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    for ch in text:
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return text, N_("The text holds control or invisible characters.")
    if len(text) > TEXT_MAX:
        return text, N_("The text is too long.")
    if _TAG.search(text):
        return text, N_("HTML is not allowed: write plain text or Markdown.")
    if _SCHEME.search(text):
        return text, N_("Links may only use http, https or mailto.")
    return text, None

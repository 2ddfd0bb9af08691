"""Every message the "daftar data" reader can give, in Bahasa Indonesia.

The readers of these messages are OPD operators who filled in a spreadsheet, so each
message names the row (``baris``, as Excel numbers it: the header is row 1) and the
column (``kolom``) or sheet, and says what to do where that is not obvious.

``_`` only marks a msgid for extraction (Babel's default keywords include ``_``); the
msgids are Indonesian on purpose. ``render`` is the one place that turns a msgid into
text, so a real gettext lookup can be added there later without touching the callers.
"""
from __future__ import annotations

from typing import Any


def _(msgid: str) -> str:
    """Mark ``msgid`` for translation; returns it unchanged."""
    return msgid


def render(msgid: str, **params: Any) -> str:
    """The message ``msgid`` with its ``{placeholders}`` filled in."""
    return msgid.format(**params)


def megabytes(size: int) -> str:
    """``26_000_000`` → ``"24,8"``: MiB with an Indonesian decimal comma, one decimal
    (three below 0,1 MB so that small limits do not read as "0 MB")."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}" if value >= 0.1 or value == 0 else f"{value:.3f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- the file as a whole -------------------------------------------------------------
FILE_EMPTY = _("berkas kosong (0 bita)")
FILE_TOO_LARGE = _("berkas terlalu besar ({ukuran} MB, batas {batas} MB)")
FILE_UNPACKED_TOO_LARGE = _(
    "isi berkas XLSX terlalu besar setelah dibuka ({ukuran} MB, batas {batas} MB)"
)
FILE_HTML = _(
    "berkas bukan XLSX/CSV yang sah (tampaknya halaman HTML); pastikan URL langsung "
    "menunjuk ke berkas, bukan ke halaman web atau halaman login"
)
FILE_PDF = _("berkas bukan XLSX/CSV yang sah (tampaknya PDF)")
FILE_XLS = _(
    "berkas bukan XLSX/CSV yang sah (tampaknya format lama Excel 97-2003 .xls); "
    "simpan ulang sebagai 'Excel Workbook (*.xlsx)'"
)
FILE_ODS = _(
    "berkas bukan XLSX/CSV yang sah (tampaknya OpenDocument .ods); "
    "simpan ulang sebagai 'Excel Workbook (*.xlsx)'"
)
FILE_ZIP = _("berkas bukan XLSX/CSV yang sah (arsip ZIP yang bukan XLSX)")
FILE_BINARY = _("berkas bukan XLSX/CSV yang sah (isinya data biner)")
FILE_XLSX_BROKEN = _("berkas XLSX rusak atau tidak dapat dibaca ({detail})")
CSV_NOT_UTF8 = _(
    "berkas CSV tidak berenkode UTF-8 (baris {baris} berisi bita 0x{bita} yang tidak sah); "
    "di Excel simpan ulang lewat 'Save As' dengan jenis 'CSV UTF-8 (Comma delimited) (*.csv)'"
)
CSV_UTF16 = _(
    "berkas CSV berenkode UTF-16; simpan ulang dengan jenis "
    "'CSV UTF-8 (Comma delimited) (*.csv)'"
)
CSV_BROKEN = _("berkas CSV tidak dapat dibaca di baris {baris}: {detail}")

# --- the daftar_data sheet (or CSV) ------------------------------------------------------
# {tempat} is PLACE_SHEET or PLACE_CSV.
PLACE_SHEET = _("sheet daftar_data")
PLACE_CSV = _("berkas CSV daftar data")
DAFTAR_SHEET_MISSING = _("sheet '{sheet}' tidak ada (sheet yang ada: {sheets})")
NOT_A_WORKSHEET = _("sheet '{sheet}' bukan lembar kerja berisi sel (mungkin lembar grafik)")
COLUMN_REQUIRED_MISSING = _("kolom wajib '{kolom}' tidak ada di {tempat}")
COLUMN_SOURCE_MISSING = _("kolom 'sheet_data' atau 'url_data' harus ada di {tempat}")
COLUMN_CSV_SHEET_DATA = _(
    "kolom 'sheet_data' tidak dapat dipakai di {tempat} (CSV tidak punya sheet); "
    "isi 'url_data' di setiap baris"
)
COLUMN_DUPLICATE = _("kolom '{kolom}' muncul lebih dari sekali di {tempat} (kolom {huruf})")
COLUMN_UNKNOWN = _("kolom '{kolom}' di {tempat} tidak dikenal dan diabaikan")
COLUMN_UNTITLED = _("kolom {huruf} di {tempat} berisi nilai tetapi tidak berjudul; diabaikan")
HEADER_MERGED = _(
    "{tempat} memiliki sel judul kolom yang digabung (merge) di {rentang}; "
    "baris judul harus satu baris, satu judul per kolom"
)
NO_ROWS = _("{tempat} tidak berisi satu baris dataset pun")
TOO_MANY_ROWS = _("{tempat} berisi lebih dari {batas} baris (batas {batas} baris)")

# --- one row of daftar_data ------------------------------------------------------------
EMPTY = _("baris {baris}: kolom '{kolom}' kosong")
CHOICE = _("baris {baris}: kolom '{kolom}' berisi '{nilai}', pilihan yang sah: {pilihan}")
CELL_ERROR = _("baris {baris}: kolom '{kolom}' berisi galat rumus '{nilai}'")
NOT_A_YEAR = _(
    "baris {baris}: kolom '{kolom}' berisi '{nilai}', bukan tahun (isi 4 angka, mis. 2024)"
)
YEAR_RANGE = _("baris {baris}: kolom '{kolom}' berisi {nilai}, di luar rentang {min}–{maks}")
PERIOD_ORDER = _(
    "baris {baris}: periode_akhir ({akhir}) lebih awal dari periode_awal ({awal})"
)
KODE_WILAYAH_UNKNOWN = _(
    "baris {baris}: kode wilayah '{kode}' tidak dikenal (pakai 33.26 untuk seluruh "
    "kabupaten atau kode kecamatan 33.26.01–33.26.19, dipisah koma)"
)
TAG_CHARACTERS = _(
    "baris {baris}: tag '{tag}' hanya boleh berisi huruf, angka, spasi, dan tanda - _ ."
)
TAG_LENGTH = _("baris {baris}: tag '{tag}' harus {min}–{maks} karakter")
EMAIL_INVALID = _("baris {baris}: kolom '{kolom}' berisi '{nilai}', bukan alamat surel yang sah")
ID_NO_LETTERS = _("baris {baris}: id_dataset '{id}' harus memuat huruf atau angka")
DUPLICATE_ID = _("baris {baris}: id_dataset '{id}' sudah dipakai di baris {baris_lain}")
DUPLICATE_NAME = _(
    "baris {baris}: id_dataset '{id}' menghasilkan alamat dataset '{nama}' yang sama "
    "dengan id_dataset '{id_lain}' di baris {baris_lain}; bedakan id_dataset-nya"
)
KOLOM_NILAI_REQUIRED = _(
    "baris {baris}: kolom 'kolom_nilai' kosong, padahal indikator_capaian 'ya'"
)
KOLOM_NILAI_FORMAT = _(
    "baris {baris}: kolom 'kolom_nilai' berisi '{nilai}'; tulis nama kolom dengan huruf "
    "kecil, angka dan garis bawah, diawali huruf (mis. jumlah_penduduk)"
)
KOLOM_NILAI_NOT_IN_TABLE = _(
    "baris {baris}: kolom_nilai '{nilai}' tidak ada di tabel data (kolom yang ada: {kolom_ada})"
)
INDICATOR_NO_TAHUN = _(
    "baris {baris}: tabel data indikator capaian harus punya kolom 'tahun' "
    "(kolom yang ada: {kolom_ada})"
)
SOURCE_BOTH = _(
    "baris {baris}: isi salah satu saja, 'sheet_data' atau 'url_data', bukan keduanya"
)
SOURCE_NONE = _("baris {baris}: kolom 'sheet_data' dan 'url_data' kosong; isi salah satu")
URL_INVALID = _(
    "baris {baris}: url_data '{url}' bukan alamat http:// atau https:// yang sah"
)
SHEET_NOT_FOUND = _(
    "sheet '{sheet}' yang dirujuk baris {baris} tidak ada (sheet yang ada: {sheets})"
)
SHEET_RESERVED = _("baris {baris}: sheet_data tidak boleh merujuk sheet '{sheet}'")

# --- a data table (a sheet of the workbook, or the file at url_data) -------------------
# {sumber} is SOURCE_SHEET or SOURCE_URL; every message starts with the daftar_data row.
SOURCE_SHEET = _("sheet '{sheet}'")
SOURCE_URL = _("berkas url_data")
TABLE_FILE = _("baris {baris}: {sumber}: {pesan}")
TABLE_EMPTY = _("baris {baris}: {sumber} kosong")
TABLE_NO_DATA_ROWS = _("baris {baris}: {sumber} hanya berisi baris judul, tanpa baris data")
TABLE_HEADER_MERGED = _(
    "baris {baris}: {sumber} memiliki sel judul kolom yang digabung (merge) di {rentang}; "
    "baris judul harus satu baris (baris 1), satu judul per kolom"
)
TABLE_BODY_MERGED = _(
    "baris {baris}: {sumber} memiliki sel yang digabung (merge) di {rentang}; "
    "pisahkan gabungannya dan isi setiap sel"
)
TABLE_HEADER_EMPTY = _(
    "baris {baris}: {sumber} kolom {huruf} berisi nilai tetapi tidak berjudul (sel {huruf}1 kosong)"
)
TABLE_HEADER_DUPLICATE = _(
    "baris {baris}: {sumber} judul kolom '{kolom}' muncul lebih dari sekali (kolom {huruf})"
)
TABLE_CELL_ERROR = _("baris {baris}: {sumber} sel {sel} berisi galat rumus '{nilai}'")
TABLE_ROW_TOO_WIDE = _(
    "baris {baris}: {sumber} baris {baris_data} berisi {jumlah} nilai, "
    "lebih banyak dari {jumlah_judul} judul kolom"
)
TABLE_TOO_MANY_ROWS = _(
    "baris {baris}: {sumber} berisi lebih dari {batas} baris data (batas {batas} baris)"
)

# --- downloading a source or a url_data file (download.py) -----------------------------
DOWNLOAD_TIMEOUT = _("{url} tidak menjawab dalam {detik} detik (batas waktu habis)")
DOWNLOAD_DEADLINE = _("unduhan {url} tidak selesai dalam {detik} detik (batas waktu habis)")
DOWNLOAD_UNREACHABLE = _("{url} tidak dapat dihubungi ({detail})")
DOWNLOAD_REDIRECT_LOOP = _(
    "{url} dialihkan (redirect) lebih dari {batas} kali, kemungkinan pengalihan melingkar; "
    "periksa URL-nya"
)
DOWNLOAD_HTTP = _("server {url} menjawab HTTP {kode} {alasan}")
DOWNLOAD_TOO_LARGE = _("berkas di {url} terlalu besar ({ukuran} MB, batas {batas} MB)")
DOWNLOAD_TOO_LARGE_STREAM = _("berkas di {url} terlalu besar (lebih dari {batas} MB)")
DOWNLOAD_BAD_URL = _("URL '{url}' tidak sah ({detail})")
NOT_OURS = _(
    "dataset untuk id '{id}' tidak dibuat oleh sumber panen ini; dataset itu tidak diubah, "
    "ditarik, atau dihapus oleh panen"
)
DOWNLOAD_BLOCKED = _(
    "portal tidak boleh mengambil {url}: alamat itu mengarah ke {alamat} (jaringan lokal, "
    "privat, atau layanan metadata), bukan ke internet publik; gunakan URL publik sumbernya"
)

# --- a harvest as a whole (the gather stage) ---------------------------------------------
# Every source-level failure ends with HARVEST_ABORTED: nothing published is touched.
SOURCE_READ_FAILED = _("sumber {url} gagal dibaca: {pesan}")
HARVEST_ABORTED = _(
    "panen dibatalkan: tidak ada dataset yang ditambah, diubah, atau ditarik; "
    "dataset yang sudah terbit tetap seperti semula"
)
SOURCE_NO_ORGANIZATION = _(
    "sumber panen belum dikaitkan dengan organisasi OPD; pilih organisasinya di pengaturan "
    "sumber panen"
)
SOURCE_EMPTY = _(
    "sumber {url} tidak memuat satu dataset pun; bila OPD memang menarik semua datasetnya, "
    "nonaktifkan sumber ini"
)
SOURCE_NOT_JSON = _(
    "jawaban {url} bukan JSON API CKAN (tampaknya {jenis}); periksa bahwa URL sumber adalah "
    "alamat dasar portal CKAN, mis. https://data.contoh.go.id"
)
SOURCE_CKAN_ERROR = _("API CKAN di {url} menjawab galat: {detail}")
SOURCE_PAGING = _(
    "API CKAN di {url} mengembalikan halaman yang sama berulang-ulang; daftar dataset tidak "
    "dapat dibaca utuh"
)
SOURCE_RDF_BROKEN = _("katalog RDF dari {url} tidak dapat dibaca: {detail}")
SOURCE_NOT_UTF8 = _("isi {url} tidak berenkode UTF-8 (bita 0x{bita} di posisi {posisi})")
KIND_HTML = _("halaman HTML")
KIND_OTHER = _("bukan JSON")

# --- one dataset (fetch and import stages) -----------------------------------------------
ROW_WITHDRAWAL_DEFERRED = _(
    "baris {baris}: id_dataset kosong, jadi penarikan dataset yang tidak lagi tercantum "
    "ditunda sampai baris ini diperbaiki"
)
ROW_NAME_TAKEN = _(
    "baris {baris}: alamat dataset '{nama}' sudah dipakai dataset lain yang bukan hasil panen "
    "sumber ini; ganti id_dataset"
)
ROW_REJECTED = _("baris {baris}: portal menolak dataset ini: {detail}")
ROW_TABLE_TOO_LARGE = _(
    "baris {baris}: tabel data terlalu besar untuk diunggah ({ukuran} MB, batas {batas} MB)"
)
DATASET_REJECTED = _("dataset '{judul}' ({id}): portal menolak dataset ini: {detail}")
DATASET_FAILED = _("dataset '{judul}' ({id}): gagal disimpan: {detail}")

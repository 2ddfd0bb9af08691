"""The demo catalogue of Portal Satu Data Kabupaten Pekalongan, as plain data.

Pure module: no CKAN import, no clock, no global random state. Every CSV is
generated from ``random.Random`` seeded with the dataset name, so two calls
return identical objects. The numbers are plausible, not official statistics;
every dataset description says so.

Public API:

- ``organizations()``: OPDs and the 19 kecamatan, as organization dicts whose
  keys are the fields of ``schemas/opd_organization.yaml``.
- ``groups()``: topic groups (``name``, ``title``, ``description``).
- ``datasets()``: dataset dicts with every Satu Data field of
  ``schemas/satudata_dataset.yaml`` plus ``groups`` (names), ``resource``
  (name/description/format of its CSV and ``data_age_days``, how many days before the load
  its data was last updated) and ``csv`` (the CSV text); indicators also carry
  ``extra_resources``, their illustrative targets and Central Java comparison
  (``demo/resonansi.py``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import random
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ckanext.pekalongan.demo import resonansi
from ckanext.pekalongan.satudata import (
    KABUPATEN_CODE,
    WALIDATA_DEFAULT,
    kecamatan,
)

__all__ = ["organizations", "groups", "datasets", "KECAMATAN_ORG_PREFIX"]

YEARS = tuple(range(2019, 2025))
LATEST = YEARS[-1]
EMAIL_DOMAIN = "pekalongankab.go.id"
KECAMATAN_ORG_PREFIX = "kecamatan-"
DEMO_NOTE = (
    "_Data contoh untuk demonstrasi Portal Satu Data Kabupaten Pekalongan: angka "
    "disusun mendekati kondisi sebenarnya, bukan statistik resmi._"
)
KAJEN_ADDRESS = (
    "Kompleks Perkantoran Pemerintah Kabupaten Pekalongan, Jl. Mandurorejo No. {no}, Kajen, "
    "Kabupaten Pekalongan 51161"
)


# --------------------------------------------------------------------------
# Organizations (OPD)
# --------------------------------------------------------------------------


class Opd(NamedTuple):
    name: str
    title: str
    singkatan: str
    kode_opd: str
    jenis_opd: str
    description: str


# fmt: off
_OPDS: tuple[Opd, ...] = (
    Opd("sekretariat-daerah", "Sekretariat Daerah", "Setda", "4.01.01", "sekretariat",
        "Membantu Bupati dalam penyusunan kebijakan dan pengoordinasian administratif "
        "perangkat daerah."),
    Opd("bagian-organisasi", "Bagian Organisasi", "Bag. Organisasi", "4.01.02", "bagian",
        "Kelembagaan, ketatalaksanaan, reformasi birokrasi dan survei kepuasan masyarakat."),
    Opd("bagian-hukum", "Bagian Hukum", "Bag. Hukum", "4.01.03", "bagian",
        "Penyusunan produk hukum daerah dan bantuan hukum."),
    Opd("sekretariat-dprd", "Sekretariat DPRD", "Setwan", "4.02.01", "sekretariat",
        "Pelayanan administrasi dan persidangan Dewan Perwakilan Rakyat Daerah."),
    Opd("inspektorat", "Inspektorat Daerah", "Inspektorat", "6.01.01", "inspektorat",
        "Pengawasan internal atas penyelenggaraan pemerintahan daerah."),
    Opd("badan-perencanaan-pembangunan-daerah", "Badan Perencanaan Pembangunan Daerah",
        "Bappeda", "5.01.01", "badan",
        "Perencanaan, pengendalian dan evaluasi pembangunan daerah."),
    Opd("badan-pengelolaan-keuangan-daerah", "Badan Pengelolaan Keuangan Daerah",
        "BPKD", "5.02.01", "badan",
        "Pengelolaan pendapatan, anggaran, perbendaharaan dan aset daerah."),
    Opd("badan-kepegawaian-daerah", "Badan Kepegawaian Daerah", "BKD", "5.03.01", "badan",
        "Manajemen aparatur sipil negara Pemerintah Kabupaten Pekalongan."),
    Opd("badan-kesatuan-bangsa-dan-politik", "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol", "8.01.01", "badan",
        "Pembinaan wawasan kebangsaan, ketahanan sosial dan politik dalam negeri."),
    Opd("badan-penanggulangan-bencana-daerah", "Badan Penanggulangan Bencana Daerah",
        "BPBD", "1.05.02", "badan",
        "Pencegahan, kedaruratan dan rehabilitasi bencana."),
    Opd("dinas-pendidikan-dan-kebudayaan", "Dinas Pendidikan dan Kebudayaan",
        "Dindikbud", "1.01.01", "dinas",
        "Urusan pendidikan anak usia dini, pendidikan dasar, pendidikan nonformal dan "
        "kebudayaan."),
    Opd("dinas-kesehatan", "Dinas Kesehatan", "Dinkes", "1.02.01", "dinas",
        "Urusan kesehatan: upaya kesehatan masyarakat, puskesmas dan sumber daya kesehatan."),
    Opd("rsud-kraton", "RSUD Kraton", "RSUD Kraton", "1.02.02", "rsud",
        "Rumah Sakit Umum Daerah Kraton milik Pemerintah Kabupaten Pekalongan."),
    Opd("rsud-kajen", "RSUD Kajen", "RSUD Kajen", "1.02.03", "rsud",
        "Rumah Sakit Umum Daerah Kajen milik Pemerintah Kabupaten Pekalongan."),
    Opd("dinas-pekerjaan-umum-dan-penataan-ruang", "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR", "1.03.01", "dinas",
        "Jalan dan jembatan kabupaten, sumber daya air, bina konstruksi dan penataan ruang."),
    Opd("dinas-perumahan-rakyat-dan-kawasan-permukiman",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Dinperkim", "1.04.01", "dinas",
        "Perumahan rakyat, rumah tidak layak huni dan kawasan permukiman."),
    Opd("satuan-polisi-pamong-praja", "Satuan Polisi Pamong Praja", "Satpol PP", "1.05.01",
        "satpol_pp", "Penegakan peraturan daerah, ketenteraman dan ketertiban umum."),
    Opd("dinas-sosial", "Dinas Sosial", "Dinsos", "1.06.01", "dinas",
        "Perlindungan, jaminan dan rehabilitasi sosial."),
    Opd("dinas-perindustrian-dan-tenaga-kerja", "Dinas Perindustrian dan Tenaga Kerja",
        "Dinperinaker", "2.07.01", "dinas",
        "Urusan perindustrian, pelatihan kerja, penempatan dan hubungan industrial."),
    Opd("dinas-pengendalian-penduduk-kb-p3a",
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan "
        "Perlindungan Anak", "DPPKBP3A", "2.08.01", "dinas",
        "Keluarga berencana, pemberdayaan perempuan dan perlindungan anak."),
    Opd("dinas-lingkungan-hidup", "Dinas Lingkungan Hidup", "DLH", "2.11.01", "dinas",
        "Pengendalian pencemaran, pengelolaan sampah dan pertamanan."),
    Opd("dinas-kependudukan-dan-pencatatan-sipil", "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil", "2.12.01", "dinas",
        "Pendaftaran penduduk, pencatatan sipil dan pengelolaan data kependudukan (SIAK)."),
    Opd("dinas-pemberdayaan-masyarakat-dan-desa", "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD", "2.13.01", "dinas",
        "Pemerintahan desa, keuangan desa dan pemberdayaan masyarakat."),
    Opd("dinas-perhubungan", "Dinas Perhubungan", "Dishub", "2.15.01", "dinas",
        "Lalu lintas dan angkutan jalan, pengujian kendaraan bermotor dan perparkiran."),
    Opd("dinas-komunikasi-dan-informatika", "Dinas Komunikasi dan Informatika",
        "Dinkominfo", "2.16.01", "dinas",
        "Informasi dan komunikasi publik, aplikasi informatika, statistik sektoral dan "
        "persandian; walidata Satu Data dan PPID Utama Kabupaten Pekalongan."),
    Opd("dinas-koperasi-ukm-dan-perdagangan",
        "Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan", "Dinkopukmdag", "2.17.01",
        "dinas", "Koperasi, usaha mikro kecil menengah, perdagangan dan pasar daerah."),
    Opd("dinas-penanaman-modal-dan-pelayanan-terpadu-satu-pintu",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "2.18.01",
        "dinas",
        "Pelayanan perizinan dan nonperizinan terpadu serta promosi penanaman modal."),
    Opd("dinas-pemuda-olahraga-dan-pariwisata", "Dinas Pemuda, Olahraga dan Pariwisata",
        "Dinporapar", "3.26.01", "dinas",
        "Kepemudaan, keolahragaan, destinasi dan pemasaran pariwisata."),
    Opd("dinas-perikanan", "Dinas Perikanan", "Dinkan", "3.25.01", "dinas",
        "Perikanan tangkap, perikanan budidaya dan pengolahan hasil perikanan."),
    Opd("dinas-pertanian-dan-pangan", "Dinas Pertanian dan Pangan", "Dispertapa", "3.27.01",
        "dinas", "Tanaman pangan, hortikultura, peternakan dan ketahanan pangan."),
)
# fmt: on


def _kecamatan_org_name(nama: str) -> str:
    return KECAMATAN_ORG_PREFIX + nama.lower().replace(" ", "-")


def _phone(index: int) -> str:
    return f"(0285) {381100 + index * 7}"


def organizations() -> list[dict[str, Any]]:
    """Every OPD and every kecamatan as an organization of the OPD schema."""
    out: list[dict[str, Any]] = []
    for i, opd in enumerate(_OPDS):
        email_user = opd.singkatan.lower().replace(". ", "").replace(" ", "").replace(".", "")
        if opd.jenis_opd == "rsud":
            address = (
                "Jl. Veteran No. 31, Kota Pekalongan 51117"
                if opd.name == "rsud-kraton"
                else "Jl. Raya Kajen-Bojong, Kajen, Kabupaten Pekalongan 51161"
            )
        else:
            address = KAJEN_ADDRESS.format(no=i + 1)
        out.append(
            {
                "name": opd.name,
                "title": opd.title,
                "singkatan": opd.singkatan,
                "description": opd.description,
                "kode_opd": opd.kode_opd,
                "jenis_opd": opd.jenis_opd,
                "kode_wilayah": KABUPATEN_CODE,
                "alamat": address,
                "telepon": _phone(i),
                "email": f"{email_user}@{EMAIL_DOMAIN}",
                "ppid_pelaksana_nama": f"Sekretaris {opd.title}"
                if opd.jenis_opd in ("dinas", "badan")
                else f"Kepala Subbagian Umum {opd.title}",
                "ppid_pelaksana_kontak": f"ppid.{email_user}@{EMAIL_DOMAIN}",
            }
        )
    for j, kec in enumerate(kecamatan()):
        nomor = int(kec.kode_wilayah.rsplit(".", 1)[1])
        slug = kec.nama.lower().replace(" ", "")
        out.append(
            {
                "name": _kecamatan_org_name(kec.nama),
                "title": f"Kecamatan {kec.nama}",
                "singkatan": f"Kec. {kec.nama}",
                "description": (
                    f"Pemerintah Kecamatan {kec.nama}: pelayanan administrasi terpadu kecamatan, "
                    "koordinasi pemerintahan desa/kelurahan dan pemberdayaan masyarakat."
                ),
                "kode_opd": f"7.01.{nomor:02d}",
                "jenis_opd": "kecamatan",
                "kode_wilayah": kec.kode_wilayah,
                "alamat": f"Jl. Raya {kec.nama}, Kecamatan {kec.nama}, Kabupaten Pekalongan",
                "telepon": _phone(len(_OPDS) + j),
                "email": f"kec.{slug}@{EMAIL_DOMAIN}",
                "ppid_pelaksana_nama": f"Sekretaris Kecamatan {kec.nama}",
                "ppid_pelaksana_kontak": f"kec.{slug}@{EMAIL_DOMAIN}",
            }
        )
    return out


# --------------------------------------------------------------------------
# Topic groups
# --------------------------------------------------------------------------

_GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        "kependudukan",
        "Kependudukan",
        "Jumlah, sebaran dan struktur penduduk, pencatatan sipil dan dokumen kependudukan.",
    ),
    (
        "pendidikan",
        "Pendidikan dan Kebudayaan",
        "Satuan pendidikan, peserta didik, pendidik dan angka partisipasi sekolah.",
    ),
    (
        "kesehatan",
        "Kesehatan",
        "Fasilitas dan tenaga kesehatan, kesehatan ibu dan anak, serta layanan rumah sakit daerah.",
    ),
    (
        "infrastruktur",
        "Infrastruktur dan Perhubungan",
        "Jalan dan jembatan kabupaten, perumahan dan permukiman, serta perhubungan.",
    ),
    (
        "ekonomi",
        "Ekonomi dan Keuangan Daerah",
        "Pertumbuhan ekonomi, UMKM dan batik, koperasi, investasi dan pendapatan daerah.",
    ),
    (
        "pertanian-perikanan",
        "Pertanian, Pangan dan Perikanan",
        "Produksi padi dan pangan, perikanan tangkap dan budidaya.",
    ),
    ("pariwisata", "Pariwisata dan Olahraga", "Daya tarik wisata dan kunjungan wisatawan."),
    (
        "sosial",
        "Sosial dan Kesejahteraan",
        "Kemiskinan, pembangunan manusia, bantuan sosial dan keluarga berencana.",
    ),
    ("ketenagakerjaan", "Ketenagakerjaan", "Angkatan kerja, pengangguran dan pencari kerja."),
    (
        "pemerintahan",
        "Pemerintahan dan Pelayanan Publik",
        "Aparatur, produk hukum, pengawasan, pelayanan publik dan keterbukaan informasi.",
    ),
    (
        "lingkungan",
        "Lingkungan Hidup dan Kebencanaan",
        "Pengelolaan sampah, kejadian bencana, ketenteraman dan ketertiban umum.",
    ),
)


def groups() -> list[dict[str, str]]:
    """Topic groups shown on the home page and used to browse the catalogue."""
    return [{"name": n, "title": t, "description": d} for n, t, d in _GROUPS]


# --------------------------------------------------------------------------
# Shared facts (so that related datasets agree with each other)
# --------------------------------------------------------------------------


class _Profile(NamedTuple):
    population_thousands: float  # relative population weight
    area_km2: float  # relative area weight
    zone: str  # pegunungan | tengah | dataran | perkotaan | pesisir


_PROFILES: dict[str, _Profile] = {
    "Kandangserang": _Profile(34, 60.34, "pegunungan"),
    "Paninggaran": _Profile(38, 70.88, "pegunungan"),
    "Lebakbarang": _Profile(12, 60.11, "pegunungan"),
    "Petungkriyono": _Profile(14, 73.59, "pegunungan"),
    "Talun": _Profile(31, 58.37, "pegunungan"),
    "Doro": _Profile(45, 68.57, "pegunungan"),
    "Karanganyar": _Profile(41, 62.60, "tengah"),
    "Kajen": _Profile(75, 75.15, "tengah"),
    "Kesesi": _Profile(75, 67.42, "tengah"),
    "Sragi": _Profile(70, 32.60, "dataran"),
    "Bojong": _Profile(71, 40.03, "dataran"),
    "Wonopringgo": _Profile(48, 24.09, "dataran"),
    "Kedungwuni": _Profile(111, 22.20, "perkotaan"),
    "Buaran": _Profile(54, 9.97, "perkotaan"),
    "Tirto": _Profile(82, 17.35, "pesisir"),
    "Wiradesa": _Profile(70, 12.69, "perkotaan"),
    "Siwalan": _Profile(50, 24.49, "pesisir"),
    "Karangdadap": _Profile(46, 27.76, "dataran"),
    "Wonokerto": _Profile(50, 15.92, "pesisir"),
}

# Desa and kelurahan per kecamatan (285 in all: 272 desa, 13 kelurahan).
_DESA_KELURAHAN: dict[str, tuple[int, int]] = {
    "Kandangserang": (14, 0),
    "Paninggaran": (15, 0),
    "Lebakbarang": (11, 0),
    "Petungkriyono": (9, 0),
    "Talun": (10, 0),
    "Doro": (14, 0),
    "Karanganyar": (15, 0),
    "Kajen": (22, 3),
    "Kesesi": (23, 0),
    "Sragi": (17, 0),
    "Bojong": (22, 0),
    "Wonopringgo": (14, 0),
    "Kedungwuni": (15, 4),
    "Buaran": (10, 0),
    "Tirto": (16, 0),
    "Wiradesa": (10, 6),
    "Siwalan": (13, 0),
    "Karangdadap": (11, 0),
    "Wonokerto": (11, 0),
}

REGENCY_AREA_KM2 = 836.13
POPULATION_2020 = 968_821  # Sensus Penduduk 2020
POPULATION_GROWTH = 1.0086  # yearly, after 2020


def _seed(text: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    wsum = float(sum(weights))
    raw = [total * w / wsum for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _noisy(rng: random.Random, weights: Sequence[float], spread: float) -> list[float]:
    return [w * rng.uniform(1 - spread, 1 + spread) for w in weights]


def _fmt(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def _pct(part: float, whole: float, digits: int = 2) -> str:
    return _fmt(100.0 * part / whole if whole else 0.0, digits)


class _Facts(NamedTuple):
    kec: tuple[tuple[str, str], ...]  # (kode_wilayah, nama)
    population_by_year: dict[int, int]
    male: list[int]  # LATEST, per kecamatan
    female: list[int]
    area: list[float]
    sd: list[int]
    smp: list[int]
    sma: list[int]
    smk: list[int]
    puskesmas: list[int]
    pustu: list[int]
    posyandu: list[int]
    road_km_by_year: dict[
        int, tuple[float, float, float, float]
    ]  # baik, sedang, rusak ringan, rusak berat


@functools.cache
def _facts() -> _Facts:
    rng = _seed("facts")
    kec = tuple((k.kode_wilayah, k.nama) for k in kecamatan())
    names = [n for _, n in kec]
    prof = [_PROFILES[n] for n in names]

    population_by_year = {
        y: round(POPULATION_2020 * POPULATION_GROWTH ** (y - 2020)) for y in YEARS
    }
    population_by_year[2019] = 961_342
    total = population_by_year[LATEST]
    pop = _allocate(total, _noisy(rng, [p.population_thousands for p in prof], 0.03))
    male = [round(p * rng.uniform(0.497, 0.508)) for p in pop]
    female = [p - m for p, m in zip(pop, male, strict=False)]

    area_raw = [p.area_km2 for p in prof]
    area_hundredths = _allocate(round(REGENCY_AREA_KM2 * 100), area_raw)
    area = [a / 100 for a in area_hundredths]

    desa = [sum(_DESA_KELURAHAN[n]) for n in names]
    sd = _allocate(
        562, _noisy(rng, [p / 1000 + 1.2 * d for p, d in zip(pop, desa, strict=False)], 0.08)
    )
    sd = [s if s else 1 for s in sd]
    smp = [max(2, v) for v in _allocate(96, _noisy(rng, [p**0.9 for p in pop], 0.1))]
    sma_weights = [
        0.0 if pr.zone == "pegunungan" and pr.population_thousands < 20 else p
        for p, pr in zip(pop, prof, strict=False)
    ]
    sma = _allocate(19, _noisy(rng, sma_weights, 0.2))
    smk = _allocate(34, _noisy(rng, sma_weights, 0.25))

    puskesmas = [
        2 if p > 60_000 and n not in ("Sragi", "Karangdadap") else 1
        for p, n in zip(pop, names, strict=False)
    ]
    pustu = _allocate(58, _noisy(rng, desa, 0.15))
    posyandu = _allocate(1_318, _noisy(rng, pop, 0.05))

    road_km_by_year: dict[int, tuple[float, float, float, float]] = {}
    length = 652.40
    for i, y in enumerate(YEARS):
        length = round(length + (rng.uniform(0.5, 3.0) if i else 0.0), 2)
        baik_share = 0.58 + 0.026 * i + rng.uniform(-0.008, 0.008)
        sedang_share = 0.22 - 0.008 * i + rng.uniform(-0.005, 0.005)
        rr_share = (1 - baik_share - sedang_share) * 0.62
        baik = round(length * baik_share, 2)
        sedang = round(length * sedang_share, 2)
        rusak_ringan = round(length * rr_share, 2)
        rusak_berat = round(length - baik - sedang - rusak_ringan, 2)
        road_km_by_year[y] = (baik, sedang, rusak_ringan, rusak_berat)

    return _Facts(
        kec,
        population_by_year,
        male,
        female,
        area,
        sd,
        smp,
        sma,
        smk,
        puskesmas,
        pustu,
        posyandu,
        road_km_by_year,
    )


# --------------------------------------------------------------------------
# CSV helpers
# --------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def _per_kecamatan(
    header_tail: Sequence[str], row_fn: Callable[[int, str, str], Sequence[Any]]
) -> str:
    """Rows of ``kode_wilayah, kecamatan, ...`` for the 19 kecamatan."""
    rows = [[kode, nama, *row_fn(i, kode, nama)] for i, (kode, nama) in enumerate(_facts().kec)]
    return _csv(["kode_wilayah", "kecamatan", *header_tail], rows)


def _series(
    header_tail: Sequence[str],
    row_fn: Callable[[int, int], Sequence[Any]],
    years: Sequence[int] = YEARS,
) -> str:
    """Rows of ``tahun, ...`` for each year."""
    return _csv(["tahun", *header_tail], [[y, *row_fn(i, y)] for i, y in enumerate(years)])


# --------------------------------------------------------------------------
# Dataset CSV generators: one function per dataset, named after its slug
# --------------------------------------------------------------------------


def _csv_penduduk_kecamatan(rng: random.Random) -> str:
    f = _facts()
    return _per_kecamatan(
        ["laki_laki", "perempuan", "jumlah"],
        lambda i, k, n: [f.male[i], f.female[i], f.male[i] + f.female[i]],
    )


def _csv_penduduk_series(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, y: int) -> list[Any]:
        total = f.population_by_year[y]
        if y == LATEST:
            male = sum(f.male)
        else:
            male = round(total * rng.uniform(0.501, 0.504))
        return [male, total - male, total]

    return _series(["laki_laki", "perempuan", "jumlah"], row)


def _csv_kepadatan(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        pop = f.male[i] + f.female[i]
        return [_fmt(f.area[i], 2), pop, round(pop / f.area[i])]

    return _per_kecamatan(["luas_km2", "jumlah_penduduk", "kepadatan_jiwa_per_km2"], row)


_AGE_GROUPS = (
    "0-4",
    "5-9",
    "10-14",
    "15-19",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75+",
)
_AGE_SHARES = (7.6, 8.0, 8.2, 8.1, 7.9, 7.6, 7.3, 7.2, 7.0, 6.6, 6.0, 5.2, 4.3, 3.3, 2.2, 2.5)


def _csv_kelompok_umur(rng: random.Random) -> str:
    f = _facts()
    # sex ratio about 105 at birth, falling to about 80 among the oldest
    ratios = [(1.05 - 0.017 * i) * rng.uniform(0.99, 1.01) for i in range(len(_AGE_SHARES))]
    male_w = [s * r / (1 + r) for s, r in zip(_AGE_SHARES, ratios, strict=False)]
    female_w = [s / (1 + r) for s, r in zip(_AGE_SHARES, ratios, strict=False)]
    male = _allocate(sum(f.male), male_w)
    female = _allocate(sum(f.female), female_w)
    rows = [[g, m, w, m + w] for g, m, w in zip(_AGE_GROUPS, male, female, strict=False)]
    return _csv(["kelompok_umur", "laki_laki", "perempuan", "jumlah"], rows)


def _csv_kelahiran_kematian(rng: random.Random) -> str:
    f = _facts()
    deaths_factor = {2019: 6.4, 2020: 6.9, 2021: 9.3, 2022: 6.7, 2023: 6.5, 2024: 6.4}

    def row(i: int, y: int) -> list[Any]:
        pop = f.population_by_year[y]
        births = round(pop * rng.uniform(15.2, 16.4) / 1000 * (1 - 0.01 * i))
        deaths = round(pop * deaths_factor[y] / 1000 * rng.uniform(0.97, 1.03))
        return [births, deaths]

    return _series(["kelahiran", "kematian"], row)


def _csv_ktp_el(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        wajib = round((f.male[i] + f.female[i]) * rng.uniform(0.735, 0.752))
        rekam = round(wajib * rng.uniform(0.972, 0.995))
        return [wajib, rekam, wajib - rekam, _pct(rekam, wajib)]

    return _per_kecamatan(["wajib_ktp", "sudah_rekam", "belum_rekam", "persentase_rekam"], row)


def _csv_akta_kelahiran(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        anak = round((f.male[i] + f.female[i]) * rng.uniform(0.275, 0.29))
        akta = round(anak * rng.uniform(0.93, 0.985))
        return [anak, akta, _pct(akta, anak)]

    return _per_kecamatan(["jumlah_anak", "memiliki_akta", "persentase_memiliki_akta"], row)


def _csv_kemiskinan(rng: random.Random) -> str:
    f = _facts()
    rate = {2019: 9.71, 2020: 10.19, 2021: 10.48, 2022: 9.67, 2023: 9.51, 2024: 9.12}
    line = 371_220.0

    def row(i: int, y: int) -> list[Any]:
        nonlocal line
        if i:
            line *= rng.uniform(1.035, 1.065)
        poor = round(f.population_by_year[y] * rate[y] / 100 / 10) * 10
        return [poor, _fmt(rate[y], 2), round(line)]

    return _series(
        [
            "jumlah_penduduk_miskin",
            "persentase_penduduk_miskin",
            "garis_kemiskinan_rupiah_per_kapita_per_bulan",
        ],
        row,
    )


def _csv_ipm(rng: random.Random) -> str:
    uhh = [74.07, 74.17, 74.26, 74.49, 74.72, 74.95]
    hls = [12.41, 12.42, 12.43, 12.44, 12.52, 12.61]
    rls = [6.84, 6.95, 7.06, 7.15, 7.24, 7.38]
    ppk = [10_013, 9_870, 9_984, 10_320, 10_655, 10_980]
    ipm = [69.71, 69.63, 69.98, 70.67, 71.37, 72.09]
    return _series(
        [
            "umur_harapan_hidup",
            "harapan_lama_sekolah",
            "rata_rata_lama_sekolah",
            "pengeluaran_per_kapita_ribu_rupiah",
            "ipm",
        ],
        lambda i, y: [_fmt(uhh[i], 2), _fmt(hls[i], 2), _fmt(rls[i], 2), ppk[i], _fmt(ipm[i], 2)],
    )


def _csv_pdrb(rng: random.Random) -> str:
    growth = [5.34, -1.87, 3.42, 5.08, 4.93, 5.02]
    adhk = 17_215.0
    adhb = 22_480.0

    def row(i: int, y: int) -> list[Any]:
        nonlocal adhk, adhb
        if i:
            adhk *= 1 + growth[i] / 100
            adhb *= 1 + growth[i] / 100 + rng.uniform(0.025, 0.045)
        return [_fmt(adhb, 2), _fmt(adhk, 2), _fmt(growth[i], 2)]

    return _series(
        ["pdrb_adhb_miliar_rupiah", "pdrb_adhk_miliar_rupiah", "laju_pertumbuhan_persen"], row
    )


def _csv_sekolah_dasar(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        swasta = min(f.sd[i] - 1, round(f.sd[i] * rng.uniform(0.0, 0.16)))
        return [f.sd[i] - swasta, swasta, f.sd[i]]

    return _per_kecamatan(["sd_negeri", "sd_swasta", "jumlah"], row)


def _csv_sekolah_jenjang(rng: random.Random) -> str:
    f = _facts()
    return _per_kecamatan(
        ["sd", "smp", "sma", "smk", "jumlah"],
        lambda i, k, n: [
            f.sd[i],
            f.smp[i],
            f.sma[i],
            f.smk[i],
            f.sd[i] + f.smp[i] + f.sma[i] + f.smk[i],
        ],
    )


def _csv_peserta_didik(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        pop = f.male[i] + f.female[i]
        sd = round(pop * rng.uniform(0.088, 0.097))
        smp = round(pop * rng.uniform(0.040, 0.046))
        sma = round(pop * rng.uniform(0.011, 0.016)) if f.sma[i] else 0
        smk = round(pop * rng.uniform(0.019, 0.026)) if f.smk[i] else 0
        return [sd, smp, sma, smk, sd + smp + sma + smk]

    return _per_kecamatan(["sd", "smp", "sma", "smk", "jumlah"], row)


def _csv_guru(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        guru_sd = round(f.sd[i] * rng.uniform(8.6, 10.2))
        guru_smp = round(f.smp[i] * rng.uniform(24, 31))
        return [guru_sd, guru_smp, guru_sd + guru_smp]

    return _per_kecamatan(["guru_sd", "guru_smp", "jumlah"], row)


def _csv_apk(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        return [
            _fmt(106.4 - 0.35 * i + rng.uniform(-0.2, 0.2), 2),
            _fmt(91.8 + 0.6 * i + rng.uniform(-0.3, 0.3), 2),
            _fmt(71.2 + 1.1 * i + rng.uniform(-0.4, 0.4), 2),
        ]

    return _series(["apk_sd", "apk_smp", "apk_sma"], row)


def _csv_apm(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        return [
            _fmt(97.1 + 0.15 * i + rng.uniform(-0.1, 0.1), 2),
            _fmt(78.3 + 0.75 * i + rng.uniform(-0.2, 0.2), 2),
            _fmt(56.4 + 1.05 * i + rng.uniform(-0.3, 0.3), 2),
        ]

    return _series(["apm_sd", "apm_smp", "apm_sma"], row)


def _csv_puskesmas_posyandu(rng: random.Random) -> str:
    f = _facts()
    return _per_kecamatan(
        ["puskesmas", "puskesmas_pembantu", "posyandu"],
        lambda i, k, n: [f.puskesmas[i], f.pustu[i], f.posyandu[i]],
    )


def _csv_fasilitas_kesehatan(rng: random.Random) -> str:
    f = _facts()
    puskesmas_last, pustu_last, posyandu_last = sum(f.puskesmas), sum(f.pustu), sum(f.posyandu)

    def row(i: int, y: int) -> list[Any]:
        back = len(YEARS) - 1 - i
        rs = 6 if y < 2022 else 7
        puskesmas = puskesmas_last - (1 if y < 2021 else 0)
        pustu = pustu_last - (back + 1) // 2
        klinik = 21 + 3 * i + rng.randint(0, 2)
        posyandu = posyandu_last - back * rng.randint(2, 6)
        return [rs, puskesmas, pustu, klinik, posyandu, rs + puskesmas + pustu + klinik]

    return _series(
        [
            "rumah_sakit",
            "puskesmas",
            "puskesmas_pembantu",
            "klinik_pratama",
            "posyandu",
            "jumlah_fasilitas",
        ],
        row,
    )


def _csv_tenaga_kesehatan(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        pk = f.puskesmas[i]
        dokter = pk * rng.randint(2, 4)
        gigi = pk * rng.randint(0, 1) + (1 if pk > 1 else 0)
        bidan = round(_DESA_KELURAHAN[n][0] * rng.uniform(1.1, 1.5)) + 4 * pk
        perawat = pk * rng.randint(9, 16)
        farmasi = pk * rng.randint(1, 3)
        return [dokter, gigi, bidan, perawat, farmasi, dokter + gigi + bidan + perawat + farmasi]

    return _per_kecamatan(
        ["dokter_umum", "dokter_gigi", "bidan", "perawat", "tenaga_kefarmasian", "jumlah"], row
    )


def _csv_akb(rng: random.Random) -> str:
    f = _facts()
    akb = [9.8, 10.4, 11.1, 9.6, 8.9, 8.4]

    def row(i: int, y: int) -> list[Any]:
        lahir = round(f.population_by_year[y] * rng.uniform(14.9, 15.8) / 1000 * (1 - 0.01 * i))
        mati = round(lahir * akb[i] / 1000)
        return [lahir, mati, _fmt(1000 * mati / lahir, 2)]

    return _series(["kelahiran_hidup", "kematian_bayi", "akb_per_1000_kelahiran_hidup"], row)


def _csv_imunisasi(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        sasaran = round((f.male[i] + f.female[i]) * rng.uniform(0.0148, 0.0158))
        idl = round(sasaran * rng.uniform(0.89, 0.995))
        return [sasaran, idl, _pct(idl, sasaran)]

    return _per_kecamatan(["sasaran_bayi", "bayi_imunisasi_dasar_lengkap", "persentase_idl"], row)


def _csv_stunting(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        zone = _PROFILES[n].zone
        diukur = round((f.male[i] + f.female[i]) * rng.uniform(0.060, 0.068))
        base = 0.17 if zone == "pegunungan" else 0.12
        stunting = round(diukur * (base + rng.uniform(-0.03, 0.03)))
        return [diukur, stunting, _pct(stunting, diukur)]

    return _per_kecamatan(["balita_diukur", "balita_stunting", "prevalensi_stunting_persen"], row)


def _csv_rsud(base_outpatient: int, base_inpatient: int) -> Callable[[random.Random], str]:
    covid = {2019: 1.0, 2020: 0.78, 2021: 0.83, 2022: 0.97, 2023: 1.06, 2024: 1.12}

    def gen(rng: random.Random) -> str:
        def row(i: int, y: int) -> list[Any]:
            rj = round(base_outpatient * covid[y] * rng.uniform(0.97, 1.03))
            ri = round(base_inpatient * covid[y] * rng.uniform(0.97, 1.03))
            igd = round(ri * rng.uniform(0.9, 1.2))
            bor = min(92.0, 71.0 * covid[y] * rng.uniform(0.95, 1.05))
            return [rj, ri, igd, _fmt(bor, 2)]

        return _series(
            [
                "kunjungan_rawat_jalan",
                "pasien_rawat_inap",
                "kunjungan_igd",
                "bed_occupancy_rate_persen",
            ],
            row,
        )

    return gen


def _csv_jalan_series(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, y: int) -> list[Any]:
        baik, sedang, rr, rb = f.road_km_by_year[y]
        total = round(baik + sedang + rr + rb, 2)
        return [
            _fmt(baik, 2),
            _fmt(sedang, 2),
            _fmt(rr, 2),
            _fmt(rb, 2),
            _fmt(total, 2),
            _pct(baik, total),
        ]

    return _series(
        [
            "baik_km",
            "sedang_km",
            "rusak_ringan_km",
            "rusak_berat_km",
            "jumlah_km",
            "persentase_kondisi_baik",
        ],
        row,
    )


def _csv_jalan_kecamatan(rng: random.Random) -> str:
    f = _facts()
    conditions = f.road_km_by_year[LATEST]
    weights = [a**0.5 * (f.male[i] + f.female[i]) ** 0.5 for i, a in enumerate(f.area)]
    columns: list[list[int]] = []
    for c, km in enumerate(conditions):
        # poorer roads sit more in the hills
        w = [
            wt * (1.6 if c >= 2 and _PROFILES[n].zone == "pegunungan" else 1.0)
            for wt, (_, n) in zip(weights, f.kec, strict=False)
        ]
        columns.append(_allocate(round(km * 100), _noisy(rng, w, 0.25)))

    def row(i: int, k: str, n: str) -> list[Any]:
        parts = [columns[c][i] for c in range(4)]
        return [*(_fmt(p / 100, 2) for p in parts), _fmt(sum(parts) / 100, 2)]

    return _per_kecamatan(
        ["baik_km", "sedang_km", "rusak_ringan_km", "rusak_berat_km", "jumlah_km"], row
    )


def _csv_jembatan(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        total = max(3, round(f.area[i] * rng.uniform(0.35, 0.6)))
        rusak = round(total * rng.uniform(0.05, 0.2))
        sedang = round(total * rng.uniform(0.1, 0.25))
        return [total - rusak - sedang, sedang, rusak, total]

    return _per_kecamatan(["jembatan_baik", "jembatan_sedang", "jembatan_rusak", "jumlah"], row)


def _csv_rtlh(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        zone = _PROFILES[n].zone
        households = (f.male[i] + f.female[i]) / 3.4
        share = {"pegunungan": 0.085, "tengah": 0.05, "pesisir": 0.045}.get(zone, 0.035)
        rtlh = round(households * share * rng.uniform(0.85, 1.15))
        ditangani = round(rtlh * rng.uniform(0.05, 0.11))
        return [rtlh, ditangani, rtlh - ditangani]

    return _per_kecamatan(
        [f"rtlh_awal_{LATEST}", f"rtlh_ditangani_{LATEST}", f"sisa_rtlh_akhir_{LATEST}"], row
    )


def _csv_daya_tarik_wisata(rng: random.Random) -> str:
    def row(i: int, k: str, n: str) -> list[Any]:
        zone = _PROFILES[n].zone
        alam = {
            "pegunungan": rng.randint(5, 14),
            "tengah": rng.randint(2, 5),
            "pesisir": rng.randint(1, 3),
        }.get(zone, rng.randint(0, 1))
        if n == "Petungkriyono":  # forest, waterfalls and the Welo river
            alam += 9
        budaya = rng.randint(1, 4) + (
            2 if n in ("Wiradesa", "Buaran", "Kedungwuni", "Tirto") else 0
        )
        buatan = rng.randint(0, 3)
        return [alam, budaya, buatan, alam + budaya + buatan]

    return _per_kecamatan(["wisata_alam", "wisata_budaya", "wisata_buatan", "jumlah"], row)


def _csv_kunjungan_wisatawan(rng: random.Random) -> str:
    factor = {2019: 1.0, 2020: 0.41, 2021: 0.52, 2022: 0.88, 2023: 1.07, 2024: 1.16}

    def row(i: int, y: int) -> list[Any]:
        nus = round(812_000 * factor[y] * rng.uniform(0.97, 1.03))
        man = round(1_450 * factor[y] ** 1.6 * rng.uniform(0.9, 1.1))
        return [nus, man, nus + man]

    return _series(["wisatawan_nusantara", "wisatawan_mancanegara", "jumlah"], row)


def _rice(rng_name: str) -> tuple[list[float], list[float]]:
    """Harvested area (ha) and productivity (kuintal/ha) per kecamatan for LATEST."""
    rng = _seed(rng_name)
    f = _facts()
    area, prod = [], []
    for i, (_, n) in enumerate(f.kec):
        zone = _PROFILES[n].zone
        share = {"dataran": 0.62, "tengah": 0.42, "pesisir": 0.38, "perkotaan": 0.30}.get(
            zone, 0.16
        )
        area.append(round(f.area[i] * 100 * share * 1.45 * rng.uniform(0.85, 1.15)))
        prod.append(
            round(rng.uniform(52.0, 61.5) if zone != "pegunungan" else rng.uniform(44.0, 51.0), 2)
        )
    return area, prod


def _csv_padi_kecamatan(rng: random.Random) -> str:
    area, prod = _rice("padi")
    return _per_kecamatan(
        ["luas_panen_ha", "produksi_ton", "produktivitas_kuintal_per_ha"],
        lambda i, k, n: [area[i], round(area[i] * prod[i] / 10), _fmt(prod[i], 2)],
    )


def _csv_padi_series(rng: random.Random) -> str:
    area, prod = _rice("padi")
    area_last = sum(area)
    ton_last = sum(round(a * p / 10) for a, p in zip(area, prod, strict=False))

    def row(i: int, y: int) -> list[Any]:
        if y == LATEST:
            a, t = area_last, ton_last
        else:
            a = round(area_last * (1 + 0.012 * (len(YEARS) - 1 - i)) * rng.uniform(0.96, 1.03))
            t = round(a * rng.uniform(5.25, 5.75))
        return [a, t, _fmt(10 * t / a, 2)]

    return _series(["luas_panen_ha", "produksi_ton", "produktivitas_kuintal_per_ha"], row)


def _csv_perikanan_series(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        tangkap = round(2_380 * (1 + 0.02 * i) * rng.uniform(0.9, 1.1), 1)
        budidaya = round(9_640 * (1 + 0.045 * i) * rng.uniform(0.95, 1.05), 1)
        return [_fmt(tangkap, 1), _fmt(budidaya, 1), _fmt(tangkap + budidaya, 1)]

    return _series(["perikanan_tangkap_ton", "perikanan_budidaya_ton", "jumlah_ton"], row)


def _csv_budidaya_kecamatan(rng: random.Random) -> str:
    def row(i: int, k: str, n: str) -> list[Any]:
        zone = _PROFILES[n].zone
        kolam = round(rng.uniform(40, 420) * (0.4 if zone == "pegunungan" else 1.0), 1)
        tambak = round(rng.uniform(900, 2_400), 1) if zone == "pesisir" else 0.0
        return [_fmt(kolam, 1), _fmt(tambak, 1), _fmt(kolam + tambak, 1)]

    return _per_kecamatan(["kolam_ton", "tambak_ton", "jumlah_ton"], row)


_BATIK_CENTRES = {
    "Wiradesa": 3.2,
    "Buaran": 3.0,
    "Tirto": 2.6,
    "Kedungwuni": 2.4,
    "Wonopringgo": 1.6,
    "Bojong": 1.1,
    "Karangdadap": 1.0,
    "Siwalan": 0.9,
}


def _csv_ukm_batik(rng: random.Random) -> str:
    def row(i: int, k: str, n: str) -> list[Any]:
        w = _BATIK_CENTRES.get(n, 0.08 if _PROFILES[n].zone != "pegunungan" else 0.02)
        unit = round(210 * w * rng.uniform(0.85, 1.15))
        tenaga = round(unit * rng.uniform(4.5, 8.5))
        nilai = round(unit * rng.uniform(210, 390))
        return [unit, tenaga, nilai]

    return _per_kecamatan(["unit_usaha", "tenaga_kerja", "nilai_produksi_juta_rupiah"], row)


def _csv_koperasi(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        terdaftar = 512 + 6 * i + rng.randint(0, 3)
        aktif = round(terdaftar * (0.61 + 0.025 * i))
        anggota = round(aktif * rng.uniform(215, 245))
        return [terdaftar, aktif, anggota]

    return _series(["koperasi_terdaftar", "koperasi_aktif", "jumlah_anggota"], row)


def _csv_pad(rng: random.Random) -> str:
    covid = {2019: 1.0, 2020: 0.94, 2021: 1.05, 2022: 1.10, 2023: 1.19, 2024: 1.27}

    def row(i: int, y: int) -> list[Any]:
        pajak = round(96_500 * covid[y] * rng.uniform(0.98, 1.02), 2)
        retribusi = round(18_300 * covid[y] * rng.uniform(0.95, 1.05), 2)
        kekayaan = round(7_900 * (1 + 0.03 * i) * rng.uniform(0.97, 1.03), 2)
        lain = round(195_000 * (1 + 0.04 * i) * rng.uniform(0.97, 1.03), 2)
        total = round(pajak + retribusi + kekayaan + lain, 2)
        return [
            _fmt(pajak, 2),
            _fmt(retribusi, 2),
            _fmt(kekayaan, 2),
            _fmt(lain, 2),
            _fmt(total, 2),
        ]

    return _series(
        [
            "pajak_daerah",
            "retribusi_daerah",
            "hasil_pengelolaan_kekayaan_daerah",
            "lain_lain_pad_yang_sah",
            "jumlah_pad",
        ],
        row,
    )


def _csv_tpt(rng: random.Random) -> str:
    f = _facts()
    tpt = [4.47, 6.52, 5.90, 4.77, 4.31, 4.12]

    def row(i: int, y: int) -> list[Any]:
        ak = round(f.population_by_year[y] * rng.uniform(0.535, 0.548))
        pengangguran = round(ak * tpt[i] / 100)
        return [ak, ak - pengangguran, pengangguran, _fmt(100 * pengangguran / ak, 2)]

    return _series(["angkatan_kerja", "bekerja", "pengangguran_terbuka", "tpt_persen"], row)


def _csv_pencari_kerja(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        base = {2019: 1.0, 2020: 1.35, 2021: 1.22, 2022: 1.05, 2023: 0.97, 2024: 0.93}[y]
        laki = round(3_900 * base * rng.uniform(0.95, 1.05))
        perempuan = round(3_350 * base * rng.uniform(0.95, 1.05))
        ditempatkan = round((laki + perempuan) * rng.uniform(0.38, 0.55))
        return [laki, perempuan, laki + perempuan, ditempatkan]

    return _series(
        [
            "pencari_kerja_laki_laki",
            "pencari_kerja_perempuan",
            "jumlah_pencari_kerja",
            "ditempatkan",
        ],
        row,
    )


def _csv_perizinan(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        nib = round((1_150 if y < 2021 else 4_800 + 900 * (i - 2)) * rng.uniform(0.93, 1.07))
        izin = round(2_100 * (0.75 if y >= 2021 else 1.0) * rng.uniform(0.93, 1.07))
        investasi = round(1_050 * (1 + 0.09 * i) * rng.uniform(0.9, 1.1), 2)
        return [nib, izin, _fmt(investasi, 2)]

    return _series(
        ["nib_diterbitkan", "izin_dan_nonizin_lainnya", "realisasi_investasi_miliar_rupiah"], row
    )


def _csv_bansos(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        families = (f.male[i] + f.female[i]) / 3.4
        poor = 1.35 if _PROFILES[n].zone == "pegunungan" else 1.0
        pkh = round(families * 0.135 * poor * rng.uniform(0.9, 1.1))
        sembako = round(families * 0.235 * poor * rng.uniform(0.9, 1.1))
        return [pkh, sembako]

    return _per_kecamatan(["kpm_pkh", "kpm_sembako"], row)


def _csv_desa_kelurahan(rng: random.Random) -> str:
    return _per_kecamatan(
        ["desa", "kelurahan", "jumlah"],
        lambda i, k, n: [_DESA_KELURAHAN[n][0], _DESA_KELURAHAN[n][1], sum(_DESA_KELURAHAN[n])],
    )


def _csv_ppid(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        total = round((42 + 16 * i) * rng.uniform(0.9, 1.1))
        sebagian = round(total * rng.uniform(0.06, 0.12))
        ditolak = round(total * rng.uniform(0.02, 0.06))
        tidak_dikuasai = round(total * rng.uniform(0.04, 0.09))
        seluruhnya = total - sebagian - ditolak - tidak_dikuasai
        keberatan = rng.randint(0, 3)
        sengketa = min(keberatan, rng.randint(0, 1))
        rata = round(rng.uniform(4.2, 7.8), 1)
        return [
            total,
            seluruhnya,
            sebagian,
            ditolak,
            tidak_dikuasai,
            keberatan,
            sengketa,
            _fmt(rata, 1),
        ]

    return _series(
        [
            "permohonan",
            "dikabulkan_seluruhnya",
            "dikabulkan_sebagian",
            "ditolak",
            "tidak_dikuasai",
            "keberatan",
            "sengketa",
            "rata_rata_hari_kerja_layanan",
        ],
        row,
    )


def _csv_akses_internet(rng: random.Random) -> str:
    def row(i: int, k: str, n: str) -> list[Any]:
        desa, kel = _DESA_KELURAHAN[n]
        titik = desa + kel + rng.randint(1, 4)
        blank = rng.randint(2, 6) if _PROFILES[n].zone == "pegunungan" else rng.randint(0, 1)
        return [titik, blank]

    return _per_kecamatan(["titik_wifi_publik", "desa_area_blank_spot"], row)


def _csv_uji_kendaraan(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        pertama = round(640 * (1 + 0.05 * i) * rng.uniform(0.9, 1.1))
        berkala = round(
            9_800 * (0.9 if y in (2020, 2021) else 1.0) * (1 + 0.03 * i) * rng.uniform(0.95, 1.05)
        )
        return [pertama, berkala, pertama + berkala]

    return _series(["uji_pertama", "uji_berkala", "jumlah"], row)


def _csv_sampah(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, y: int) -> list[Any]:
        timbulan = round(f.population_by_year[y] * 0.55 * 365 / 1000 * rng.uniform(0.98, 1.02), 2)
        terkelola = round(timbulan * (0.56 + 0.035 * i) * rng.uniform(0.98, 1.02), 2)
        return [_fmt(timbulan, 2), _fmt(terkelola, 2), _pct(terkelola, timbulan)]

    return _series(["timbulan_sampah_ton", "sampah_terkelola_ton", "persentase_terkelola"], row)


def _csv_bencana(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        banjir = rng.randint(6, 18)
        rob = rng.randint(4, 12)
        longsor = rng.randint(10, 34)
        angin = rng.randint(8, 25)
        kebakaran = rng.randint(14, 40)
        return [banjir, rob, longsor, angin, kebakaran, banjir + rob + longsor + angin + kebakaran]

    return _series(
        ["banjir", "banjir_rob", "tanah_longsor", "angin_kencang", "kebakaran", "jumlah"], row
    )


def _csv_penegakan_perda(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        pkl = rng.randint(120, 260)
        reklame = rng.randint(300, 900)
        lain = rng.randint(25, 80)
        return [pkl, reklame, lain, pkl + reklame + lain]

    return _series(
        ["penertiban_pkl", "penertiban_reklame", "pelanggaran_perda_lainnya", "jumlah"], row
    )


def _csv_pns(rng: random.Random) -> str:
    shares = {"I": 0.012, "II": 0.152, "III": 0.523, "IV": 0.313}
    total = 7_436
    counts = _allocate(total, list(shares.values()))
    rows = []
    for (gol, _), n in zip(shares.items(), counts, strict=False):
        male_share = {"I": 0.82, "II": 0.58, "III": 0.41, "IV": 0.37}[gol] * rng.uniform(0.96, 1.04)
        laki = round(n * male_share)
        rows.append([gol, laki, n - laki, n])
    return _csv(["golongan", "laki_laki", "perempuan", "jumlah"], rows)


def _csv_temuan(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        obyek = rng.randint(70, 110)
        temuan = round(obyek * rng.uniform(1.3, 2.1))
        rekomendasi = round(temuan * rng.uniform(1.2, 1.6))
        selesai = min(99.0, 78 + 3 * i + rng.uniform(-2, 2))
        return [obyek, temuan, rekomendasi, _fmt(selesai, 2)]

    return _series(
        ["obyek_pemeriksaan", "temuan", "rekomendasi", "tindak_lanjut_selesai_persen"], row
    )


def _csv_ikm(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        unit = 38 + 4 * i + rng.randint(0, 3)
        nilai = 80.6 + 0.9 * i + rng.uniform(-0.4, 0.4)
        return [unit, _fmt(nilai, 2)]

    return _series(["unit_layanan_disurvei", "nilai_ikm"], row)


def _csv_perda(rng: random.Random) -> str:
    def row(i: int, y: int) -> list[Any]:
        perda = rng.randint(7, 16)
        perbup = rng.randint(70, 130)
        kepbup = rng.randint(380, 620)
        return [perda, perbup, kepbup]

    return _series(["peraturan_daerah", "peraturan_bupati", "keputusan_bupati"], row)


def _csv_kb(rng: random.Random) -> str:
    f = _facts()

    def row(i: int, k: str, n: str) -> list[Any]:
        pus = round((f.male[i] + f.female[i]) * rng.uniform(0.165, 0.18))
        aktif = round(pus * rng.uniform(0.70, 0.79))
        return [pus, aktif, _pct(aktif, pus)]

    return _per_kecamatan(["pasangan_usia_subur", "peserta_kb_aktif", "persentase_kb_aktif"], row)


def _csv_layanan_kecamatan(scale: float) -> Callable[[random.Random], str]:
    def gen(rng: random.Random) -> str:
        rows = []
        for bulan in range(1, 13):
            season = 1.25 if bulan in (1, 7) else 1.0
            legalisasi = round(scale * 140 * season * rng.uniform(0.8, 1.2))
            keterangan = round(scale * 95 * season * rng.uniform(0.8, 1.2))
            rekomendasi = round(scale * 22 * rng.uniform(0.7, 1.3))
            rows.append(
                [bulan, legalisasi, keterangan, rekomendasi, legalisasi + keterangan + rekomendasi]
            )
        return _csv(
            ["bulan", "legalisasi_dokumen", "surat_keterangan", "rekomendasi", "jumlah"], rows
        )

    return gen


# --------------------------------------------------------------------------
# Dataset metadata
# --------------------------------------------------------------------------


class _Spec(NamedTuple):
    name: str
    title: str
    org: str
    topik: str
    groups: tuple[str, ...]
    tags: tuple[str, ...]
    notes: str
    konsep: str
    satuan: str
    klasifikasi: str
    frekuensi: str
    metode: str
    sumber: str
    csv_fn: Callable[[random.Random], str]
    series: bool = False  # tahun 2019..2024 rows
    indikator: str = ""  # indicator value column
    cakupan: str = ""  # default: kecamatan for per-kecamatan tables, else kabupaten
    kode_wilayah: tuple[str, ...] = (KABUPATEN_CODE,)
    status: str = "terverifikasi"
    license_id: str = "cc-by"


_KONSEP_PENDUDUK = (
    "**Penduduk** adalah warga negara Indonesia dan orang asing yang bertempat tinggal di "
    "wilayah Kabupaten Pekalongan dan terdaftar dalam basis data kependudukan (SIAK)."
)

_KONSEP_PATEN = (
    "**PATEN** adalah penyelenggaraan pelayanan publik di kecamatan dari permohonan sampai "
    "terbitnya dokumen dalam satu tempat (Permendagri 4/2010)."
)

# fmt: off
_SPECS: tuple[_Spec, ...] = (
    # --- Kependudukan -----------------------------------------------------------
    _Spec(
        "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin-2024",
        f"Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin Tahun {LATEST}",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan",),
        ("penduduk", "jenis kelamin", "kecamatan"),
        "Jumlah penduduk terdaftar di setiap kecamatan menurut jenis kelamin, posisi akhir "
        "semester II.",
        _KONSEP_PENDUDUK, "jiwa", "Kecamatan; jenis kelamin", "semesteran", "administrasi",
        "Data Konsolidasi Bersih (DKB) SIAK, Dinas Kependudukan dan Pencatatan Sipil",
        _csv_penduduk_kecamatan),
    _Spec(
        "jumlah-penduduk-kabupaten-pekalongan-2019-2024",
        "Jumlah Penduduk Kabupaten Pekalongan Tahun 2019-2024",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan",),
        ("penduduk", "runtun waktu", "indikator"),
        "Perkembangan jumlah penduduk Kabupaten Pekalongan menurut jenis kelamin.",
        _KONSEP_PENDUDUK, "jiwa", "Tahun; jenis kelamin", "tahunan", "administrasi",
        "SIAK Dinas Kependudukan dan Pencatatan Sipil; Sensus Penduduk 2020 (BPS)",
        _csv_penduduk_series, series=True, indikator="jumlah"),
    _Spec(
        "kepadatan-penduduk-per-kecamatan-2024",
        f"Luas Wilayah dan Kepadatan Penduduk per Kecamatan Tahun {LATEST}",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan",),
        ("kepadatan penduduk", "luas wilayah", "kecamatan"),
        "Luas wilayah, jumlah penduduk dan kepadatan penduduk di setiap kecamatan.",
        "**Kepadatan penduduk** adalah jumlah penduduk dibagi luas wilayah daratan (km²).",
        "jiwa/km²", "Kecamatan", "tahunan", "kompilasi",
        "SIAK Disdukcapil; luas wilayah menurut Kepmendagri tentang kode dan data wilayah",
        _csv_kepadatan),
    _Spec(
        "jumlah-penduduk-menurut-kelompok-umur-dan-jenis-kelamin-2024",
        f"Jumlah Penduduk Menurut Kelompok Umur dan Jenis Kelamin Tahun {LATEST}",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan",),
        ("penduduk", "kelompok umur", "piramida penduduk"),
        "Struktur umur penduduk dalam kelompok lima tahunan menurut jenis kelamin.",
        _KONSEP_PENDUDUK + " Umur dihitung dalam tahun penuh pada akhir periode.",
        "jiwa", "Kelompok umur; jenis kelamin", "semesteran", "administrasi",
        "Data Konsolidasi Bersih (DKB) SIAK, Dinas Kependudukan dan Pencatatan Sipil",
        _csv_kelompok_umur, cakupan="kabupaten"),
    _Spec(
        "jumlah-kelahiran-dan-kematian-tercatat-2019-2024",
        "Jumlah Kelahiran dan Kematian Tercatat Tahun 2019-2024",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan",),
        ("kelahiran", "kematian", "pencatatan sipil"),
        "Peristiwa kelahiran dan kematian yang dicatat dalam register akta pencatatan sipil.",
        "**Kelahiran/kematian tercatat** adalah peristiwa penting yang dilaporkan dan "
        "diterbitkan aktanya pada tahun berjalan.",
        "peristiwa", "Tahun; jenis peristiwa", "tahunan", "administrasi",
        "Register akta pencatatan sipil, Disdukcapil", _csv_kelahiran_kematian, series=True),
    _Spec(
        "perekaman-ktp-elektronik-per-kecamatan-2024",
        f"Perekaman KTP Elektronik per Kecamatan Tahun {LATEST}",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan",
        ("kependudukan", "pemerintahan"), ("ktp-el", "perekaman", "dokumen kependudukan"),
        "Jumlah penduduk wajib KTP dan capaian perekaman KTP elektronik di setiap kecamatan.",
        "**Wajib KTP** adalah penduduk berumur 17 tahun atau lebih, atau yang sudah/pernah "
        "kawin.",
        "jiwa", "Kecamatan", "semesteran", "administrasi", "SIAK, Disdukcapil", _csv_ktp_el),
    _Spec(
        "kepemilikan-akta-kelahiran-anak-per-kecamatan-2024",
        f"Kepemilikan Akta Kelahiran Anak Usia 0-17 Tahun per Kecamatan Tahun {LATEST}",
        "dinas-kependudukan-dan-pencatatan-sipil", "kependudukan", ("kependudukan", "sosial"),
        ("akta kelahiran", "anak", "kecamatan"),
        "Jumlah anak usia 0-17 tahun dan yang telah memiliki akta kelahiran di setiap "
        "kecamatan.",
        "**Anak** adalah penduduk berumur kurang dari 18 tahun.",
        "jiwa", "Kecamatan", "semesteran", "administrasi", "SIAK, Disdukcapil",
        _csv_akta_kelahiran, status="belum_diverifikasi"),
    _Spec(
        "jumlah-desa-dan-kelurahan-per-kecamatan",
        "Jumlah Desa dan Kelurahan per Kecamatan",
        "dinas-pemberdayaan-masyarakat-dan-desa", "pemberdayaan_masyarakat_desa",
        ("pemerintahan",), ("desa", "kelurahan", "wilayah administrasi"),
        "Jumlah desa dan kelurahan di setiap kecamatan Kabupaten Pekalongan.",
        "**Desa** adalah kesatuan masyarakat hukum yang berwenang mengurus urusan "
        "pemerintahan setempat; **kelurahan** adalah wilayah kerja lurah sebagai perangkat "
        "kecamatan.",
        "wilayah", "Kecamatan; jenis wilayah", "tidak_tentu", "administrasi",
        "Kode dan data wilayah administrasi pemerintahan (Kemendagri)", _csv_desa_kelurahan),
    # --- Sosial, ekonomi makro --------------------------------------------------
    _Spec(
        "persentase-penduduk-miskin-2019-2024",
        "Persentase Penduduk Miskin Kabupaten Pekalongan Tahun 2019-2024",
        "badan-perencanaan-pembangunan-daerah", "sosial", ("sosial",),
        ("kemiskinan", "indikator", "runtun waktu"),
        "Jumlah dan persentase penduduk miskin serta garis kemiskinan.",
        "**Penduduk miskin** adalah penduduk dengan rata-rata pengeluaran per kapita per "
        "bulan di bawah garis kemiskinan (pendekatan kebutuhan dasar, BPS).",
        "persen", "Tahun", "tahunan", "kompilasi",
        "Survei Sosial Ekonomi Nasional (BPS), diolah Bappeda",
        _csv_kemiskinan, series=True, indikator="persentase_penduduk_miskin"),
    _Spec(
        "indeks-pembangunan-manusia-2019-2024",
        "Indeks Pembangunan Manusia (IPM) Kabupaten Pekalongan Tahun 2019-2024",
        "badan-perencanaan-pembangunan-daerah", "sosial", ("sosial", "ekonomi"),
        ("ipm", "pembangunan manusia", "indikator"),
        "IPM beserta komponennya: umur harapan hidup, harapan lama sekolah, rata-rata lama "
        "sekolah dan pengeluaran per kapita yang disesuaikan.",
        "**IPM** mengukur capaian pembangunan manusia dari dimensi umur panjang dan hidup "
        "sehat, pengetahuan, dan standar hidup layak (metode baru BPS).",
        "indeks", "Tahun; komponen IPM", "tahunan", "kompilasi",
        "BPS Kabupaten Pekalongan, diolah Bappeda", _csv_ipm, series=True, indikator="ipm"),
    _Spec(
        "pdrb-dan-pertumbuhan-ekonomi-2019-2024",
        "PDRB dan Laju Pertumbuhan Ekonomi Tahun 2019-2024",
        "badan-perencanaan-pembangunan-daerah", "ekonomi", ("ekonomi",),
        ("pdrb", "pertumbuhan ekonomi"),
        "Produk Domestik Regional Bruto atas dasar harga berlaku dan konstan 2010 serta laju "
        "pertumbuhannya.",
        "**PDRB** adalah jumlah nilai tambah bruto seluruh unit usaha di wilayah kabupaten; "
        "**ADHK** memakai harga konstan tahun dasar 2010.",
        "miliar rupiah", "Tahun", "tahunan", "kompilasi",
        "BPS Kabupaten Pekalongan, diolah Bappeda", _csv_pdrb, series=True),
    _Spec(
        "jumlah-keluarga-penerima-bantuan-sosial-per-kecamatan-2024",
        f"Jumlah Keluarga Penerima Bantuan Sosial per Kecamatan Tahun {LATEST}",
        "dinas-sosial", "sosial", ("sosial",), ("bantuan sosial", "pkh", "sembako"),
        "Keluarga penerima manfaat (KPM) Program Keluarga Harapan dan Program Sembako.",
        "**KPM** adalah keluarga penerima manfaat yang terdaftar dalam DTKS dan menerima "
        "bantuan pada penyaluran terakhir tahun berjalan.",
        "keluarga", "Kecamatan; jenis bantuan", "tahunan", "administrasi",
        "SIKS-NG dan data penyaluran, Dinas Sosial", _csv_bansos),
    _Spec(
        "peserta-kb-aktif-per-kecamatan-2024",
        f"Jumlah Pasangan Usia Subur dan Peserta KB Aktif per Kecamatan Tahun {LATEST}",
        "dinas-pengendalian-penduduk-kb-p3a", "keluarga_berencana", ("sosial", "kesehatan"),
        ("keluarga berencana", "kb aktif", "pus"),
        "Pasangan usia subur dan peserta KB aktif (modern) di setiap kecamatan.",
        "**Pasangan usia subur (PUS)** adalah pasangan suami-istri dengan istri berumur "
        "15-49 tahun.",
        "pasangan", "Kecamatan", "bulanan", "administrasi",
        "Sistem Informasi Keluarga (SIGA) BKKBN", _csv_kb),
    # --- Pendidikan -------------------------------------------------------------
    _Spec(
        "jumlah-sekolah-dasar-per-kecamatan-2024",
        "Jumlah Sekolah Dasar per Kecamatan",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("sekolah dasar", "sd", "satuan pendidikan"),
        "Jumlah Sekolah Dasar negeri dan swasta di setiap kecamatan, keadaan tahun ajaran "
        f"{LATEST}/{LATEST + 1}.",
        "**Sekolah Dasar (SD)** adalah satuan pendidikan formal jenjang pendidikan dasar "
        "kelas 1-6 di bawah Kemendikbudristek (tidak termasuk madrasah ibtidaiyah).",
        "unit", "Kecamatan; status sekolah", "tahunan", "administrasi",
        "Data Pokok Pendidikan (Dapodik)", _csv_sekolah_dasar),
    _Spec(
        "jumlah-sekolah-menurut-jenjang-per-kecamatan-2024",
        f"Jumlah Sekolah Menurut Jenjang Pendidikan per Kecamatan Tahun {LATEST}",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("sekolah", "sd", "smp", "sma", "smk"),
        "Jumlah satuan pendidikan SD, SMP, SMA dan SMK di setiap kecamatan.",
        "Satuan pendidikan formal negeri dan swasta; SMA/SMK dikelola Pemerintah Provinsi "
        "Jawa Tengah dan disajikan untuk kelengkapan.",
        "unit", "Kecamatan; jenjang pendidikan", "tahunan", "administrasi",
        "Data Pokok Pendidikan (Dapodik)", _csv_sekolah_jenjang),
    _Spec(
        "jumlah-peserta-didik-menurut-jenjang-per-kecamatan-2024",
        f"Jumlah Peserta Didik Menurut Jenjang Pendidikan per Kecamatan Tahun {LATEST}",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("peserta didik", "murid", "siswa"),
        "Jumlah peserta didik SD, SMP, SMA dan SMK menurut lokasi sekolah.",
        "**Peserta didik** adalah anggota masyarakat yang terdaftar dan aktif belajar pada "
        "satuan pendidikan.",
        "orang", "Kecamatan; jenjang pendidikan", "semesteran", "administrasi",
        "Data Pokok Pendidikan (Dapodik)", _csv_peserta_didik),
    _Spec(
        "jumlah-guru-sd-dan-smp-per-kecamatan-2024",
        f"Jumlah Guru SD dan SMP per Kecamatan Tahun {LATEST}",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("guru", "pendidik", "sd", "smp"),
        "Jumlah guru (PNS, PPPK dan non-ASN) pada SD dan SMP di setiap kecamatan.",
        "**Guru** adalah pendidik yang terdaftar di Dapodik dan mendapat tugas mengajar.",
        "orang", "Kecamatan; jenjang pendidikan", "semesteran", "administrasi",
        "Data Pokok Pendidikan (Dapodik)", _csv_guru),
    _Spec(
        "angka-partisipasi-kasar-2019-2024",
        "Angka Partisipasi Kasar (APK) Menurut Jenjang Pendidikan Tahun 2019-2024",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("apk", "partisipasi sekolah"),
        "APK jenjang SD/sederajat, SMP/sederajat dan SMA/sederajat.",
        "**APK** adalah perbandingan jumlah peserta didik pada suatu jenjang (berapa pun "
        "umurnya) dengan jumlah penduduk kelompok umur resmi jenjang tersebut, dikali 100.",
        "persen", "Tahun; jenjang pendidikan", "tahunan", "kompilasi",
        "Susenas (BPS) dan Dapodik, diolah Dindikbud", _csv_apk, series=True),
    _Spec(
        "angka-partisipasi-murni-2019-2024",
        "Angka Partisipasi Murni (APM) Menurut Jenjang Pendidikan Tahun 2019-2024",
        "dinas-pendidikan-dan-kebudayaan", "pendidikan", ("pendidikan",),
        ("apm", "partisipasi sekolah", "indikator"),
        "APM jenjang SD/sederajat, SMP/sederajat dan SMA/sederajat; indikator capaian "
        "memakai APM SMP/sederajat.",
        "**APM** adalah perbandingan peserta didik berumur resmi suatu jenjang dengan jumlah "
        "penduduk kelompok umur tersebut, dikali 100 (SD 7-12, SMP 13-15, SMA 16-18 tahun).",
        "persen", "Tahun; jenjang pendidikan", "tahunan", "kompilasi",
        "Susenas (BPS) dan Dapodik, diolah Dindikbud",
        _csv_apm, series=True, indikator="apm_smp"),
    # --- Kesehatan --------------------------------------------------------------
    _Spec(
        "jumlah-puskesmas-dan-posyandu-per-kecamatan-2024",
        f"Jumlah Puskesmas, Puskesmas Pembantu dan Posyandu per Kecamatan Tahun {LATEST}",
        "dinas-kesehatan", "kesehatan", ("kesehatan",),
        ("puskesmas", "posyandu", "fasilitas kesehatan"),
        "Sebaran puskesmas, puskesmas pembantu dan posyandu aktif di setiap kecamatan.",
        "**Puskesmas** adalah fasilitas pelayanan kesehatan tingkat pertama; **posyandu** "
        "adalah upaya kesehatan bersumber daya masyarakat.",
        "unit", "Kecamatan; jenis fasilitas", "tahunan", "administrasi",
        "Profil Kesehatan, Dinas Kesehatan", _csv_puskesmas_posyandu),
    _Spec(
        "jumlah-fasilitas-kesehatan-2019-2024",
        "Jumlah Fasilitas Pelayanan Kesehatan Tahun 2019-2024",
        "dinas-kesehatan", "kesehatan", ("kesehatan",),
        ("fasilitas kesehatan", "rumah sakit", "puskesmas", "indikator"),
        "Perkembangan jumlah rumah sakit, puskesmas, puskesmas pembantu dan klinik pratama "
        "(kolom jumlah_fasilitas), serta posyandu.",
        "**Fasilitas pelayanan kesehatan** adalah tempat penyelenggaraan upaya pelayanan "
        "kesehatan; posyandu tidak dijumlahkan karena merupakan UKBM.",
        "unit", "Tahun; jenis fasilitas", "tahunan", "administrasi",
        "Profil Kesehatan, Dinas Kesehatan",
        _csv_fasilitas_kesehatan, series=True, indikator="jumlah_fasilitas"),
    _Spec(
        "jumlah-tenaga-kesehatan-puskesmas-per-kecamatan-2024",
        f"Jumlah Tenaga Kesehatan di Puskesmas per Kecamatan Tahun {LATEST}",
        "dinas-kesehatan", "kesehatan", ("kesehatan",),
        ("tenaga kesehatan", "dokter", "bidan", "perawat"),
        "Dokter umum, dokter gigi, bidan, perawat dan tenaga kefarmasian di puskesmas.",
        "**Tenaga kesehatan** menurut UU 17/2023; dihitung yang bertugas di puskesmas dan "
        "jaringannya.",
        "orang", "Kecamatan; jenis tenaga", "tahunan", "administrasi",
        "SISDMK, Dinas Kesehatan", _csv_tenaga_kesehatan),
    _Spec(
        "angka-kematian-bayi-2019-2024",
        "Angka Kematian Bayi Tahun 2019-2024",
        "dinas-kesehatan", "kesehatan", ("kesehatan",),
        ("kematian bayi", "akb", "kesehatan ibu dan anak"),
        "Jumlah kelahiran hidup, kematian bayi dan angka kematian bayi per 1.000 kelahiran "
        "hidup.",
        "**Angka kematian bayi (AKB)** adalah banyaknya kematian bayi berumur di bawah satu "
        "tahun per 1.000 kelahiran hidup pada tahun yang sama (data fasilitas kesehatan).",
        "per 1.000 kelahiran hidup", "Tahun", "tahunan", "administrasi",
        "Laporan KIA puskesmas, Dinas Kesehatan", _csv_akb, series=True),
    _Spec(
        "cakupan-imunisasi-dasar-lengkap-per-kecamatan-2024",
        f"Cakupan Imunisasi Dasar Lengkap per Kecamatan Tahun {LATEST}",
        "dinas-kesehatan", "kesehatan", ("kesehatan",), ("imunisasi", "bayi", "idl"),
        "Sasaran bayi dan bayi yang mendapat imunisasi dasar lengkap di setiap kecamatan.",
        "**Imunisasi dasar lengkap (IDL)** adalah bayi umur 0-11 bulan yang telah mendapat "
        "imunisasi HB0, BCG, polio, DPT-HB-Hib, IPV dan campak-rubela.",
        "bayi", "Kecamatan", "bulanan", "administrasi", "Aplikasi ASIK, Dinas Kesehatan",
        _csv_imunisasi),
    _Spec(
        "prevalensi-balita-stunting-per-kecamatan-2024",
        f"Prevalensi Balita Stunting per Kecamatan Tahun {LATEST}",
        "dinas-kesehatan", "kesehatan", ("kesehatan", "sosial"), ("stunting", "gizi", "balita"),
        "Hasil penimbangan dan pengukuran balita di posyandu (bulan timbang Agustus).",
        "**Stunting** adalah balita dengan tinggi/panjang badan menurut umur kurang dari -2 "
        "standar deviasi median standar WHO.",
        "persen", "Kecamatan", "semesteran", "administrasi", "e-PPGBM, Dinas Kesehatan",
        _csv_stunting, status="perlu_perbaikan"),
    _Spec(
        "kunjungan-pasien-rsud-kraton-2019-2024",
        "Jumlah Kunjungan Pasien RSUD Kraton Tahun 2019-2024",
        "rsud-kraton", "kesehatan", ("kesehatan",), ("rumah sakit", "rsud kraton", "pasien"),
        "Kunjungan rawat jalan, pasien rawat inap, kunjungan IGD dan tingkat hunian tempat "
        "tidur.",
        "**BOR (bed occupancy rate)** adalah persentase pemakaian tempat tidur pada satu "
        "periode.",
        "kunjungan", "Tahun; jenis layanan", "tahunan", "administrasi", "SIMRS RSUD Kraton",
        _csv_rsud(182_000, 21_500), series=True),
    _Spec(
        "kunjungan-pasien-rsud-kajen-2019-2024",
        "Jumlah Kunjungan Pasien RSUD Kajen Tahun 2019-2024",
        "rsud-kajen", "kesehatan", ("kesehatan",), ("rumah sakit", "rsud kajen", "pasien"),
        "Kunjungan rawat jalan, pasien rawat inap, kunjungan IGD dan tingkat hunian tempat "
        "tidur.",
        "**BOR (bed occupancy rate)** adalah persentase pemakaian tempat tidur pada satu "
        "periode.",
        "kunjungan", "Tahun; jenis layanan", "tahunan", "administrasi", "SIMRS RSUD Kajen",
        _csv_rsud(126_000, 15_800), series=True),
    # --- Infrastruktur ----------------------------------------------------------
    _Spec(
        "panjang-jalan-kabupaten-menurut-kondisi-2019-2024",
        "Panjang Jalan Kabupaten Menurut Kondisi Tahun 2019-2024",
        "dinas-pekerjaan-umum-dan-penataan-ruang", "pekerjaan_umum", ("infrastruktur",),
        ("jalan", "kondisi jalan", "indikator"),
        "Panjang jalan berstatus jalan kabupaten menurut kondisi baik, sedang, rusak ringan "
        "dan rusak berat, serta persentase jalan dalam kondisi baik.",
        "**Kondisi jalan** dinilai dari survei kondisi jalan (IRI/SDI); jalan mantap adalah "
        "jalan dalam kondisi baik dan sedang.",
        "km", "Tahun; kondisi jalan", "tahunan", "survei", "Survei kondisi jalan, DPUPR",
        _csv_jalan_series, series=True, indikator="persentase_kondisi_baik"),
    _Spec(
        "panjang-jalan-kabupaten-per-kecamatan-menurut-kondisi-2024",
        f"Panjang Jalan Kabupaten per Kecamatan Menurut Kondisi Tahun {LATEST}",
        "dinas-pekerjaan-umum-dan-penataan-ruang", "pekerjaan_umum", ("infrastruktur",),
        ("jalan", "kondisi jalan", "kecamatan"),
        "Sebaran panjang jalan kabupaten menurut kondisi di setiap kecamatan.",
        "**Jalan kabupaten** adalah jalan yang ditetapkan dengan Keputusan Bupati; ruas yang "
        "melintasi beberapa kecamatan dibagi menurut panjang di setiap kecamatan.",
        "km", "Kecamatan; kondisi jalan", "tahunan", "survei", "Survei kondisi jalan, DPUPR",
        _csv_jalan_kecamatan),
    _Spec(
        "jumlah-jembatan-kabupaten-per-kecamatan-2024",
        f"Jumlah Jembatan Kabupaten Menurut Kondisi per Kecamatan Tahun {LATEST}",
        "dinas-pekerjaan-umum-dan-penataan-ruang", "pekerjaan_umum", ("infrastruktur",),
        ("jembatan", "kecamatan"),
        "Jumlah jembatan pada ruas jalan kabupaten menurut kondisi.",
        "**Jembatan** dengan bentang 2 meter atau lebih pada ruas jalan kabupaten.",
        "unit", "Kecamatan; kondisi", "tahunan", "survei", "Inventarisasi jembatan, DPUPR",
        _csv_jembatan, status="belum_diverifikasi"),
    _Spec(
        "jumlah-rumah-tidak-layak-huni-per-kecamatan-2024",
        f"Jumlah Rumah Tidak Layak Huni (RTLH) per Kecamatan Tahun {LATEST}",
        "dinas-perumahan-rakyat-dan-kawasan-permukiman", "perumahan",
        ("infrastruktur", "sosial"), ("rtlh", "perumahan", "rumah tidak layak huni"),
        "Jumlah RTLH di awal tahun, yang ditangani melalui program bantuan stimulan, dan "
        "sisanya.",
        "**Rumah tidak layak huni** adalah rumah yang tidak memenuhi persyaratan keselamatan "
        "bangunan, kecukupan luas minimum, dan kesehatan penghuni.",
        "unit", "Kecamatan", "tahunan", "administrasi", "Basis data RTLH, Dinperkim",
        _csv_rtlh),
    _Spec(
        "jumlah-pengujian-kendaraan-bermotor-2019-2024",
        "Jumlah Pengujian Kendaraan Bermotor Tahun 2019-2024",
        "dinas-perhubungan", "perhubungan", ("infrastruktur",),
        ("uji kir", "kendaraan bermotor", "perhubungan"),
        "Jumlah uji pertama dan uji berkala kendaraan bermotor wajib uji.",
        "**Uji berkala** adalah pengujian kendaraan wajib uji setiap enam bulan.",
        "kendaraan", "Tahun; jenis uji", "tahunan", "administrasi",
        "Unit Pelaksana Uji Berkala, Dishub", _csv_uji_kendaraan, series=True),
    _Spec(
        "titik-wifi-publik-dan-blank-spot-per-kecamatan-2024",
        f"Jumlah Titik Wi-Fi Publik dan Desa Area Blank Spot per Kecamatan Tahun {LATEST}",
        "dinas-komunikasi-dan-informatika", "komunikasi_informatika",
        ("infrastruktur", "pemerintahan"), ("wifi publik", "blank spot", "internet"),
        "Titik akses internet publik yang dikelola pemerintah daerah dan desa yang masih "
        "memiliki area tanpa sinyal seluler.",
        "**Blank spot** adalah area permukiman tanpa layanan sinyal seluler yang memadai.",
        "titik", "Kecamatan", "tahunan", "survei",
        "Pendataan Bidang Aplikasi Informatika, Dinkominfo", _csv_akses_internet),
    # --- Ekonomi ----------------------------------------------------------------
    _Spec(
        "jumlah-ukm-batik-per-kecamatan-2024",
        f"Jumlah UKM Batik, Tenaga Kerja dan Nilai Produksi per Kecamatan Tahun {LATEST}",
        "dinas-koperasi-ukm-dan-perdagangan", "koperasi_umkm", ("ekonomi",),
        ("batik", "ukm", "umkm", "industri kreatif"),
        "Unit usaha kecil dan menengah batik, tenaga kerja dan nilai produksi di setiap "
        "kecamatan.",
        "**UKM batik** adalah usaha kecil dan menengah yang memproduksi batik tulis, cap atau "
        "kombinasi, terdaftar pada pendataan UMKM.",
        "unit usaha", "Kecamatan", "tahunan", "survei", "Pendataan UMKM, Dinkopukmdag",
        _csv_ukm_batik),
    _Spec(
        "jumlah-koperasi-aktif-2019-2024",
        "Jumlah Koperasi Terdaftar, Koperasi Aktif dan Anggota Tahun 2019-2024",
        "dinas-koperasi-ukm-dan-perdagangan", "koperasi_umkm", ("ekonomi",),
        ("koperasi", "anggota koperasi"),
        "Perkembangan koperasi terdaftar, koperasi aktif dan jumlah anggotanya.",
        "**Koperasi aktif** adalah koperasi yang menyelenggarakan rapat anggota tahunan "
        "dalam tiga tahun terakhir.",
        "unit", "Tahun", "tahunan", "administrasi",
        "ODS Kementerian Koperasi dan UKM, Dinkopukmdag", _csv_koperasi, series=True),
    _Spec(
        "realisasi-pendapatan-asli-daerah-2019-2024",
        "Realisasi Pendapatan Asli Daerah (PAD) Tahun 2019-2024",
        "badan-pengelolaan-keuangan-daerah", "keuangan_daerah", ("ekonomi", "pemerintahan"),
        ("pad", "pendapatan daerah", "pajak daerah", "indikator"),
        "Realisasi PAD menurut jenis: pajak daerah, retribusi daerah, hasil pengelolaan "
        "kekayaan daerah yang dipisahkan, dan lain-lain PAD yang sah (termasuk pendapatan "
        "BLUD).",
        "**Pendapatan Asli Daerah** adalah pendapatan yang diperoleh daerah yang dipungut "
        "berdasarkan peraturan daerah (UU 1/2022).",
        "juta rupiah", "Tahun; jenis pendapatan", "tahunan", "administrasi",
        "Laporan Realisasi Anggaran (audited), BPKD",
        _csv_pad, series=True, indikator="jumlah_pad"),
    _Spec(
        "realisasi-perizinan-dan-investasi-2019-2024",
        "Jumlah Perizinan Terbit dan Realisasi Investasi Tahun 2019-2024",
        "dinas-penanaman-modal-dan-pelayanan-terpadu-satu-pintu", "penanaman_modal",
        ("ekonomi", "ketenagakerjaan"), ("perizinan", "nib", "investasi", "oss"),
        "Nomor Induk Berusaha (NIB) yang diterbitkan, izin/nonizin lain, dan realisasi "
        "investasi PMA dan PMDN.",
        "**NIB** diterbitkan melalui sistem OSS berbasis risiko sejak 2021.",
        "dokumen", "Tahun", "tahunan", "administrasi", "OSS RBA dan LKPM, DPMPTSP",
        _csv_perizinan, series=True),
    # --- Pertanian, perikanan ---------------------------------------------------
    _Spec(
        "luas-panen-dan-produksi-padi-per-kecamatan-2024",
        f"Luas Panen, Produksi dan Produktivitas Padi per Kecamatan Tahun {LATEST}",
        "dinas-pertanian-dan-pangan", "pertanian", ("pertanian-perikanan",),
        ("padi", "produksi padi", "pertanian"),
        "Luas panen, produksi gabah kering giling dan produktivitas padi sawah dan ladang.",
        "**Produksi** dalam ton gabah kering giling (GKG); **produktivitas** adalah produksi "
        "dibagi luas panen.",
        "ton GKG", "Kecamatan", "tahunan", "survei",
        "Statistik Pertanian (SP), Dinas Pertanian dan Pangan", _csv_padi_kecamatan),
    _Spec(
        "produksi-padi-2019-2024",
        "Luas Panen dan Produksi Padi Tahun 2019-2024",
        "dinas-pertanian-dan-pangan", "pertanian", ("pertanian-perikanan",),
        ("padi", "produksi padi", "ketahanan pangan"),
        "Perkembangan luas panen, produksi dan produktivitas padi Kabupaten Pekalongan.",
        "**Produksi** dalam ton gabah kering giling (GKG).",
        "ton GKG", "Tahun", "tahunan", "survei",
        "Statistik Pertanian (SP), Dinas Pertanian dan Pangan", _csv_padi_series, series=True),
    _Spec(
        "produksi-perikanan-2019-2024",
        "Produksi Perikanan Tangkap dan Budidaya Tahun 2019-2024",
        "dinas-perikanan", "perikanan", ("pertanian-perikanan",),
        ("perikanan", "ikan", "tambak"),
        "Produksi perikanan tangkap (laut dan perairan umum) dan perikanan budidaya.",
        "Produksi dihitung dalam ton berat basah.",
        "ton", "Tahun; jenis usaha", "tahunan", "survei",
        "Statistik Perikanan, Dinas Perikanan", _csv_perikanan_series, series=True),
    _Spec(
        "produksi-perikanan-budidaya-per-kecamatan-2024",
        f"Produksi Perikanan Budidaya per Kecamatan Tahun {LATEST}",
        "dinas-perikanan", "perikanan", ("pertanian-perikanan",),
        ("perikanan budidaya", "tambak", "kolam"),
        "Produksi perikanan budidaya kolam dan tambak di setiap kecamatan; tambak hanya "
        "terdapat di kecamatan pesisir.",
        "Produksi dihitung dalam ton berat basah.",
        "ton", "Kecamatan; jenis budidaya", "tahunan", "survei",
        "Statistik Perikanan, Dinas Perikanan", _csv_budidaya_kecamatan),
    # --- Pariwisata -------------------------------------------------------------
    _Spec(
        "jumlah-daya-tarik-wisata-per-kecamatan-2024",
        f"Jumlah Daya Tarik Wisata per Kecamatan Tahun {LATEST}",
        "dinas-pemuda-olahraga-dan-pariwisata", "pariwisata", ("pariwisata",),
        ("pariwisata", "daya tarik wisata", "petungkriyono"),
        "Daya tarik wisata alam, budaya dan buatan yang terdaftar di setiap kecamatan.",
        "**Daya tarik wisata** adalah segala sesuatu yang memiliki keunikan, kemudahan, dan "
        "nilai yang menjadi sasaran kunjungan wisatawan (UU 10/2009).",
        "lokasi", "Kecamatan; jenis daya tarik", "tahunan", "administrasi",
        "Pendataan destinasi, Dinporapar", _csv_daya_tarik_wisata),
    _Spec(
        "jumlah-kunjungan-wisatawan-2019-2024",
        "Jumlah Kunjungan Wisatawan Tahun 2019-2024",
        "dinas-pemuda-olahraga-dan-pariwisata", "pariwisata", ("pariwisata",),
        ("wisatawan", "kunjungan wisata"),
        "Kunjungan wisatawan nusantara dan mancanegara ke daya tarik wisata yang dikelola.",
        "**Kunjungan** dihitung dari tiket dan buku tamu pengelola daya tarik wisata.",
        "kunjungan", "Tahun; asal wisatawan", "tahunan", "administrasi",
        "Laporan pengelola DTW, Dinporapar", _csv_kunjungan_wisatawan, series=True),
    # --- Ketenagakerjaan --------------------------------------------------------
    _Spec(
        "tingkat-pengangguran-terbuka-2019-2024",
        "Tingkat Pengangguran Terbuka (TPT) Tahun 2019-2024",
        "dinas-perindustrian-dan-tenaga-kerja", "ketenagakerjaan", ("ketenagakerjaan",),
        ("pengangguran", "tpt", "angkatan kerja", "indikator"),
        "Angkatan kerja, penduduk bekerja, pengangguran terbuka dan TPT (keadaan Agustus).",
        "**TPT** adalah persentase pengangguran terbuka terhadap angkatan kerja (penduduk "
        "berumur 15 tahun ke atas).",
        "persen", "Tahun", "tahunan", "kompilasi",
        "Sakernas Agustus (BPS), diolah Dinperinaker",
        _csv_tpt, series=True, indikator="tpt_persen"),
    _Spec(
        "jumlah-pencari-kerja-terdaftar-2019-2024",
        "Jumlah Pencari Kerja Terdaftar dan Penempatan Tahun 2019-2024",
        "dinas-perindustrian-dan-tenaga-kerja", "ketenagakerjaan", ("ketenagakerjaan",),
        ("pencari kerja", "kartu kuning", "penempatan"),
        "Pencari kerja yang mendaftar (kartu AK/1) menurut jenis kelamin dan yang "
        "ditempatkan.",
        "**Pencari kerja terdaftar** adalah pemegang kartu tanda bukti pendaftaran pencari "
        "kerja (AK/1).",
        "orang", "Tahun; jenis kelamin", "tahunan", "administrasi",
        "SIAPkerja, Dinperinaker", _csv_pencari_kerja, series=True),
    # --- Pemerintahan -----------------------------------------------------------
    _Spec(
        "statistik-layanan-informasi-publik-ppid-2019-2024",
        "Statistik Layanan Permohonan Informasi Publik PPID Tahun 2019-2024",
        "dinas-komunikasi-dan-informatika", "komunikasi_informatika", ("pemerintahan",),
        ("ppid", "informasi publik", "keterbukaan informasi"),
        "Rekap permohonan informasi publik kepada PPID Kabupaten Pekalongan, keputusan, "
        "keberatan, sengketa dan rata-rata waktu layanan (bahan laporan tahunan PPID).",
        "**Permohonan informasi publik** menurut UU 14/2008; waktu layanan dihitung dalam "
        "hari kerja sejak permohonan diterima sampai pemberitahuan tertulis.",
        "permohonan", "Tahun; keputusan", "tahunan", "administrasi",
        "Register permohonan PPID, Dinkominfo", _csv_ppid, series=True, license_id="cc-zero"),
    _Spec(
        "jumlah-pns-menurut-golongan-dan-jenis-kelamin-2024",
        f"Jumlah Pegawai Negeri Sipil Menurut Golongan dan Jenis Kelamin Tahun {LATEST}",
        "badan-kepegawaian-daerah", "kepegawaian", ("pemerintahan",),
        ("pns", "asn", "kepegawaian"),
        "Jumlah PNS Pemerintah Kabupaten Pekalongan menurut golongan ruang dan jenis kelamin.",
        "**PNS** adalah ASN yang diangkat sebagai pegawai tetap dan memiliki NIP (UU 20/2023).",
        "orang", "Golongan; jenis kelamin", "semesteran", "administrasi", "SIASN, BKD",
        _csv_pns, cakupan="kabupaten"),
    _Spec(
        "hasil-pengawasan-inspektorat-2019-2024",
        "Jumlah Obyek Pemeriksaan, Temuan dan Tindak Lanjut Tahun 2019-2024",
        "inspektorat", "pengawasan", ("pemerintahan",),
        ("pengawasan", "audit", "tindak lanjut"),
        "Obyek pemeriksaan reguler, temuan, rekomendasi dan persentase tindak lanjut yang "
        "selesai.",
        "**Tindak lanjut selesai** adalah rekomendasi yang telah ditindaklanjuti sesuai saran.",
        "obyek", "Tahun", "tahunan", "administrasi",
        "Aplikasi pemantauan tindak lanjut, Inspektorat", _csv_temuan, series=True),
    _Spec(
        "indeks-kepuasan-masyarakat-2019-2024",
        "Indeks Kepuasan Masyarakat (IKM) Pelayanan Publik Tahun 2019-2024",
        "bagian-organisasi", "pemerintahan", ("pemerintahan",),
        ("ikm", "pelayanan publik", "survei kepuasan"),
        "Nilai IKM gabungan unit pelayanan publik di lingkungan Pemerintah Kabupaten "
        "Pekalongan.",
        "**IKM** dihitung menurut PermenPAN-RB 14/2017 dari sembilan unsur pelayanan (skala "
        "25-100).",
        "indeks", "Tahun", "tahunan", "survei",
        "Survei kepuasan masyarakat, Bagian Organisasi Setda", _csv_ikm, series=True),
    _Spec(
        "jumlah-produk-hukum-daerah-2019-2024",
        "Jumlah Produk Hukum Daerah yang Ditetapkan Tahun 2019-2024",
        "bagian-hukum", "pemerintahan", ("pemerintahan",),
        ("produk hukum", "peraturan daerah", "peraturan bupati", "jdih"),
        "Peraturan daerah, peraturan bupati dan keputusan bupati yang ditetapkan setiap tahun.",
        "Produk hukum daerah menurut Permendagri 80/2015; naskah lengkap tersedia di JDIH.",
        "dokumen", "Tahun; jenis produk hukum", "tahunan", "administrasi",
        "JDIH, Bagian Hukum Setda", _csv_perda, series=True),
    # --- Lingkungan, ketertiban, kebencanaan ------------------------------------
    _Spec(
        "timbulan-dan-pengelolaan-sampah-2019-2024",
        "Timbulan dan Pengelolaan Sampah Tahun 2019-2024",
        "dinas-lingkungan-hidup", "lingkungan_hidup", ("lingkungan",),
        ("sampah", "persampahan", "sipsn"),
        "Perkiraan timbulan sampah rumah tangga dan sejenisnya serta sampah yang terkelola.",
        "**Sampah terkelola** mencakup pengurangan dan penanganan (Jakstrada persampahan).",
        "ton", "Tahun", "tahunan", "kompilasi", "SIPSN KLHK, Dinas Lingkungan Hidup",
        _csv_sampah, series=True),
    _Spec(
        "jumlah-kejadian-bencana-2019-2024",
        "Jumlah Kejadian Bencana Menurut Jenis Tahun 2019-2024",
        "badan-penanggulangan-bencana-daerah", "kebencanaan", ("lingkungan",),
        ("bencana", "banjir", "rob", "tanah longsor"),
        "Kejadian bencana yang ditangani BPBD menurut jenis, termasuk banjir rob di pesisir.",
        "**Kejadian bencana** dicatat per peristiwa pada tanggal kejadian.",
        "kejadian", "Tahun; jenis bencana", "tahunan", "administrasi", "Pusdalops BPBD",
        _csv_bencana, series=True),
    _Spec(
        "jumlah-penegakan-peraturan-daerah-2019-2024",
        "Jumlah Penertiban dan Penegakan Peraturan Daerah Tahun 2019-2024",
        "satuan-polisi-pamong-praja", "ketenteraman_ketertiban", ("lingkungan", "pemerintahan"),
        ("satpol pp", "penegakan perda", "ketertiban umum"),
        "Penertiban pedagang kaki lima, reklame dan pelanggaran peraturan daerah lainnya.",
        "**Penertiban** adalah tindakan non-yustisial Satpol PP terhadap pelanggaran "
        "perda/perkada.",
        "kegiatan", "Tahun; jenis penertiban", "tahunan", "administrasi",
        "Laporan kegiatan Satpol PP", _csv_penegakan_perda, series=True),
    # --- Kecamatan (produsen data) ----------------------------------------------
    _Spec(
        "layanan-administrasi-kecamatan-kajen-2024",
        f"Jumlah Layanan Administrasi Kecamatan Kajen per Bulan Tahun {LATEST}",
        "kecamatan-kajen", "pemerintahan", ("pemerintahan",),
        ("paten", "pelayanan kecamatan", "kajen"),
        "Layanan Administrasi Terpadu Kecamatan (PATEN) Kajen per bulan.",
        _KONSEP_PATEN, "layanan", "Bulan; jenis layanan", "bulanan", "administrasi",
        "Buku register PATEN Kecamatan Kajen",
        _csv_layanan_kecamatan(1.4), cakupan="kecamatan", kode_wilayah=("33.26.08",)),
    _Spec(
        "layanan-administrasi-kecamatan-wiradesa-2024",
        f"Jumlah Layanan Administrasi Kecamatan Wiradesa per Bulan Tahun {LATEST}",
        "kecamatan-wiradesa", "pemerintahan", ("pemerintahan",),
        ("paten", "pelayanan kecamatan", "wiradesa"),
        "Layanan Administrasi Terpadu Kecamatan (PATEN) Wiradesa per bulan.",
        _KONSEP_PATEN, "layanan", "Bulan; jenis layanan", "bulanan", "administrasi",
        "Buku register PATEN Kecamatan Wiradesa",
        _csv_layanan_kecamatan(1.1), cakupan="kecamatan", kode_wilayah=("33.26.16",),
        status="belum_diverifikasi"),
)
# fmt: on


def _org_contact(org_name: str) -> tuple[str, str]:
    for org in organizations():
        if org["name"] == org_name:
            return f"Pengelola Data {org['singkatan']}", org["email"]
    raise KeyError(org_name)


# Days between the last data update of a demo dataset and the day the demo is loaded, by
# frequency: ranges that make it up to date, due, or overdue (see theme/freshness.py).
_AGE_RANGES: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    "harian": ((0, 0), (1, 2), (4, 20)),
    "mingguan": ((0, 5), (8, 12), (16, 40)),
    "bulanan": ((2, 25), (33, 55), (65, 150)),
    "triwulanan": ((5, 80), (95, 115), (130, 240)),
    "semesteran": ((10, 160), (190, 235), (250, 420)),
    "tahunan": ((20, 330), (375, 440), (470, 800)),
    "lima_tahunan": ((100, 1500), (1830, 2150), (2250, 2600)),
}


def _data_age_days(spec: _Spec) -> int:
    """How many days before the load the demo data was last updated: seeded by the name,
    about 65 % up to date, 20 % due and 15 % overdue, so that the freshness badges and the
    OPD scorecard show a realistic mix."""
    rng = _seed("umur-data:" + spec.name)
    ranges = _AGE_RANGES.get(spec.frekuensi, ((30, 700),) * 3)
    low, high = rng.choices(ranges, weights=(65, 20, 15))[0]
    return rng.randint(low, high)


def _build(spec: _Spec) -> dict[str, Any]:
    csv_text = spec.csv_fn(_seed(spec.name))
    header = csv_text.split("\n", 1)[0].split(",")
    if spec.series:
        periode_awal, periode_akhir = YEARS[0], YEARS[-1]
    else:
        periode_awal = periode_akhir = LATEST
    cakupan = spec.cakupan or ("kecamatan" if header[0] == "kode_wilayah" else "kabupaten")
    contact_name, contact_email = _org_contact(spec.org)
    return {
        "name": spec.name,
        "title": spec.title,
        "notes": f"{spec.notes}\n\n{DEMO_NOTE}",
        "owner_org": spec.org,
        "walidata": WALIDATA_DEFAULT,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "konsep_definisi": spec.konsep,
        "satuan": spec.satuan,
        "klasifikasi": spec.klasifikasi,
        "frekuensi": spec.frekuensi,
        "tahun": LATEST,
        "periode_awal": periode_awal,
        "periode_akhir": periode_akhir,
        "cakupan": cakupan,
        "kode_wilayah": list(spec.kode_wilayah),
        "metode_pengumpulan": spec.metode,
        "sumber_data": spec.sumber,
        "license_id": spec.license_id,
        "status_verifikasi": spec.status,
        "topik": spec.topik,
        "tag_string": ",".join(spec.tags),
        "indikator_capaian": bool(spec.indikator),
        "indikator_kolom_nilai": spec.indikator,
        "groups": list(spec.groups),
        "resource": {
            "name": f"{spec.title} (CSV)",
            "description": (
                "Tabel CSV (UTF-8, pemisah koma, baris pertama judul kolom). Kolom: "
                + ", ".join(f"`{c}`" for c in header)
                + "."
            ),
            "format": "CSV",
            "filename": f"{spec.name}.csv",
            "data_age_days": _data_age_days(spec),
        },
        "csv": csv_text,
        "extra_resources": resonansi.extra_resources(spec.name, spec.title, csv_text,
                                                     spec.indikator),
    }


def datasets() -> list[dict[str, Any]]:
    """Every demo dataset, with its metadata, groups, resource description and CSV."""
    return [_build(spec) for spec in _SPECS]

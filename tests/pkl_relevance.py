"""The relevance judgements of the Indonesian search, shared by the relevance suite
(tests/search/test_relevance.py) and the benchmark (tests/bench/test_search_bench.py).

Each query lists the demo datasets (``ckanext.pekalongan.demo.catalogue``, by name) that a
person typing it wants to see: every one of them must be in the first 10 results.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

TOP = 10


class Judgement(NamedTuple):
    query: str
    expected: tuple[str, ...]
    kind: str  # morphology | acronym | kecamatan | partial | phrase


def _j(query: str, kind: str, *expected: str) -> Judgement:
    return Judgement(query, expected, kind)


PENDUDUK_KEC = "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin-2024"
PENDUDUK_KAB = "jumlah-penduduk-kabupaten-pekalongan-2019-2024"
PENDUDUK_UMUR = "jumlah-penduduk-menurut-kelompok-umur-dan-jenis-kelamin-2024"
KEPADATAN = "kepadatan-penduduk-per-kecamatan-2024"
KTP = "perekaman-ktp-elektronik-per-kecamatan-2024"
AKTA = "kepemilikan-akta-kelahiran-anak-per-kecamatan-2024"
LAHIR_MATI = "jumlah-kelahiran-dan-kematian-tercatat-2019-2024"
SD = "jumlah-sekolah-dasar-per-kecamatan-2024"
SEKOLAH_JENJANG = "jumlah-sekolah-menurut-jenjang-per-kecamatan-2024"
PESERTA_DIDIK = "jumlah-peserta-didik-menurut-jenjang-per-kecamatan-2024"
GURU = "jumlah-guru-sd-dan-smp-per-kecamatan-2024"
APK = "angka-partisipasi-kasar-2019-2024"
APM = "angka-partisipasi-murni-2019-2024"
PUSKESMAS = "jumlah-puskesmas-dan-posyandu-per-kecamatan-2024"
FASKES = "jumlah-fasilitas-kesehatan-2019-2024"
NAKES = "jumlah-tenaga-kesehatan-puskesmas-per-kecamatan-2024"
AKB = "angka-kematian-bayi-2019-2024"
IMUNISASI = "cakupan-imunisasi-dasar-lengkap-per-kecamatan-2024"
STUNTING = "prevalensi-balita-stunting-per-kecamatan-2024"
RSUD_KRATON = "kunjungan-pasien-rsud-kraton-2019-2024"
RSUD_KAJEN = "kunjungan-pasien-rsud-kajen-2019-2024"
JALAN = "panjang-jalan-kabupaten-menurut-kondisi-2019-2024"
JALAN_KEC = "panjang-jalan-kabupaten-per-kecamatan-menurut-kondisi-2024"
JEMBATAN = "jumlah-jembatan-kabupaten-per-kecamatan-2024"
RTLH = "jumlah-rumah-tidak-layak-huni-per-kecamatan-2024"
KENDARAAN = "jumlah-pengujian-kendaraan-bermotor-2019-2024"
WIFI = "titik-wifi-publik-dan-blank-spot-per-kecamatan-2024"
BATIK = "jumlah-ukm-batik-per-kecamatan-2024"
KOPERASI = "jumlah-koperasi-aktif-2019-2024"
PAD = "realisasi-pendapatan-asli-daerah-2019-2024"
IZIN = "realisasi-perizinan-dan-investasi-2019-2024"
PADI_KEC = "luas-panen-dan-produksi-padi-per-kecamatan-2024"
PADI = "produksi-padi-2019-2024"
IKAN = "produksi-perikanan-2019-2024"
IKAN_BUDIDAYA = "produksi-perikanan-budidaya-per-kecamatan-2024"
WISATA = "jumlah-daya-tarik-wisata-per-kecamatan-2024"
WISATAWAN = "jumlah-kunjungan-wisatawan-2019-2024"
TPT = "tingkat-pengangguran-terbuka-2019-2024"
PENCAKER = "jumlah-pencari-kerja-terdaftar-2019-2024"
PPID = "statistik-layanan-informasi-publik-ppid-2019-2024"
PNS = "jumlah-pns-menurut-golongan-dan-jenis-kelamin-2024"
IKM = "indeks-kepuasan-masyarakat-2019-2024"
HUKUM = "jumlah-produk-hukum-daerah-2019-2024"
SAMPAH = "timbulan-dan-pengelolaan-sampah-2019-2024"
BENCANA = "jumlah-kejadian-bencana-2019-2024"
PERDA = "jumlah-penegakan-peraturan-daerah-2019-2024"
MISKIN = "persentase-penduduk-miskin-2019-2024"
IPM = "indeks-pembangunan-manusia-2019-2024"
PDRB = "pdrb-dan-pertumbuhan-ekonomi-2019-2024"
BANSOS = "jumlah-keluarga-penerima-bantuan-sosial-per-kecamatan-2024"
KB = "peserta-kb-aktif-per-kecamatan-2024"
DESA = "jumlah-desa-dan-kelurahan-per-kecamatan"
LAYANAN_KAJEN = "layanan-administrasi-kecamatan-kajen-2024"
LAYANAN_WIRADESA = "layanan-administrasi-kecamatan-wiradesa-2024"

# The four queries of the issue ("Findable", done when ...).
ISSUE_QUERIES = ("kependudukan", "sekolah dasar", "puskesmas kajen", "dinkes")

JUDGEMENTS: tuple[Judgement, ...] = (
    # --- the issue's four ------------------------------------------------------------
    _j("kependudukan", "morphology", PENDUDUK_KEC, PENDUDUK_KAB, PENDUDUK_UMUR, KEPADATAN),
    _j("sekolah dasar", "acronym", SD, GURU),
    _j("puskesmas kajen", "kecamatan", PUSKESMAS, NAKES),
    _j("dinkes", "acronym", PUSKESMAS, FASKES, NAKES, AKB, IMUNISASI, STUNTING),
    # --- morphology: affixed and root forms find each other ---------------------------
    _j("pendidikan", "morphology", PESERTA_DIDIK, SEKOLAH_JENJANG, APK, APM),
    _j("peserta didik", "morphology", PESERTA_DIDIK),
    _j("data penduduk", "morphology", PENDUDUK_KEC, PENDUDUK_KAB, PENDUDUK_UMUR),
    _j("kesehatan", "morphology", FASKES, NAKES),
    _j("kemiskinan", "morphology", MISKIN),
    _j("lahir", "morphology", LAHIR_MATI, AKTA),
    _j("kematian bayi", "morphology", AKB),
    _j("petani padi", "morphology", PADI, PADI_KEC),
    _j("wisatawan", "morphology", WISATAWAN),
    _j("pariwisata", "morphology", WISATA, WISATAWAN),
    _j("pengangguran", "morphology", TPT),
    _j("kepegawaian", "morphology", PNS),
    _j("perumahan", "morphology", RTLH),
    _j("kebencanaan", "morphology", BENCANA),
    _j("perizinan", "morphology", IZIN),
    _j("ijin usaha", "morphology", IZIN),
    _j("pengelolaan sampah", "morphology", SAMPAH),
    _j("ketenagakerjaan", "morphology", TPT, PENCAKER),
    _j("pemeriksaan inspektorat", "morphology",
       "hasil-pengawasan-inspektorat-2019-2024"),
    _j("obyek pemeriksaan", "morphology", "hasil-pengawasan-inspektorat-2019-2024"),
    # --- acronyms and their expansions --------------------------------------------------
    _j("disdukcapil", "acronym", PENDUDUK_KEC, PENDUDUK_KAB, KTP, AKTA, LAHIR_MATI),
    _j("dindikbud", "acronym", SD, SEKOLAH_JENJANG, PESERTA_DIDIK, GURU, APK, APM),
    _j("dinkominfo", "acronym", WIFI, PPID),
    _j("dpupr", "acronym", JALAN, JALAN_KEC, JEMBATAN),
    _j("dpmptsp", "acronym", IZIN),
    _j("bappeda", "acronym", IPM, MISKIN, PDRB),
    _j("bpbd", "acronym", BENCANA),
    _j("rtlh", "acronym", RTLH),
    _j("rumah tidak layak huni", "acronym", RTLH),
    _j("ipm", "acronym", IPM),
    _j("pad", "acronym", PAD),
    _j("apk", "acronym", APK),
    _j("ktp-el", "acronym", KTP),
    _j("e-ktp", "acronym", KTP),
    _j("sd", "acronym", SD, GURU),
    _j("smp", "acronym", GURU),
    _j("pusat kesehatan masyarakat", "acronym", PUSKESMAS, NAKES),
    _j("rsud", "acronym", RSUD_KRATON, RSUD_KAJEN),
    _j("rumah sakit", "acronym", RSUD_KRATON, RSUD_KAJEN),
    _j("tpt", "acronym", TPT),
    _j("pns", "acronym", PNS),
    _j("kb", "acronym", KB),
    _j("bansos", "acronym", BANSOS),
    _j("ppid", "acronym", PPID),
    # --- kecamatan: per-kecamatan tables and the kecamatan's own data -----------------
    _j("kajen", "kecamatan", LAYANAN_KAJEN, RSUD_KAJEN),
    _j("kec. wiradesa", "kecamatan", LAYANAN_WIRADESA),
    _j("kecamatan kajen", "kecamatan", LAYANAN_KAJEN),
    _j("penduduk kedungwuni", "kecamatan", PENDUDUK_KEC, KEPADATAN),
    _j("sekolah dasar kesesi", "kecamatan", SD),
    _j("jalan rusak petungkriyono", "kecamatan", JALAN_KEC),
    _j("produksi padi bojong", "kecamatan", PADI_KEC),
    _j("stunting talun", "kecamatan", STUNTING),
    _j("wisata petungkriyono", "kecamatan", WISATA),
    _j("rtlh paninggaran", "kecamatan", RTLH),
    # --- unfinished words (search-as-you-type) ----------------------------------------
    _j("imunisa", "partial", IMUNISASI),
    _j("kepadatan pendud", "partial", KEPADATAN),
    _j("pengujian kendar", "partial", KENDARAAN),
    # --- everyday phrasing --------------------------------------------------------------
    _j("jumlah penduduk per kecamatan", "phrase", PENDUDUK_KEC),
    _j("angka partisipasi sekolah", "phrase", APK, APM),
    _j("kunjungan pasien rumah sakit", "phrase", RSUD_KRATON, RSUD_KAJEN),
    _j("guru", "phrase", GURU),
    _j("ukm batik", "phrase", BATIK),
    _j("koperasi", "phrase", KOPERASI),
    _j("internet desa", "phrase", WIFI),
    _j("penegakan perda", "phrase", PERDA),
    _j("pertumbuhan ekonomi", "phrase", PDRB),
    _j("desa dan kelurahan", "phrase", DESA),
    _j("keluarga berencana", "phrase", KB),
    _j("produksi ikan", "phrase", IKAN, IKAN_BUDIDAYA),
    _j("kepuasan masyarakat", "phrase", IKM),
    _j("produk hukum", "phrase", HUKUM),
    _j("pengujian kendaraan", "phrase", KENDARAAN),
    _j("akta kelahiran anak", "phrase", AKTA),
)


def ranks(results: Sequence[str], expected: Sequence[str]) -> dict[str, int | None]:
    """1-based rank of each expected name in ``results`` (None when absent)."""
    position = {name: i for i, name in enumerate(results, 1)}
    return {name: position.get(name) for name in expected}


def hits_at(results: Sequence[str], expected: Sequence[str], k: int = TOP) -> float:
    """Share of the expected datasets found in the first ``k`` results."""
    found = [r for r in ranks(results[:k], expected).values() if r is not None]
    return len(found) / len(expected)


def reciprocal_rank(results: Sequence[str], expected: Sequence[str], k: int = TOP) -> float:
    """1 / rank of the first expected dataset in the first ``k`` results, else 0."""
    found = [r for r in ranks(results[:k], expected).values() if r is not None]
    return 1.0 / min(found) if found else 0.0


def evaluate(judgements: Sequence[Judgement], search: Callable[[str], list[str]],
             k: int = TOP) -> dict:
    """The suite's figures for ``search`` (query -> names, best first, at least ``k``):
    hits@k (share of expected datasets found), queries satisfied (every expected one
    found), MRR@k, zero-result rate (share of queries that found nothing), the same per
    kind, and each query's ranks and top 3."""
    per_query = []
    for j in judgements:
        results = search(j.query)
        per_query.append({
            "query": j.query, "kind": j.kind,
            "hits_at_10": hits_at(results, j.expected, k),
            "reciprocal_rank": reciprocal_rank(results, j.expected, k),
            "zero_results": not results,
            "ranks": ranks(results, j.expected),
            "top3": results[:3],
        })

    def figures(qs: list[dict]) -> dict:
        n = len(qs)
        return {
            "queries": n,
            "hits_at_10": sum(q["hits_at_10"] for q in qs) / n,
            "queries_satisfied": sum(q["hits_at_10"] == 1 for q in qs) / n,
            "mrr_at_10": sum(q["reciprocal_rank"] for q in qs) / n,
            "zero_result_rate": sum(q["zero_results"] for q in qs) / n,
        }

    return {
        **figures(per_query),
        "by_kind": {kind: figures([q for q in per_query if q["kind"] == kind])
                    for kind in sorted({q["kind"] for q in per_query})},
        "queries": per_query,
    }

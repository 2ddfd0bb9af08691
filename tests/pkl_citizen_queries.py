"""The citizen query suite: searches typed the way people in Kabupaten Pekalongan type them
(short, lower case, acronyms, typos, kecamatan names, Javanese place spellings, spelling
variants, everyday words for official concepts), each with the datasets that must be in the
first 10 results. The datasets are those of ``pkl_citizen_catalogue`` (not in the demo) and,
where a citizen plainly wants them too, demo datasets; both catalogues are indexed together.

Written from a citizen's point of view first and measured afterwards: a query that fails
stays in the suite (the test reports it), it is never reworded to pass.
"""
from __future__ import annotations

from pkl_relevance import Judgement

# the citizen catalogue, by name
DBD = "kasus-demam-berdarah-dengue-per-kecamatan-2025"
TBC = "penemuan-dan-pengobatan-kasus-tuberkulosis-2021-2025"
ISPA = "penemuan-pneumonia-balita-per-kecamatan-2025"
POSYANDU = "posyandu-menurut-strata-per-kecamatan-2025"
APOTEK = "apotek-toko-obat-dan-praktik-dokter-per-kecamatan-2025"
JKN = "kepesertaan-jaminan-kesehatan-nasional-2021-2025"
AKI = "jumlah-kematian-ibu-menurut-penyebab-2021-2025"
GIZI = "balita-gizi-kurang-dan-gizi-buruk-per-kecamatan-2025"
ODGJ = "pelayanan-kesehatan-orang-dengan-gangguan-jiwa-berat-2021-2025"
PENYAKIT = "sepuluh-besar-penyakit-rawat-jalan-rsud-kajen-2025"
SANITASI = "akses-sanitasi-dan-jamban-sehat-per-kecamatan-2025"
PAUD = "lembaga-dan-peserta-didik-pendidikan-anak-usia-dini-per-kecamatan-2025"
MELEK = "angka-melek-huruf-penduduk-usia-15-tahun-ke-atas-2021-2025"
RLS = "rata-rata-lama-sekolah-dan-harapan-lama-sekolah-2021-2025"
ATS = "jumlah-anak-tidak-sekolah-per-kecamatan-2025"
KELAS = "kondisi-ruang-kelas-sd-dan-smp-per-kecamatan-2025"
CAGAR = "daftar-objek-diduga-cagar-budaya-2025"
IBADAH = "jumlah-tempat-ibadah-menurut-agama-per-kecamatan-2025"
PESANTREN = "jumlah-pondok-pesantren-dan-santri-per-kecamatan-2025"
PKH = "keluarga-penerima-manfaat-program-keluarga-harapan-per-kecamatan-2025"
BPNT = "penyaluran-bantuan-pangan-non-tunai-per-kecamatan-2025"
PMKS = "penyandang-masalah-kesejahteraan-sosial-menurut-jenis-2021-2025"
DISABILITAS = "penyandang-disabilitas-menurut-ragam-per-kecamatan-2025"
DTKS = "data-terpadu-kesejahteraan-sosial-per-kecamatan-2025"
EKSTREM = "penduduk-miskin-ekstrem-per-kecamatan-2025"
RTLH_FIX = "rumah-tidak-layak-huni-yang-diperbaiki-per-kecamatan-2025"
AIR_MINUM = "cakupan-akses-air-minum-layak-per-kecamatan-2025"
PDAM = "pelanggan-perusahaan-umum-daerah-air-minum-per-kecamatan-2025"
PJU = "penerangan-jalan-umum-per-kecamatan-2025"
JALAN_DESA = "panjang-dan-kondisi-jalan-desa-per-kecamatan-2025"
IRIGASI = "daerah-irigasi-kewenangan-kabupaten-2025"
DANA_DESA = "realisasi-dana-desa-dan-alokasi-dana-desa-per-kecamatan-2025"
APBD = "realisasi-anggaran-pendapatan-dan-belanja-daerah-2021-2025"
PAJAK = "realisasi-pajak-daerah-menurut-jenis-2021-2025"
UMKM = "usaha-mikro-dan-kecil-per-kecamatan-2025"
PASAR = "pasar-tradisional-kios-los-dan-pedagang-2025"
HARGA = "harga-rata-rata-bahan-pokok-bulanan-2025"
MIGRAN = "pekerja-migran-indonesia-asal-kabupaten-pekalongan-2021-2025"
UMK = "upah-minimum-kabupaten-pekalongan-2021-2025"
BLK = "peserta-pelatihan-balai-latihan-kerja-2021-2025"
TPS = "tempat-penampungan-sementara-dan-bank-sampah-per-kecamatan-2025"
SUNGAI = "hasil-pemantauan-kualitas-air-sungai-2025"
BANJIR = "kejadian-banjir-dan-banjir-rob-per-desa-2025"
DESTANA = "desa-tangguh-bencana-2025"
NELAYAN = "jumlah-nelayan-dan-armada-perikanan-tangkap-2025"
TPI = "produksi-dan-nilai-lelang-ikan-di-tpi-2021-2025"
TERNAK = "populasi-ternak-menurut-jenis-per-kecamatan-2025"
PUPUK = "alokasi-dan-realisasi-pupuk-bersubsidi-2025"
KK = "jumlah-kartu-keluarga-dan-kepala-keluarga-per-kecamatan-2025"
AGAMA = "penduduk-menurut-agama-per-kecamatan-2025"
KIA = "penerbitan-kartu-identitas-anak-per-kecamatan-2025"
LAKA = "kecelakaan-lalu-lintas-2021-2025"
BTS = "menara-telekomunikasi-per-kecamatan-2025"
HOTEL = "akomodasi-hotel-dan-penginapan-2025"
OLAHRAGA = "sarana-olahraga-per-kecamatan-2025"
RT_RW = "jumlah-rt-dan-rw-per-desa-kecamatan-kedungwuni-2025"
DORO = "jumlah-penduduk-per-desa-kecamatan-doro-2025"
SAWAH_BOJONG = "luas-lahan-sawah-dan-bukan-sawah-kecamatan-bojong-2025"

# demo datasets a citizen plainly wants as well (ckanext.pekalongan.demo.catalogue)
DEMO_SAMPAH = "timbulan-dan-pengelolaan-sampah-2019-2024"
DEMO_BENCANA = "jumlah-kejadian-bencana-2019-2024"
DEMO_MISKIN = "persentase-penduduk-miskin-2019-2024"
DEMO_RTLH = "jumlah-rumah-tidak-layak-huni-per-kecamatan-2024"
DEMO_PUSKESMAS = "jumlah-puskesmas-dan-posyandu-per-kecamatan-2024"
DEMO_BATIK = "jumlah-ukm-batik-per-kecamatan-2024"

KINDS = ("acronym", "variant", "typo", "kecamatan", "place", "concept", "morphology",
         "everyday")


def _j(query: str, kind: str, *expected: str) -> Judgement:
    return Judgement(query, expected, kind)


CITIZEN_JUDGEMENTS: tuple[Judgement, ...] = (
    # --- kesehatan ------------------------------------------------------------------
    _j("dbd", "acronym", DBD),
    _j("kasus dbd", "acronym", DBD),
    _j("demam berdarah", "everyday", DBD),
    _j("dbd kedungwuni", "kecamatan", DBD),
    _j("nyamuk demam berdarah", "everyday", DBD),
    _j("demam berdara", "typo", DBD),
    _j("jentik nyamuk", "everyday", DBD),
    _j("tbc", "acronym", TBC),
    _j("penderita tbc", "acronym", TBC),
    _j("tb paru", "acronym", TBC),
    _j("tuberkulosis", "everyday", TBC),
    _j("tuberkolosis", "typo", TBC),
    _j("ispa", "acronym", ISPA),
    _j("ispa balita", "acronym", ISPA),
    _j("pneumonia anak", "everyday", ISPA),
    _j("infeksi saluran pernafasan", "variant", ISPA),
    _j("posyandu", "everyday", POSYANDU, DEMO_PUSKESMAS),
    _j("posyandu aktif", "everyday", POSYANDU),
    _j("posyandu talun", "kecamatan", POSYANDU),
    _j("pos pelayanan terpadu", "acronym", POSYANDU),
    _j("posyandu kedung wuni", "place", POSYANDU),
    _j("apotik", "variant", APOTEK),
    _j("apotek kajen", "kecamatan", APOTEK),
    _j("praktek dokter", "variant", APOTEK),
    _j("dokter praktek kedungwuni", "variant", APOTEK),
    _j("toko obat", "everyday", APOTEK),
    _j("bidan praktek", "variant", APOTEK),
    _j("daftar apotik wiradesa", "variant", APOTEK),
    _j("bpjs", "acronym", JKN),
    _j("bpjs kesehatan", "acronym", JKN),
    _j("peserta jkn", "acronym", JKN),
    _j("kis", "acronym", JKN),
    _j("bpjs pbi", "acronym", JKN),
    _j("jaminan kesehatan", "everyday", JKN),
    _j("aki", "acronym", AKI),
    _j("angka kematian ibu", "everyday", AKI),
    _j("kematian ibu melahirkan", "morphology", AKI),
    _j("kesehtan ibu", "typo", AKI),
    _j("gizi buruk", "everyday", GIZI),
    _j("balita kurang gizi", "everyday", GIZI),
    _j("gizi buruk paninggaran", "kecamatan", GIZI),
    _j("odgj", "acronym", ODGJ),
    _j("gangguan jiwa", "everyday", ODGJ),
    _j("penyakit terbanyak rsud kajen", "everyday", PENYAKIT),
    _j("10 besar penyakit", "everyday", PENYAKIT),
    _j("diagnosa rawat jalan", "variant", PENYAKIT),
    _j("jamban", "everyday", SANITASI),
    _j("buang air besar sembarangan", "everyday", SANITASI),
    _j("odf", "acronym", SANITASI),
    _j("sanitasi layak", "everyday", SANITASI),
    _j("stbm", "acronym", SANITASI),
    _j("puskemas", "typo", DEMO_PUSKESMAS),
    # --- pendidikan dan kebudayaan ---------------------------------------------------
    _j("paud", "acronym", PAUD),
    _j("tk kajen", "acronym", PAUD),
    _j("taman kanak kanak", "variant", PAUD),
    _j("jumlah paud per kecamatan", "acronym", PAUD),
    _j("playgroup", "concept", PAUD),
    _j("pendidkan anak usia dini", "typo", PAUD),
    _j("buta aksara", "concept", MELEK),
    _j("buta huruf", "concept", MELEK),
    _j("melek huruf", "everyday", MELEK),
    _j("amh", "acronym", MELEK),
    _j("rata rata lama sekolah", "everyday", RLS),
    _j("rls", "acronym", RLS),
    _j("harapan lama sekolah", "everyday", RLS),
    _j("anak putus sekolah", "everyday", ATS),
    _j("putus sekolah", "everyday", ATS),
    _j("anak tidak sekolah doro", "kecamatan", ATS),
    _j("sekolah rusak", "everyday", KELAS),
    _j("ruang kelas rusak", "everyday", KELAS),
    _j("kelas rusak smp", "acronym", KELAS),
    _j("cagar budaya", "everyday", CAGAR),
    _j("situs sejarah", "everyday", CAGAR),
    _j("bangunan bersejarah", "morphology", CAGAR),
    # --- keagamaan -------------------------------------------------------------------
    _j("masjid", "everyday", IBADAH),
    _j("mushola", "variant", IBADAH),
    _j("mushalla", "variant", IBADAH),
    _j("langgar", "place", IBADAH),
    _j("jumlah masjid kajen", "kecamatan", IBADAH),
    _j("gereja", "everyday", IBADAH),
    _j("tempat ibadah", "everyday", IBADAH),
    _j("rumah ibadah", "concept", IBADAH),
    _j("musholla wonopringgo", "variant", IBADAH),
    _j("ponpes", "acronym", PESANTREN),
    _j("pondok pesantren", "everyday", PESANTREN),
    _j("santri", "everyday", PESANTREN),
    _j("pesantren kesesi", "kecamatan", PESANTREN),
    # --- sosial ----------------------------------------------------------------------
    _j("pkh", "acronym", PKH),
    _j("penerima pkh", "acronym", PKH),
    _j("keluarga harapan", "everyday", PKH),
    _j("pkh bojong", "kecamatan", PKH),
    _j("kpm pkh", "acronym", PKH),
    _j("bpnt", "acronym", BPNT),
    _j("bansos sembako", "acronym", BPNT),
    _j("bantuan pangan", "everyday", BPNT),
    _j("kartu sembako", "everyday", BPNT),
    _j("bpnt karanganyar", "kecamatan", BPNT),
    _j("pmks", "acronym", PMKS),
    _j("anak jalanan", "everyday", PMKS),
    _j("gepeng", "acronym", PMKS),
    _j("lansia terlantar", "acronym", PMKS),
    _j("difabel", "variant", DISABILITAS),
    _j("penyandang cacat", "concept", DISABILITAS),
    _j("disabilitas kesesi", "kecamatan", DISABILITAS),
    _j("dtks", "acronym", DTKS),
    _j("data keluarga miskin", "everyday", DTKS),
    _j("kemiskinan ekstrem", "everyday", EKSTREM),
    _j("kemiskian", "typo", DEMO_MISKIN, EKSTREM),
    _j("miskin ekstrim", "variant", EKSTREM),
    _j("p3ke", "acronym", EKSTREM),
    _j("warga miskin siwalan", "kecamatan", EKSTREM),
    # --- perumahan, air, penerangan ----------------------------------------------------
    _j("perbaikan rumah", "morphology", RTLH_FIX),
    _j("bedah rumah", "concept", RTLH_FIX),
    _j("rehab rumah", "acronym", RTLH_FIX),
    _j("rtlh diperbaiki", "morphology", RTLH_FIX),
    _j("rumah tidak layak huni", "everyday", RTLH_FIX, DEMO_RTLH),
    _j("rtlh 2025", "acronym", RTLH_FIX),
    _j("perbaikan rtlh kandangserang", "kecamatan", RTLH_FIX),
    _j("air bersih", "concept", AIR_MINUM),
    _j("akses air minum", "everyday", AIR_MINUM),
    _j("pamsimas", "acronym", AIR_MINUM),
    _j("pdam", "acronym", PDAM),
    _j("pelanggan pdam", "acronym", PDAM),
    _j("pdam kedungwuni", "kecamatan", PDAM),
    _j("perumda air minum", "everyday", PDAM),
    _j("pju", "acronym", PJU),
    _j("lampu jalan", "everyday", PJU),
    _j("penerangan jalan", "everyday", PJU),
    # --- jalan, irigasi, desa ------------------------------------------------------------
    _j("jalan desa", "everyday", JALAN_DESA),
    _j("jalan desa rusak", "everyday", JALAN_DESA),
    _j("jalan desa paninggaran", "kecamatan", JALAN_DESA),
    _j("jalan desa petung kriyono", "place", JALAN_DESA),
    _j("jalan kampung", "concept", JALAN_DESA),
    _j("irigasi", "everyday", IRIGASI),
    _j("saluran irigasi", "everyday", IRIGASI),
    _j("irigasi sawah", "everyday", IRIGASI),
    _j("dana desa", "everyday", DANA_DESA),
    _j("alokasi dana desa", "everyday", DANA_DESA),
    _j("keuangan desa", "everyday", DANA_DESA),
    # --- keuangan daerah, ekonomi ----------------------------------------------------
    _j("apbd", "acronym", APBD),
    _j("realisasi apbd", "acronym", APBD),
    _j("anggaran daerah", "everyday", APBD),
    _j("belanja daerah", "everyday", APBD),
    _j("silpa", "acronym", APBD),
    _j("apbd realisai", "typo", APBD),
    _j("pajak daerah", "everyday", PAJAK),
    _j("pbb", "acronym", PAJAK),
    _j("pajak restoran", "everyday", PAJAK),
    _j("pajak hotel", "morphology", PAJAK),
    _j("umkm", "acronym", UMKM),
    _j("umkm kesesi", "kecamatan", UMKM),
    _j("usaha mikro", "everyday", UMKM),
    _j("ukm", "acronym", UMKM, DEMO_BATIK),
    _j("umkm karang dadap", "place", UMKM),
    _j("pasar tradisional", "everyday", PASAR),
    _j("pasar rakyat", "everyday", PASAR),
    _j("pedagang pasar", "everyday", PASAR),
    _j("pasar kajen", "kecamatan", PASAR),
    _j("harga sembako", "concept", HARGA),
    _j("harga beras", "everyday", HARGA),
    _j("harga cabe", "variant", HARGA),
    _j("harga bawang merah", "everyday", HARGA),
    # --- ketenagakerjaan -------------------------------------------------------------
    _j("tki", "acronym", MIGRAN),
    _j("pekerja migran", "everyday", MIGRAN),
    _j("tenaga kerja luar negeri", "everyday", MIGRAN),
    _j("umk", "acronym", UMK),
    _j("upah minimum", "everyday", UMK),
    _j("gaji minimum", "concept", UMK),
    _j("blk", "acronym", BLK),
    _j("pelatihan kerja", "everyday", BLK),
    _j("pelatihan menjahit", "everyday", BLK),
    # --- lingkungan, bencana -----------------------------------------------------------
    _j("sampah", "everyday", TPS, DEMO_SAMPAH),
    _j("tps sampah", "acronym", TPS),
    _j("bank sampah", "everyday", TPS),
    _j("tempat sampah", "everyday", TPS),
    _j("bank sampah buaran", "kecamatan", TPS),
    _j("pencemaran sungai", "everyday", SUNGAI),
    _j("sungai tercemar", "morphology", SUNGAI),
    _j("banjir", "everyday", BANJIR, DEMO_BENCANA),
    _j("banjir rob", "place", BANJIR),
    _j("rob wonokerto", "place", BANJIR),
    _j("banjir tirto", "kecamatan", BANJIR),
    _j("pengungsi banjir", "everyday", BANJIR),
    _j("desa tangguh bencana", "everyday", DESTANA),
    _j("destana", "acronym", DESTANA),
    # --- perikanan, pertanian --------------------------------------------------------
    _j("nelayan", "everyday", NELAYAN),
    _j("jumlah nelayan wonokerto", "kecamatan", NELAYAN),
    _j("nelayan wono kerto", "place", NELAYAN),
    _j("perahu nelayan", "everyday", NELAYAN),
    _j("nelayn", "typo", NELAYAN),
    _j("tpi", "acronym", TPI),
    _j("lelang ikan", "morphology", TPI),
    _j("tpi wonokerto", "kecamatan", TPI),
    _j("sapi", "everyday", TERNAK),
    _j("ternak kambing", "everyday", TERNAK),
    _j("peternakan", "morphology", TERNAK),
    _j("ternak kandang serang", "place", TERNAK),
    _j("pupuk subsidi", "morphology", PUPUK),
    _j("pupuk urea", "everyday", PUPUK),
    _j("jatah pupuk petani", "everyday", PUPUK),
    _j("sawah bojong", "kecamatan", SAWAH_BOJONG),
    _j("luas sawah", "everyday", SAWAH_BOJONG),
    # --- kependudukan ------------------------------------------------------------------
    _j("kk", "acronym", KK),
    _j("kartu keluarga", "everyday", KK),
    _j("kepala keluarga perempuan", "everyday", KK),
    _j("penduduk menurut agama", "everyday", AGAMA),
    _j("jumlah umat islam", "everyday", AGAMA),
    _j("kia", "acronym", KIA),
    _j("kartu identitas anak", "everyday", KIA),
    _j("penduduk doro", "kecamatan", DORO),
    _j("desa di doro", "kecamatan", DORO),
    _j("rt rw kedungwuni", "kecamatan", RT_RW),
    _j("rukun tetangga", "everyday", RT_RW),
    # --- perhubungan, kominfo, pariwisata, olahraga -----------------------------------
    _j("kecelakaan", "everyday", LAKA),
    _j("laka lantas", "acronym", LAKA),
    _j("korban kecelakaan lalu lintas", "everyday", LAKA),
    _j("kecelakaan lalin", "acronym", LAKA),
    _j("bts", "acronym", BTS),
    _j("tower sinyal", "concept", BTS),
    _j("menara telekomunikasi", "everyday", BTS),
    _j("hotel", "everyday", HOTEL),
    _j("penginapan", "everyday", HOTEL),
    _j("homestay", "everyday", HOTEL),
    _j("hotel kajen", "kecamatan", HOTEL),
    _j("lapangan sepak bola", "everyday", OLAHRAGA),
    _j("gor", "acronym", OLAHRAGA),
    _j("sarana olahraga", "everyday", OLAHRAGA),
)

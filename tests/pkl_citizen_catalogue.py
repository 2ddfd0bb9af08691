"""The citizen catalogue: datasets that are NOT in the demo catalogue, of the kind the OPDs of
Kabupaten Pekalongan will publish next (dengue cases, RTLH repaired, APBD realisation, PDAM
customers, PKH recipients, houses of worship, ...), written the way an OPD's data officer
writes them: formal titles, full terms (an acronym only where offices use one), the Satu Data
fields of ``schemas/satudata_dataset.yaml``, real demo OPDs and kecamatan.

They exist to test search honestly: the queries of ``pkl_citizen_queries`` were written as
citizens type, not from these titles. :func:`datasets` is plain data; :func:`load` and
:func:`purge` write them into the test site after the demo catalogue and remove them again,
through the actions (CKAN is imported inside them only).
"""
from __future__ import annotations

from typing import Any, NamedTuple

YEAR = 2025
KABUPATEN = "33.26"
WALIDATA = "dinas-komunikasi-dan-informatika"

# kecamatan code by name (ckanext/pekalongan/data/kecamatan.csv)
KEC = {
    "Kandangserang": "33.26.01", "Paninggaran": "33.26.02", "Lebakbarang": "33.26.03",
    "Petungkriyono": "33.26.04", "Talun": "33.26.05", "Doro": "33.26.06",
    "Karanganyar": "33.26.07", "Kajen": "33.26.08", "Kesesi": "33.26.09", "Sragi": "33.26.10",
    "Bojong": "33.26.11", "Wonopringgo": "33.26.12", "Kedungwuni": "33.26.13",
    "Buaran": "33.26.14", "Tirto": "33.26.15", "Wiradesa": "33.26.16", "Siwalan": "33.26.17",
    "Karangdadap": "33.26.18", "Wonokerto": "33.26.19",
}
PESISIR = ("Tirto", "Wiradesa", "Siwalan", "Wonokerto")

NOTE = ("_Data uji pencarian Portal Satu Data Kabupaten Pekalongan: angka disusun mendekati "
        "kondisi sebenarnya, bukan statistik resmi._")

DINKES = "dinas-kesehatan"
DINDIKBUD = "dinas-pendidikan-dan-kebudayaan"
DINSOS = "dinas-sosial"
DINPERKIM = "dinas-perumahan-rakyat-dan-kawasan-permukiman"
DPUPR = "dinas-pekerjaan-umum-dan-penataan-ruang"
BPKD = "badan-pengelolaan-keuangan-daerah"
BAPPEDA = "badan-perencanaan-pembangunan-daerah"
SETDA = "sekretariat-daerah"
DPMD = "dinas-pemberdayaan-masyarakat-dan-desa"
DINKOP = "dinas-koperasi-ukm-dan-perdagangan"
DINPERINAKER = "dinas-perindustrian-dan-tenaga-kerja"
DLH = "dinas-lingkungan-hidup"
BPBD = "badan-penanggulangan-bencana-daerah"
DINKAN = "dinas-perikanan"
DISPERTAPA = "dinas-pertanian-dan-pangan"
DUKCAPIL = "dinas-kependudukan-dan-pencatatan-sipil"
DISHUB = "dinas-perhubungan"
KOMINFO = "dinas-komunikasi-dan-informatika"
DINPORAPAR = "dinas-pemuda-olahraga-dan-pariwisata"
RSUD_KAJEN = "rsud-kajen"


class Spec(NamedTuple):
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
    columns: tuple[str, ...]
    series: bool = False  # 2021..2025 rows
    kecamatan: tuple[str, ...] = ()  # a kecamatan's own data (its name), else whole regency
    per_kecamatan: bool = True


S = Spec
PK = ("kode_wilayah", "kecamatan")
TH = ("tahun",)

# fmt: off
SPECS: tuple[Spec, ...] = (
    # --- Kesehatan ---------------------------------------------------------------------
    S("kasus-demam-berdarah-dengue-per-kecamatan-2025",
      "Kasus Demam Berdarah Dengue dan Angka Bebas Jentik per Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan",), ("demam berdarah", "penyakit menular", "jentik"),
      "Jumlah kasus dan kematian akibat demam berdarah dengue, angka kesakitan per 100.000 "
      "penduduk dan angka bebas jentik hasil pemeriksaan jentik berkala di setiap kecamatan.",
      "**Angka bebas jentik** adalah persentase rumah yang tidak ditemukan jentik nyamuk "
      "Aedes pada pemeriksaan jentik berkala.",
      "kasus", "Kecamatan", "tahunan", "administrasi",
      "Laporan surveilans penyakit menular puskesmas, Dinas Kesehatan",
      (*PK, "kasus", "meninggal", "incidence_rate", "angka_bebas_jentik")),
    S("penemuan-dan-pengobatan-kasus-tuberkulosis-2021-2025",
      "Penemuan dan Pengobatan Kasus Tuberkulosis Tahun 2021-2025",
      DINKES, "kesehatan", ("kesehatan",), ("tuberkulosis", "penyakit menular", "pengobatan"),
      "Perkiraan kasus, kasus tuberkulosis yang ditemukan dan diobati, angka keberhasilan "
      "pengobatan (success rate) di fasilitas pelayanan kesehatan.",
      "**Treatment coverage** adalah kasus yang ditemukan dan diobati dibanding perkiraan "
      "jumlah kasus tuberkulosis.",
      "kasus", "Tahun", "tahunan", "administrasi",
      "Sistem Informasi Tuberkulosis (SITB), Dinas Kesehatan",
      (*TH, "perkiraan_kasus", "kasus_ditemukan", "treatment_coverage", "success_rate"),
      series=True),
    S("penemuan-pneumonia-balita-per-kecamatan-2025",
      "Penemuan Kasus Pneumonia dan Infeksi Saluran Pernapasan Akut pada Balita per "
      "Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan",), ("pneumonia", "balita", "penyakit menular"),
      "Jumlah balita batuk atau kesukaran bernapas yang diperiksa, kasus pneumonia balita "
      "yang ditemukan dan ditangani di puskesmas.",
      "**Pneumonia balita** adalah infeksi akut jaringan paru pada anak usia 0-59 bulan.",
      "kasus", "Kecamatan; kelompok umur", "tahunan", "administrasi",
      "Laporan program P2 ISPA puskesmas, Dinas Kesehatan",
      (*PK, "balita_diperiksa", "pneumonia", "pneumonia_berat", "persentase_ditangani")),
    S("posyandu-menurut-strata-per-kecamatan-2025",
      "Jumlah Posyandu Menurut Strata dan Posyandu Aktif per Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan",),
      ("posyandu", "upaya kesehatan bersumber daya masyarakat"),
      "Jumlah pos pelayanan terpadu menurut strata (pratama, madya, purnama, mandiri) dan "
      "jumlah yang aktif di setiap kecamatan.",
      "**Posyandu aktif** adalah posyandu strata purnama dan mandiri.",
      "unit", "Kecamatan; strata", "tahunan", "administrasi",
      "Laporan promosi kesehatan puskesmas, Dinas Kesehatan",
      (*PK, "pratama", "madya", "purnama", "mandiri", "posyandu_aktif")),
    S("apotek-toko-obat-dan-praktik-dokter-per-kecamatan-2025",
      "Jumlah Apotek, Toko Obat dan Praktik Mandiri Dokter per Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan",), ("apotek", "sarana kefarmasian", "praktik dokter"),
      "Jumlah apotek, toko obat berizin, praktik mandiri dokter umum, dokter gigi dan bidan "
      "yang terdaftar di setiap kecamatan.",
      "**Apotek** adalah sarana pelayanan kefarmasian tempat praktik kefarmasian oleh "
      "apoteker.",
      "unit", "Kecamatan; jenis sarana", "tahunan", "administrasi",
      "Data perizinan sarana kesehatan, Dinas Kesehatan",
      (*PK, "apotek", "toko_obat", "praktik_dokter_umum", "praktik_dokter_gigi",
       "praktik_bidan")),
    S("kepesertaan-jaminan-kesehatan-nasional-2021-2025",
      "Kepesertaan Jaminan Kesehatan Nasional Menurut Segmen Tahun 2021-2025",
      DINKES, "kesehatan", ("kesehatan", "sosial"),
      ("jaminan kesehatan", "universal health coverage"),
      "Jumlah peserta Jaminan Kesehatan Nasional (JKN) menurut segmen kepesertaan: penerima "
      "bantuan iuran APBN dan APBD, pekerja penerima upah, pekerja bukan penerima upah dan "
      "bukan pekerja, serta persentase penduduk yang terdaftar.",
      "**Penerima Bantuan Iuran (PBI)** adalah fakir miskin dan orang tidak mampu yang "
      "iurannya dibayar pemerintah.",
      "jiwa", "Tahun; segmen", "tahunan", "kompilasi",
      "BPJS Kesehatan Kantor Cabang Pekalongan, diolah Dinas Kesehatan",
      (*TH, "pbi_apbn", "pbi_apbd", "ppu", "pbpu", "bukan_pekerja", "cakupan_persen"),
      series=True),
    S("jumlah-kematian-ibu-menurut-penyebab-2021-2025",
      "Jumlah Kematian Ibu Menurut Penyebab Tahun 2021-2025",
      DINKES, "kesehatan", ("kesehatan",), ("kesehatan ibu", "kematian ibu", "persalinan"),
      "Jumlah kematian ibu hamil, bersalin dan nifas menurut penyebab (perdarahan, "
      "hipertensi dalam kehamilan, infeksi, lain-lain) dan rasio per 100.000 kelahiran hidup.",
      "**Kematian ibu** adalah kematian perempuan selama kehamilan atau dalam 42 hari "
      "setelah berakhirnya kehamilan.",
      "jiwa", "Tahun; penyebab", "tahunan", "administrasi",
      "Laporan kesehatan ibu dan anak, Dinas Kesehatan",
      (*TH, "perdarahan", "hipertensi", "infeksi", "lain_lain", "rasio_per_100000_kh"),
      series=True),
    S("balita-gizi-kurang-dan-gizi-buruk-per-kecamatan-2025",
      "Jumlah Balita Ditimbang, Gizi Kurang dan Gizi Buruk per Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan",), ("gizi", "balita", "penimbangan"),
      "Jumlah balita yang ditimbang di posyandu dan balita dengan berat badan menurut tinggi "
      "badan di bawah standar (wasting) di setiap kecamatan.",
      "**Gizi buruk** adalah status gizi menurut berat badan per tinggi badan kurang dari "
      "-3 standar deviasi.",
      "jiwa", "Kecamatan", "tahunan", "administrasi",
      "Elektronik Pencatatan dan Pelaporan Gizi Berbasis Masyarakat (e-PPGBM)",
      (*PK, "balita_ditimbang", "gizi_kurang", "gizi_buruk")),
    S("pelayanan-kesehatan-orang-dengan-gangguan-jiwa-berat-2021-2025",
      "Pelayanan Kesehatan Orang dengan Gangguan Jiwa Berat Tahun 2021-2025",
      DINKES, "kesehatan", ("kesehatan",), ("kesehatan jiwa", "standar pelayanan minimal"),
      "Jumlah orang dengan gangguan jiwa berat (skizofrenia dan psikosis) dan yang mendapat "
      "pelayanan kesehatan sesuai standar.",
      "Indikator Standar Pelayanan Minimal bidang kesehatan.",
      "jiwa", "Tahun", "tahunan", "administrasi", "Laporan SPM, Dinas Kesehatan",
      (*TH, "sasaran", "dilayani", "persentase"), series=True),
    S("sepuluh-besar-penyakit-rawat-jalan-rsud-kajen-2025",
      "Sepuluh Besar Penyakit Pasien Rawat Jalan RSUD Kajen Tahun 2025",
      RSUD_KAJEN, "kesehatan", ("kesehatan",), ("rumah sakit", "rawat jalan", "diagnosis"),
      "Sepuluh diagnosis terbanyak pada pasien rawat jalan RSUD Kajen menurut kode ICD-10.",
      "Diagnosis utama menurut International Classification of Diseases (ICD-10).",
      "kunjungan", "Diagnosis", "tahunan", "administrasi",
      "Sistem Informasi Manajemen Rumah Sakit RSUD Kajen",
      ("peringkat", "kode_icd10", "diagnosis", "jumlah_kunjungan"), per_kecamatan=False),
    S("akses-sanitasi-dan-jamban-sehat-per-kecamatan-2025",
      "Akses Sanitasi Layak dan Desa Stop Buang Air Besar Sembarangan per Kecamatan Tahun 2025",
      DINKES, "kesehatan", ("kesehatan", "lingkungan"), ("sanitasi", "stbm", "jamban"),
      "Jumlah kepala keluarga dengan akses jamban sehat permanen dan semi permanen, yang "
      "masih menumpang atau buang air besar sembarangan, serta desa yang sudah "
      "terverifikasi stop buang air besar sembarangan.",
      "Sanitasi Total Berbasis Masyarakat (STBM) pilar 1.",
      "kepala keluarga", "Kecamatan", "tahunan", "administrasi", "Aplikasi STBM, Dinas Kesehatan",
      (*PK, "kk_jamban_permanen", "kk_jamban_semi_permanen", "kk_bab_sembarangan",
       "desa_stop_bab")),
    # --- Pendidikan dan kebudayaan ----------------------------------------------------
    S("lembaga-dan-peserta-didik-pendidikan-anak-usia-dini-per-kecamatan-2025",
      "Jumlah Lembaga dan Peserta Didik Pendidikan Anak Usia Dini per Kecamatan Tahun 2025",
      DINDIKBUD, "pendidikan", ("pendidikan",),
      ("taman kanak-kanak", "kelompok bermain", "anak usia dini"),
      "Jumlah taman kanak-kanak, kelompok bermain, tempat penitipan anak dan satuan PAUD "
      "sejenis beserta peserta didiknya di setiap kecamatan.",
      "**Pendidikan anak usia dini** adalah pembinaan anak sejak lahir sampai usia enam tahun.",
      "lembaga; anak", "Kecamatan; bentuk satuan", "tahunan", "administrasi",
      "Data Pokok Pendidikan (Dapodik)",
      (*PK, "tk", "kb", "tpa", "sps", "peserta_didik")),
    S("angka-melek-huruf-penduduk-usia-15-tahun-ke-atas-2021-2025",
      "Angka Melek Huruf Penduduk Usia 15 Tahun ke Atas Tahun 2021-2025",
      BAPPEDA, "pendidikan", ("pendidikan", "sosial"), ("melek huruf", "indikator", "literasi"),
      "Persentase penduduk berumur 15 tahun ke atas yang dapat membaca dan menulis huruf "
      "latin atau huruf lainnya, menurut jenis kelamin.",
      "**Angka melek huruf** adalah proporsi penduduk yang dapat membaca dan menulis kalimat "
      "sederhana.",
      "persen", "Tahun; jenis kelamin", "tahunan", "kompilasi",
      "Survei Sosial Ekonomi Nasional (BPS), diolah Bappeda",
      (*TH, "laki_laki", "perempuan", "total"), series=True),
    S("rata-rata-lama-sekolah-dan-harapan-lama-sekolah-2021-2025",
      "Rata-rata Lama Sekolah dan Harapan Lama Sekolah Tahun 2021-2025",
      BAPPEDA, "pendidikan", ("pendidikan", "sosial"), ("indikator", "lama sekolah"),
      "Rata-rata jumlah tahun yang dijalani penduduk usia 25 tahun ke atas di pendidikan "
      "formal dan lamanya sekolah yang diharapkan dirasakan anak umur 7 tahun.",
      "Komponen dimensi pengetahuan Indeks Pembangunan Manusia (BPS).",
      "tahun", "Tahun", "tahunan", "kompilasi", "BPS Kabupaten Pekalongan, diolah Bappeda",
      (*TH, "rata_rata_lama_sekolah", "harapan_lama_sekolah"), series=True),
    S("jumlah-anak-tidak-sekolah-per-kecamatan-2025",
      "Jumlah Anak Tidak Sekolah Usia 7-18 Tahun per Kecamatan Tahun 2025",
      DINDIKBUD, "pendidikan", ("pendidikan",), ("anak tidak sekolah", "putus sekolah"),
      "Jumlah anak usia sekolah yang tidak pernah bersekolah, putus sekolah, atau lulus tidak "
      "melanjutkan, hasil pemadanan data kependudukan dengan Dapodik dan EMIS.",
      "**Putus sekolah** adalah berhenti sekolah sebelum menamatkan jenjangnya.",
      "jiwa", "Kecamatan; kategori", "tahunan", "kompilasi",
      "Pemadanan data SIAK, Dapodik dan EMIS, Dinas Pendidikan dan Kebudayaan",
      (*PK, "belum_pernah_sekolah", "putus_sekolah", "lulus_tidak_melanjutkan")),
    S("kondisi-ruang-kelas-sd-dan-smp-per-kecamatan-2025",
      "Kondisi Ruang Kelas Sekolah Dasar dan Sekolah Menengah Pertama per Kecamatan Tahun 2025",
      DINDIKBUD, "pendidikan", ("pendidikan", "infrastruktur"),
      ("ruang kelas", "sarana prasarana sekolah"),
      "Jumlah ruang kelas SD dan SMP menurut kondisi: baik, rusak ringan, rusak sedang dan "
      "rusak berat.",
      "Kondisi menurut penilaian kerusakan bangunan sekolah dalam Dapodik.",
      "ruang", "Kecamatan; jenjang; kondisi", "tahunan", "administrasi",
      "Data Pokok Pendidikan (Dapodik)",
      (*PK, "jenjang", "baik", "rusak_ringan", "rusak_sedang", "rusak_berat")),
    S("daftar-objek-diduga-cagar-budaya-2025",
      "Daftar Objek Diduga Cagar Budaya Kabupaten Pekalongan Tahun 2025",
      DINDIKBUD, "kebudayaan", ("pendidikan", "pariwisata"),
      ("cagar budaya", "sejarah", "kebudayaan"),
      "Daftar benda, bangunan, struktur dan situs yang diduga cagar budaya beserta letak "
      "desa dan kecamatannya.",
      "**Objek diduga cagar budaya** adalah objek yang didaftarkan dan belum ditetapkan.",
      "objek", "Objek; desa; kecamatan", "tidak_tentu", "administrasi",
      "Tim Ahli Cagar Budaya, Dinas Pendidikan dan Kebudayaan",
      ("nama_objek", "jenis", "desa", "kecamatan", "status"), per_kecamatan=False),
    # --- Keagamaan -----------------------------------------------------------------------
    S("jumlah-tempat-ibadah-menurut-agama-per-kecamatan-2025",
      "Jumlah Tempat Peribadatan Menurut Jenis per Kecamatan Tahun 2025",
      SETDA, "pemerintahan", ("sosial",), ("tempat ibadah", "masjid", "keagamaan"),
      "Jumlah masjid, musala, gereja, pura, vihara dan klenteng di setiap kecamatan.",
      "Tempat peribadatan yang terdata oleh Kantor Kementerian Agama dan kecamatan.",
      "unit", "Kecamatan; jenis tempat ibadah", "tahunan", "kompilasi",
      "Kantor Kementerian Agama Kabupaten Pekalongan, diolah Bagian Kesejahteraan Rakyat",
      (*PK, "masjid", "musala", "gereja", "pura", "vihara", "klenteng")),
    S("jumlah-pondok-pesantren-dan-santri-per-kecamatan-2025",
      "Jumlah Pondok Pesantren, Santri dan Ustaz per Kecamatan Tahun 2025",
      SETDA, "pemerintahan", ("pendidikan", "sosial"), ("pondok pesantren", "santri", "keagamaan"),
      "Jumlah pondok pesantren, santri mukim dan tidak mukim serta ustaz di setiap kecamatan.",
      "Pesantren terdaftar menurut UU 18/2019 tentang Pesantren.",
      "unit; jiwa", "Kecamatan", "tahunan", "kompilasi",
      "Kantor Kementerian Agama Kabupaten Pekalongan, diolah Bagian Kesejahteraan Rakyat",
      (*PK, "pondok_pesantren", "santri_mukim", "santri_tidak_mukim", "ustaz")),
    # --- Sosial --------------------------------------------------------------------------
    S("keluarga-penerima-manfaat-program-keluarga-harapan-per-kecamatan-2025",
      "Keluarga Penerima Manfaat Program Keluarga Harapan per Kecamatan Tahun 2025",
      DINSOS, "sosial", ("sosial",),
      ("bantuan sosial", "keluarga penerima manfaat", "perlindungan sosial"),
      "Jumlah keluarga penerima manfaat (KPM) bantuan sosial bersyarat Program Keluarga "
      "Harapan menurut komponen kesehatan, pendidikan dan kesejahteraan sosial.",
      "**Program Keluarga Harapan** adalah bantuan sosial bersyarat bagi keluarga miskin dan "
      "rentan yang terdaftar dalam data terpadu.",
      "keluarga", "Kecamatan; komponen", "triwulanan", "administrasi",
      "SIKS-NG Kementerian Sosial, Dinas Sosial",
      (*PK, "kpm", "komponen_kesehatan", "komponen_pendidikan", "komponen_kesos")),
    S("penyaluran-bantuan-pangan-non-tunai-per-kecamatan-2025",
      "Penyaluran Program Sembako (Bantuan Pangan Non Tunai) per Kecamatan Tahun 2025",
      DINSOS, "sosial", ("sosial",),
      ("bantuan sosial", "bantuan pangan", "kartu keluarga sejahtera"),
      "Jumlah keluarga penerima manfaat dan nilai bantuan Program Sembako yang disalurkan "
      "melalui rekening bank Himbara dan e-warong.",
      "Bantuan sosial pangan nontunai Rp200.000 per keluarga per bulan.",
      "keluarga; rupiah", "Kecamatan; triwulan", "triwulanan", "administrasi",
      "SIKS-NG Kementerian Sosial, Dinas Sosial",
      (*PK, "kpm", "nilai_bantuan_rupiah", "tersalur_persen")),
    S("penyandang-masalah-kesejahteraan-sosial-menurut-jenis-2021-2025",
      "Penyandang Masalah Kesejahteraan Sosial Menurut Jenis Tahun 2021-2025",
      DINSOS, "sosial", ("sosial",), ("kesejahteraan sosial", "rehabilitasi sosial"),
      "Jumlah penyandang masalah kesejahteraan sosial: anak terlantar, anak jalanan, lanjut "
      "usia terlantar, gelandangan, pengemis, tuna susila, korban bencana dan lainnya.",
      "Jenis PMKS menurut Permensos 8/2012.",
      "jiwa", "Tahun; jenis", "tahunan", "administrasi", "Dinas Sosial",
      (*TH, "anak_terlantar", "anak_jalanan", "lansia_terlantar", "gelandangan", "pengemis"),
      series=True),
    S("penyandang-disabilitas-menurut-ragam-per-kecamatan-2025",
      "Jumlah Penyandang Disabilitas Menurut Ragam per Kecamatan Tahun 2025",
      DINSOS, "sosial", ("sosial",), ("disabilitas", "inklusi"),
      "Jumlah penyandang disabilitas fisik, intelektual, mental dan sensorik di setiap "
      "kecamatan.",
      "Ragam disabilitas menurut UU 8/2016 tentang Penyandang Disabilitas.",
      "jiwa", "Kecamatan; ragam", "tahunan", "administrasi", "Dinas Sosial",
      (*PK, "fisik", "intelektual", "mental", "sensorik", "ganda")),
    S("data-terpadu-kesejahteraan-sosial-per-kecamatan-2025",
      "Jumlah Keluarga dan Individu dalam Data Terpadu Kesejahteraan Sosial per Kecamatan "
      "Tahun 2025",
      DINSOS, "sosial", ("sosial",), ("data terpadu", "keluarga miskin", "verifikasi validasi"),
      "Jumlah rumah tangga, keluarga dan individu yang tercatat dalam data terpadu hasil "
      "verifikasi dan validasi desa/kelurahan.",
      "Data terpadu adalah basis data penerima program perlindungan sosial.",
      "keluarga; jiwa", "Kecamatan", "semesteran", "administrasi",
      "SIKS-NG Kementerian Sosial, Dinas Sosial",
      (*PK, "rumah_tangga", "keluarga", "individu")),
    S("penduduk-miskin-ekstrem-per-kecamatan-2025",
      "Jumlah Keluarga Miskin Ekstrem Sasaran Penghapusan per Kecamatan Tahun 2025",
      BAPPEDA, "sosial", ("sosial",), ("kemiskinan ekstrem", "penanggulangan kemiskinan"),
      "Jumlah keluarga dan individu miskin ekstrem hasil Pensasaran Percepatan Penghapusan "
      "Kemiskinan Ekstrem (P3KE) di setiap kecamatan.",
      "**Miskin ekstrem** adalah pengeluaran di bawah USD 1,9 PPP per orang per hari.",
      "keluarga", "Kecamatan", "tahunan", "kompilasi", "Data P3KE, diolah Bappeda",
      (*PK, "keluarga_miskin_ekstrem", "individu_miskin_ekstrem")),
    # --- Perumahan, permukiman, air ------------------------------------------------------
    S("rumah-tidak-layak-huni-yang-diperbaiki-per-kecamatan-2025",
      "Rumah Tidak Layak Huni yang Diperbaiki per Kecamatan Tahun 2025",
      DINPERKIM, "perumahan", ("infrastruktur", "sosial"),
      ("rtlh", "bantuan stimulan", "rehabilitasi rumah"),
      "Jumlah rumah tidak layak huni yang diperbaiki melalui bantuan stimulan perumahan "
      "swadaya APBD kabupaten, APBD provinsi, APBN dan CSR di setiap kecamatan.",
      "Rumah diperbaiki dengan peningkatan kualitas atap, lantai dan dinding.",
      "unit rumah", "Kecamatan; sumber dana", "tahunan", "administrasi",
      "Dinas Perumahan Rakyat dan Kawasan Permukiman",
      (*PK, "apbd_kabupaten", "apbd_provinsi", "apbn", "csr", "jumlah")),
    S("cakupan-akses-air-minum-layak-per-kecamatan-2025",
      "Cakupan Akses Air Minum Layak per Kecamatan Tahun 2025",
      DINPERKIM, "perumahan", ("infrastruktur",), ("air minum", "pamsimas", "sanitasi"),
      "Jumlah dan persentase rumah tangga yang mendapat akses air minum layak dari jaringan "
      "perpipaan dan bukan jaringan perpipaan terlindungi.",
      "Air minum layak menurut Standar Pelayanan Minimal bidang pekerjaan umum.",
      "rumah tangga", "Kecamatan; sumber air", "tahunan", "kompilasi",
      "Dinas Perumahan Rakyat dan Kawasan Permukiman; Pamsimas",
      (*PK, "perpipaan", "bukan_perpipaan_terlindungi", "persen_akses_layak")),
    S("pelanggan-perusahaan-umum-daerah-air-minum-per-kecamatan-2025",
      "Jumlah Pelanggan Perusahaan Umum Daerah Air Minum per Kecamatan Tahun 2025",
      SETDA, "pekerjaan_umum", ("infrastruktur", "ekonomi"),
      ("air minum", "sambungan rumah", "bumd"),
      "Jumlah sambungan rumah dan pelanggan perusahaan umum daerah air minum menurut golongan "
      "tarif serta volume air terjual di setiap kecamatan.",
      "Pelanggan adalah sambungan aktif pada akhir tahun.",
      "sambungan", "Kecamatan; golongan", "tahunan", "kompilasi",
      "Perumda Air Minum Kabupaten Pekalongan, diolah Bagian Perekonomian",
      (*PK, "rumah_tangga", "niaga", "sosial", "instansi", "volume_terjual_m3")),
    S("penerangan-jalan-umum-per-kecamatan-2025",
      "Jumlah Titik Penerangan Jalan Umum per Kecamatan Tahun 2025",
      DISHUB, "perhubungan", ("infrastruktur",), ("penerangan jalan", "lampu"),
      "Jumlah titik lampu penerangan jalan umum menurut jenis lampu dan daya terpasang.",
      "Penerangan jalan umum milik pemerintah kabupaten.",
      "titik", "Kecamatan; jenis lampu", "tahunan", "administrasi", "Dinas Perhubungan",
      (*PK, "led", "sodium", "daya_kva")),
    # --- Pekerjaan umum, desa -------------------------------------------------------------
    S("panjang-dan-kondisi-jalan-desa-per-kecamatan-2025",
      "Panjang dan Kondisi Jalan Desa per Kecamatan Tahun 2025",
      DPMD, "pemberdayaan_masyarakat_desa", ("infrastruktur", "pemerintahan"),
      ("jalan desa", "infrastruktur desa"),
      "Panjang jalan desa menurut jenis permukaan (aspal, beton, makadam, tanah) dan kondisi "
      "di setiap kecamatan, dari profil desa.",
      "Jalan desa adalah jalan umum yang menghubungkan kawasan dan antarpermukiman di desa.",
      "km", "Kecamatan; permukaan; kondisi", "tahunan", "kompilasi", "Profil Desa, DPMD",
      (*PK, "aspal_km", "beton_km", "makadam_km", "tanah_km", "rusak_km")),
    S("daerah-irigasi-kewenangan-kabupaten-2025",
      "Luas Layanan dan Kondisi Jaringan Daerah Irigasi Kewenangan Kabupaten Tahun 2025",
      DPUPR, "pekerjaan_umum", ("infrastruktur", "pertanian-perikanan"),
      ("irigasi", "sumber daya air"),
      "Nama daerah irigasi, luas areal layanan dan kondisi saluran serta bangunan irigasi "
      "kewenangan kabupaten.",
      "Daerah irigasi kewenangan kabupaten: luas kurang dari 1.000 ha dalam satu kabupaten.",
      "hektare", "Daerah irigasi", "tahunan", "administrasi",
      "Bidang Sumber Daya Air, DPUPR",
      ("daerah_irigasi", "kecamatan", "luas_ha", "kondisi_baik_persen", "kondisi_rusak_persen"),
      per_kecamatan=False),
    S("realisasi-dana-desa-dan-alokasi-dana-desa-per-kecamatan-2025",
      "Realisasi Dana Desa dan Alokasi Dana Desa per Kecamatan Tahun 2025",
      DPMD, "pemberdayaan_masyarakat_desa", ("pemerintahan", "ekonomi"),
      ("keuangan desa", "dana desa"),
      "Pagu dan realisasi penyaluran dana desa dari APBN dan alokasi dana desa dari APBD "
      "kabupaten ke rekening kas desa, per kecamatan.",
      "**Alokasi Dana Desa** adalah paling sedikit 10 % dana perimbangan setelah dikurangi "
      "dana alokasi khusus.",
      "rupiah", "Kecamatan; sumber", "tahunan", "administrasi", "Siskeudes, DPMD",
      (*PK, "pagu_dana_desa", "realisasi_dana_desa", "pagu_add", "realisasi_add")),
    # --- Keuangan daerah, ekonomi ---------------------------------------------------------
    S("realisasi-anggaran-pendapatan-dan-belanja-daerah-2021-2025",
      "Realisasi Anggaran Pendapatan dan Belanja Daerah Tahun 2021-2025",
      BPKD, "keuangan_daerah", ("ekonomi",), ("anggaran", "belanja daerah", "keuangan daerah"),
      "Anggaran dan realisasi pendapatan, belanja dan pembiayaan daerah Kabupaten Pekalongan.",
      "Laporan realisasi anggaran menurut standar akuntansi pemerintahan.",
      "rupiah", "Tahun; kelompok", "tahunan", "administrasi",
      "Laporan Keuangan Pemerintah Daerah (audited), BPKD",
      (*TH, "pendapatan", "belanja_operasi", "belanja_modal", "pembiayaan_netto", "silpa"),
      series=True),
    S("realisasi-pajak-daerah-menurut-jenis-2021-2025",
      "Realisasi Pajak Daerah Menurut Jenis Pajak Tahun 2021-2025",
      BPKD, "keuangan_daerah", ("ekonomi",), ("pajak daerah", "pendapatan"),
      "Target dan realisasi pajak bumi dan bangunan perdesaan dan perkotaan, BPHTB, pajak "
      "barang dan jasa tertentu (restoran, perhotelan, parkir, hiburan, tenaga listrik), "
      "reklame, air tanah dan MBLB.",
      "Jenis pajak kabupaten menurut UU 1/2022.",
      "rupiah", "Tahun; jenis pajak", "tahunan", "administrasi", "BPKD",
      (*TH, "pbb_p2", "bphtb", "pbjt_restoran", "pbjt_perhotelan", "reklame", "air_tanah"),
      series=True),
    S("usaha-mikro-dan-kecil-per-kecamatan-2025",
      "Jumlah Usaha Mikro dan Kecil Menurut Sektor per Kecamatan Tahun 2025",
      DINKOP, "koperasi_umkm", ("ekonomi",), ("usaha mikro", "usaha kecil", "nib"),
      "Jumlah usaha mikro dan kecil yang terdata menurut sektor (makanan dan minuman, "
      "fesyen, kerajinan, perdagangan, jasa) dan yang telah memiliki nomor induk berusaha.",
      "Kriteria usaha mikro dan kecil menurut PP 7/2021.",
      "unit usaha", "Kecamatan; sektor", "tahunan", "administrasi",
      "Pendataan lengkap KUMKM, Dinas Koperasi, UKM dan Perdagangan",
      (*PK, "makanan_minuman", "fesyen", "kerajinan", "perdagangan", "jasa", "memiliki_nib")),
    S("pasar-tradisional-kios-los-dan-pedagang-2025",
      "Jumlah Pasar Tradisional, Kios, Los dan Pedagang Tahun 2025",
      DINKOP, "perdagangan", ("ekonomi",), ("pasar daerah", "pedagang", "retribusi pasar"),
      "Daftar pasar daerah milik pemerintah kabupaten dengan jumlah kios, los, pedagang dan "
      "hari pasaran.",
      "Pasar rakyat yang dikelola Dinas Koperasi, UKM dan Perdagangan.",
      "unit; orang", "Pasar", "tahunan", "administrasi",
      "UPT Pasar, Dinas Koperasi, UKM dan Perdagangan",
      ("nama_pasar", "kecamatan", "kios", "los", "pedagang", "hari_pasaran"),
      per_kecamatan=False),
    S("harga-rata-rata-bahan-pokok-bulanan-2025",
      "Harga Rata-rata Bahan Kebutuhan Pokok per Bulan Tahun 2025",
      DINKOP, "perdagangan", ("ekonomi",), ("harga", "bahan pokok", "inflasi"),
      "Harga eceran rata-rata beras medium, gula pasir, minyak goreng, telur ayam, daging "
      "ayam, cabai merah keriting dan bawang merah di pasar-pasar daerah.",
      "Hasil pemantauan harga mingguan, dirata-rata per bulan.",
      "rupiah/kg", "Bulan; komoditas", "bulanan", "survei",
      "Pemantauan harga pasar, Dinas Koperasi, UKM dan Perdagangan",
      ("bulan", "beras_medium", "gula_pasir", "minyak_goreng", "telur_ayam", "cabai_merah",
       "bawang_merah"), per_kecamatan=False),
    # --- Ketenagakerjaan ------------------------------------------------------------------
    S("pekerja-migran-indonesia-asal-kabupaten-pekalongan-2021-2025",
      "Jumlah Pekerja Migran Indonesia Asal Kabupaten Pekalongan Menurut Negara Tujuan "
      "Tahun 2021-2025",
      DINPERINAKER, "ketenagakerjaan", ("ketenagakerjaan",), ("pekerja migran", "penempatan"),
      "Jumlah pekerja migran yang diberangkatkan menurut negara tujuan (Malaysia, Taiwan, "
      "Hong Kong, Korea Selatan, Jepang, lainnya) dan jenis kelamin.",
      "Pekerja migran menurut UU 18/2017.",
      "orang", "Tahun; negara tujuan", "tahunan", "administrasi",
      "Sistem Komputerisasi Tenaga Kerja Luar Negeri (BP2MI), diolah Dinperinaker",
      (*TH, "malaysia", "taiwan", "hong_kong", "korea_selatan", "jepang", "lainnya"),
      series=True),
    S("upah-minimum-kabupaten-pekalongan-2021-2025",
      "Upah Minimum Kabupaten Pekalongan Tahun 2021-2025",
      DINPERINAKER, "ketenagakerjaan", ("ketenagakerjaan",),
      ("upah minimum", "hubungan industrial"),
      "Besaran upah minimum kabupaten yang ditetapkan Gubernur Jawa Tengah dan kenaikannya.",
      "Upah bulanan terendah bagi pekerja dengan masa kerja kurang dari satu tahun.",
      "rupiah/bulan", "Tahun", "tahunan", "administrasi",
      "Keputusan Gubernur Jawa Tengah tentang upah minimum kabupaten/kota",
      (*TH, "upah_minimum", "kenaikan_persen"), series=True),
    S("peserta-pelatihan-balai-latihan-kerja-2021-2025",
      "Jumlah Peserta Pelatihan Berbasis Kompetensi di Balai Latihan Kerja Tahun 2021-2025",
      DINPERINAKER, "ketenagakerjaan", ("ketenagakerjaan",), ("pelatihan kerja", "kompetensi"),
      "Jumlah peserta pelatihan menurut kejuruan (menjahit, las, otomotif, tata boga, "
      "komputer) dan yang lulus uji kompetensi.",
      "Pelatihan berbasis kompetensi di UPT Balai Latihan Kerja kabupaten.",
      "orang", "Tahun; kejuruan", "tahunan", "administrasi", "UPT BLK, Dinperinaker",
      (*TH, "menjahit", "las", "otomotif", "tata_boga", "komputer", "lulus"), series=True),
    # --- Lingkungan, bencana -------------------------------------------------------------
    S("tempat-penampungan-sementara-dan-bank-sampah-per-kecamatan-2025",
      "Jumlah Tempat Penampungan Sementara, TPS3R dan Bank Sampah per Kecamatan Tahun 2025",
      DLH, "lingkungan_hidup", ("lingkungan",), ("persampahan", "bank sampah", "daur ulang"),
      "Jumlah tempat penampungan sementara, tempat pengolahan sampah reduce-reuse-recycle "
      "dan bank sampah yang aktif di setiap kecamatan.",
      "Sarana persampahan menurut Perda pengelolaan sampah.",
      "unit", "Kecamatan; jenis sarana", "tahunan", "administrasi", "Dinas Lingkungan Hidup",
      (*PK, "tps", "tps3r", "bank_sampah")),
    S("hasil-pemantauan-kualitas-air-sungai-2025",
      "Hasil Pemantauan Kualitas Air Sungai Tahun 2025",
      DLH, "lingkungan_hidup", ("lingkungan",), ("kualitas air", "pencemaran", "sungai"),
      "Hasil uji parameter BOD, COD, TSS, pH dan warna di titik pantau Sungai Sengkarang, "
      "Sungai Sragi dan Sungai Kupang, serta status mutu air.",
      "Status mutu menurut metode indeks pencemaran.",
      "mg/L", "Titik pantau; parameter", "semesteran", "survei",
      "Laboratorium lingkungan, Dinas Lingkungan Hidup",
      ("titik_pantau", "sungai", "bod", "cod", "tss", "ph", "status_mutu"),
      per_kecamatan=False),
    S("kejadian-banjir-dan-banjir-rob-per-desa-2025",
      "Kejadian Banjir dan Banjir Pasang Air Laut per Desa Tahun 2025",
      BPBD, "kebencanaan", ("lingkungan",), ("banjir", "pesisir", "genangan"),
      "Kejadian banjir dan banjir akibat pasang air laut menurut desa, lama genangan, rumah "
      "terdampak dan pengungsi di kecamatan pesisir dan dataran rendah.",
      "Banjir pasang air laut menggenangi daratan pesisir saat pasang tinggi.",
      "kejadian", "Desa; jenis", "tahunan", "administrasi",
      "Pusat Pengendalian Operasi BPBD",
      ("desa", "kecamatan", "jenis", "lama_genangan_hari", "rumah_terdampak", "pengungsi"),
      kecamatan=("Tirto", "Wiradesa", "Siwalan", "Wonokerto", "Sragi"), per_kecamatan=False),
    S("desa-tangguh-bencana-2025",
      "Jumlah Desa Tangguh Bencana Menurut Kelas Tahun 2025",
      BPBD, "kebencanaan", ("lingkungan",), ("desa tangguh", "pengurangan risiko bencana"),
      "Desa yang telah dibentuk sebagai desa tangguh bencana menurut kelas pratama, madya "
      "dan utama, serta ancaman utamanya (tanah longsor, banjir, angin puting beliung).",
      "Desa tangguh bencana menurut Perka BNPB 1/2012.",
      "desa", "Kecamatan; kelas", "tahunan", "administrasi", "BPBD",
      (*PK, "pratama", "madya", "utama", "ancaman_utama")),
    # --- Perikanan, pertanian ------------------------------------------------------------
    S("jumlah-nelayan-dan-armada-perikanan-tangkap-2025",
      "Jumlah Nelayan dan Armada Perikanan Tangkap per Kecamatan Pesisir Tahun 2025",
      DINKAN, "perikanan", ("pertanian-perikanan",),
      ("nelayan", "kapal perikanan", "perikanan tangkap"),
      "Jumlah nelayan penuh dan sambilan serta armada perahu tanpa motor, motor tempel dan "
      "kapal motor menurut ukuran GT di kecamatan pesisir.",
      "Nelayan adalah orang yang mata pencahariannya melakukan penangkapan ikan.",
      "orang; unit", "Kecamatan; jenis armada", "tahunan", "administrasi", "Dinas Perikanan",
      (*PK, "nelayan_penuh", "nelayan_sambilan", "perahu_tanpa_motor", "motor_tempel",
       "kapal_motor"), kecamatan=PESISIR),
    S("produksi-dan-nilai-lelang-ikan-di-tpi-2021-2025",
      "Produksi dan Nilai Lelang Ikan di Tempat Pelelangan Ikan Tahun 2021-2025",
      DINKAN, "perikanan", ("pertanian-perikanan",), ("pelelangan ikan", "perikanan tangkap"),
      "Volume dan nilai produksi ikan yang dilelang di TPI Wonokerto dan TPI Jambean.",
      "Produksi yang tercatat melalui lelang di tempat pelelangan ikan.",
      "ton; rupiah", "Tahun; TPI", "tahunan", "administrasi", "Dinas Perikanan",
      (*TH, "tpi", "volume_ton", "nilai_rupiah"), series=True),
    S("populasi-ternak-menurut-jenis-per-kecamatan-2025",
      "Populasi Ternak Besar, Ternak Kecil dan Unggas per Kecamatan Tahun 2025",
      DISPERTAPA, "pertanian", ("pertanian-perikanan",), ("peternakan", "populasi ternak"),
      "Populasi sapi potong, sapi perah, kerbau, kambing, domba, ayam kampung, ayam ras dan "
      "itik di setiap kecamatan.",
      "Populasi pada akhir tahun hasil pendataan petugas peternakan.",
      "ekor", "Kecamatan; jenis ternak", "tahunan", "administrasi",
      "Bidang Peternakan, Dinas Pertanian dan Pangan",
      (*PK, "sapi_potong", "kerbau", "kambing", "domba", "ayam_kampung", "itik")),
    S("alokasi-dan-realisasi-pupuk-bersubsidi-2025",
      "Alokasi dan Realisasi Penyaluran Pupuk Bersubsidi per Kecamatan Tahun 2025",
      DISPERTAPA, "pertanian", ("pertanian-perikanan",),
      ("pupuk", "subsidi", "sarana produksi pertanian"),
      "Alokasi dan realisasi penyaluran pupuk urea dan NPK bersubsidi kepada petani yang "
      "terdaftar dalam rencana definitif kebutuhan kelompok.",
      "Pupuk bersubsidi menurut Permentan tentang alokasi dan HET pupuk bersubsidi.",
      "ton", "Kecamatan; jenis pupuk", "tahunan", "administrasi",
      "Dinas Pertanian dan Pangan", (*PK, "alokasi_urea", "realisasi_urea", "alokasi_npk",
                                     "realisasi_npk")),
    # --- Kependudukan ----------------------------------------------------------------------
    S("jumlah-kartu-keluarga-dan-kepala-keluarga-per-kecamatan-2025",
      "Jumlah Kepala Keluarga dan Kartu Keluarga Diterbitkan per Kecamatan Tahun 2025",
      DUKCAPIL, "kependudukan", ("kependudukan",), ("kartu keluarga", "dokumen kependudukan"),
      "Jumlah kepala keluarga menurut jenis kelamin dan kartu keluarga yang diterbitkan "
      "karena perubahan data, pisah KK atau hilang di setiap kecamatan.",
      "**Kartu Keluarga** adalah kartu identitas keluarga yang memuat susunan dan hubungan "
      "dalam keluarga.",
      "keluarga; dokumen", "Kecamatan", "semesteran", "administrasi", "SIAK, Disdukcapil",
      (*PK, "kepala_keluarga_laki_laki", "kepala_keluarga_perempuan", "kk_diterbitkan")),
    S("penduduk-menurut-agama-per-kecamatan-2025",
      "Jumlah Penduduk Menurut Agama per Kecamatan Tahun 2025",
      DUKCAPIL, "kependudukan", ("kependudukan",), ("agama", "penduduk"),
      "Jumlah penduduk menurut agama yang tercatat (Islam, Kristen, Katolik, Hindu, Buddha, "
      "Khonghucu) dan penghayat kepercayaan di setiap kecamatan.",
      "Agama sesuai isian dokumen kependudukan.",
      "jiwa", "Kecamatan; agama", "semesteran", "administrasi", "Data Konsolidasi Bersih SIAK",
      (*PK, "islam", "kristen", "katolik", "hindu", "buddha", "khonghucu", "kepercayaan")),
    S("penerbitan-kartu-identitas-anak-per-kecamatan-2025",
      "Penerbitan Kartu Identitas Anak per Kecamatan Tahun 2025",
      DUKCAPIL, "kependudukan", ("kependudukan",), ("kartu identitas anak", "dokumen kependudukan"),
      "Jumlah anak usia 0-17 tahun dan yang telah memiliki kartu identitas anak di setiap "
      "kecamatan.",
      "Kartu identitas anak menurut Permendagri 2/2016.",
      "jiwa", "Kecamatan", "semesteran", "administrasi", "SIAK, Disdukcapil",
      (*PK, "anak_0_17", "memiliki_kia", "persentase")),
    # --- Perhubungan, kominfo, pariwisata -----------------------------------------------
    S("kecelakaan-lalu-lintas-2021-2025",
      "Jumlah Kecelakaan Lalu Lintas dan Korban Tahun 2021-2025",
      DISHUB, "perhubungan", ("infrastruktur",), ("keselamatan jalan", "lalu lintas"),
      "Jumlah kejadian kecelakaan lalu lintas di jalan dan korban meninggal dunia, luka berat "
      "dan luka ringan.",
      "Data kecelakaan lalu lintas dari Satuan Lalu Lintas Polres Pekalongan.",
      "kejadian; orang", "Tahun", "tahunan", "kompilasi",
      "Satlantas Polres Pekalongan, diolah Dinas Perhubungan",
      (*TH, "kejadian", "meninggal", "luka_berat", "luka_ringan"), series=True),
    S("menara-telekomunikasi-per-kecamatan-2025",
      "Jumlah Menara Telekomunikasi dan Operator per Kecamatan Tahun 2025",
      KOMINFO, "komunikasi_informatika", ("pemerintahan",),
      ("menara telekomunikasi", "sinyal seluler"),
      "Jumlah menara base transceiver station dan operator seluler yang menumpang di "
      "setiap kecamatan.",
      "Menara telekomunikasi berizin menurut Perda penataan menara.",
      "unit", "Kecamatan", "tahunan", "administrasi", "Dinas Komunikasi dan Informatika",
      (*PK, "menara", "operator")),
    S("akomodasi-hotel-dan-penginapan-2025",
      "Jumlah Akomodasi Hotel, Penginapan, Kamar dan Tempat Tidur Tahun 2025",
      DINPORAPAR, "pariwisata", ("pariwisata",), ("akomodasi", "hotel", "homestay"),
      "Jumlah hotel berbintang, hotel melati, pondok wisata (homestay) beserta kamar dan "
      "tempat tidurnya.",
      "Usaha penyediaan akomodasi menurut klasifikasi usaha pariwisata.",
      "unit", "Jenis akomodasi; kecamatan", "tahunan", "administrasi",
      "Dinas Pemuda, Olahraga dan Pariwisata",
      ("jenis_akomodasi", "kecamatan", "usaha", "kamar", "tempat_tidur"), per_kecamatan=False),
    S("sarana-olahraga-per-kecamatan-2025",
      "Jumlah Sarana Olahraga Menurut Jenis per Kecamatan Tahun 2025",
      DINPORAPAR, "kepemudaan_olahraga", ("pariwisata",), ("olahraga", "lapangan"),
      "Jumlah lapangan sepak bola, lapangan bola voli, lapangan bulu tangkis, gelanggang "
      "olahraga dan kolam renang di setiap kecamatan.",
      "Sarana olahraga milik pemerintah, desa dan masyarakat yang dapat dipakai umum.",
      "unit", "Kecamatan; jenis", "tahunan", "kompilasi", "Dinas Pemuda, Olahraga dan Pariwisata",
      (*PK, "sepak_bola", "bola_voli", "bulu_tangkis", "gelanggang", "kolam_renang")),
    # --- Data kecamatan sendiri -----------------------------------------------------------
    S("jumlah-rt-dan-rw-per-desa-kecamatan-kedungwuni-2025",
      "Jumlah Rukun Tetangga dan Rukun Warga per Desa/Kelurahan Kecamatan Kedungwuni Tahun 2025",
      "kecamatan-kedungwuni", "pemerintahan", ("pemerintahan",), ("lembaga kemasyarakatan", "desa"),
      "Jumlah dusun, rukun warga dan rukun tetangga di setiap desa dan kelurahan Kecamatan "
      "Kedungwuni.",
      "Rukun tetangga dan rukun warga adalah lembaga kemasyarakatan desa/kelurahan.",
      "unit", "Desa/kelurahan", "tahunan", "administrasi", "Kecamatan Kedungwuni",
      ("desa_kelurahan", "dusun", "rw", "rt"), kecamatan=("Kedungwuni",), per_kecamatan=False),
    S("jumlah-penduduk-per-desa-kecamatan-doro-2025",
      "Jumlah Penduduk per Desa Kecamatan Doro Tahun 2025",
      "kecamatan-doro", "kependudukan", ("kependudukan",), ("penduduk", "desa"),
      "Jumlah penduduk laki-laki, perempuan dan kepala keluarga di setiap desa Kecamatan Doro.",
      "Penduduk terdaftar menurut data desa, posisi akhir tahun.",
      "jiwa", "Desa; jenis kelamin", "tahunan", "administrasi",
      "Kecamatan Doro dari laporan desa",
      ("desa", "laki_laki", "perempuan", "kepala_keluarga"), kecamatan=("Doro",),
      per_kecamatan=False),
    S("luas-lahan-sawah-dan-bukan-sawah-kecamatan-bojong-2025",
      "Luas Lahan Sawah dan Bukan Sawah per Desa Kecamatan Bojong Tahun 2025",
      "kecamatan-bojong", "pertanian", ("pertanian-perikanan",),
      ("lahan", "sawah", "penggunaan lahan"),
      "Luas lahan sawah irigasi, sawah tadah hujan, tegalan, pekarangan dan lahan lainnya di "
      "setiap desa Kecamatan Bojong.",
      "Penggunaan lahan menurut laporan statistik pertanian desa.",
      "hektare", "Desa; penggunaan lahan", "tahunan", "administrasi",
      "Kecamatan Bojong; penyuluh pertanian lapangan",
      ("desa", "sawah_irigasi", "sawah_tadah_hujan", "tegalan", "pekarangan"),
      kecamatan=("Bojong",), per_kecamatan=False),
)
# fmt: on


def _org_contact(org: str) -> tuple[str, str]:
    slug = org.split("-")[-1] if org.startswith("kecamatan-") else org
    return f"Pengelola Data {slug}", f"data.{slug.replace('-', '')[:24]}@pekalongankab.go.id"


def _build(spec: Spec) -> dict[str, Any]:
    # cakupan: the smallest area level the table presents (schema's definition)
    if spec.kecamatan:
        cakupan = "desa" if not spec.per_kecamatan else "kecamatan"
        codes = [KEC[k] for k in spec.kecamatan]
    elif spec.per_kecamatan and not spec.series:
        cakupan, codes = "kecamatan", [KABUPATEN]
    elif "desa" in spec.columns:  # a list of objects with their desa and kecamatan
        cakupan, codes = "desa", [KABUPATEN]
    elif "kecamatan" in spec.columns:  # a list of objects with their kecamatan
        cakupan, codes = "kecamatan", [KABUPATEN]
    else:
        cakupan, codes = "kabupaten", [KABUPATEN]
    first, last = (2021, YEAR) if spec.series else (YEAR, YEAR)
    contact_name, contact_email = _org_contact(spec.org)
    return {
        "name": spec.name,
        "title": spec.title,
        "notes": f"{spec.notes}\n\n{NOTE}",
        "owner_org": spec.org,
        "walidata": WALIDATA,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "konsep_definisi": spec.konsep,
        "satuan": spec.satuan,
        "klasifikasi": spec.klasifikasi,
        "frekuensi": spec.frekuensi,
        "tahun": YEAR,
        "periode_awal": first,
        "periode_akhir": last,
        "cakupan": cakupan,
        "kode_wilayah": codes,
        "metode_pengumpulan": spec.metode,
        "sumber_data": spec.sumber,
        "license_id": "cc-by",
        "status_verifikasi": "terverifikasi",
        "topik": spec.topik,
        "tags": [{"name": t} for t in spec.tags],
        "groups": [{"name": g} for g in spec.groups],
        "private": False,
        "resources": [{
            "name": f"{spec.title} (CSV)",
            "description": ("Tabel CSV (UTF-8, pemisah koma, baris pertama judul kolom). "
                            "Kolom: " + ", ".join(f"`{c}`" for c in spec.columns) + "."),
            "format": "CSV",
            "url": f"https://satudata.pekalongankab.go.id/data/{spec.name}.csv",
        }],
    }


def datasets() -> list[dict[str, Any]]:
    """Every citizen-suite dataset as a ``package_create`` payload."""
    return [_build(spec) for spec in SPECS]


def names() -> set[str]:
    return {spec.name for spec in SPECS}


def load() -> None:
    """Create every citizen dataset (the demo catalogue's OPDs and groups must exist),
    indexed by the plugins loaded now, with one Solr commit at the end."""
    from ckan.common import config
    from ckan.plugins import toolkit as tk
    from pkl_search import commit_index

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    commit = config.get("ckan.search.solr_commit")
    config["ckan.search.solr_commit"] = False
    try:
        for payload in datasets():
            # use_cache off: package_show reads the database, not first a stale copy in Solr
            # (the commit is deferred); return_id_only: no show of the dataset nobody reads
            tk.get_action("package_create")({"user": site, "ignore_auth": True,
                                             "use_cache": False, "return_id_only": True},
                                            payload)
    finally:
        config["ckan.search.solr_commit"] = commit
    commit_index()


def purge() -> None:
    """Purge every citizen dataset still in the database (and so from the index)."""
    import ckan.model as model
    from ckan.plugins import toolkit as tk
    from pkl_search import commit_index

    present = {n for (n,) in model.Session.query(model.Package.name)
               .filter(model.Package.name.in_(names()))}
    for name in sorted(present):
        tk.get_action("dataset_purge")({"ignore_auth": True}, {"id": name})
    commit_index()
    model.Session.remove()

"""Dictionary-backed Indonesian stemming (ckanext/pekalongan/search/stemming.py) and the
stemmer-override dictionary generated from Sastrawi's root words."""
from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.pekalongan.search import stemming as s

ROOT = Path(__file__).resolve().parent.parent.parent
LANG = ROOT / "config" / "solr" / "conf" / "lang"


def _table(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(ln.split("\t") for ln in lines if ln and not ln.startswith("#"))


# --------------------------------------------------------------------------- Lucene's rules

@pytest.mark.parametrize("word, stem", [
    # what org.apache.lucene.analysis.id.IndonesianStemmer answers (checked in Java)
    ("perbaikan", "bai"), ("diperbaiki", "baik"), ("memperbaiki", "baik"),
    ("perbaikannya", "bai"), ("kependudukan", "nduduk"), ("sekolah", "seko"),
    ("pekalongan", "kalong"), ("pengelolaan", "elola"), ("penyaluran", "salur"),
    ("penduduk", "duduk"), ("perumahan", "umah"), ("pendidikan", "didik"),
    ("menyapu", "sapu"), ("penulis", "tulis"), ("belajar", "ajar"), ("pelajar", "ajar"),
    ("bekerja", "kerja"), ("bukunya", "buku"), ("bacalah", "baca"), ("rumah", "rumah"),
])
def test_the_port_answers_as_lucenes_indonesian_stemmer(word, stem):
    assert s.lucene_stem(word) == stem


# --------------------------------------------------------------------------- affixes

@pytest.mark.parametrize("prefix, root, forms", [
    ("me", "ambil", ["mengambil"]),
    ("me", "kelola", ["mengelola", "mengkelola"]),
    ("me", "pakai", ["memakai", "mempakai"]),
    ("me", "bangun", ["membangun"]),
    ("me", "tulis", ["menulis", "mentulis"]),
    ("me", "daftar", ["mendaftar"]),
    ("me", "sapu", ["menyapu", "mensapu"]),
    ("me", "lihat", ["melihat"]),
    ("me", "cat", ["mencat", "mengecat"]),
    ("me", "rekam", ["merekam"]),
    ("me", "bom", ["membom", "mengebom"]),
    ("pe", "salur", ["penyalur", "pensalur"]),
    ("me", "syukur", ["mensyukur"]),
])
def test_nasal_prefixes_follow_the_sound_changes(prefix, root, forms):
    assert s.nasal(prefix, root) == forms


def test_affixed_forms_hold_the_families_of_the_issue():
    forms = s.affixed_forms("baik")
    assert {"perbaikan", "diperbaiki", "memperbaiki", "perbaikannya", "kebaikan"} <= forms
    assert "baik" not in forms
    assert {"pengelolaan", "dikelola", "mengelola", "pengelola"} <= s.affixed_forms("kelola")
    assert {"bekerja", "pekerjaan", "dikerjakan"} <= s.affixed_forms("kerja")
    assert {"terima", "penerimaan", "diterima"} <= s.affixed_forms("terima") | {"terima"}


@pytest.mark.parametrize("root", ["", "ab", "a-b", "12a", "  "])
def test_short_or_non_alphabetic_roots_take_no_affixes(root):
    assert s.affixed_forms(root) == set()


def test_overrides_keep_forms_the_dictionary_takes_home_and_lucene_does_not():
    stems = {"perbaikan": "baik", "diperbaiki": "baik", "baik": "baik", "kebaikan": "baik"}
    table = s.overrides(["baik", "BAIK "], lambda w: stems.get(w, "?"),
                        lambda words: [s.lucene_stem(w) for w in words],
                        protected=["kebaikan"])
    # diperbaiki and baik: Lucene already lands on baik; kebaikan: protected
    assert table == {"perbaikan": "baik"}


def test_render_writes_a_sorted_tab_separated_dictionary():
    text = s.render({"perbaikannya": "baik", "perbaikan": "baik"})
    assert text.startswith("# GENERATED")
    assert text.splitlines()[-2:] == ["perbaikan\tbaik", "perbaikannya\tbaik"]


# --------------------------------------------------------------------------- the dictionary

def test_the_committed_dictionary_joins_the_families_of_the_issue():
    table = _table(LANG / "stemdict_sastrawi_id.txt")
    for word in ("perbaikan", "perbaikannya"):
        assert table[word] == "baik"
    for word in ("diperbaiki", "memperbaiki"):
        assert table.get(word, s.lucene_stem(word)) == "baik"
    assert table["mengelola"] == "kelola" and table["memeriksa"] == "periksa"


def test_the_committed_dictionary_is_what_the_generator_makes():
    """A sample of roots regenerated (all 29,932 take minutes): their lines are in the
    file, unchanged."""
    sample = ["baik", "kelola", "periksa", "terima", "salur", "rawat", "pilih", "capai",
              "tingkat", "kurang", "sekolah", "rumah", "duduk"]
    fresh = _table_from_text(s.generate(ROOT, sample))
    committed = _table(LANG / "stemdict_sastrawi_id.txt")
    assert fresh and all(committed.get(w) == r for w, r in fresh.items()), {
        w: (r, committed.get(w)) for w, r in fresh.items() if committed.get(w) != r}


def _table_from_text(text: str) -> dict[str, str]:
    return dict(ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#"))


def test_no_entry_is_redundant_or_touches_a_protected_word():
    table = _table(LANG / "stemdict_sastrawi_id.txt")
    protected = set(s._lines(LANG / "protwords_id.txt"))
    assert not protected & set(table)
    for word, root in list(table.items())[::97]:
        assert s.lucene_stem(word) != root, word
        assert word == word.lower() and word.isalpha() and root.isalpha()


def test_the_hand_made_fixes_come_first_in_the_schema():
    schema = (ROOT / "config" / "solr" / "conf" / "schema.xml").read_text(encoding="utf-8")
    assert schema.count(
        'dictionary="lang/stemdict_id.txt,lang/stemdict_sastrawi_id.txt"') == 2


def test_the_stack_installs_what_the_generator_needs():
    import importlib.util

    spec = importlib.util.spec_from_file_location("pekalongan_stack_b1",
                                                  ROOT / "config" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    assert stack.APT_PACKAGES["hunspell-id"] == "/usr/share/hunspell/id_ID.dic"
    assert stack.APT_PACKAGES["hunspell"] == "/usr/bin/hunspell"
    assert "PySastrawi" in (ROOT / "requirements.txt").read_text(encoding="utf-8")

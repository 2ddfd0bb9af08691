"""The glossary of public-service acronyms (config/solr/glossary.csv) and the Solr synonym
file generated from it (ckanext/pekalongan/search/glossary.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ckanext.pekalongan.search import glossary as g

ROOT = Path(__file__).resolve().parent.parent.parent
HEAD = "terms,expansion,mode,domain,source\n"


def _entries(rows: str):
    return g.parse(HEAD + rows)


# --------------------------------------------------------------------------- the repository's files

def test_the_synonym_file_is_generated_from_the_glossary():
    assert (ROOT / g.SYNONYMS).read_text(encoding="utf-8") == g.generate(ROOT), (
        "run: .venv/bin/python -m ckanext.pekalongan.search.glossary")


def test_the_command_line_check_passes_on_the_repository():
    done = subprocess.run([sys.executable, "-m", "ckanext.pekalongan.search.glossary", "--check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_entry_of_the_glossary_names_its_source_and_domain():
    entries = g.parse((ROOT / g.GLOSSARY).read_text(encoding="utf-8"))
    assert len(entries) > 100
    for e in entries:
        assert len(e.source) >= 4 and e.domain, e


@pytest.mark.parametrize("term", [
    "dbd", "ispa", "tbc", "aki", "akb", "faskes", "nakes", "posyandu", "puskesmas",
    "apbd", "pad", "dau", "dak", "silpa", "pkh", "bpnt", "dtks", "pmks", "rtlh", "kpm",
    "pdam", "ktp el", "e ktp", "kk", "nik", "paud", "sd", "smp", "sma", "smk", "apk", "apm",
    "mushola", "musala", "mushalla", "praktek", "praktik", "apotik", "apotek"])
def test_the_glossary_covers_the_public_services_of_the_issue(term):
    entries = g.parse((ROOT / g.GLOSSARY).read_text(encoding="utf-8"))
    assert any(term in (g.phrase(t) for t in (*e.terms, *e.expansion)) for e in entries), term


def test_the_glossary_keeps_one_rule_per_term():
    entries = g.parse((ROOT / g.GLOSSARY).read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    for e in entries:
        for t in e.terms:
            p = g.phrase(t)
            assert p not in seen, f"{p!r} on lines {seen[p]} and {e.line}"
            seen[p] = e.line


def test_no_rule_of_the_generated_file_holds_a_stop_word():
    stop = g.read_stopwords((ROOT / g.STOPWORDS).read_text(encoding="utf-8"))
    for line in (ROOT / g.SYNONYMS).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words = set(line.replace("=>", ",").replace(",", " ").split())
            assert not words & stop, line


# --------------------------------------------------------------------------- the pure rules

def test_phrase_folds_splits_and_drops_stop_words():
    assert g.phrase("KTP-el") == "ktp el"
    assert g.phrase("Musholla") == "musholla"
    assert g.phrase("Dinas Pendidikan dan Kebudayaan", frozenset({"dan"})) == (
        "dinas pendidikan kebudayaan")
    assert g.phrase("Café") == "cafe"
    assert g.phrase("dan", frozenset({"dan"})) == ""


def test_equivalent_expand_and_replace_rules():
    e = _entries("dbd|DBD,demam berdarah dengue|demam berdarah,equivalent,health,Kemenkes\n"
                 "tb,tbc|tuberkulosis,expand,health,Perpres 67/2021\n"
                 "road|roads,jalan,replace,english,translation\n")
    assert [g.rule(x) for x in e] == [
        "dbd, demam berdarah dengue, demam berdarah",
        "tb => tb, tbc, tuberkulosis",
        "road, roads => jalan",
    ]


def test_a_rule_without_anything_to_expand_is_left_out():
    e = _entries("dan,,equivalent,x,KBBI\nsd,sd,equivalent,x,KBBI\n")
    assert [g.rule(x, frozenset({"dan"})) for x in e] == [None, None]
    assert "dan" not in g.render(e, frozenset({"dan"})).split("# ---")[-1]


def test_solr_syntax_in_a_cell_cannot_reach_the_rule():
    e = _entries('"a, b => c",\\d #x,equivalent,x,KBBI\n')
    assert g.rule(e[0]) == "a b c, d x"


def test_render_groups_rules_by_domain_under_the_generated_header():
    e = _entries("pad,pendapatan asli daerah,equivalent,budget,UU 1/2022\n"
                 "izin,ijin,equivalent,spelling,KBBI\n"
                 "dak,dana alokasi khusus,equivalent,budget,UU 1/2022\n")
    text = g.render(e)
    assert text.startswith("# GENERATED from config/solr/glossary.csv")
    assert text.index("# --- budget") < text.index("dak,") < text.index("# --- spelling")


def test_comment_lines_are_skipped_and_rows_appended_under_a_comment_are_read():
    text = ("# a comment\n" + HEAD + "pad,pendapatan asli daerah,equivalent,budget,UU 1/2022\n"
            "# added for the citizen query suite\n"
            "mushola,musala,equivalent,spelling,KBBI\n")
    assert [e.line for e in g.parse(text)] == [3, 5]


@pytest.mark.parametrize("rows, message", [
    ("pad,pendapatan,sometimes,budget,UU\n", "mode 'sometimes'"),
    (",pendapatan,equivalent,budget,UU\n", "no terms"),
    ("pad,pendapatan,equivalent,budget,\n", "no source"),
    ("pad,pendapatan,equivalent,,UU\n", "no domain"),
    ("pad,,replace,budget,UU\n", "needs an expansion"),
    ("pad,pendapatan,equivalent,budget\n", "4 fields"),
    ("pad\x00,pendapatan,equivalent,budget,UU\n", "control character"),
    ("pad," + "x" * 600 + ",equivalent,budget,UU\n", "longer than"),
])
def test_bad_rows_are_reported_with_their_line(rows, message):
    with pytest.raises(g.GlossaryError) as err:
        _entries(rows)
    assert any(message in e and e.startswith("line 2:") for e in err.value.errors), err.value


def test_a_glossary_without_the_columns_is_refused():
    with pytest.raises(g.GlossaryError, match="missing columns"):
        g.parse("terms,expansion\npad,pendapatan\n")
    with pytest.raises(g.GlossaryError, match="empty"):
        g.parse("# only a comment\n")


def test_check_fails_on_a_stale_synonym_file(tmp_path, monkeypatch, capsys):
    for path in (g.GLOSSARY, g.STOPWORDS):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes((ROOT / path).read_bytes())
    (tmp_path / g.SYNONYMS).write_text("stale\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert g.main(["--check"]) == 1
    assert g.main([]) == 0
    assert g.main(["--check"]) == 0
    assert (tmp_path / g.SYNONYMS).read_text(encoding="utf-8") == g.generate(ROOT)
    (tmp_path / g.GLOSSARY).write_text(HEAD + "pad,,replace,budget,UU\n", encoding="utf-8")
    assert g.main([]) == 2
    assert "needs an expansion" in capsys.readouterr().err

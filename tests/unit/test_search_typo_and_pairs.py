"""The pure parts of items 3-5 of the Findable issue: the typo retry's fuzzy rewrite, the
concept pairs' validation and managed map, the query log's redaction and click token."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.search import fuzzy, querylog, synonyms

STOP = {"dan", "yang", "di"}


# ---------------------------------------------------------------------------- fuzzy

class TestFuzzy:
    @pytest.mark.parametrize(("word", "edits"), [
        ("sd", 0), ("data", 0), ("sehat", 1), ("kesehat", 1), ("kesehatn", 2),
        ("kependudukan", 2), ("2023", 0), ("covid19", 0), ("ktp_el", 0),
    ])
    def test_edits_grow_with_the_length_of_the_word(self, word, edits):
        assert fuzzy.edit_distance(word) == edits

    def test_long_words_are_fuzzed_short_ones_kept(self):
        assert fuzzy.fuzzy_query("Jumlah pendudk di kajen") == "jumlah~1 pendudk~1 di kajen~1"
        assert fuzzy.fuzzy_query("kesehatn ibu") == "kesehatn~2 ibu"

    @pytest.mark.parametrize("q", [
        "tags:kesehatan", '"angka kematian"', "keseh*", "kesehatan~1", "sehat AND ibu",
        "title:(sehat)", "-sekolah", "a || b", "", "   ", None, 42, ["sehat"],
    ])
    def test_fielded_or_syntactic_queries_are_never_rewritten(self, q):
        assert fuzzy.fuzzy_query(q) is None

    def test_a_query_of_short_words_only_has_no_retry(self):
        assert fuzzy.fuzzy_query("sd smp") is None

    def test_a_hyphen_inside_a_word_is_plain_text(self):
        assert fuzzy.is_plain_text("ktp-el pekalongan")


# ---------------------------------------------------------------------------- pairs

class TestPairValidation:
    def test_a_good_pair_has_no_error(self):
        assert synonyms.pair_errors("Buta Aksara", "melek huruf", [], STOP) == {}

    @pytest.mark.parametrize(("value", "message"), [
        ("", "Missing value"), ("   ", "Missing value"), (None, "Must be text"),
        (["a"], "Must be text"), (12, "Must be text"),
        ("buta\x00aksara", "Must not contain control characters"),
        ("buta\naksara", "Must not contain control characters"),
        ("buta\u200baksara", "Must not contain control characters"),
        ("x" * 101, "At most 100 characters"),
        ("buta:aksara", "Use only letters, digits, spaces, hyphens, apostrophes and full stops"),
        ("buta => aksara", "Use only letters, digits, spaces, hyphens, apostrophes and full stops"),
        ("a, b", "Use only letters, digits, spaces, hyphens, apostrophes and full stops"),
        ("sehat*", "Use only letters, digits, spaces, hyphens, apostrophes and full stops"),
        ("../x", "Use only letters, digits, spaces, hyphens, apostrophes and full stops"),
        ("- - -", "Must contain a letter or a digit"),
    ])
    def test_bad_terms_are_refused_with_a_message(self, value, message):
        assert synonyms.pair_errors(value, "melek huruf", [], STOP) == {"term_a": [message]}

    def test_a_term_equal_to_its_pair_is_refused(self):
        errors = synonyms.pair_errors("Melek  Huruf", "melek huruf", [], STOP)
        assert errors == {"term_b": ["The two terms must differ"]}

    def test_accents_and_stop_words_do_not_make_terms_differ(self):
        assert synonyms.pair_errors("kafé dan resto", "kafe resto", [], STOP) == {
            "term_b": ["The two terms must differ"]}

    def test_a_duplicate_either_way_round_is_refused(self):
        existing = [("buta aksara", "melek huruf")]
        for a, b in (("Buta Aksara", "melek huruf"), ("melek huruf", "buta aksara")):
            assert synonyms.pair_errors(a, b, existing, STOP) == {
                "term_b": ["This pair already exists"]}

    def test_a_term_of_stop_words_only_is_refused(self):
        assert synonyms.pair_errors("yang di", "melek huruf", [], STOP) == {
            "term_a": ["Only common words (stop words): a search ignores them"]}

    def test_hyphen_apostrophe_and_full_stop_are_allowed(self):
        assert synonyms.pair_errors("KTP-el", "e-KTP", [], STOP) == {}
        assert synonyms.pair_errors("Jum'at", "dr. umum", [], STOP) == {}


class TestManagedMap:
    def test_pairs_are_symmetric_and_terms_map_to_themselves(self):
        got = synonyms.managed_map([("Buta Aksara", "melek huruf"),
                                    ("buta huruf", "Melek Huruf")], STOP)
        assert got == {
            "buta aksara": ["buta aksara", "melek huruf"],
            "buta huruf": ["buta huruf", "melek huruf"],
            "melek huruf": ["buta aksara", "buta huruf", "melek huruf"],
        }

    def test_solr_form_folds_lowers_and_drops_stop_words(self):
        assert synonyms.solr_form("Kafé  dan Resto-Jalan", STOP) == "kafe resto jalan"

    def test_diff_deletes_stale_and_changed_keys_and_puts_new_ones(self):
        current = {"a": ["a", "b"], "b": ["a", "b"], "old": ["old", "x"]}
        wanted = {"a": ["a", "b", "c"], "b": ["a", "b"], "c": ["a", "c"]}
        delete, put = synonyms.map_diff(current, wanted)
        assert delete == ["a", "old"]
        assert put == {"a": ["a", "b", "c"], "c": ["a", "c"]}

    def test_equal_maps_need_nothing(self):
        m = {"a": ["a", "b"], "b": ["a", "b"]}
        assert synonyms.map_diff({"a": ["b", "a"], "b": ["a", "b"]}, m) == ([], {})


# ---------------------------------------------------------------------------- query log

class TestQueryLog:
    @pytest.mark.parametrize(("typed", "kept"), [
        ("nik 3326012345678901 bansos", "nik # bansos"),
        ("hubungi 0812-3456-7890", "hubungi #"),
        ("+62 812 3456 7890 pdam", "# pdam"),
        ("siti@example.org kartu", "@ kartu"),
        ("penduduk 2024", "penduduk 2024"),
        ("kode 33.26.08", "kode 33.26.08"),
        ("Jumlah   PENDUDUK\t", "jumlah penduduk"),
    ])
    def test_personal_numbers_and_addresses_never_reach_the_log(self, typed, kept):
        assert querylog.normalize(typed) == kept

    def test_control_characters_become_spaces_and_length_is_capped(self):
        assert querylog.normalize("a\x00b") == "a b"
        assert len(querylog.normalize("kata " * 100)) <= querylog.MAX_QUERY_LENGTH

    @pytest.mark.parametrize("q", ["", "   ", None, 3, ["x"]])
    def test_nothing_to_log(self, q):
        assert querylog.normalize(q) is None

    def test_a_click_token_names_its_row_and_cannot_be_forged(self):
        key = b"k" * 32
        token = querylog.click_token(key, 42)
        assert querylog.token_row_id(key, token) == 42
        assert querylog.token_row_id(b"x" * 32, token) is None
        forged = "43." + token.split(".")[1]
        assert querylog.token_row_id(key, forged) is None
        for bad in ("", "42", "42.", ".abc", "x.y", "1.2.3", None, 42, "9" * 70 + ".a"):
            assert querylog.token_row_id(key, bad) is None


# ---------------------------------------------------------------------- fewer words

@pytest.mark.parametrize(("q", "expected"), [
    ("tb paru", "(tb OR paru)"),
    ("Penderita TBC kajen",
     "((penderita AND tbc) OR (penderita AND kajen) OR (tbc AND kajen))"),
    ("irigasi irigasi sawah", "(irigasi OR sawah)"),  # a repeated word counts once
])
def test_a_search_is_relaxed_to_all_its_words_but_one(q, expected):
    assert fuzzy.relaxed_query(q) == expected


@pytest.mark.parametrize("q", [
    None, 42, "", "   ", "kesehatan",  # one word: nothing to relax
    "tags:kesehatan ibu", '"angka melek" huruf', "ibu AND anak", "ibu -anak",
    "satu dua tiga empat lima enam tujuh delapan sembilan",  # too many words
])
def test_what_is_not_words_or_is_one_word_is_not_relaxed(q):
    assert fuzzy.relaxed_query(q) is None


def test_every_group_of_a_relaxed_search_leaves_out_exactly_one_word():
    words = "a b c d e f g h".split()
    relaxed = fuzzy.relaxed_query(" ".join(words))
    groups = relaxed[2:-2].split(") OR (")
    assert len(groups) == len(words) == fuzzy.MAX_RELAXED_WORDS
    assert sorted(len(set(words) - set(g.split(" AND "))) for g in groups) == [1] * 8

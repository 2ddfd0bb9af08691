"""Concept pairs of the walidata ("buta aksara" <-> "melek huruf"): validation, the form
Solr's analysis sees, and the managed synonym map (pure).

The stored pair keeps the terms as typed. Solr gets them as its query analyzer sees them
at the managed filter (``config/solr/conf/schema.xml``, fieldType ``text``): lower case,
ASCII-folded, split into words, stop words removed; so a rule always matches the words of
a query. Each pair is symmetric: each term maps to itself and to every term paired with it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ckanext.pekalongan.text import N_

__all__ = ["MAX_TERM_LENGTH", "SOLR_SYNTAX", "managed_map", "map_diff", "solr_form",
           "term_errors", "pair_errors"]

MAX_TERM_LENGTH = 100
# Characters with a meaning in Solr's query or synonym syntax (and path separators of the
# managed resource's REST address).
SOLR_SYNTAX = set('+&|!(){}[]^"~*?:\\/=>,;#%<')
_CONTROL_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_WORD = re.compile(r"[a-z0-9]+")


def solr_form(term: str, stopwords: Iterable[str] = ()) -> str:
    """The words of ``term`` as the query analyzer sees them before stemming."""
    folded = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode("ascii")
    stop = set(stopwords)
    return " ".join(w for w in _WORD.findall(folded.lower()) if w not in stop)


def term_errors(value: object) -> list[str]:
    """Messages (msgids) for one term; empty when it is acceptable."""
    if not isinstance(value, str):
        return [N_("Must be text")]
    if any(unicodedata.category(c) in _CONTROL_CATEGORIES for c in value):
        return [N_("Must not contain control characters")]
    text = " ".join(value.split())
    if not text:
        return [N_("Missing value")]
    if len(text) > MAX_TERM_LENGTH:
        return [N_("At most 100 characters")]
    if any(c in SOLR_SYNTAX for c in text):
        return [N_("Use only letters, digits, spaces, hyphens, apostrophes and full stops")]
    if not _WORD.search(solr_form(text)):
        return [N_("Must contain a letter or a digit")]
    return []


def pair_errors(term_a: object, term_b: object, existing: Iterable[tuple[str, str]],
                stopwords: Iterable[str] = ()) -> dict[str, list[str]]:
    """Field errors of a new pair: each term valid, meaningful once stop words are gone,
    different from the other, and the pair (either way round) not stored yet.

    :param existing: the stored pairs, as typed
    """
    stop = set(stopwords)
    errors = {"term_a": term_errors(term_a), "term_b": term_errors(term_b)}
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        return errors
    a, b = solr_form(term_a, stop), solr_form(term_b, stop)
    for field, form in (("term_a", a), ("term_b", b)):
        if not form:
            errors[field] = [N_("Only common words (stop words): a search ignores them")]
    if errors:
        return errors
    if a == b:
        return {"term_b": [N_("The two terms must differ")]}
    pair = frozenset((a, b))
    if any(frozenset((solr_form(x, stop), solr_form(y, stop))) == pair for x, y in existing):
        return {"term_b": [N_("This pair already exists")]}
    return {}


def managed_map(pairs: Iterable[tuple[str, str]],
                stopwords: Iterable[str] = ()) -> dict[str, list[str]]:
    """The managed synonym map of the stored pairs: term -> sorted [term, its partners]."""
    stop = set(stopwords)
    out: dict[str, set[str]] = {}
    for x, y in pairs:
        a, b = solr_form(x, stop), solr_form(y, stop)
        if not a or not b or a == b:
            continue
        out.setdefault(a, {a}).add(b)
        out.setdefault(b, {b}).add(a)
    return {k: sorted(v) for k, v in sorted(out.items())}


def map_diff(current: dict[str, list[str]], wanted: dict[str, list[str]]
             ) -> tuple[list[str], dict[str, list[str]]]:
    """What turns Solr's map into ours: keys to delete (gone or changed: a PUT only adds
    to a key's values) and the entries to PUT (new or changed)."""
    delete = sorted(k for k in current
                    if k not in wanted or sorted(current[k]) != wanted[k])
    put = {k: v for k, v in wanted.items() if sorted(current.get(k) or []) != v}
    return delete, put

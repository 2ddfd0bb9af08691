"""The retries of a search that found nothing (pure): with fewer of its words, then with
similar spellings.

Fewer words (:func:`relaxed_query`): every word must match (CKAN sends ``q.op=AND``), so
one word that no dataset holds ("penderita tbc", "jatah pupuk petani") empties the page.
The retry asks for all the words but one (any one of two), still through the query fields
with their stemming and synonyms, so the best-matching datasets come first.

Similar spellings (:func:`fuzzy_query`): a free-text query is rewritten with Lucene fuzzy
terms over the unstemmed ``spell`` field: a word of 5-7 letters may be one edit away
(``kesehatn~1``), a longer word two edits (``kependudukn~2``); shorter words, numbers and
words with digits stay exact (a one-edit fuzzy "sd" or "2023" would match half the
catalogue). Fielded or syntactic Lucene queries
(``tags:x``, quotes, wildcards, boolean operators, ranges) are never rewritten.
"""
from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_RELAXED_WORDS", "MIN_LENGTH", "edit_distance", "fuzzy_query", "is_plain_text",
           "relaxed_query"]

MIN_LENGTH = 5
# Longer queries are not relaxed: all-but-one of many words is hardly a narrower search
# than the words on their own, and each word adds a clause to the Solr query.
MAX_RELAXED_WORDS = 8
LONG_LENGTH = 8
# Anything that makes a query more than words: Lucene/edismax syntax characters.
_SYNTAX = re.compile(r'[:"*?~^(){}\[\]\\/!+&|<>=]|(?:^|\s)-')
_OPERATORS = {"AND", "OR", "NOT", "TO"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_plain_text(q: Any) -> bool:
    """Words a person typed: no field, no Lucene syntax, no boolean operator."""
    if not isinstance(q, str):
        return False
    text = q.strip()
    if not text or _SYNTAX.search(text):
        return False
    return not any(word in _OPERATORS for word in text.split())


def edit_distance(word: str) -> int:
    """The edits allowed for one word: 0 under 5 letters (or with digits), 1 for 5-7
    letters, 2 for 8 and more."""
    if not _WORD.fullmatch(word) or len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) < LONG_LENGTH else 2


def fuzzy_query(q: Any) -> str | None:
    """The fuzzy rewrite of ``q``, or None when it is not plain text or no word is long
    enough to be fuzzed (then a retry would find nothing new)."""
    if not is_plain_text(q):
        return None
    out, fuzzed = [], False
    for word in q.lower().split():
        distance = edit_distance(word)
        if distance:
            out.append(f"{word}~{distance}")
            fuzzed = True
        else:
            out.append(word)
    return " ".join(out) if fuzzed else None


def relaxed_query(q: Any) -> str | None:
    """``q`` with all its words but one required (any one of two words), as a Lucene
    query for the extended DisMax parser; None when ``q`` is not plain text, has one word
    or more than :data:`MAX_RELAXED_WORDS`.

    >>> relaxed_query("penderita tbc kajen")
    '((penderita AND tbc) OR (penderita AND kajen) OR (tbc AND kajen))'
    """
    if not is_plain_text(q):
        return None
    words = list(dict.fromkeys(q.lower().split()))
    if not 2 <= len(words) <= MAX_RELAXED_WORDS:
        return None
    if len(words) == 2:
        return f"({words[0]} OR {words[1]})"
    groups = [" AND ".join(w for j, w in enumerate(words) if j != skip)
              for skip in range(len(words) - 1, -1, -1)]
    return "(" + " OR ".join(f"({g})" for g in groups) + ")"

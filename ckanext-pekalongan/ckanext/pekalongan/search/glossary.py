"""The glossary of public-service acronyms and spelling variants (config/solr/glossary.csv)
and the query-time synonym file of Solr generated from it (config/solr/conf/lang/
synonyms_id.txt). Pure: text in, text out; the command line at the bottom reads and writes
the files.

Each glossary row holds terms (short forms, variants), their expansion, a mode, a domain
and the source that defines the expansion. A rule is written the way Solr's
SynonymGraphFilter reads the query it applies to: folded to lower-case ASCII, split into
words as the StandardTokenizer does ("KTP-el" is "ktp el"), without stop words (the query
analyzer drops them before the synonym graph, so a rule holding one would never match).
Splitting into words also means no character of the CSV can reach Solr's rule syntax
(",", "=>", "#", "\\").

    python -m ckanext.pekalongan.search.glossary           # writes the synonym file
    python -m ckanext.pekalongan.search.glossary --check   # exit 1 when it is stale
"""
from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MODES", "COLUMNS", "Entry", "GlossaryError", "parse", "phrase", "rule",
           "render", "read_stopwords"]

MODES = ("equivalent", "expand", "replace")
COLUMNS = ("terms", "expansion", "mode", "domain", "source")
GLOSSARY = Path("config/solr/glossary.csv")
SYNONYMS = Path("config/solr/conf/lang/synonyms_id.txt")
STOPWORDS = Path("config/solr/conf/lang/stopwords_id.txt")
MAX_ROWS = 5000
MAX_FIELD = 500

_WORD = re.compile(r"[a-z0-9]+")

HEADER = """\
# GENERATED from config/solr/glossary.csv by ckanext/pekalongan/search/glossary.py:
# do not edit; edit the glossary (each entry carries its source) and run
#   .venv/bin/python -m ckanext.pekalongan.search.glossary
# Query-time synonyms of the `text` field type (SynonymGraphFilterFactory, Solr format):
#   a, b, c        a query for any of them also finds the others
#   a => b, c      a query for a finds b and c (and not a, unless listed)
# Applied at query time only: reload the Solr cores (config/stack.py does); no reindex.
"""


class GlossaryError(ValueError):
    """The glossary does not parse; ``errors`` lists "line N: problem" messages."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    expansion: tuple[str, ...]
    mode: str
    domain: str
    source: str
    line: int


def phrase(text: str, stopwords: frozenset[str] = frozenset()) -> str:
    """``text`` as the synonym filter sees it: lower-case ASCII words without stop words,
    joined by one space ("" when nothing is left)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(w for w in _WORD.findall(folded) if w not in stopwords)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse(text: str) -> list[Entry]:
    """The entries of a glossary CSV. Lines starting with ``#`` are comments; the first
    other line is the header. Raises :class:`GlossaryError` listing every bad row."""
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1)
                if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        raise GlossaryError(["the glossary is empty"])
    if len(numbered) > MAX_ROWS + 1:
        raise GlossaryError([f"more than {MAX_ROWS} rows"])
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in numbered)))
    try:
        rows = list(reader)
    except csv.Error as err:
        raise GlossaryError([f"not CSV: {err}"]) from None
    header = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise GlossaryError([f"line {numbered[0][0]}: missing columns {missing}"])
    entries, errors = [], []
    for (line, _), row in zip(numbered[1:], rows[1:], strict=True):
        if len(row) != len(header):
            errors.append(f"line {line}: {len(row)} fields, the header has {len(header)}")
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        problems = [f"{name} is longer than {MAX_FIELD} characters"
                    for name, value in cells.items() if len(value) > MAX_FIELD]
        problems += [f"{name} holds a control character" for name, value in cells.items()
                     if any(unicodedata.category(ch) == "Cc" for ch in value)]
        terms, expansion = _split(cells["terms"]), _split(cells["expansion"])
        mode = cells["mode"]
        if not terms:
            problems.append("no terms")
        if mode not in MODES:
            problems.append(f"mode {mode!r} is not one of {', '.join(MODES)}")
        elif mode != "equivalent" and not expansion:
            problems.append(f"mode {mode} needs an expansion")
        if not cells["domain"]:
            problems.append("no domain")
        if not cells["source"]:
            problems.append("no source")
        if problems:
            errors.extend(f"line {line}: {p}" for p in problems)
            continue
        entries.append(Entry(terms, expansion, mode, cells["domain"], cells["source"], line))
    if errors:
        raise GlossaryError(errors)
    return entries


def _phrases(texts: tuple[str, ...], stopwords: frozenset[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        p = phrase(text, stopwords)
        if p and p not in out:
            out.append(p)
    return out


def rule(entry: Entry, stopwords: frozenset[str] = frozenset()) -> str | None:
    """The Solr synonym rule of one entry, or None when it would have fewer than two
    distinct phrases (nothing to expand)."""
    terms = _phrases(entry.terms, stopwords)
    expansion = _phrases(entry.expansion, stopwords)
    if not terms:
        return None
    if entry.mode == "equivalent":
        both = _phrases((*terms, *expansion), frozenset())
        return ", ".join(both) if len(both) > 1 else None
    if entry.mode == "expand":
        right = _phrases((*terms, *expansion), frozenset())
        return f"{', '.join(terms)} => {', '.join(right)}" if len(right) > len(terms) else None
    if not expansion or expansion == terms:
        return None
    return f"{', '.join(terms)} => {', '.join(expansion)}"


def render(entries: list[Entry], stopwords: frozenset[str] = frozenset()) -> str:
    """The synonym file: the header, then the rules grouped by domain in the glossary's
    order, each domain under a comment."""
    domains: dict[str, list[str]] = {}
    for entry in entries:
        r = rule(entry, stopwords)
        if r:
            domains.setdefault(entry.domain, []).append(r)
    parts = [HEADER]
    for domain, rules in domains.items():
        parts.append(f"\n# --- {phrase(domain) or 'other'}\n" + "".join(f"{r}\n" for r in rules))
    return "".join(parts)


def read_stopwords(text: str) -> frozenset[str]:
    """The words of a Solr stop-word file (one a line, ``#`` comments)."""
    return frozenset(ln.strip().lower() for ln in text.splitlines()
                     if ln.strip() and not ln.lstrip().startswith("#"))


def generate(root: Path) -> str:
    """The synonym file generated from the glossary under the repository ``root``."""
    stopwords = read_stopwords((root / STOPWORDS).read_text(encoding="utf-8"))
    entries = parse((root / GLOSSARY).read_text(encoding="utf-8"))
    return render(entries, stopwords)


def main(argv: list[str]) -> int:
    root = Path.cwd()
    try:
        text = generate(root)
    except GlossaryError as err:
        print("\n".join(err.errors), file=sys.stderr)
        return 2
    target = root / SYNONYMS
    if "--check" in argv:
        if target.read_text(encoding="utf-8") != text:
            print(f"{SYNONYMS} is not in sync with {GLOSSARY}: run "
                  "python -m ckanext.pekalongan.search.glossary", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {SYNONYMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Checks of ``i18n/ckan_core_id.po``: our Bahasa Indonesia overrides of CKAN core msgids.

No database and no CKAN app: the catalogues are read with Babel, CKAN's own ``id``
catalogue is found through the installed ``ckan`` package without importing it.
"""

from __future__ import annotations

import importlib.util
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "i18n"
CORE_PO = I18N / "ckan_core_id.po"
EXT_PO = I18N / "id" / "LC_MESSAGES" / "ckanext-pekalongan.po"

_spec = importlib.util.find_spec("ckan")
assert _spec is not None and _spec.origin, "CKAN is not installed in this environment"
CKAN_DIR = Path(_spec.origin).parent
CKAN_PO = CKAN_DIR / "i18n" / "id" / "LC_MESSAGES" / "ckan.po"
CKAN_MO = CKAN_PO.with_suffix(".mo")
SITE_PACKAGES = CKAN_DIR.parent

# CKAN's shipped ckan.po was extracted from 2.11.0b0; these msgids were added later and
# are taken verbatim from the 2.11.6 source (each must still occur there).
NEWER_THAN_CKAN_PO = {
    "Manage resource: {name}": "ckan/templates/package/snippets/resources.html",
    "Login failed. Bad username or password or CAPTCHA.": "ckan/views/user.py",
    "{actor} created resource view {view_link}":
        "ckanext/activity/templates/snippets/activities/new_resource_view.html",
    "{actor} updated resource view {view_link}":
        "ckanext/activity/templates/snippets/activities/changed_resource_view.html",
    '{actor} deleted resource view "{view_title}" for resource {resource_link}':
        "ckanext/activity/templates/snippets/activities/deleted_resource_view.html",
}

# Strings every visitor sees on the public pages; each must be translated into Indonesian
# by CKAN's catalogue or by ours.
KEY_PUBLIC_MSGIDS = [
    "Home", "About", "Datasets", "Dataset", "Organizations", "Groups", "Search",
    "Search datasets...", "Search Datasets...", "Search organizations...", "Search groups...",
    "Log in", "Log out", "Register", "Download", "Explore", "Preview", "More information",
    "Go to resource", "Resources", "Data and Resources", "License", "Licenses", "Formats",
    "Tags", "Format", "Additional Info", "Last Updated", "Created", "Source", "Author",
    "Maintainer", "Version", "Order by", "Relevance", "Name Ascending", "Name Descending",
    "Last Modified", "Filter Results", "No datasets found", "{number} dataset found",
    "Show More {facet_type}", "No License Provided", "Activity Stream", "Data API",
    "CKAN Data API", "Dataset not found", "Resource not found", "Organization not found",
    "Username or Email", "Password", "Remember me", "Forgot your password?",
    "Create an Account", "Request Reset", "Skip to main content",
]

PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdirf]"  # %(name)s
    r"|%[sdirf]"  # %s
    r"|\{[A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {0}, {}, {file_!r}
)
TAG_RE = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)([^<>]*)>")
ATTR_RE = re.compile(r'\b(href|class|id|target|data-[\w-]+)\s*=\s*"([^"]*)"')
# Terms of CKAN's id catalogue that this portal replaced (see the file's header comment).
BANNED_TERMS = re.compile(
    r"(?i:kumpulan data|sumber ?daya|silahkan|password|username|perbaharui)|\banda\b"
)


@cache
def core() -> Catalog:
    with CORE_PO.open("rb") as f:
        return read_po(f, locale="id")


@cache
def ckan() -> Catalog:
    with CKAN_PO.open("rb") as f:
        return read_po(f, locale="id")


def entries() -> list[Message]:
    return [m for m in core() if m.id]


def key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(value: str | tuple | list | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def is_translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = forms(message.string)
    return bool(strings) and all(strings)


def tags(text: str) -> list[tuple[str, str, tuple]]:
    return [
        (close, name.lower(), tuple(sorted(ATTR_RE.findall(attrs))))
        for close, name, attrs in TAG_RE.findall(text)
    ]


def test_file_parses_with_indonesian_header():
    text = CORE_PO.read_text(encoding="utf-8")
    assert text.startswith("#"), "the file starts with a comment explaining its purpose"
    catalog = core()
    assert str(catalog.locale) == "id"
    assert catalog.charset.lower() == "utf-8"
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "id"
    assert headers["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert catalog.num_plurals == 1
    assert len(entries()) >= 250


def test_no_duplicate_or_fuzzy_entries():
    text = CORE_PO.read_text(encoding="utf-8")
    # one "msgid" line per entry plus the header entry
    assert len(re.findall(r"^msgid ", text, flags=re.M)) == len(entries()) + 1
    assert not [key(m) for m in entries() if m.fuzzy]
    assert not list(core().obsolete)


def test_every_entry_is_translated():
    missing = [key(m) for m in entries() if not is_translated(m)]
    assert not missing
    for m in entries():
        if m.pluralizable:
            assert len(forms(m.string)) == 1, f"{key(m)!r}: Indonesian has one plural form"


@pytest.mark.parametrize("message", entries(), ids=lambda m: key(m)[:60])
def test_placeholders_and_markup_are_preserved(message: Message):
    sources = forms(message.id)
    for translated in forms(message.string):
        for source in sources:
            assert Counter(PLACEHOLDER_RE.findall(translated)) == Counter(
                PLACEHOLDER_RE.findall(source)
            ), f"placeholders differ in {translated!r}"
        source = sources[0]
        assert tags(translated) == tags(source), f"HTML markup differs in {translated!r}"
        assert translated.count("\n") == source.count("\n")
        assert translated[:1].isspace() == source[:1].isspace()
        assert translated[-1:].isspace() == source[-1:].isspace()


def test_every_msgid_comes_from_ckan():
    unknown = []
    for m in entries():
        theirs = ckan().get(key(m))
        if theirs is not None:
            assert theirs.id == m.id, f"msgid/msgid_plural differ from ckan.po for {key(m)!r}"
        elif key(m) in NEWER_THAN_CKAN_PO:
            source = (SITE_PACKAGES / NEWER_THAN_CKAN_PO[key(m)]).read_text(encoding="utf-8")
            assert key(m) in source, f"{key(m)!r} no longer occurs in CKAN's source"
        else:
            unknown.append(key(m))
    assert not unknown, f"not CKAN msgids (typo?): {unknown}"


def test_only_missing_or_improved_translations_are_included():
    same = [
        key(m) for m in entries()
        if is_translated(ckan().get(key(m))) and forms(ckan().get(key(m)).string) == forms(m.string)
    ]
    assert not same, f"CKAN already has these exact translations: {same}"


def test_terminology_is_consistent():
    offending = [
        s for m in entries() for s in forms(m.string)
        if BANNED_TERMS.search(PLACEHOLDER_RE.sub("", s))
    ]
    assert not offending


def test_no_conflict_with_the_extension_catalogue():
    with EXT_PO.open("rb") as f:
        ours = read_po(f, locale="id")
    conflicts = []
    for m in entries():
        other = ours.get(key(m))
        if is_translated(other) and forms(other.string) != forms(m.string):
            conflicts.append(key(m))
    assert not conflicts


@pytest.mark.parametrize("msgid", KEY_PUBLIC_MSGIDS)
def test_key_public_msgids_are_translated(msgid: str):
    theirs, ours = ckan().get(msgid), core().get(msgid)
    assert theirs is not None or ours is not None, f"{msgid!r} is not a CKAN msgid"
    assert is_translated(ours) or is_translated(theirs), f"{msgid!r} shows in English"


def test_overrides_win_when_merged_over_ckan():
    """Flask-Babel merges an extension's domain over CKAN's with Translations.merge."""
    with CKAN_MO.open("rb") as f:
        merged = Translations(f, domain="ckan")
    buf = io.BytesIO()
    write_mo(buf, core())
    buf.seek(0)
    merged.merge(Translations(buf, domain="ckanext-pekalongan"))
    assert merged.gettext("Datasets") == "Dataset"
    assert merged.gettext("Explore") == "Jelajahi"
    assert merged.gettext("Log in") == "Masuk"
    assert merged.gettext("Groups") == "Grup"  # untouched CKAN translation survives
    assert merged.ngettext("{number} dataset found", "{number} datasets found", 5) == (
        "{number} dataset ditemukan"
    )
    assert merged.ngettext("{num} Dataset", "{num} Datasets", 1) == "{num} Dataset"

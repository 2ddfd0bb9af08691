"""Every user-facing string of ckanext-pekalongan is translated in both catalogues."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "ckanext-pekalongan"
I18N = EXT / "ckanext" / "pekalongan" / "i18n"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages as `make i18n` extracts them from the code and templates today."""
    pot = tmp_path_factory.mktemp("i18n") / "current.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg",
         "-k", "_", "-k", "N_", "-k", "ungettext:1,2", "-k", "tk._", "--no-location",
         "-o", str(pot), "."],
        cwd=EXT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        return [m for m in read_po(f) if m.id]


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_message_is_translated(extracted, locale):
    with (I18N / locale / "LC_MESSAGES" / "ckanext-pekalongan.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    missing = []
    for message in extracted:
        found = catalog.get(message.id)
        strings = ([found.string] if isinstance(found.string, str) else list(found.string)) \
            if found else []
        if not strings or not all(strings) or (found and found.fuzzy):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{len(missing)} untranslated in {locale}: {missing[:20]}"


def test_placeholders_survive_translation():
    import re

    for locale in ("id", "en"):
        with (I18N / locale / "LC_MESSAGES" / "ckanext-pekalongan.po").open("rb") as f:
            catalog = read_po(f, locale=locale)
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            want = set(re.findall(r"\{\w*\}|%\(\w+\)s", ids[0]))
            for s in strings:
                if s:
                    assert set(re.findall(r"\{\w*\}|%\(\w+\)s", s)) == want, (locale, ids[0])


def test_the_portal_name_reads_as_indonesian_in_id():
    with (I18N / "id" / "LC_MESSAGES" / "ckanext-pekalongan.po").open("rb") as f:
        catalog = read_po(f, locale="id")
    assert catalog.get("Satu Data Portal of Kabupaten Pekalongan").string == \
        "Portal Satu Data Kabupaten Pekalongan"

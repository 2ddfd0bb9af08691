#!/usr/bin/env python3
"""`make i18n`: extract the messages of ckanext-pekalongan and merge them into the id and en
catalogues (ckanext/pekalongan/i18n/<locale>/LC_MESSAGES/ckanext-pekalongan.po); the same for
the harvesters distribution (harvesters/ckanext/pekalongan_harvesters/i18n/..., domain
ckanext-pekalongan-harvesters).

Translations already in a catalogue are kept; new messages arrive untranslated and the test
suite (tests/test_i18n.py) fails until both catalogues translate every message.
`i18n.py compile` writes the .mo files (run by every `make` target).
Runs with the virtualenv's Python (Babel and CKAN's template extractor).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "ckanext-pekalongan"
I18N = EXT / "ckanext" / "pekalongan" / "i18n"
POT = I18N / "ckanext-pekalongan.pot"
LOCALES = ("id", "en")
# (distribution directory, i18n directory, gettext domain) of every catalogue
CATALOGUES = (
    (EXT, I18N, "ckanext-pekalongan"),
    (ROOT / "harvesters", ROOT / "harvesters" / "ckanext" / "pekalongan_harvesters" / "i18n",
     "ckanext-pekalongan-harvesters"),
)


def extract(ext: Path = EXT, i18n: Path = I18N, domain: str = "ckanext-pekalongan") -> None:
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg",
         "-k", "_", "-k", "N_", "-k", "ungettext:1,2", "-k", "tk._", "--no-location",
         "--sort-output", "--project", domain, "-o", str(i18n / f"{domain}.pot"), "."],
        cwd=ext, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def update(locale: str, i18n: Path = I18N, domain: str = "ckanext-pekalongan") -> None:
    with (i18n / f"{domain}.pot").open("rb") as f:
        template = read_po(f)
    po = i18n / locale / "LC_MESSAGES" / f"{domain}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    if po.exists():
        with po.open("rb") as f:
            catalog = read_po(f, locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
    else:
        with (i18n / f"{domain}.pot").open("rb") as f:
            catalog = read_po(f, locale=locale)
        catalog.locale = locale
    with po.open("wb") as f:
        write_po(f, catalog, sort_output=True, omit_header=False, width=100)


def compile_catalogues() -> None:
    """Write the .mo files. The id catalogue also carries ckan_core_id.po: Indonesian
    translations of CKAN's own public-page strings that CKAN's id catalogue leaves out; our
    domain is merged over CKAN's by Flask-Babel, so these win."""
    for _ext, i18n, domain in CATALOGUES:
        _compile(i18n, domain)


def _compile(i18n: Path, domain: str) -> None:
    for locale in LOCALES:
        po = i18n / locale / "LC_MESSAGES" / f"{domain}.po"
        core = i18n / "ckan_core_id.po"
        sources = [po] + ([core] if locale == "id" and core.exists() else [])
        mo = po.with_suffix(".mo")
        newest = max(p.stat().st_mtime for p in sources if p.exists())
        if mo.exists() and mo.stat().st_mtime >= newest:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=locale)
        for extra in sources[1:]:
            with extra.open("rb") as f:
                for message in read_po(f, locale=locale):
                    if message.id and message.id not in catalog:
                        catalog[message.id] = message
        with mo.open("wb") as f:
            write_mo(f, catalog)


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        compile_catalogues()
        sys.exit(0)
    for ext, i18n, domain in CATALOGUES:
        extract(ext, i18n, domain)
        for loc in LOCALES:
            update(loc, i18n, domain)
    print(f"catalogues updated: {', '.join(LOCALES)}")

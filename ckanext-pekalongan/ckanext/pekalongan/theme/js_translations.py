"""Translations of CKAN's JavaScript strings ("Show more", "Loading...", "Upload", the
confirmation dialogs) for the site's languages.

CKAN's scripts read them from ``/api/i18n/<lang>``, a JSON file under
``<ckan.storage_path>/i18n/js`` that only ``ckan run`` and ``ckan translation js`` write: under
gunicorn it is missing and every script speaks English. The theme plugin writes it when the
site starts (and again when a catalogue is newer), from CKAN's catalogue, the plugins'
catalogues and, for Indonesian, ``i18n/ckan_core_id.po``, later sources winning.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

log = logging.getLogger(__name__)

CORE_ID_PO = Path(__file__).resolve().parent.parent / "i18n" / "ckan_core_id.po"
BUILT_BY = "ckanext-pekalongan"


def script_msgids(pot_files: Iterable[Path]) -> set[str]:
    """The msgids that occur in a ``*.js`` file, by the locations of the .pot files."""
    found: set[str] = set()
    for pot in pot_files:
        if pot.is_file():
            for entry in polib.pofile(str(pot)):
                if not entry.obsolete and any(f.endswith(".js") for f, _ in entry.occurrences):
                    found.add(entry.msgid)
    return found


def js_catalogue(lang: str, po_files: list[Path], msgids: set[str]) -> dict:
    """CKAN's JSON translation format (Jed) for ``lang`` from ``po_files`` (first one sets
    the plural rule; a later translation replaces an earlier one; empty and fuzzy ones are
    skipped)."""
    catalogues = [polib.pofile(str(p)) for p in po_files]
    result: dict = {"": {"plural-forms": catalogues[0].metadata.get("Plural-Forms", ""),
                         "lang": lang, "domain": "ckan", "built-by": BUILT_BY}}
    for po in catalogues:
        for entry in po:
            if entry.msgid not in msgids or entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgstr:
                result[entry.msgid] = [None, entry.msgstr]
            elif entry.msgstr_plural and all(entry.msgstr_plural.values()):
                forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                result[entry.msgid] = [entry.msgid_plural, *forms]
    return result


def _sources(lang: str) -> list[Path]:
    from ckan.lib.i18n import get_ckan_i18n_dir
    from ckan.plugins import PluginImplementations
    from ckan.plugins.interfaces import ITranslation

    files = [Path(get_ckan_i18n_dir()) / lang / "LC_MESSAGES" / "ckan.po"]
    seen = set()
    for plugin in PluginImplementations(ITranslation):
        po = Path(plugin.i18n_directory()) / lang / "LC_MESSAGES" / f"{plugin.i18n_domain()}.po"
        if po not in seen:
            seen.add(po)
            files.append(po)
    if lang == "id":
        files.append(CORE_ID_PO)
    return [f for f in files if f.is_file()]


def _pots() -> list[Path]:
    from ckan.lib.i18n import get_ckan_i18n_dir
    from ckan.plugins import PluginImplementations
    from ckan.plugins.interfaces import ITranslation

    pots = [Path(get_ckan_i18n_dir()) / "ckan.pot"]
    for plugin in PluginImplementations(ITranslation):
        pots.append(Path(plugin.i18n_directory()) / f"{plugin.i18n_domain()}.pot")
    return pots


def _is_current(dest: Path, sources: list[Path]) -> bool:
    if not dest.is_file() or dest.stat().st_mtime < max(s.stat().st_mtime for s in sources):
        return False
    try:
        return json.loads(dest.read_text(encoding="utf-8"))[""].get("built-by") == BUILT_BY
    except (ValueError, KeyError, OSError):
        return False


def build(locales: Iterable[str]) -> list[str]:
    """Write the JSON translations of ``locales`` that are missing or older than their
    catalogues (or written by CKAN's own builder, which leaves ckan_core_id.po out). Returns
    the languages written."""
    from ckan.lib.i18n import get_js_translations_dir

    dest_dir = Path(get_js_translations_dir())
    written, msgids = [], None
    for lang in locales:
        sources = _sources(lang)
        dest = dest_dir / f"{lang}.js"
        if not sources or _is_current(dest, sources):
            continue
        if msgids is None:
            msgids = script_msgids(_pots())
        data = json.dumps(js_catalogue(lang, sources, msgids), sort_keys=True,
                          ensure_ascii=False, separators=(",", ":"))
        dest_dir.mkdir(parents=True, exist_ok=True)
        # several workers may start at once: write aside, then rename atomically
        fd, tmp = tempfile.mkstemp(dir=dest_dir, prefix=f".{lang}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, dest)
        written.append(lang)
    if written:
        log.info("JavaScript translations written for %s", ", ".join(written))
    return written

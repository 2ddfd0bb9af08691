"""The JSON translations of CKAN's scripts (theme/js_translations.py), from .po files."""
from __future__ import annotations

from pathlib import Path

from ckanext.pekalongan.theme.js_translations import BUILT_BY, js_catalogue, script_msgids

HEADER = 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n"Language: id\\n"\n\n'


def write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_later_catalogues_win_and_empty_or_fuzzy_translations_are_skipped(tmp_path):
    ckan = write(tmp_path / "ckan.po", (
        'msgid "Show more"\nmsgstr ""\n\n'
        'msgid "Loading..."\nmsgstr "Memuat..."\n\n'
        'msgid "Hide"\nmsgstr "Sembunyikan"\n\n'
        'msgid "Close"\nmsgstr "Tutup"\n\n'
        'msgid "Not in a script"\nmsgstr "Bukan skrip"\n'))
    core = write(tmp_path / "core.po", (
        'msgid "Show more"\nmsgstr "Tampilkan lebih banyak"\n\n'
        'msgid "Loading..."\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Hide"\nmsgstr "Tutup"\n\n'
        'msgid "Close"\nmsgstr "Tutup jendela"\n\n'
        'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} berkas"\n'))
    msgids = {"Show more", "Loading...", "Hide", "Close", "{n} file"}
    result = js_catalogue("id", [ckan, core], msgids)
    assert result[""] == {"plural-forms": "nplurals=1; plural=0;", "lang": "id",
                          "domain": "ckan", "built-by": BUILT_BY}
    assert result["Show more"] == [None, "Tampilkan lebih banyak"]
    assert result["Loading..."] == [None, "Memuat..."]
    assert result["Hide"] == [None, "Sembunyikan"]
    assert result["Close"] == [None, "Tutup jendela"]
    assert result["{n} file"] == ["{n} files", "{n} berkas"]
    assert "Not in a script" not in result


def test_script_msgids_are_those_found_in_js_files(tmp_path):
    pot = tmp_path / "ckan.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n\n'
        '#: ckan/public/base/javascript/modules/table-toggle-more.js:25\n'
        'msgid "Show more"\nmsgstr ""\n\n'
        '#: ckan/templates/package/read.html:12\nmsgid "Explore"\nmsgstr ""\n',
        encoding="utf-8")
    assert script_msgids([pot, tmp_path / "missing.pot"]) == {"Show more"}

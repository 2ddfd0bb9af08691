"""moment.js cut to the site's locales (issue #14): the pure text operation on CKAN's
moment-with-locales.js (ckanext/pekalongan/theme/moment_locales.py)."""
from __future__ import annotations

import os
import re

import ckan

from ckanext.pekalongan.theme.moment_locales import SECTION, keep_locales

MOMENT = os.path.join(os.path.dirname(ckan.__file__), "public", "base", "vendor",
                      "moment-with-locales.js")


def _locales(text: str) -> set[str]:
    return set(re.findall(r"hooks\.defineLocale\('([^']+)',", text))


def test_only_the_kept_locales_remain_and_moment_itself_is_whole():
    with open(MOMENT, encoding="utf-8") as f:
        source = f.read()
    assert len(_locales(source)) > 100
    out = keep_locales(source, ("id",))
    assert _locales(out) == {"id"}
    assert len(out) < len(source) / 3
    head = source[: source.index(SECTION)]
    assert out.startswith(head)  # the library itself, unchanged
    assert out.rstrip().endswith(source.rstrip()[-60:])  # locale('en'), return hooks, UMD end
    assert out.count("symbolMap") < source.count("symbolMap")


def test_several_locales_and_a_locale_moment_does_not_know():
    with open(MOMENT, encoding="utf-8") as f:
        source = f.read()
    assert _locales(keep_locales(source, ("id", "pt-br", "xx"))) == {"id", "pt-br"}
    assert _locales(keep_locales(source, ())) == set()


def test_text_of_another_shape_passes_unchanged():
    for text in ("", "var a = 1;", SECTION + "hooks.defineLocale('fr', {});"):
        assert keep_locales(text, ("id",)) == text

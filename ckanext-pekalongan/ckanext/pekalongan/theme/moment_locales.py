"""moment.js with only the locales the portal offers (issue #14, page weight).

CKAN's ``vendor/vendor`` bundle, loaded on every page, carries ``moment-with-locales.js``:
moment and its 130-odd locales, about 630 kB (136 kB compressed) of which the portal uses
English (built into moment) and Indonesian. ``keep_locales`` cuts the other locale
definitions out of that file's text; pure, so that it is unit-tested without CKAN.
"""
from __future__ import annotations

import re

SECTION = "    //! moment.js locale configuration\n"
END = "    hooks.locale('en');"


def keep_locales(source: str, codes: tuple[str, ...] = ("id",)) -> str:
    """``source`` (moment-with-locales.js) with only the locale definitions of ``codes``
    (``en`` is moment's own and always there). A text that is not laid out as that file
    (no locale sections or no closing ``hooks.locale('en')``) is returned unchanged."""
    if SECTION not in source or END not in source:
        return source
    head, tail = source[: source.rindex(END)], source[source.rindex(END):]
    core, *sections = head.split(SECTION)
    wanted = [s for s in sections
              if any(re.search(rf"defineLocale\('{re.escape(c)}',", s) for c in codes)]
    return core + "".join(SECTION + s for s in wanted) + tail

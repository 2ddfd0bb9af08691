"""The portal's icon font: Font Awesome's solid font cut to the icons the site uses (issue #14).

CKAN loads Font Awesome 6's solid font (fa-solid-900.woff2, 156 kB) on every page for the
few dozen icons its templates show. This script collects every icon name the installed
templates, scripts and Python code of CKAN, its extensions and ours can ask for
(``fa-NAME`` anywhere, and ``icon='NAME'`` / ``icon: 'NAME'`` / ``"icon": "NAME"``), maps
them to code points through CKAN's fontawesome css, and writes that subset of the font:

    ckanext-pekalongan/ckanext/pekalongan/theme/public/pekalongan/fonts/fa-solid-900-subset.woff2
    ckanext-pekalongan/ckanext/pekalongan/theme/public/pekalongan/fonts/fa-solid-900-subset.json

and the theme's assets/css/icons.css, a second solid face on that file whose
``unicode-range`` lists exactly its glyphs: the browser takes every icon of the subset from
it, and would fetch CKAN's whole font only for an icon the subset lacks (the faces of one
family are tried last-defined first; page.html puts Font Awesome's css before the
theme's). Run it again after a CKAN upgrade or when a template uses an icon that the
subset lacks (the unit test tests/unit/test_icon_font.py names it):

    .venv/bin/pip install fonttools   # needed only here
    .venv/bin/python config/icon_font.py
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "theme" / "public" / "pekalongan"
FONT_OUT = OUT / "fonts" / "fa-solid-900-subset.woff2"
MANIFEST = OUT / "fonts" / "fa-solid-900-subset.json"
THEME = ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "theme"
CSS_OUT = THEME / "assets" / "css" / "icons.css"
NAME_RE = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
ICON_ARG_RE = re.compile(r"""\bicon['"]?\s*[=:]\s*u?['"]([a-z0-9-]+)['"]""")
SPACES = (0x20, 0xA0)
CSS_RULE_RE = re.compile(r"([^{}]+)\{\s*content:\s*\"\\([0-9a-f]+)\";\s*\}")


def fontawesome_dir() -> Path:
    import ckan

    return Path(ckan.__file__).parent / "public" / "base" / "vendor" / "fontawesome-free"


def code_points(css: str) -> dict[str, int]:
    """Icon name -> code point, from Font Awesome's all.css (every alias)."""
    points = {}
    for selectors, hexa in CSS_RULE_RE.findall(css):
        for sel in selectors.split(","):
            m = re.fullmatch(r"\s*\.fa-([a-z0-9-]+)::?before\s*", sel)
            if m:
                points[m.group(1)] = int(hexa, 16)
    return points


def source_roots() -> list[Path]:
    import ckan

    import ckanext

    roots = [Path(ckan.__file__).parent]
    roots += [Path(p) for p in ckanext.__path__]
    roots += [ROOT / "ckanext-pekalongan" / "ckanext", ROOT / "harvesters"]
    return roots


def names_used(roots: list[Path]) -> set[str]:
    """Every icon name the code can ask for (over-inclusive: a word that is also an icon
    name costs a glyph, a missing icon would cost a blank square)."""
    names: set[str] = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix not in (".html", ".js", ".py") or "fontawesome" in str(path) \
                    or "/tests/" in str(path) or "/node_modules/" in str(path):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            names.update(NAME_RE.findall(text))
            names.update(ICON_ARG_RE.findall(text))
    return names


def css_escapes(roots: list[Path]) -> set[int]:
    """Code points written directly in other css (``content: "\\f0d7"``)."""
    found: set[int] = set()
    for root in roots:
        for path in root.rglob("*.css"):
            if "fontawesome" in str(path):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            found.update(int(h, 16) for h in re.findall(r"content:\s*[\"']\\([ef][0-9a-f]{3})",
                                                        text))
    return found


def add_blank(font, code_points: tuple[int, ...]) -> None:
    """An empty glyph for ``code_points`` (spaces): Font Awesome has none, and a space
    inside an icon's element (ckanext-datatablesview writes ``&nbsp;`` into one) would
    otherwise send the browser to the next face of the family, CKAN's whole font."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    name = "pkl-space"
    if name in font.getGlyphOrder():
        return
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    font["glyf"][name] = TTGlyphPen(None).glyph()
    font["hmtx"][name] = (font["head"].unitsPerEm // 4, 0)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(dict.fromkeys(code_points, name))
    font["maxp"].numGlyphs = len(font.getGlyphOrder())


def main() -> int:
    from fontTools import subset

    fa = fontawesome_dir()
    points = code_points((fa / "css" / "all.css").read_text(encoding="utf-8"))
    roots = source_roots()
    used = sorted(n for n in names_used(roots) if n in points)
    wanted = sorted({points[n] for n in used} | css_escapes(roots) | set(SPACES))
    source = fa / "webfonts" / "fa-solid-900.woff2"
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    add_blank(font, SPACES)
    FONT_OUT.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(FONT_OUT), options)
    MANIFEST.write_text(json.dumps({
        "source": "ckan/public/base/vendor/fontawesome-free/webfonts/fa-solid-900.woff2",
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "icons": used, "code_points": wanted,
    }, indent=1) + "\n")
    ranges = ",".join(f"U+{cp:04X}" for cp in wanted)
    CSS_OUT.write_text(
        "/* Generated by config/icon_font.py: Font Awesome's solid face cut to the icons the\n"
        "   portal uses (issue #14, page weight). Do not edit; run the script again. */\n"
        "@font-face {\n  font-family: \"Font Awesome 6 Free\";\n  font-style: normal;\n"
        "  font-weight: 900;\n  font-display: block;\n"
        # relative to the bundle's address, /webassets/pekalongan/<hash>_main.css: right
        # under any ckan.root_path (CKAN's cssrewrite only maps css kept in public/)
        "  src: url(\"../../pekalongan/fonts/fa-solid-900-subset.woff2\")"
        " format(\"woff2\");\n"
        f"  unicode-range: {ranges};\n}}\n")
    print(f"{len(used)} icon names, {len(wanted)} glyphs: {FONT_OUT.stat().st_size} bytes "
          f"(from {source.stat().st_size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

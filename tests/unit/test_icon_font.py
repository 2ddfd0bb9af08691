"""The icon font cut to the icons the portal uses (issue #14; config/icon_font.py): it holds
every icon the installed templates, scripts and code can ask for, was cut from the Font
Awesome that CKAN ships now, and the theme's css declares exactly its glyphs."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def icon_font():
    spec = importlib.util.spec_from_file_location("icon_font", ROOT / "config" / "icon_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest(icon_font):
    return json.loads(icon_font.MANIFEST.read_text())


def test_every_icon_the_code_uses_is_in_the_subset(icon_font, manifest):
    fa = icon_font.fontawesome_dir()
    points = icon_font.code_points((fa / "css" / "all.css").read_text(encoding="utf-8"))
    assert points["house"] == 0xF015 and points["home"] == 0xF015  # aliases too
    used = {n for n in icon_font.names_used(icon_font.source_roots()) if n in points}
    assert {"search", "arrow-circle-down", "share-nodes", "table"} <= used
    missing = sorted(n for n in used if points[n] not in manifest["code_points"])
    assert not missing, f"run config/icon_font.py: the subset lacks {missing}"


def test_the_subset_was_cut_from_the_font_ckan_ships(icon_font, manifest):
    source = icon_font.fontawesome_dir() / "webfonts" / "fa-solid-900.woff2"
    assert hashlib.sha256(source.read_bytes()).hexdigest() == manifest["source_sha256"], (
        "CKAN's Font Awesome changed: run config/icon_font.py")
    font = icon_font.FONT_OUT.read_bytes()
    assert font[:4] == b"wOF2" and len(font) < source.stat().st_size / 10


def test_the_css_face_covers_exactly_the_subset(icon_font, manifest):
    css = icon_font.CSS_OUT.read_text()
    ranges = re.search(r"unicode-range:\s*([^;]+);", css).group(1)
    assert sorted(int(r.strip()[2:], 16) for r in ranges.split(",")) == manifest["code_points"]
    assert '"Font Awesome 6 Free"' in css and "font-weight: 900;" in css
    assert "fa-solid-900-subset.woff2" in css

"""Charts of the indicators as Vega-Lite specifications, rendered on the server by
``vl-convert-python`` to SVG (inline in pages, no script) and PNG (share pictures).

The spec builders are pure: they take the card of ``indicators.build_card`` and the labels
already translated, so one definition yields the page's chart and the share picture. The
share picture (:func:`share_card_svg`) is an SVG of the card's words around the chart,
turned into a PNG by the same renderer.
"""
from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# d3-format locales (vl-convert does not ship id-ID)
LOCALES = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["Rp", ""]},
}
SIZES = {"1080x1080": (1080, 1080), "1200x630": (1200, 630)}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
INK, BRAND, HOME, MUTED, TARGET = "#1d2428", "#0b5d3b", "#c2410c", "#94a3b8", "#9a6700"


def _config(font_size: int = 12) -> dict[str, Any]:
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {"labelFontSize": font_size, "titleFontSize": font_size, "labelColor": INK,
                 "titleColor": INK, "gridColor": "#e2e8f0", "domainColor": "#64748b"},
        "legend": {"labelFontSize": font_size, "titleFontSize": font_size, "orient": "bottom",
                   "labelLimit": 300},
    }


def number_format(values: list[float]) -> str:
    """A d3 format with grouping and as many decimals as the data needs (at most 2)."""
    decimals = 0
    for v in values:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
        if "." in text:
            decimals = max(decimals, len(text.split(".")[1]))
    return f",.{decimals}f"


def series_spec(card: dict[str, Any], labels: dict[str, str], width: int = 280,
                height: int = 160, font_size: int = 13) -> dict[str, Any]:
    """Line chart of the realisation per year, with the targets as a dashed line; the
    series are named by ``labels['value']`` and ``labels['target']``; axis titles carry
    the year and the unit."""
    rows = []
    for p in card["series"]:
        rows.append({"tahun": str(p["year"]), "nilai": p["value"], "seri": labels["value"]})
        if p.get("target") is not None:
            rows.append({"tahun": str(p["year"]), "nilai": p["target"],
                         "seri": labels["target"]})
    values = [r["nilai"] for r in rows]
    fmt = number_format(values)
    series_names = [labels["value"]] + ([labels["target"]] if any(
        p.get("target") is not None for p in card["series"]) else [])
    low, high = (min(values), max(values)) if values else (0, 1)
    zero = low <= 0 or low < high * 0.5
    color = {"field": "seri", "type": "nominal", "title": None,
             "scale": {"domain": series_names, "range": [BRAND, TARGET][:len(series_names)]}}
    return {
        "$schema": SCHEMA,
        "width": width, "height": height,
        "data": {"values": rows},
        "config": _config(font_size),
        "encoding": {
            "x": {"field": "tahun", "type": "ordinal", "title": labels["year"],
                  "axis": {"labelAngle": 0}},
            "y": {"field": "nilai", "type": "quantitative", "title": labels["unit"],
                  "scale": {"zero": zero}, "axis": {"format": fmt, "tickCount": 5}},
        },
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 3},
             "encoding": {"color": color, "strokeDash": {
                 "field": "seri", "type": "nominal", "title": None,
                 "scale": {"domain": series_names,
                           "range": [[1, 0], [6, 4]][:len(series_names)]}}}},
            {"mark": {"type": "point", "filled": True, "size": 60},
             "encoding": {"color": color}},
            {"transform": [{"filter": {"field": "seri", "equal": labels["value"]}},
                           {"window": [{"op": "rank", "as": "r"}],
                            "sort": [{"field": "tahun", "order": "descending"}]},
                           {"filter": "datum.r == 1"}],
             "mark": {"type": "text", "dy": -12, "fontWeight": "bold", "color": INK,
                      "fontSize": font_size},
             "encoding": {"text": {"field": "nilai", "type": "quantitative", "format": fmt}}},
        ],
    }


def ranking_spec(card: dict[str, Any], labels: dict[str, str], width: int = 300,
                 font_size: int = 11) -> dict[str, Any]:
    """Horizontal bars of the 35 regencies and cities in rank order, Pekalongan's bar in
    the highlight colour and labelled with its value."""
    rows = [{"wilayah": r["name"], "nilai": r["value"], "peringkat": r["rank"],
             "sorotan": labels["home"] if r["home"] else labels["others"]}
            for r in card["ranking"]]
    fmt = number_format([r["nilai"] for r in rows])
    return {
        "$schema": SCHEMA,
        "width": width, "height": {"step": 15},
        "data": {"values": rows},
        "config": _config(font_size),
        "encoding": {
            "y": {"field": "wilayah", "type": "nominal", "title": None,
                  "sort": [r["wilayah"] for r in rows],  # rows come in rank order
                  "axis": {"labelLimit": 140}},
            "x": {"field": "nilai", "type": "quantitative", "title": labels["unit"],
                  "axis": {"format": fmt, "tickCount": 4}},
        },
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"color": {"field": "sorotan", "type": "nominal", "title": None,
                                    "scale": {"domain": [labels["home"], labels["others"]],
                                              "range": [HOME, MUTED]}}}},
            {"transform": [{"filter": {"field": "sorotan", "equal": labels["home"]}}],
             "mark": {"type": "text", "align": "left", "dx": 4, "fontWeight": "bold",
                      "color": INK},
             "encoding": {"text": {"field": "nilai", "type": "quantitative", "format": fmt}}},
        ],
    }


def multi_series_spec(rows: list[dict[str, Any]], year_title: str, unit: str,
                      width: int = 320, height: int = 170, font_size: int = 12
                      ) -> dict[str, Any]:
    """Line chart of the rows of ``indicators.table_series`` (one line per ``seri``)."""
    fmt = number_format([r["nilai"] for r in rows])
    return {
        "$schema": SCHEMA, "width": width, "height": height,
        "data": {"values": rows}, "config": _config(font_size),
        "mark": {"type": "line", "point": True, "strokeWidth": 3},
        "encoding": {
            "x": {"field": "tahun", "type": "ordinal", "title": year_title,
                  "axis": {"labelAngle": 0}},
            "y": {"field": "nilai", "type": "quantitative", "title": unit or None,
                  "axis": {"format": fmt, "tickCount": 5}},
            "color": {"field": "seri", "type": "nominal", "title": None},
        },
    }


# --------------------------------------------------------------------------- rendering

def render_svg(spec: dict[str, Any], locale: str = "id") -> str:
    """The SVG of a spec, without the XML prolog, ready to inline in a page."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec, format_locale=LOCALES.get(locale, LOCALES["id"]))
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def accessible_svg(svg: str, title: str, desc_id: str) -> str:
    """Mark a rendered chart as one image described by the page's text summary (the
    marks' own ARIA roles would make a screen reader read every point)."""
    svg = re.sub(r'\s(role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        f'aria-describedby="{escape(desc_id)}" focusable="false" class="pkl-chart" ', 1)


def svg_to_png(svg: str) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def _text(x: int, y: int, text: str, size: int, weight: str = "normal",
          fill: str = INK, anchor: str = "start") -> str:
    return (f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" '
            f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


def share_card_svg(size: str, *, title: str, value: str, value_note: str, status: str,
                   status_met: bool | None,
                   lines: list[str], source: str, date: str, address: str,
                   chart_svg: str | None) -> str:
    """The share picture of a card as an SVG of ``size`` (``1080x1080`` or ``1200x630``):
    title, value (and its unit and year in ``value_note``), target status, further lines
    (rank), the chart, source OPD, date and the portal's address."""
    width, height = SIZES[size]
    square = width == height
    pad = 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<rect width="{width}" height="16" fill="{BRAND}"/>']
    y = pad + 40
    title_size = 44 if square else 36
    for line in _wrap(title, 40 if square else 34)[:3]:
        parts.append(_text(pad, y, line, title_size, "bold"))
        y += int(title_size * 1.25)
    y += 30
    value_size = 96 if square else 72
    if value:
        y += value_size - 20
        parts.append(_text(pad, y, value, value_size, "bold", BRAND))
        y += 50
    parts.append(_text(pad, y, value_note, 30 if square else 26))
    y += 56
    colour = BRAND if status_met else HOME if status_met is False else INK
    if status:
        for line in _wrap(status, 46 if square else 30)[:2]:
            parts.append(_text(pad, y, line, 30 if square else 26, "bold", colour))
            y += 40
    for extra in lines:
        for line in _wrap(extra, 52 if square else 34)[:2]:
            parts.append(_text(pad, y, line, 28 if square else 24))
            y += 38
    footer_y = height - pad
    if chart_svg:
        inner = re.sub(r"^<\?xml[^>]*>\s*", "", chart_svg)
        if square:
            box = (pad, y + 10, width - 2 * pad, footer_y - 110 - y)
        else:
            box = (width // 2 + 20, 70, width // 2 - pad - 20, footer_y - 150)
        inner = re.sub(r"<svg ", f'<svg x="{box[0]}" y="{box[1]}" ', inner, count=1)
        inner = re.sub(r'(<svg [^>]*?)\swidth="[\d.]+"', rf'\1 width="{box[2]}"', inner,
                       count=1)
        inner = re.sub(r'(<svg [^>]*?)\sheight="[\d.]+"', rf'\1 height="{max(box[3], 50)}"',
                       inner, count=1)
        if box[3] > 80:
            parts.append(inner)
    parts.append(f'<line x1="{pad}" y1="{footer_y - 60}" x2="{width - pad}" '
                 f'y2="{footer_y - 60}" stroke="#cbd5e1" stroke-width="2"/>')
    parts.append(_text(pad, footer_y - 20, f"{source} · {date}", 24))
    parts.append(_text(pad, footer_y + 14, address, 26, "bold", BRAND))
    parts.append("</svg>")
    return "".join(parts)

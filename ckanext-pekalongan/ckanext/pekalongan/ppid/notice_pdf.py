"""PDF of the written notice (pemberitahuan tertulis), with reportlab.

Renders the structure built by ``helpers.pekalongan_ppid_notice`` (already
translated), so the PDF and the printable page always carry the same
elements: Pasal 22(7) a-g and the objection right. DejaVu Sans (Debian
``fonts-dejavu-core``) is embedded when present, so any character a requester
typed prints; otherwise the built-in Helvetica is used.
"""
from __future__ import annotations

import io
import os
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
_fonts: tuple[str, str] | None = None


def _font_names() -> tuple[str, str]:
    """(regular, bold) font names, registering DejaVu Sans once if available."""
    global _fonts
    if _fonts is None:
        regular = os.path.join(FONT_DIR, "DejaVuSans.ttf")
        bold = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")
        if os.path.exists(regular) and os.path.exists(bold):
            pdfmetrics.registerFont(TTFont("PklSans", regular))
            pdfmetrics.registerFont(TTFont("PklSans-Bold", bold))
            _fonts = ("PklSans", "PklSans-Bold")
        else:
            _fonts = ("Helvetica", "Helvetica-Bold")
    return _fonts


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _font_names()
    base = getSampleStyleSheet()["Normal"]
    body = ParagraphStyle("pkl-body", parent=base, fontName=regular, fontSize=10, leading=14)
    return {
        "body": body,
        "small": ParagraphStyle("pkl-small", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#4a5459")),
        "title": ParagraphStyle("pkl-title", parent=body, fontName=bold, fontSize=15,
                                leading=19, alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("pkl-subtitle", parent=body, alignment=TA_CENTER,
                                   spaceAfter=8),
        "letterhead": ParagraphStyle("pkl-letterhead", parent=body, fontName=bold,
                                     fontSize=11, alignment=TA_CENTER),
        "heading": ParagraphStyle("pkl-heading", parent=body, fontName=bold, fontSize=10.5,
                                  spaceBefore=8, spaceAfter=2),
        "label": ParagraphStyle("pkl-label", parent=body, fontName=bold),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _letterhead(head: dict[str, str] | None, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """Government, office (bold, centred), address, and a rule under them."""
    if not head:
        return []
    lines = [
        _p(head.get("government", "").upper(), styles["letterhead"]),
        _p(head.get("office", ""), styles["letterhead"]),
        _p(head.get("address", ""), styles["subtitle"]),
    ]
    rule = Table([[""]], colWidths=[170 * mm], rowHeights=[1])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.black)]))
    return lines + [rule]


def _signature(sig: dict[str, str] | None, notice: dict[str, Any],
               styles: dict[str, ParagraphStyle]) -> Any:
    """The signature block on the right: place and date, position, room to sign, name, NIP."""
    if not sig:
        return KeepTogether([_p(notice["date"], styles["body"]),
                             _p(notice["signature"], styles["label"])])
    name = sig.get("name") or "( ........................................ )"
    rows = [
        [_p(sig.get("place_date", ""), styles["body"])],
        [_p(sig.get("position", ""), styles["body"])],
        [Spacer(1, 20 * mm)],
        [_p(name, styles["label"])],
    ]
    if sig.get("nip"):
        rows.append([_p(f"{sig.get('nip_label', 'NIP')} {sig['nip']}", styles["body"])])
    block = Table(rows, colWidths=[75 * mm], hAlign="RIGHT")
    block.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([block])


def render(notice: dict[str, Any]) -> bytes:
    """The notice as PDF bytes."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{notice['title']} {notice['ticket']}",
        author=notice["signature"],
        subject=notice["subtitle"],
        lang="id",
    )
    story: list[Any] = _letterhead(notice.get("letterhead"), styles) + [
        Spacer(1, 4 * mm),
        _p(notice["title"], styles["title"]),
        _p(notice["subtitle"], styles["subtitle"]),
    ]
    facts = Table(
        [[_p(label, styles["label"]), _p(value, styles["body"])]
         for label, value in notice["facts"]],
        colWidths=[45 * mm, None],
        hAlign="LEFT",
    )
    facts.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#9aa5a0")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    story += [facts, Spacer(1, 3 * mm)]

    for element in notice["elements"]:
        block: list[Any] = [_p(f"{element['key']}. {element['heading']}", styles["heading"])]
        block += [_p(text, styles["body"]) for text in element["paragraphs"]]
        if element["items"]:
            block.append(ListFlowable(
                [ListItem(_p(item, styles["body"]), leftIndent=12) for item in element["items"]],
                bulletType="bullet", start="-", leftIndent=12,
            ))
        story.append(KeepTogether(block))

    if notice.get("notes"):
        story.append(KeepTogether([
            _p(notice.get("notes_heading") or "", styles["heading"]),
            _p(notice["notes"], styles["body"]),
        ]))
    story.append(_p(notice["objection_heading"], styles["heading"]))
    story += [_p(text, styles["body"]) for text in notice["objection"]]
    story += [_p(text, styles["body"]) for text in notice.get("open_windows") or ()]
    story.append(Spacer(1, 8 * mm))
    story.append(_signature(notice.get("signature_block"), notice, styles))
    doc.build(story)
    return buffer.getvalue()

"""Printable files of issue #15 items 6-8, built with reportlab (as ``notice_pdf.py``) and
python-docx: the dispute bundle for the Komisi Informasi (PDF + ZIP of attachments), the
blank request and objection forms, and the annual report (PDF and DOCX).

Every function takes plain, already translated structures (the views build them from the
actions' answers) and returns bytes; text is escaped before it reaches reportlab's
paragraph markup, so nothing typed by a requester or an officer becomes markup.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ckanext.pekalongan.ppid.notice_pdf import _styles


def _p(text: Any, style) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def _doc(buffer: io.BytesIO, title: str, author: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=title, author=author, lang="id",
    )


def _table(rows: list[list[Any]], styles: dict, widths: list | None = None,
           header: bool = False) -> Table:
    cells = [[_p(c, styles["label"] if header and i == 0 else styles["body"]) for c in row]
             for i, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5a0")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eeeb")))
    table.setStyle(TableStyle(commands))
    return table


def _story_sections(sections: list[dict], styles: dict) -> list[Any]:
    """``sections``: [{"heading", "paragraphs": [...], "table": {"rows", "widths"}}]."""
    story: list[Any] = []
    for section in sections:
        story.append(_p(section["heading"], styles["heading"]))
        for text in section.get("paragraphs") or ():
            story.append(_p(text, styles["body"]))
        table = section.get("table")
        if table and table.get("rows"):
            story.append(_table(table["rows"], styles, table.get("widths"), header=True))
        if section.get("page_break"):
            story.append(PageBreak())
        story.append(Spacer(1, 2 * mm))
    return story


def document(doc: dict) -> bytes:
    """A titled PDF: ``{"letterhead", "title", "subtitle", "sections", "footer"}``."""
    styles = _styles()
    buffer = io.BytesIO()
    pdf = _doc(buffer, doc["title"], doc["letterhead"])
    story: list[Any] = [
        _p(doc["letterhead"], styles["letterhead"]),
        Spacer(1, 3 * mm),
        _p(doc["title"], styles["title"]),
        _p(doc.get("subtitle") or "", styles["subtitle"]),
    ]
    story += _story_sections(doc["sections"], styles)
    for text in doc.get("footer") or ():
        story.append(_p(text, styles["small"]))
    pdf.build(story)
    return buffer.getvalue()


def blank_form(form: dict) -> bytes:
    """A printable blank form: ``{"letterhead", "title", "subtitle", "fields": [label],
    "notes": [...]}``; each field a labelled empty box to fill in by hand."""
    styles = _styles()
    buffer = io.BytesIO()
    pdf = _doc(buffer, form["title"], form["letterhead"])
    rows = [[_p(label, styles["label"]), _p("", styles["body"])] for label in form["fields"]]
    table = Table(rows, colWidths=[62 * mm, None], rowHeights=[11 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#4a5459")),
    ]))
    story: list[Any] = [
        _p(form["letterhead"], styles["letterhead"]),
        Spacer(1, 3 * mm),
        _p(form["title"], styles["title"]),
        _p(form.get("subtitle") or "", styles["subtitle"]),
        table,
        Spacer(1, 4 * mm),
    ]
    story += [_p(text, styles["small"]) for text in form.get("notes") or ()]
    pdf.build(story)
    return buffer.getvalue()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name for a ZIP entry: no directories, no dot-dot, plain characters."""
    base = os.path.basename(name.replace("\\", "/")) or "lampiran"
    cleaned = _UNSAFE.sub("-", base).strip(".-") or "lampiran"
    return cleaned[:120]


def bundle_zip(entries: list[tuple[str, bytes | str]], listing: str) -> bytes:
    """The ZIP of the dispute bundle: ``entries`` are (name in the ZIP, bytes or a file
    path); ``listing`` becomes ``DAFTAR-ISI.txt``. Names are made safe and unique."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("DAFTAR-ISI.txt", listing)
        used.add("DAFTAR-ISI.txt")
        for name, content in entries:
            folder, _sep, leaf = name.rpartition("/")
            candidate = (folder + "/" if folder else "") + safe_name(leaf)
            stem, dot, ext = candidate.rpartition(".")
            n = 2
            while candidate in used:
                candidate = f"{stem}-{n}.{ext}" if dot else f"{candidate}-{n}"
                n += 1
            used.add(candidate)
            if isinstance(content, bytes):
                zf.writestr(candidate, content)
            elif os.path.isfile(content):
                zf.write(content, candidate)
    return buffer.getvalue()


def docx(doc: dict) -> bytes:
    """The same titled document as :func:`document`, as DOCX (python-docx)."""
    from docx import Document

    out = Document()
    out.core_properties.title = doc["title"]
    out.core_properties.author = doc["letterhead"]
    out.add_paragraph(doc["letterhead"])
    out.add_heading(doc["title"], level=0)
    if doc.get("subtitle"):
        out.add_paragraph(doc["subtitle"])
    for section in doc["sections"]:
        out.add_heading(section["heading"], level=1)
        for text in section.get("paragraphs") or ():
            out.add_paragraph(_docx_text(text))
        table = section.get("table")
        if table and table.get("rows"):
            rows = table["rows"]
            grid = out.add_table(rows=len(rows), cols=len(rows[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = _docx_text(value)
    for text in doc.get("footer") or ():
        out.add_paragraph(_docx_text(text))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _docx_text(value: Any) -> str:
    return _XML_BAD.sub("", "" if value is None else str(value))

"""The Daftar Informasi Publik exported in the Komisi Informasi's table layout: XLSX
(openpyxl) and PDF (reportlab, landscape A4, DejaVu Sans as ``notice_pdf`` does). The rows
are the dicts of ``ppid_dip_entry_list``; the headings are the KI format's own words
(translated where the reader chose English)."""
from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.ppid import notice_pdf, registers
from ckanext.pekalongan.text import N_

HEADINGS = (
    N_("No."),
    N_("Ringkasan isi informasi"),
    N_("Pejabat/unit/satuan kerja yang menguasai informasi"),
    N_("Penanggung jawab pembuatan atau penerbitan informasi"),
    N_("Waktu dan tempat pembuatan informasi"),
    N_("Bentuk informasi yang tersedia"),
    N_("Jangka waktu penyimpanan atau retensi arsip"),
    N_("Kategori"),
    N_("OPD"),
)
TITLE = N_("Daftar Informasi Publik")


def rows(entries: list[dict]) -> list[list[str]]:
    out = []
    for i, e in enumerate(entries, start=1):
        when = ", ".join(x for x in (e.get("made_on") or "", e.get("made_place") or "") if x)
        formats = ", ".join(tk._(registers.FORMAT_LABELS.get(f, f)) for f in e.get("formats")
                            or [])
        category = tk._(registers.CATEGORY_LABELS.get(e.get("category") or "", "")) \
            if e.get("category") else ""
        org = (e.get("org") or {}).get("title") or ""
        out.append([str(i), e.get("summary") or "", e.get("holder") or "",
                    e.get("responsible") or "", when, formats, e.get("retention") or "",
                    category, org])
    return out


def _safe_cell(value: str) -> str:
    """No spreadsheet formula from a typed text (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def xlsx(entries: list[dict], subtitle: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "DIP"
    ws.append([tk._(TITLE)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([subtitle])
    ws.append([tk._(h) for h in HEADINGS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows(entries):
        ws.append([_safe_cell(v) for v in row])
    for column, width in zip("ABCDEFGHI", (6, 45, 30, 30, 24, 18, 22, 14, 30), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pdf(entries: list[dict], subtitle: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = notice_pdf._styles()
    small = styles["small"]
    small.textColor = colors.black

    def p(text: Any, style=small) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=tk._(TITLE))
    head = [p(tk._(h), styles["label"]) for h in HEADINGS]
    data = [head] + [[p(v) for v in row] for row in rows(entries)]
    widths = [10 * mm, 62 * mm, 36 * mm, 36 * mm, 30 * mm, 22 * mm, 26 * mm, 20 * mm, 31 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f4ec")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story = [p(tk._(TITLE), styles["title"]), p(subtitle, styles["subtitle"]), Spacer(1, 4),
             table]
    if not entries:
        story.append(p(tk._("No entries match these filters.")))
    doc.build(story)
    return buffer.getvalue()

"""The pages the decision e-mail's link opens (``/ppid/surat/<token>``): the written notice,
its PDF and the released documents, without the tracking code, while the signed token is
valid (``ppid_notice_link_show``). The token names no person; pages are not cached."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Response, send_file

from ckanext.pekalongan.ppid import helpers as ppid_helpers
from ckanext.pekalongan.ppid import notice_link, notice_pdf
from ckanext.pekalongan.ppid.views.citizen import ppid


def _show(token: str, **extra) -> dict:
    try:
        return tk.get_action("ppid_notice_link_show")(
            {"user": tk.g.user or "", "ppid_file_path": True}, {"token": token, **extra})
    except tk.ObjectNotFound as e:
        tk.abort(404, str(e.message or e))


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def notice_link_page(token: str):
    shown = _show(token)
    req = shown["request"]
    body = tk.render("ppid/notice_link.html", {
        "req": req,
        "notice": ppid_helpers.pekalongan_ppid_notice(req),
        "pdf_url": tk.h.url_for("ppid.notice_link_pdf", token=token),
        "back_url": tk.h.url_for("ppid.track", ticket=req["ticket"]),
        "documents": shown["documents"],
        "token": token,
        "link_days": notice_link.lifetime_days(),
    })
    return _private(Response(body))


ppid.add_url_rule("/surat/<token>", view_func=notice_link_page, endpoint="notice_link")


@ppid.route("/surat/<token>/pemberitahuan.pdf")
def notice_link_pdf(token: str):
    req = _show(token)["request"]
    body = notice_pdf.render(ppid_helpers.pekalongan_ppid_notice(req))
    return _private(Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="pemberitahuan-{req["ticket"]}.pdf"'}))


@ppid.route("/surat/<token>/dokumen/<document_id>")
def notice_link_document(token: str, document_id: str):
    doc = _show(token, document_id=document_id)["document"]
    return _private(send_file(doc["file_path"], mimetype=doc["content_type"],
                              as_attachment=True, download_name=doc["filename"]))

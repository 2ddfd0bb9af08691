"""The decision e-mail's link: the written notice and the released documents without the
tracking code, for ``notice_link_days`` days (``ppid/notice_link.py``)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.pekalongan.ppid import dictization, files, notice_link, states, visibility
from ckanext.pekalongan.ppid.model import PpidDocument, PpidRequest


def _gone() -> tk.ObjectNotFound:
    return tk.ObjectNotFound(tk._(
        "This link has expired or is no longer valid. Open your request with its ticket "
        "number and tracking code."))


@tk.side_effect_free
def ppid_notice_link_show(context: Context, data_dict: DataDict) -> dict:
    """The decided request a decision e-mail's link opens, as its requester sees it, with
    its released documents. The link works for ``notice_link_days`` days and only while the
    decision it was sent for stands.

    :param token: the token of the link
    :param document_id: optional: one released document (Python callers that set
        ``context["ppid_file_path"]`` also get its ``file_path``)
    :returns: ``{"request": ..., "documents": [...]}``, or ``{"document": ...}``
    :raises: ObjectNotFound for an expired, forged or outdated link
    """
    tk.check_access("ppid_notice_link_show", context, data_dict)
    token = data_dict.get("token")
    found = notice_link.read(token) if isinstance(token, str) else None
    if found is None:
        raise _gone()
    request_id, decision_round = found
    req = model.Session.get(PpidRequest, request_id)
    if (
        req is None
        or req.status != states.DECIDED
        or (req.decision_round or 1) != decision_round
        or req.personal_data_erased_at is not None
    ):
        raise _gone()
    docs = (
        model.Session.query(PpidDocument)
        .filter_by(request_id=req.id, kind="response", released=True)
        .order_by(PpidDocument.created)
        .all()
    )
    document_id = data_dict.get("document_id")
    if document_id is not None:
        doc = next((d for d in docs if d.id == document_id), None)
        if doc is None:
            raise tk.ObjectNotFound(tk._("Document not found."))
        out = dictization.document_dict(doc, req.ticket)
        if context.get("ppid_file_path"):
            out["file_path"] = files.absolute_path(doc.storage_path)
        return {"document": out}
    show = tk.get_action("ppid_request_show")({"ignore_auth": True, "user": ""},
                                              {"ticket": req.ticket})
    shown = dictization.request_dict(req, visibility.ACCESS_REQUESTER)
    shown["deadline"] = show.get("deadline")
    return {"request": shown,
            "documents": [dictization.document_dict(d, req.ticket) for d in docs]}

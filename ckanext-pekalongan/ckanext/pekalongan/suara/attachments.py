"""Attachments of reports (photos, PDFs).

Checked before anything is stored, with the PPID service's rules
(``ppid.files``: the extension must be accepted and the first bytes must match
it, the size is bounded), under the Suara settings ``upload_types``,
``upload_max_mb`` and ``upload_max_files``. The bytes go to
``<ckan.storage_path>/suara/<report id>/<attachment id>`` (never under the
uploaded name); the database keeps the sanitised name. Attachments are shown
to officers and the reporter only: a photo may show a face or a house.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.utils import secure_filename

from ckanext.pekalongan.casework import storage
from ckanext.pekalongan.ppid.files import CONTENT_TYPES, MAGIC, Upload, is_upload

PREFIX = "ckanext.pekalongan.suara."


def allowed_types() -> list[str]:
    types = tk.aslist(tk.config.get(PREFIX + "upload_types"))
    return [t.lower().lstrip(".") for t in types if t.lower().lstrip(".") in CONTENT_TYPES]


def max_mb() -> int:
    return int(tk.config.get(PREFIX + "upload_max_mb"))


def max_files() -> int:
    return int(tk.config.get(PREFIX + "upload_max_files"))


def read(value: Any) -> tuple[Upload | None, list[str]]:
    """Check one uploaded file: (upload, []) or (None, [message])."""
    if not is_upload(value) or not value.filename:
        return None, [tk._("Unggah berkas foto atau PDF.")]
    filename = secure_filename(value.filename) or "berkas"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    types = allowed_types()
    if extension not in types:
        return None, [tk._("Jenis berkas ini tidak diterima. Jenis yang diterima: %(types)s")
                      % {"types": ", ".join(types)}]
    stream = getattr(value, "stream", value)
    limit = max_mb() * 1024 * 1024
    data = stream.read(limit + 1)
    if len(data) > limit:
        return None, [tk._("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": max_mb()}]
    if not data:
        return None, [tk._("Berkas kosong.")]
    if not any(data.startswith(m) for m in MAGIC[extension]):
        return None, [tk._("Isi berkas tidak sesuai dengan jenisnya.")]
    return Upload(filename, extension, CONTENT_TYPES[extension], data), []


AREA = "suara"


def storage_root() -> str:
    return storage.storage_root(AREA)


def store(upload: Upload, report_id: str, file_id: str) -> str:
    """Write the bytes; returns the path relative to :func:`storage_root`."""
    return storage.store(AREA, upload.data, report_id, file_id)


def absolute_path(relative: str) -> str:
    return storage.absolute_path(AREA, relative)


def discard(relative: str) -> None:
    storage.discard(AREA, relative)


def file_of(attachment_id: str) -> tuple[str, str, str] | None:
    """(absolute path, content type, filename) of a stored attachment, for a
    download view that has first checked access with ``suara_report_show``
    (the attachment must be listed in the ``attachments`` it returned)."""
    import ckan.model as model

    from ckanext.pekalongan.suara.model import SuaraAttachment

    row = model.Session.get(SuaraAttachment, attachment_id)
    if row is None:
        return None
    try:
        return absolute_path(row.storage_path), row.content_type, row.filename
    except ValueError:
        return None

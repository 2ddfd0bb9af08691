"""Uploaded files of the PPID service (power of attorney, response documents).

Files are checked before anything is stored: the extension must be one of
``upload_types`` and the first bytes must match it (a ``.pdf`` must start with
``%PDF-``...), and the size must not exceed ``upload_max_mb``. The bytes are
stored under ``<ckan.storage_path>/ppid/<request id>/<document id>`` (never
under the uploaded name); the database keeps the sanitised original name.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.utils import secure_filename

from ckanext.pekalongan.casework import storage

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


@dataclass(frozen=True)
class Upload:
    filename: str
    extension: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def is_upload(value: Any) -> bool:
    """A werkzeug FileStorage (or anything file-like with a filename)."""
    return hasattr(value, "filename") and (hasattr(value, "stream") or hasattr(value, "read"))


def allowed_types() -> list[str]:
    types = tk.aslist(tk.config.get("ckanext.pekalongan.ppid.upload_types"))
    return [t.lower().lstrip(".") for t in types]


def max_bytes() -> int:
    return int(tk.config.get("ckanext.pekalongan.ppid.upload_max_mb")) * 1024 * 1024


def read_upload(value: Any) -> tuple[Upload | None, list[str]]:
    """Check an uploaded file; returns (upload, []) or (None, messages)."""
    if not is_upload(value) or not value.filename:
        return None, [tk._("Upload a file.")]
    filename = secure_filename(value.filename) or "file"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    types = allowed_types()
    if extension not in types or extension not in CONTENT_TYPES:
        return None, [
            tk._("This file type is not accepted. Accepted types: %(types)s")
            % {"types": ", ".join(types)}
        ]
    stream = getattr(value, "stream", value)
    limit = max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        return None, [
            tk._("The file is too large (at most %(mb)s MB).")
            % {"mb": tk.config.get("ckanext.pekalongan.ppid.upload_max_mb")}
        ]
    if not data:
        return None, [tk._("The file is empty.")]
    if not any(data.startswith(m) for m in MAGIC[extension]):
        return None, [tk._("The file content does not match its type.")]
    return Upload(filename, extension, CONTENT_TYPES[extension], data), []


AREA = "ppid"


def storage_root() -> str:
    return storage.storage_root(AREA)


def store(upload: Upload, request_id: str, file_id: str) -> str:
    """Write the bytes; returns the path relative to :func:`storage_root`."""
    return storage.store(AREA, upload.data, request_id, file_id)


def absolute_path(relative: str) -> str:
    return storage.absolute_path(AREA, relative)


def discard(relative: str) -> None:
    storage.discard(AREA, relative)

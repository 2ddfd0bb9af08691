"""Files citizens and officers upload to a case (a PPID request's documents, a Suara report's
attachments), stored under ``<ckan.storage_path>/<area>/<case id>/<file id>``: written through
a temporary file and renamed (never half a file), read back only inside the area's root."""
from __future__ import annotations

import os

import ckan.plugins.toolkit as tk


def storage_root(area: str) -> str:
    base = tk.config.get("ckan.storage_path")
    if not base:
        raise RuntimeError(f"ckan.storage_path is not set: the {area} uploads need it")
    return os.path.join(base, area)


def store(area: str, data: bytes, case_id: str, file_id: str) -> str:
    """Write the bytes; returns the path relative to :func:`storage_root`."""
    relative = os.path.join(case_id, file_id)
    path = os.path.join(storage_root(area), relative)
    os.makedirs(os.path.dirname(path), mode=0o750, exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return relative


def absolute_path(area: str, relative: str) -> str:
    """The stored file (refuses paths outside the area's storage: ``ValueError``)."""
    root = os.path.realpath(storage_root(area))
    path = os.path.realpath(os.path.join(root, relative))
    if not path.startswith(root + os.sep):
        raise ValueError(f"path outside the {area} storage")
    return path


def discard(area: str, relative: str) -> None:
    """Remove a stored file (after a rolled-back transaction); nothing if it is gone."""
    try:
        os.remove(absolute_path(area, relative))
    except (OSError, ValueError):
        pass

"""An OPD's daftar data workbook uploaded through the portal (not hosted at a URL).

The file is checked (XLSX only, at most ``ckanext.pekalongan.harvest.upload_max_mb``, sniffed
by ``file_kind.detect``: no HTML, SVG, CSV, ODS or zip bomb), stored under
``<ckan.storage_path>/pekalongan_harvest/<organization id>/daftar_data.xlsx`` (written through
a temporary file and renamed), and the OPD's upload source (type ``opd_workbook``) points at
``<site_url>/harvest-dashboard/unggahan/<organization name>/daftar_data.xlsx``. The harvester
reads such a URL from the storage directly (``read_if_uploaded``), never over HTTP.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from ckanext.pekalongan_harvesters.file_kind import XLSX, FileError, Limits, detect

AREA = "pekalongan_harvest"
FILE_NAME = "daftar_data.xlsx"
URL_PATH = "/harvest-dashboard/unggahan/"


class UploadError(ValueError):
    """The uploaded file is refused; ``str(error)`` is the Indonesian message for the form."""


def max_bytes() -> int:
    return int(tk.config.get("ckanext.pekalongan.harvest.upload_max_mb")) * 1024 * 1024


def check(data: bytes, filename: str, limit: int) -> None:
    """Raise UploadError unless ``data`` is an XLSX workbook named ``*.xlsx`` within
    ``limit`` bytes (pure: no config, no database)."""
    if not filename or not filename.lower().endswith(".xlsx") or "\x00" in filename:
        raise UploadError(tk._("Only an Excel workbook (.xlsx) can be uploaded"))
    if not data:
        raise UploadError(tk._("The file is empty"))
    if len(data) > limit:
        raise UploadError(tk._("The file is larger than {limit} MB").format(
            limit=limit // (1024 * 1024)))
    try:
        kind = detect(data, Limits(max_bytes=limit))
    except FileError as error:
        raise UploadError(str(error)) from None
    if kind != XLSX:
        raise UploadError(tk._("Only an Excel workbook (.xlsx) can be uploaded"))


def _root() -> str:
    base = tk.config.get("ckan.storage_path")
    if not base:
        raise RuntimeError("ckan.storage_path is not set: workbook uploads need it")
    return os.path.join(base, AREA)


def path_for(organization_id: str) -> str:
    if not organization_id or "/" in organization_id or organization_id.startswith("."):
        raise ValueError("bad organization id")
    return os.path.join(_root(), organization_id, FILE_NAME)


def store(organization_id: str, data: bytes) -> str:
    path = path_for(organization_id)
    os.makedirs(os.path.dirname(path), mode=0o750, exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def source_url(organization_name: str) -> str:
    site = tk.config.get("ckan.site_url").rstrip("/")
    return f"{site}{URL_PATH}{organization_name}/{FILE_NAME}"


def read_if_uploaded(url: str, owner_org: str) -> bytes | None:
    """The stored workbook when ``url`` is an upload URL of this portal (for the source's own
    organization only), else None (the harvester downloads it)."""
    site = urlsplit(tk.config.get("ckan.site_url"))
    parts = urlsplit(url or "")
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    if not parts.path.startswith(site.path.rstrip("/") + URL_PATH):
        return None
    try:
        with open(path_for(owner_org), "rb") as f:
            return f.read()
    except (OSError, ValueError):
        return b""

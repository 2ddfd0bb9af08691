"""The picture of a Kabar Pembangunan post: a resource of the post, uploaded, and a raster
image (PNG, JPEG, GIF, WebP) by its content — never HTML, SVG or a link to elsewhere. The
content is sniffed with the portal's upload checks (``previews/checks.py``), which then
store the sniffed type (``previews/files.refuse_bad_upload``)."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.previews import checks
from ckanext.pekalongan.theme import kabar


def _is_post(context, resource: dict[str, Any], current: dict[str, Any] | None) -> bool:
    import ckan.model as model

    package_id = resource.get("package_id") or (current or {}).get("package_id")
    pkg = model.Package.get(package_id) if package_id else None
    return bool(pkg and pkg.type == kabar.DATASET_TYPE)


def refuse_bad_picture(context, resource: dict[str, Any],
                       current: dict[str, Any] | None = None) -> None:
    """Raise a ValidationError when a resource of a post is not an uploaded raster image."""
    if not _is_post(context, resource, current):
        return
    upload = resource.get("upload")
    stream = getattr(upload, "stream", None) or getattr(upload, "file", None)
    if stream is None or not hasattr(stream, "read"):
        if (current or {}).get("url_type") == "upload" and \
                resource.get("url_type", "upload") == "upload":
            return  # an edit of the name or description of the stored picture
        raise tk.ValidationError({"upload": [
            tk._("Upload the picture of the news as a PNG, JPEG, GIF or WebP file.")]})
    filename = os.path.basename(getattr(upload, "filename", None) or resource.get("url") or "")
    start = stream.tell()
    head = stream.read(checks.SNIFF_BYTES)
    stream.seek(start)
    if not checks.served_type(filename, head).inline:
        raise tk.ValidationError({"upload": [
            tk._("The picture must be a PNG, JPEG, GIF or WebP image (not HTML or SVG).")]})

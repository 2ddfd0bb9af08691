"""Template helpers of the previews plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.theme import page_cache


@page_cache.cached("preview_status")
def pekalongan_preview_status(resource_id: str) -> dict[str, Any]:
    """The ``pekalongan_preview_status`` of a resource for the current user (state
    ``none`` when it cannot be read)."""
    try:
        return tk.get_action("pekalongan_preview_status")({}, {"resource_id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return {"resource_id": resource_id, "state": "none", "reason": None, "detail": None}

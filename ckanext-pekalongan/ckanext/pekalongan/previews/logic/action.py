"""Actions of the previews plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.previews import files


@tk.side_effect_free
def pekalongan_preview_status(context, data_dict) -> dict[str, Any]:
    """Whether a resource can be previewed from the DataStore, and why not.

    :param resource_id: the resource id (or ``id``).
    :returns: ``{"resource_id", "state", "reason", "detail"}``; ``state`` is ``active``
        (in the DataStore), ``pending`` (being loaded), ``error`` (not loaded: ``reason``
        says why in the user's language, ``detail`` is the loader's own message, if any)
        or ``none`` (not a table, or never submitted).
    """
    resource_id = data_dict.get("resource_id") or data_dict.get("id")
    if not resource_id:
        raise tk.ValidationError({"resource_id": [tk._("Missing value")]})
    tk.check_access("pekalongan_preview_status", context, {"id": resource_id})
    resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
    result = {"resource_id": resource["id"], "state": "none", "reason": None, "detail": None}
    if resource.get("datastore_active"):
        result["state"] = "active"
        return result
    try:
        task = tk.get_action("task_status_show")(
            {"ignore_auth": True},
            {"entity_id": resource["id"], "task_type": "xloader", "key": "xloader"})
    except tk.ObjectNotFound:
        return result
    if task.get("state") in ("submitting", "pending", "running", "running_but_viewable"):
        result["state"] = "pending"
    elif task.get("state") == "error":
        reason, detail = files.refusal_message(task.get("error"))
        result.update(state="error", detail=detail, reason=reason or tk._(
            "Preview not available: the data could not be loaded into the DataStore. "
            "Check that the file is a simple table (one header row, the same number of "
            "columns in every row) and upload it again."))
    return result

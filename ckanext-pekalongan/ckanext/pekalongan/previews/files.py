"""CKAN glue of the previews plugin: reads uploads and stored files, records why a file
was not loaded, reads DataStore rows for the chart. The rules are in ``checks.py`` and
``timeseries.py`` (pure)."""
from __future__ import annotations

import datetime
import json
import logging
import os
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.previews import checks, timeseries

log = logging.getLogger(__name__)

TASK = {"entity_type": "resource", "task_type": "xloader", "key": "xloader"}
REFUSAL_KEY = "pekalongan"
MAX_XLSX_BYTES = 64 * checks.MEGABYTE


def refuse_bad_upload(resource: dict[str, Any],
                      current: dict[str, Any] | None = None) -> None:
    """Raise a ValidationError on ``upload`` when the uploaded file must not be saved, and
    never keep the ``mimetype`` an editor declared for an uploaded file: it becomes the
    type sniffed from the file (:func:`checks.served_type`), or stays what the stored file
    was given, so that ``text/html`` and other active types cannot be claimed."""
    upload = resource.get("upload")
    stream = getattr(upload, "stream", None) or getattr(upload, "file", None)
    if stream is None or not hasattr(stream, "read"):
        _keep_stored_mimetype(resource, current)
        return
    filename = os.path.basename(getattr(upload, "filename", None) or resource.get("url") or "")
    try:
        start = stream.tell()
        head = stream.read(checks.SNIFF_BYTES)
        stream.seek(0, os.SEEK_END)
        size = stream.tell() - start
        stream.seek(start)
    except (OSError, AttributeError, ValueError):
        resource["mimetype"] = checks.OCTET_STREAM
        return
    problem = checks.upload_problem(filename, head, size,
                                    tk.config.get("ckan.max_resource_size"))
    if problem:
        raise tk.ValidationError({"upload": [problem.render(tk._)]})
    resource["mimetype"] = checks.served_type(filename, head).mimetype


def _keep_stored_mimetype(resource: dict[str, Any], current: dict[str, Any] | None) -> None:
    """An uploaded file without a new upload keeps the type it was stored with (only a
    passive one); a link's ``mimetype`` only describes the remote page and is left alone."""
    current = current or {}
    url_type = resource.get("url_type", current.get("url_type"))
    if url_type != "upload":
        return
    stored = current.get("mimetype") if current.get("url_type") == "upload" else None
    if stored in checks.PASSIVE_MIMES:
        resource["mimetype"] = stored
    elif stored or resource.get("mimetype"):
        resource["mimetype"] = checks.OCTET_STREAM


def table_format(resource: dict[str, Any]) -> str:
    """``csv``, ``tsv``, ``xlsx`` or the lower-case format as given."""
    fmt = (resource.get("format") or "").lower()
    if fmt in ("text/csv", "application/csv"):
        return "csv"
    if "spreadsheetml" in fmt:
        return "xlsx"
    if fmt in ("text/tab-separated-values",):
        return "tsv"
    return fmt


def check_before_loading(resource_id: str) -> bool:
    """False (and the reason recorded) when an uploaded CSV/XLSX cannot be previewed."""
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return True
    fmt = table_format(resource)
    if resource.get("url_type") != "upload" or fmt not in ("csv", "tsv", "xlsx", "xlsm"):
        return True
    from ckan.lib import uploader

    path = uploader.get_resource_uploader(resource).get_path(resource_id)
    limit = checks.CSV_SAMPLE_BYTES + 1 if fmt in ("csv", "tsv") else MAX_XLSX_BYTES
    try:
        with open(path, "rb") as f:
            data = f.read(limit)
    except OSError:
        return True  # not stored here (yet): xloader fetches it and reports itself
    problem = checks.table_problem(fmt, data)
    if problem is None:
        return True
    log.info("resource %s not loaded into the DataStore: %s", resource_id, problem.code)
    record_refusal(resource_id, problem)
    if resource.get("datastore_active"):
        tk.enqueue_job(drop_datastore_table, [resource_id], title="drop stale DataStore table")
    return False


def record_refusal(resource_id: str, problem: checks.Problem) -> None:
    """Keep the reason in the resource's xloader task status (``xloader_status`` shows it)."""
    import ckan.model as model

    task = dict(TASK, entity_id=resource_id, state="error", value="{}",
                last_updated=str(datetime.datetime.utcnow()),
                error=json.dumps({
                    "message": problem.render(),
                    REFUSAL_KEY: {"code": problem.code, "message": problem.message,
                                  "params": problem.params},
                }))
    try:
        task["id"] = tk.get_action("task_status_show")(
            {"ignore_auth": True},
            {"entity_id": resource_id, "task_type": "xloader", "key": "xloader"})["id"]
    except tk.ObjectNotFound:
        pass
    tk.get_action("task_status_update")(
        {"session": model.meta.create_local_session(), "ignore_auth": True}, task)


def drop_datastore_table(resource_id: str) -> None:
    """Background job: remove a DataStore table whose new source file was refused."""
    try:
        tk.get_action("datastore_delete")({"ignore_auth": True},
                                          {"resource_id": resource_id, "force": True})
    except tk.ObjectNotFound:
        pass


def time_series(context: dict[str, Any], resource_id: str) -> timeseries.TimeSeries | None:
    try:
        result = tk.get_action("datastore_search")(
            dict(context), {"resource_id": resource_id, "limit": timeseries.MAX_POINTS + 1})
    except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized):
        return None
    return timeseries.detect(result.get("fields", []), result.get("records", []))


def refusal_message(error: Any) -> tuple[str | None, str | None]:
    """(translated reason, technical detail) from a task's ``error`` field."""
    if isinstance(error, str):
        try:
            error = json.loads(error)
        except ValueError:
            return None, error or None
    if not isinstance(error, dict) or not error:
        return None, None
    ours = error.get(REFUSAL_KEY)
    if isinstance(ours, dict) and ours.get("message"):
        msgid = str(ours["message"])
        return tk._(msgid).format(**(ours.get("params") or {})), None
    detail = error.get("message") or json.dumps(error)
    return None, str(detail)

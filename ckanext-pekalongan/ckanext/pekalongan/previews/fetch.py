"""The DataStore loader fetches through the SSRF guard (``ckanext/pekalongan/netguard.py``).

ckanext-xloader 2.5.2 downloads ``resource["url"]`` with a plain ``requests.get`` that
follows redirects, loopback and private addresses included. Three layers close that:

- **entry** (``refuse_local_url``, IResourceController): ``resource_create`` and
  ``resource_update`` refuse a link whose host is, or resolves to, a loopback, private,
  link-local or metadata address with a field error on ``url`` (HTTP 409). A host name
  that does not resolve (yet) is accepted: the fetch decides later. Resources written
  through ``package_create``/``package_update`` (harvesters, API) skip this friendly check;
  the fetch guard still applies to them.
- **submit** (``check_before_loading``, IXloader.can_upload): the link is checked again
  (DNS may have changed) and a refused one is not queued; the reason is recorded in the
  resource's xloader task status, so ``xloader_status``, ``pekalongan_preview_status`` and
  the resource page show it.
- **job** (``install``): the job's download step goes through ``netguard.safe_get``
  (resolved once, connection pinned to the vetted address, every redirect checked). A
  file uploaded to the portal (``url_type == "upload"``) is read from the portal's own
  storage instead of over HTTP, so the portal's own address never needs an exemption.
"""
from __future__ import annotations

import contextvars
import io
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan import netguard
from ckanext.pekalongan.previews import files

log = logging.getLogger(__name__)

I18N = Path(__file__).resolve().parent.parent / "i18n"
DOMAIN = "ckanext-pekalongan"

# the resource whose data the current xloader job downloads
_resource: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "pekalongan_xloader_resource", default=None)


def render_default_locale(refused: netguard.FetchRefused) -> str:
    """The reason in the portal's default language (jobs run without a request)."""
    from babel.support import Translations

    locale = tk.config.get("ckan.locale_default") or "id"
    translations = Translations.load(str(I18N), [locale], DOMAIN)
    return refused.render(translations.gettext)


def error_json(refused: netguard.FetchRefused) -> str:
    """A task-status ``error`` as ``files.refusal_message`` reads it (translated on display)."""
    return json.dumps({
        "message": render_default_locale(refused),
        files.REFUSAL_KEY: {"code": refused.code, "message": refused.message,
                            "params": refused.params},
    })


def _is_stored_upload(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") == "upload"


def _is_datastore(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") in ("datastore", "datapusher")


# -- entry -------------------------------------------------------------------------------

def refuse_local_url(resource: dict[str, Any]) -> None:
    """ValidationError on ``url`` when a link resource points into the local network."""
    url = resource.get("url")
    if (not isinstance(url, str) or not url.strip() or resource.get("upload")
            or _is_stored_upload(resource) or _is_datastore(resource)):
        return
    if "://" not in url:
        return  # a file name (uploads) or a relative link: nothing is fetched
    try:
        netguard.check_url(url)
    except netguard.BlockedURL as refused:
        if refused.code in ("unresolvable", "scheme"):
            return  # not fetched as it is; the loader reports it if it is ever submitted
        raise tk.ValidationError({"url": [refused.render(tk._)]}) from None


# -- submit ------------------------------------------------------------------------------

class _DefaultLocale:
    """A refusal as ``files.record_refusal`` stores it, its ``message`` in the default
    language (``xloader_status`` shows it as is; our pages translate the msgid)."""

    def __init__(self, refused: netguard.FetchRefused) -> None:
        self.code, self.message, self.params = refused.code, refused.message, refused.params
        self._refused = refused

    def render(self, gettext=None) -> str:
        if gettext is None:
            return render_default_locale(self._refused)
        return self._refused.render(gettext)


def check_before_loading(resource_id: str) -> bool:
    """False (and the reason recorded) when xloader must not fetch this resource's link."""
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return True
    if _is_stored_upload(resource) or _is_datastore(resource):
        return True
    try:
        netguard.check_url(resource.get("url") or "")
    except netguard.BlockedURL as refused:
        log.info("resource %s not loaded into the DataStore: %s", resource_id, refused.code)
        files.record_refusal(resource_id, _DefaultLocale(refused))  # type: ignore[arg-type]
        return False
    return True


# -- job ---------------------------------------------------------------------------------

class RefusedDownload(Exception):
    """Raised in the xloader job; its text is the task-status error (JSON)."""

    def __init__(self, refused: netguard.FetchRefused) -> None:
        super().__init__(refused.render())
        self.refused = refused

    def __str__(self) -> str:
        return error_json(self.refused)


class _StoredFile(io.BufferedReader):
    """A stored upload as a ``requests.Response.raw``."""

    def release_conn(self) -> None:
        self.close()


def _stored_response(resource: dict[str, Any], url: str):
    """The uploaded file from the portal's storage as a streamed response, or None."""
    import requests
    from ckan.lib import uploader

    try:
        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
        size = os.path.getsize(path)
        raw = _StoredFile(io.FileIO(path, "rb"))
    except (OSError, TypeError, AttributeError, KeyError):
        return None
    response = requests.Response()
    response.status_code = 200
    response.raw = raw
    response.url = url
    response.headers["Content-Length"] = str(size)
    return response


def _site_hosts() -> list[str]:
    """``host:port`` of the portal as xloader reaches it (for uploads not stored locally)."""
    hosts = []
    for key in ("ckanext.xloader.site_url", "ckan.site_url"):
        value = tk.config.get(key)
        if value:
            try:
                target = netguard.parse_target(value)
            except netguard.BlockedURL:
                continue
            hosts.append(f"[{target.host}]:{target.port}" if ":" in target.host
                         else f"{target.host}:{target.port}")
    return hosts


def get_response(url: str, headers: dict[str, str]):
    """Replacement of ``ckanext.xloader.jobs.get_response``: the same contract (a streamed,
    successful response), through the guard."""
    from ckanext.xloader import jobs

    resource = _resource.get() or {}
    allowed: list[str] = []
    if _is_stored_upload(resource):
        stored = _stored_response(resource, url)
        if stored is not None:
            return stored
        # stored elsewhere: fetch it from the portal itself, and only from there
        allowed = _site_hosts()
        try:
            target = netguard.parse_target(url)
        except netguard.BlockedURL as refused:
            raise RefusedDownload(refused) from None
        if not netguard.host_allowed(target, netguard.parse_allowed_hosts(allowed)):
            raise RefusedDownload(netguard.BlockedURL("blocked_address", url=url,
                                                      address=target.host))
    else:
        headers = {k: v for k, v in (headers or {}).items()
                   if k.lower() not in netguard.CREDENTIAL_HEADERS}

    def fetch():
        try:
            return netguard.safe_get(url, timeout=jobs.DOWNLOAD_TIMEOUT, headers=headers,
                                     stream=True, verify=jobs.ssl_verify
                                     if jobs.ssl_verify is not None else True,
                                     allowed_hosts=allowed or None)
        except netguard.FetchRefused as refused:
            raise RefusedDownload(refused) from None

    response = fetch()
    wait = 1
    while wait < 120 and response.status_code == 202:  # still being generated (as xloader)
        response.close()
        time.sleep(wait)
        response = fetch()
        wait *= 3
    response.raise_for_status()
    return response


def install() -> None:
    """Route the xloader job's download through :func:`get_response` (idempotent)."""
    try:
        from ckanext.xloader import jobs
    except ImportError:  # xloader not installed
        return
    if getattr(jobs, "_pekalongan_guarded", False):
        return
    download = jobs._download_resource_data

    def _download_resource_data(resource, data, api_key, logger):
        token = _resource.set(resource)
        try:
            return download(resource, data, api_key, logger)
        finally:
            _resource.reset(token)

    handle_error = jobs.handle_retryable_error

    def handle_retryable_error(e, input, job_id, job_dict, logger, error_state):
        if not isinstance(e, RefusedDownload):
            return handle_error(e, input, job_id, job_dict, logger, error_state)
        # a refusal is an answer, not a crash: no retry, no traceback in logs or status
        from ckanext.xloader import db

        log.info("xloader job %s refused: %s", job_id, e.refused.render())
        db.mark_job_as_errored(job_id, e.refused.render())
        job_dict["status"] = "error"
        job_dict["error"] = str(e)
        error_state["errored"] = True
        return None

    jobs._download_resource_data = _download_resource_data
    jobs.handle_retryable_error = handle_retryable_error
    jobs.get_response = get_response
    jobs._pekalongan_guarded = True

"""The ``pekalongan_previews`` plugin: DataStore previews that explain themselves.

- the ``pekalongan_chart`` resource view: a server-side SVG line chart (no script) of a
  time-series table in the DataStore, with its data table; created as a default view
  once xloader has loaded the data (``ckan.views.default_views``);
- uploads of a forbidden type, of content that contradicts the extension, or over
  ``ckan.max_resource_size`` are refused with a field error before anything is saved,
  and the ``mimetype`` of an upload is the one sniffed from its content, never the
  declared one;
- CSV/XLSX files that cannot be previewed (binary junk, wrong encoding, ragged rows,
  merged header cells) are saved but not sent to xloader; the reason is kept in the
  resource's xloader task status and shown on the resource page;
- links are loaded only through the SSRF guard (``fetch.py``): loopback, private and
  metadata addresses are refused when entered, when submitted and when fetched.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.previews import fetch, files, timeseries
from ckanext.pekalongan.translation import PekalonganTranslation
from ckanext.xloader.interfaces import IXloader

VIEW_TYPE = "pekalongan_chart"


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
class PekalonganPreviewsPlugin(PekalonganTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IResourceView, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "pekalongan_previews")

    # IConfigurable
    def configure(self, config):
        fetch.install()  # xloader jobs download through the SSRF guard

    # IResourceView
    def info(self) -> dict[str, Any]:
        return {
            "name": VIEW_TYPE,
            "title": tk._("Chart"),
            "default_title": tk._("Chart"),
            "icon": "chart-line",
            "requires_datastore": True,
            "iframed": False,
            "always_available": False,
        }

    def can_view(self, data_dict: dict[str, Any]) -> bool:
        resource = data_dict["resource"]
        return bool(resource.get("datastore_active")) and files.time_series(
            {"ignore_auth": True}, resource["id"]) is not None

    def setup_template_variables(self, context, data_dict):
        series = files.time_series(dict(context), data_dict["resource"]["id"])
        return {"series": series, "charts": timeseries.charts(series) if series else []}

    def view_template(self, context, data_dict):
        return "pekalongan/views/chart.html"

    # IResourceController
    def before_resource_create(self, context, resource):
        fetch.refuse_local_url(resource)
        files.refuse_bad_upload(resource)

    def before_resource_update(self, context, current, resource):
        fetch.refuse_local_url(resource)
        files.refuse_bad_upload(resource, current)

    # IXloader
    def can_upload(self, resource_id: str) -> bool:
        return fetch.check_before_loading(resource_id) and files.check_before_loading(resource_id)

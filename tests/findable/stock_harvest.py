"""Runs a stock ckanext-harvest CKAN harvester (``CKANHarvester``, not ours) inside a second
CKAN site and prints what it harvested, as one JSON line after ``RESULT ``.

    python stock_harvest.py TARGET_INI SOURCE_URL

The target site (``var/test-N-harvest.ini``, made by ``harvest_remote.derive_site``) has its
own database and site id: its tables are rebuilt and its Solr documents dropped first, then
gather, fetch and import run synchronously (``ckanext.harvest.tests.lib.run_harvest``)
against ``SOURCE_URL`` with ``remote_orgs: create`` (the remote OPDs are copied too).
"""
from __future__ import annotations

import json
import sys


def main(ini: str, url: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(ini)
    # the portal offers only our harvesters; this second site runs the stock one
    if "ckan_harvester" not in config["ckan.plugins"].split():
        config["ckan.plugins"] += " ckan_harvester"
    # the source is the live portal on the loopback: allow exactly it (SSRF guard)
    config["ckanext.pekalongan.fetch.allowed_hosts"] = url.split("//", 1)[1].split("/", 1)[0]
    app = make_app(config)
    with app._wsgi_app.test_request_context():
        import ckan.model as model
        import ckan.plugins.toolkit as tk
        from ckan.cli.db import _get_pending_plugins, _run_migrations
        from ckan.lib import search
        from ckan.tests import helpers

        from ckanext.harvest.harvesters.ckanharvester import CKANHarvester
        from ckanext.harvest.model import HarvestObject
        from ckanext.harvest.tests.factories import HarvestJobObj, HarvestSourceObj
        from ckanext.harvest.tests.lib import run_harvest_job

        helpers.reset_db()
        for plugin in sorted({"activity", "harvest", "ppid"} | set(_get_pending_plugins())):
            _run_migrations(plugin)
        search.clear_all()

        context = {"ignore_auth": True, "user": tk.get_action("get_site_user")(
            {"ignore_auth": True}, {})["name"]}
        # the harvest source belongs to the harvesting portal's walidata
        org = tk.get_action("organization_create")(dict(context), {
            "name": "walidata-pemanen", "title": "Walidata Pemanen", "jenis_opd": "dinas"})
        source = HarvestSourceObj(url=url, source_type="ckan", owner_org=org["id"],
                                  config=json.dumps({"remote_orgs": "create"}))
        run_harvest_job(HarvestJobObj(source=source, run=False), CKANHarvester())
        ids = [i for (i,) in model.Session.query(model.Package.id)
               .filter(model.Package.type == "dataset", model.Package.state == "active")]
        packages = [tk.get_action("package_show")(context, {"id": i}) for i in ids]
        errors = [str(e.message) for o in model.Session.query(HarvestObject)
                  for e in o.errors]
        print("RESULT " + json.dumps({"packages": packages, "errors": errors}, default=str))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

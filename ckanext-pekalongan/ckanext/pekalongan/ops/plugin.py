"""The ``pekalongan_ops`` plugin: /healthz for load balancers and /metrics for Prometheus
(health.py, metrics.py, views.py); the request latency is timed by Flask hooks set here."""
from __future__ import annotations

import time

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import g, request

from ckanext.pekalongan.ops import metrics, views


def _start() -> None:
    g.pekalongan_ops_t0 = time.perf_counter()


def _observe(response):
    started = g.get("pekalongan_ops_t0")
    if started is not None:
        rule = request.url_rule
        metrics.observe(rule.endpoint if rule else None, request.method,
                        response.status_code, started)
    return response


@tk.blanket.config_declarations
class PekalonganOpsPlugin(p.SingletonPlugin):
    p.implements(p.IBlueprint)
    p.implements(p.IMiddleware, inherit=True)

    # IBlueprint
    def get_blueprint(self):
        return [views.ops]

    # IMiddleware
    def make_middleware(self, app, config):
        if hasattr(app, "before_request_funcs"):  # the Flask app
            # first in, last out: the time covers CKAN's own hooks too
            app.before_request_funcs.setdefault(None, []).insert(0, _start)
            app.after_request_funcs.setdefault(None, []).insert(0, _observe)
            app.wsgi_app = metrics.mark_proxied(app.wsgi_app)
        return app

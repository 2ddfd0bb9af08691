"""/healthz (for load balancers) and /metrics (for Prometheus; restricted)."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

from ckanext.pekalongan.ops import health, metrics

ops = Blueprint("pekalongan_ops", __name__)


def healthz() -> Response:
    status, body = health.healthz()
    return Response(json.dumps(body, sort_keys=True), status=status,
                    mimetype="application/json",
                    headers={"Cache-Control": "no-store"})


def metrics_view() -> Response:
    allowed = metrics.metrics_allowed(
        request.remote_addr, request.headers.get("Authorization"),
        bool(request.environ.get(metrics.VIA_PROXY, True)),
        tk.config.get("ckanext.pekalongan.ops.metrics.token") or "",
        tk.config.get("ckanext.pekalongan.ops.metrics.allow_loopback"))
    if not allowed:
        return Response("forbidden\n", status=403, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(metrics.exposition(), status=200,
                    headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


ops.add_url_rule("/healthz", view_func=healthz, methods=["GET", "HEAD"])
ops.add_url_rule("/metrics", view_func=metrics_view, methods=["GET"])

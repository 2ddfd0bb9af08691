"""Fixtures of the harvest tests: a local HTTP server that serves generated sources (and
misbehaves on request), an OPD with its admin, a sysadmin.

No internet: every source is served from 127.0.0.1 by ``SourceServer``; the CKAN-to-CKAN
tests use the ``live_portal`` fixture (a real CKAN) of the top-level conftest.
"""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from pkl_harvest import SourceServer  # noqa: E402

ALLOWED_HOSTS = "ckanext.pekalongan.fetch.allowed_hosts"


@pytest.fixture
def allow_fetch(ckan_config, monkeypatch):
    """``allow_fetch(url)``: the SSRF guard lets the harvesters fetch exactly that URL's
    ``host:port`` (the tests' servers listen on 127.0.0.1, which it refuses otherwise)."""

    def allow(url: str) -> None:
        host = url.split("//", 1)[1].split("/", 1)[0]
        entries = (ckan_config.get(ALLOWED_HOSTS) or "").split()
        monkeypatch.setitem(ckan_config, ALLOWED_HOSTS, " ".join([*entries, host]))

    return allow


@pytest.fixture
def source_server(allow_fetch):
    server = SourceServer()
    allow_fetch(server.base)
    yield server
    server.close()


@pytest.fixture
def closed_port_url(allow_fetch):
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    allow_fetch(f"http://127.0.0.1:{port}")
    return f"http://127.0.0.1:{port}/daftar.xlsx"


# --- CKAN objects ----------------------------------------------------------------------------
@pytest.fixture
def sysadmin():
    from ckan.tests import factories

    return factories.Sysadmin()


@pytest.fixture
def opd_admin():
    from ckan.tests import factories

    return factories.User(email="admin.opd@pekalongankab.go.id")


@pytest.fixture
def opd(opd_admin):
    from pkl_factories import Opd

    return Opd(name="dinas-kesehatan", title="Dinas Kesehatan",
               users=[{"name": opd_admin["name"], "capacity": "admin"}])



"""Fixtures of the PPID integration tests: the three officer roles on CKAN
organizations, an action caller that runs the auth functions, and a holiday
table seeded from the committed CSV after every ``clean_db``."""
from __future__ import annotations

import io

import ckan.model as model
import pytest
from pkl_factories import PpidCast
from pkl_ppid import ADDRESS, EMAIL, NIK, PHONE, act, request_data
from werkzeug.datastructures import FileStorage


def pytest_configure(config):
    # CKAN's marker, not registered by CKAN's pytest plugin (we run --strict-markers)
    config.addinivalue_line("markers", "ckan_config(key, value): override a config option")



PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32



@pytest.fixture
def clean_db(clean_db, reset_redis):
    """The root ``clean_db`` (truncate ppid_*, reset, migrate) plus the seed
    holidays (the migration seeds them only on a fresh database) and an empty
    Redis (the anonymous rate-limit counters)."""
    from ckanext.pekalongan.casework import calendar as calendar_store

    calendar_store.seed_holidays()
    model.repo.commit()
    reset_redis()


def upload(data: bytes = PDF, filename: str = "surat-kuasa.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def new_request(user: dict | None = None, **overrides) -> dict:
    """File a request (as ``user``; None = anonymous) and return the receipt."""
    return act("ppid_request_create", user, **request_data(**overrides))


def errors_of(excinfo) -> dict:
    """The error dict of a ValidationError raised by an action."""
    return excinfo.value.error_dict


@pytest.fixture
def people(clean_db):
    return PpidCast()


class Kit:
    """Helpers for the tests (a fixture, so test modules import nothing from
    here): ``kit.act(...)``, ``kit.data(...)``, ``kit.upload(...)``, constants."""

    NIK = NIK
    EMAIL = EMAIL
    PHONE = PHONE
    ADDRESS = ADDRESS
    PDF = PDF
    PNG = PNG
    act = staticmethod(act)
    data = staticmethod(request_data)
    upload = staticmethod(upload)
    new_request = staticmethod(new_request)
    errors = staticmethod(errors_of)


@pytest.fixture
def kit():
    return Kit

"""Fixtures of the PPID web UI tests: the cast of officers on CKAN
organizations, a browser-like Flask client that keeps cookies (the session
and its CSRF token), and helpers to fetch a form and post it back with its
``_csrf_token`` as a browser does."""
from __future__ import annotations

import ckan.model as model
import pytest
from pkl_factories import PASSWORD, PpidCast
from pkl_ppid import ADDRESS, EMAIL, NIK, PHONE, act, request_data
from pkl_web import alerts, csrf_token

MONDAY = "2026-03-16 03:00:00"  # Mon 16 Mar 2026, 10:00 WIB


def pytest_configure(config):
    # CKAN's marker, not registered by CKAN's pytest plugin (we run --strict-markers)
    config.addinivalue_line("markers", "ckan_config(key, value): override a config option")




@pytest.fixture
def clean_db(clean_db, reset_redis):
    """The root ``clean_db`` plus the seed holidays and an empty Redis (rate
    limits, receipts, tracking grants)."""
    from ckanext.pekalongan.casework import calendar as calendar_store

    calendar_store.seed_holidays()
    model.repo.commit()
    reset_redis()


@pytest.fixture
def people(clean_db):
    return PpidCast()


class Browser:
    """A Flask test client that keeps its cookies, like one browser."""

    def __init__(self, app, headers: dict | None = None):
        self.client = app.test_client()
        self.headers = headers or {}

    def login(self, user: dict, password: str = PASSWORD) -> Browser:
        """Log in through CKAN's login form, as a person does."""
        response = self.post("/user/login", {"login": user["name"], "password": password},
                             follow_redirects=False)
        if response.status_code != 302:
            page = response.get_data(as_text=True)
            raise AssertionError(f"login of {user['name']} failed: {alerts(page)}")
        return self

    def get(self, url: str, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url: str, data: dict, form_url: str | None = None, **kw):
        """Fetch the form page (``form_url`` or ``url``) for its CSRF token,
        then post ``data`` with it."""
        page = self.get(form_url or url)
        data = dict(data, _csrf_token=csrf_token(page.get_data(as_text=True)))
        return self.client.post(url, data=data, headers=self.headers, **kw)


@pytest.fixture
def browser_factory(app):
    """``browser_factory()`` is an anonymous visitor; ``browser_factory(user)``
    has logged in as ``user`` through the login form."""

    def make(user: dict | None = None) -> Browser:
        browser = Browser(app)
        return browser.login(user) if user else browser

    return make


class Kit:
    NIK = NIK
    EMAIL = EMAIL
    PHONE = PHONE
    ADDRESS = ADDRESS
    MONDAY = MONDAY
    act = staticmethod(act)
    data = staticmethod(request_data)


@pytest.fixture
def kit():
    return Kit

"""Fixtures of the PPID web UI tests: the cast of officers on CKAN
organizations, a browser-like Flask client that keeps cookies (the session
and its CSRF token), and helpers to fetch a form and post it back with its
``_csrf_token`` as a browser does."""
from __future__ import annotations

import pytest
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_ppid import kit, people  # noqa: F401 - fixtures
from pkl_web import Browser


@pytest.fixture
def browser_factory(app):
    """``browser_factory()`` is an anonymous visitor; ``browser_factory(user)``
    has logged in as ``user`` through the login form."""

    def make(user: dict | None = None) -> Browser:
        browser = Browser(app)
        return browser.login(user) if user else browser

    return make

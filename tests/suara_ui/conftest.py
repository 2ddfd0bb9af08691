"""Fixtures of the Suara Masyarakat page tests: the cast (tests/pkl_suara.py),
a browser-like Flask client that keeps its cookies (the PPID page tests'
``Browser``), and short-cuts to file a report through the form and to move
it along with the actions."""
from __future__ import annotations

import re

import pytest
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_suara import act, report_data, suara_people
from pkl_web import Browser

NAME = "Siti Aminah Rahayu"
PHONE_TYPED = "0812-3456-7001"
PHONE = "+6281234567001"
EMAIL = "siti.aminah@mail.example"



@pytest.fixture
def people(clean_db):
    """The Suara cast, copied back after its first build (tests/pkl_reset.py ``snapshot``)."""
    import pkl_reset

    return pkl_reset.snapshot("suara cast", suara_people)


@pytest.fixture
def browser_factory(app):
    def make(user: dict | None = None) -> Browser:
        browser = Browser(app)
        return browser.login(user) if user else browser

    return make


def html(response) -> str:
    return response.get_data(as_text=True)


def form_data(**overrides) -> dict:
    """The report form as a browser sends it, with the reporter's identity."""
    data = report_data(name=NAME, phone=PHONE_TYPED, email=EMAIL, privacy="public")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def file_report(browser: Browser, **overrides):
    """Fill in and send the report form as a browser does (the form's own
    one-time id and CSRF token); returns the response, not followed."""
    page = html(browser.get("/suara/lapor"))
    form_id = re.search(r'name="form_id" value="([^"]+)"', page).group(1)
    data = dict(form_data(**overrides), form_id=form_id)
    return browser.post("/suara/lapor", data, follow_redirects=False)


def receipt_of(browser: Browser, response) -> tuple[str, str]:
    """(number, tracking code) from the receipt a form post redirected to."""
    assert response.status_code == 302, html(response)[:2000]
    page = html(browser.get(response.headers["Location"]))
    number = re.search(r'data-testid="number">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)
    return number, code


class Kit:
    NAME = NAME
    PHONE = PHONE
    PHONE_TYPED = PHONE_TYPED
    EMAIL = EMAIL
    act = staticmethod(act)
    data = staticmethod(report_data)
    form = staticmethod(form_data)
    file = staticmethod(file_report)
    receipt = staticmethod(receipt_of)
    html = staticmethod(html)


@pytest.fixture
def kit():
    return Kit

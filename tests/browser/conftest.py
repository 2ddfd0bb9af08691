"""The phone page the browser modules share: one browser context per module, emptied of
cookies before each test (tests/browser/test_accessibility.py ``module_page``, ``fresh``)."""
from __future__ import annotations

import pytest
from test_accessibility import PHONE, fresh, module_page


@pytest.fixture(scope="module")
def phone_page(browser):
    yield from module_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def phone(phone_page):
    """A phone's page without cookies, as a new browser context would give it."""
    return fresh(phone_page, PHONE)

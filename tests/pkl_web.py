"""Helpers for tests that act as a browser through CKAN's Flask test client: the CSRF token of
a page and the alerts of a refused form."""
from __future__ import annotations

import re

from pkl_factories import PASSWORD

_CSRF = re.compile(r'name="_csrf_token"\s+value="([^"]+)"|'
                   r'<meta name="_csrf_token" content="([^"]+)"')
_ALERT = re.compile(r'class="alert[^"]*"[^>]*>\s*([^<]+)')


def csrf_token(html: str) -> str:
    """The CSRF token of a page (hidden form field or CKAN's meta tag)."""
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def alerts(html: str) -> list[str]:
    """The texts of the page's alert boxes (why a form was refused)."""
    return _ALERT.findall(html)


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

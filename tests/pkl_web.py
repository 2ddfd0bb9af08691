"""Helpers for tests that act as a browser through CKAN's Flask test client: the CSRF token of
a page and the alerts of a refused form."""
from __future__ import annotations

import re

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

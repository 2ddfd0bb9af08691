"""theme/avatars.py: an <img> from another host becomes the local placeholder."""
from __future__ import annotations

import pytest

from ckanext.pekalongan.theme.avatars import is_foreign, localise_images

SITE = "https://satudata.pekalongankab.go.id"


@pytest.mark.parametrize(("src", "foreign"), [
    ("https://picsum.photos/82/285", True), ("//gravatar.com/avatar/x", True),
    ("http://SATUDATA.pekalongankab.go.id.evil.example/x.png", True),
    ("HTTPS://satudata.pekalongankab.go.id/uploads/user/a.png", False),
    ("/uploads/user/a.png", False), ("a.png", False), ("data:image/png;base64,AA", False),
    ("javascript:alert(1)", True),
])
def test_is_foreign(src, foreign):
    assert is_foreign(src, SITE) is foreign


def test_only_foreign_images_are_replaced():
    html = ('<a href="https://elsewhere.example/u"><img class="user-image" '
            'src="https://picsum.photos/82/285" alt="x" /></a>'
            '<IMG SRC="/uploads/user/me.png">')
    out = localise_images(html, SITE, "/base/images/placeholder-user.png")
    assert 'src="/base/images/placeholder-user.png"' in out
    assert "picsum" not in out
    assert 'SRC="/uploads/user/me.png"' in out
    assert 'href="https://elsewhere.example/u"' in out  # links are not requests

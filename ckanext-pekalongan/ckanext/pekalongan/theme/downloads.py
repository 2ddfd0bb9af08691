"""When a request for a resource counts as a download.

Pure module: no CKAN import. The web hook (``stats_views.py``) asks ``counts_as_download``
after CKAN or our redirect route has answered.
"""
from __future__ import annotations

import re
from collections.abc import Container

# Self-declared robots, crawlers and link checkers (cheap: one regular expression on the
# User-Agent). Headless browsers and command-line clients are people's tools and count.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|"
    r"linkcheck|bingpreview|pingdom|uptimerobot|baiduspider",
    re.IGNORECASE,
)


# Sec-Fetch-Dest of a file shown inside a page (image_view, an embedded viewer), not saved
EMBEDDED = frozenset({"image", "iframe", "frame", "embed", "object", "video", "audio",
                      "track", "style", "script", "font"})


def is_bot(user_agent: str | None) -> bool:
    return bool(user_agent) and bool(BOT_PATTERN.search(user_agent or ""))


def is_xloader_fetch(user_agent: str | None, query: Container[str] = ()) -> bool:
    """ckanext-xloader fetching an uploaded file to load it into the DataStore: Python
    requests with the ``nonce`` query parameter xloader adds to bypass caches."""
    return "nonce" in query and (user_agent or "").startswith("python-requests/")


def counts_as_download(
    method: str,
    status: int,
    user_agent: str | None = None,
    range_header: str | None = None,
    query: Container[str] = (),
    fetch_dest: str | None = None,
) -> bool:
    """A GET answered with the file (200), its first part (206 from byte 0) or a redirect to
    it (301/302/303/307/308), by a client that is neither a declared robot nor the
    portal's own DataStore loader, and not a file shown inside a page (``Sec-Fetch-Dest``
    image, iframe, ...: a resource view)."""
    if method.upper() != "GET" or is_bot(user_agent) or is_xloader_fetch(user_agent, query):
        return False
    if (fetch_dest or "").lower() in EMBEDDED:
        return False
    if status == 200:
        return True
    if status == 206:
        return bool(range_header) and bool(re.match(r"\s*bytes\s*=\s*0\s*-", range_header or ""))
    return status in (301, 302, 303, 307, 308)

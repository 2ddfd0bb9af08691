"""When a request for a resource counts as a download."""
from __future__ import annotations

from ckanext.pekalongan.theme.downloads import counts_as_download, is_bot

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def test_a_served_file_or_a_redirect_counts():
    assert counts_as_download("GET", 200, FIREFOX)
    assert counts_as_download("GET", 302, FIREFOX)
    assert counts_as_download("get", 303, None)


def test_errors_heads_and_not_modified_do_not_count():
    assert not counts_as_download("GET", 404, FIREFOX)
    assert not counts_as_download("GET", 403, FIREFOX)
    assert not counts_as_download("GET", 304, FIREFOX)
    assert not counts_as_download("HEAD", 200, FIREFOX)


def test_only_the_first_range_counts():
    assert counts_as_download("GET", 206, FIREFOX, "bytes=0-1023")
    assert not counts_as_download("GET", 206, FIREFOX, "bytes=1024-2047")


def test_robots_do_not_count_but_people_tools_do():
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                  "Mozilla/5.0 (compatible; bingbot/2.0)", "Baiduspider", "facebookexternalhit/1.1",
                  "AhrefsBot/7.0", "Mozilla/5.0 (compatible; YandexBot/3.0)"):
        assert is_bot(agent), agent
        assert not counts_as_download("GET", 200, agent)
    for agent in (FIREFOX, "curl/8.5.0", "python-requests/2.32",
                  "Mozilla/5.0 HeadlessChrome/131.0", "Wget/1.21"):
        assert not is_bot(agent), agent


def test_the_datastore_loader_fetching_a_file_does_not_count():
    xloader = "python-requests/2.32.3"
    assert not counts_as_download("GET", 200, xloader, None, {"nonce": "1732.5"})
    assert counts_as_download("GET", 200, xloader, None, {})  # a developer's script counts
    assert counts_as_download("GET", 200, FIREFOX, None, {"nonce": "x"})


def test_a_file_shown_inside_a_page_does_not_count():
    assert not counts_as_download("GET", 200, FIREFOX, fetch_dest="image")
    assert not counts_as_download("GET", 200, FIREFOX, fetch_dest="iframe")
    assert counts_as_download("GET", 200, FIREFOX, fetch_dest="document")

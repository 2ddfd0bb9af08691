"""One notion of topic (#11): the dataset field ``topik``.

The home page tiles, the topic list (``/topik``) and the navigation's "Topik" entry count
the datasets of each topic with the search page's own ``topik`` facet and link to the search
filtered on the topic; CKAN's group list (``/group``), which counted something else, now
answers with the topic list.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="module")
def app(demo_site):
    from ckan.tests import helpers

    return helpers._get_test_app()


def _soup(app, path: str, status: int = 200) -> BeautifulSoup:
    response = app.get(path)
    assert response.status_code == status, f"{path}: HTTP {response.status_code}"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _tiles(soup: BeautifulSoup) -> dict[str, tuple[int, str]]:
    """topik value -> (count shown, link) of the topic tiles of a page."""
    tiles = {}
    for link in soup.select(".pkl-topic-tiles a[data-topik]"):
        count = int(re.sub(r"\D", "", link.span.get_text()))
        tiles[link["data-topik"]] = (count, link["href"])
    return tiles


def _search_facet(app, path: str = "/dataset/?_topik_limit=0") -> dict[str, int]:
    """topik value -> count of the "Topik" facet of the search page."""
    soup = _soup(app, path)
    facet = {}
    for link in soup.select("a[href*='topik=']"):
        badge = link.select_one(".item-count")
        if badge is None:
            continue
        values = parse_qs(urlsplit(link["href"]).query).get("topik", [])
        facet[values[-1]] = int(re.sub(r"\D", "", badge.get_text()))
    return facet


def _found(soup: BeautifulSoup) -> int:
    heading = soup.select_one(".search-form h1, .search-form h2, .search-form .h2")
    assert heading is not None
    return int(re.search(r"(\d[\d.,]*)", heading.get_text()).group(1).replace(".", "")
               .replace(",", ""))


def test_home_tile_counts_equal_the_search_facet_and_lead_to_the_filtered_search(app):
    tiles = _tiles(_soup(app, "/"))
    facet = _search_facet(app)
    assert len(tiles) >= 5, tiles
    for value, (count, href) in tiles.items():
        assert facet.get(value) == count, (value, count, facet.get(value))
        assert urlsplit(href).path.rstrip("/") == "/dataset"
        assert parse_qs(urlsplit(href).query) == {"topik": [value]}, href
    # the most populated topic: its tile leads to a search that finds that many datasets,
    # with the topic's facet item marked active
    value, (count, href) = max(tiles.items(), key=lambda t: t[1][0])
    filtered = _soup(app, href)
    assert _found(filtered) == count
    label = next(a for a in _soup(app, "/").select(".pkl-topic-tiles a[data-topik]")
                 if a["data-topik"] == value).contents[0].strip()
    active = filtered.select("li.nav-item.active a .item-label")
    assert label in [a.get_text(strip=True) for a in active], active


def test_the_home_count_of_topics_is_the_number_of_topics_with_datasets(app):
    soup = _soup(app, "/")
    counts = " ".join(li.get_text(" ", strip=True) for li in soup.select(".pkl-counts li"))
    facet = _search_facet(app)
    assert re.search(rf"\b{len(facet)} topik\b", counts), counts


def test_the_topic_list_shows_every_topic_with_the_search_counts(app):
    tiles = _tiles(_soup(app, "/topik"))
    facet = _search_facet(app)
    assert {v: c for v, (c, _h) in tiles.items()} == facet
    english = _soup(app, "/en/topik")
    assert english.find("h1").get_text(strip=True) == "Topics"
    assert english.find("html")["lang"] == "en"
    assert all(h.startswith("/en/dataset") for _c, h in _tiles(english).values())


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_group_list_answers_with_the_topic_list(app, prefix):
    response = app.get(prefix + "/group/", follow_redirects=False)
    assert response.status_code in (301, 302, 303, 307, 308)
    assert urlsplit(response.headers["Location"]).path == prefix + "/topik"


@pytest.mark.parametrize(("prefix", "label"), [("", "Topik"), ("/en", "Topics")])
def test_the_navigation_has_one_topic_entry_leading_to_the_topic_list(app, prefix, label):
    soup = _soup(app, prefix + "/dataset/")
    nav = soup.select("header nav a[href], .masthead nav a[href]")
    hrefs = [a["href"] for a in nav]
    assert not [h for h in hrefs if urlsplit(h).path.rstrip("/").endswith("/group")], hrefs
    topics = [a for a in nav if urlsplit(a["href"]).path == prefix + "/topik"]
    assert [a.get_text(strip=True) for a in topics] == [label]

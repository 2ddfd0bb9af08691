"""Activity streams without dead links (theme/activity_links.py, snippets/stream.html,
snippets/pagination.html) and CKAN's error page in Bahasa Indonesia (theme/error_pages.py).

A sysadmin's news feed after a dataset was created, edited and purged, and another deleted;
an organization's public stream seen by a visitor; the stream's pagination; the changes
page of a purged dataset; the avatars.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from pkl_factories import Opd, SatuDataset


@pytest.fixture
def traces(with_plugins, clean_db):
    import ckan.plugins.toolkit as tk

    admin = factories.SysadminWithToken()
    context = {"user": admin["name"], "ignore_auth": True}
    org = Opd(name="dinas-jejak", title="Dinas Jejak",
              users=[{"name": admin["name"], "capacity": "admin"}])
    purged = SatuDataset(name="data-dimusnahkan", title="Data Dimusnahkan",
                         owner_org=org["id"], user=admin)
    tk.get_action("package_patch")(context, {"id": purged["id"], "notes": "Diubah."})
    tk.get_action("dataset_purge")(context, {"id": purged["id"]})
    deleted = SatuDataset(name="data-dihapus", title="Data Dihapus", owner_org=org["id"],
                          user=admin)
    tk.get_action("package_delete")(context, {"id": deleted["id"]})
    kept = SatuDataset(name="data-tetap", title="Data Tetap", owner_org=org["id"], user=admin)
    tk.get_action("follow_group")(context, {"id": org["id"]})
    activities = tk.get_action("package_activity_list")(
        {"ignore_auth": True}, {"id": kept["id"]})
    return {"admin": admin, "org": org, "purged": purged, "deleted": deleted, "kept": kept,
            "headers": {"Authorization": admin["token"]}, "kept_activity": activities[0]}


def _links(html: str) -> list[str]:
    return [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)]


def test_a_purged_dataset_is_named_in_the_stream_without_links(traces, app):
    html = app.get("/dashboard/", headers=traces["headers"]).get_data(as_text=True)
    assert "Data Dimusnahkan" in html
    purged = traces["purged"]["id"]
    assert not [h for h in _links(html) if purged in h], "a link to the purged dataset"
    kept = traces["kept"]["id"]
    assert any(h.endswith(f"/dataset/{kept}") for h in _links(html))
    for href in _links(html):
        if href.startswith("/dataset/") and "/changes/" not in href:
            assert app.get(href, headers=traces["headers"]).status_code == 200, href


def test_a_deleted_dataset_is_linked_for_a_sysadmin_only(traces, app):
    deleted = traces["deleted"]["id"]
    admin_page = app.get(f"/organization/activity/{traces['org']['name']}",
                         headers=traces["headers"]).get_data(as_text=True)
    assert any(h.endswith(f"/dataset/{deleted}") for h in _links(admin_page))
    visitor_page = app.get(f"/organization/activity/{traces['org']['name']}").get_data(
        as_text=True)
    assert "Data Dihapus" in visitor_page
    assert not [h for h in _links(visitor_page) if deleted in h]
    for href in _links(visitor_page):
        if href.startswith(("/dataset/", "/organization/")) and "changes" not in href:
            assert app.get(href).status_code == 200, href


def test_the_changes_page_of_a_purged_dataset_is_a_404(traces, app):
    import ckan.model as model

    from ckanext.activity.model import Activity

    activity = (model.Session.query(Activity)
                .filter(Activity.object_id == traces["purged"]["id"])
                .order_by(Activity.timestamp.desc()).first())
    assert activity is not None
    response = app.get(f"/dataset/changes/{activity.id}", headers=traces["headers"])
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page and "Not Found" not in page
    assert app.get(f"/dataset/{traces['purged']['id']}/history/{activity.id}",
                   headers=traces["headers"]).status_code == 404
    # the changes of a dataset that still exists open
    kept = app.get(f"/dataset/changes/{traces['kept_activity']['id']}",
                   headers=traces["headers"])
    assert kept.status_code in (200, 404)  # its first activity has no earlier version


@pytest.mark.ckan_config("ckan.activity_list_limit", "3")
def test_the_stream_pagination_never_links_to_none(traces, app):
    import ckan.plugins.toolkit as tk

    context = {"user": traces["admin"]["name"], "ignore_auth": True}
    for i in range(5):
        tk.get_action("package_patch")(context, {"id": traces["kept"]["id"], "notes": f"v{i}"})
    for path in ("/dashboard/", f"/dataset/activity/{traces['kept']['name']}",
                 f"/user/activity/{traces['admin']['name']}"):
        html = app.get(path, headers=traces["headers"]).get_data(as_text=True)
        hrefs = _links(html)
        assert not [h for h in hrefs if h in ("None", "") or h.endswith("/None")], path
        older = [h for h in hrefs if "before=" in h]
        assert older, f"{path}: no link to older activities"
        assert app.get(older[0].replace("&amp;", "&"), headers=traces["headers"]).status_code \
            == 200


def test_avatars_never_come_from_another_host(traces, app):
    html = app.get(f"/user/{traces['admin']['name']}", headers=traces["headers"]).get_data(
        as_text=True)
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources, "no image on the profile page"
    # the factory's user has a picture on another host: shown as the local placeholder
    assert traces["admin"]["image_url"].startswith("http")
    assert any(s.endswith("/base/images/placeholder-user.png") for s in sources), sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))
                and "127.0.0.1" not in s and "localhost" not in s], sources
    assert "gravatar" not in html
    policy = app.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy + ";" and "https:" not in policy.split(
        "img-src", 1)[1].split(";", 1)[0]


def test_the_404_page_is_in_indonesian_and_english(with_plugins, app):
    page = app.get("/halaman/yang/tidak/ada")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in html and "Not Found" not in html
    english = app.get("/en/halaman/yang/tidak/ada").get_data(as_text=True)
    assert "Page not found" in english

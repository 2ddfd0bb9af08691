"""Download counts through the real web app: CKAN's ``resource.download`` of an uploaded
file and our counting redirect ``/unduh/<id>`` of a link both count; the dataset total is
the sum of its resources; the home page ranks the most downloaded public datasets; a
private dataset's counts stay private; the ``pekalongan_download_stats`` action."""
from __future__ import annotations

import re

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from pkl_factories import Opd, SatuDataset

BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _download_upload(app, res, **kw):
    url = f"/dataset/{res['package_id']}/resource/{res['id']}/download/data.csv"
    return app.get(url, follow_redirects=False, **kw)


def _stats(app, status=200, **params):
    res = app.get("/api/3/action/pekalongan_download_stats", query_string=params, status=status)
    return res.json


@pytest.fixture
def world(clean_db, clean_index, create_with_upload):
    org = Opd(name="dinas-uji-unduh", title="Dinas Uji Unduh")
    popular = SatuDataset(name="data-populer", title="Data Populer", owner_org=org["id"])
    quiet = SatuDataset(name="data-sepi", title="Data Sepi", owner_org=org["id"])
    secret = SatuDataset(name="data-rahasia", title="Data Rahasia", owner_org=org["id"],
                         private=True)
    upload = create_with_upload("tahun,jumlah\n2024,1\n", "data.csv",
                                context={"user": factories.Sysadmin()["name"]},
                                package_id=popular["id"], name="Berkas CSV")
    link = factories.Resource(package_id=popular["id"], url="http://data.example.id/a.json",
                              format="JSON", name="Tautan JSON")
    quiet_link = factories.Resource(package_id=quiet["id"], url="http://data.example.id/b.csv")
    secret_link = factories.Resource(package_id=secret["id"], url="http://data.example.id/c")
    return {"org": org, "popular": popular, "quiet": quiet, "secret": secret,
            "upload": upload, "link": link, "quiet_link": quiet_link,
            "secret_link": secret_link}


def test_uploaded_file_and_link_redirect_both_count(app, world):
    upload, link = world["upload"], world["link"]
    assert upload["url_type"] == "upload"

    first = _download_upload(app, upload)
    assert first.status_code == 200
    assert first.data == b"tahun,jumlah\n2024,1\n"
    _download_upload(app, upload)
    redirect = app.get(f"/unduh/{link['id']}", follow_redirects=False)
    assert redirect.status_code == 302
    assert redirect.headers["Location"] == "http://data.example.id/a.json"

    # neither a robot, a HEAD request, nor a missing resource counts
    _download_upload(app, upload, headers={"User-Agent": BOT})
    app.test_client().head(f"/unduh/{link['id']}", follow_redirects=False)
    app.get("/unduh/no-such-resource", status=404)

    assert _stats(app, resource_id=upload["id"])["result"]["downloads"] == 2
    assert _stats(app, resource_id=link["id"])["result"]["downloads"] == 1
    dataset = _stats(app, id="data-populer")["result"]
    assert dataset["downloads"] == 3
    assert sorted(r["downloads"] for r in dataset["resources"]) == [1, 2]

    # the counting route sends an uploaded file on to CKAN's download (counted once, there)
    via_route = app.get(f"/unduh/{upload['id']}", follow_redirects=False)
    assert via_route.status_code == 302
    assert f"/resource/{upload['id']}/download" in via_route.headers["Location"]
    assert _stats(app, resource_id=upload["id"])["result"]["downloads"] == 2


def test_pages_show_counts_in_both_languages_and_use_the_counting_route(app, world):
    for _ in range(3):
        _download_upload(app, world["upload"])
    app.get(f"/unduh/{world['link']['id']}", follow_redirects=False)

    page = app.get("/dataset/data-populer").get_data(as_text=True)
    assert "diunduh 4 kali" in page  # the dataset total
    assert "diunduh 3 kali" in page and "diunduh 1 kali" in page  # each resource
    assert f'href="/unduh/{world["link"]["id"]}"' in page  # the link's download link
    assert "/download/data.csv" in page  # the upload's own download URL

    english = app.get("/en/dataset/data-populer").get_data(as_text=True)
    assert "downloaded 4 times" in english and "downloaded 1 time<" in english

    res_page = app.get(f"/dataset/data-populer/resource/{world['link']['id']}").get_data(
        as_text=True)
    assert "diunduh 1 kali" in res_page
    assert f'href="/unduh/{world["link"]["id"]}"' in res_page


def test_home_page_ranks_public_datasets_and_hides_private_ones(app, world):
    for _ in range(2):
        _download_upload(app, world["upload"])
    app.get(f"/unduh/{world['quiet_link']['id']}", follow_redirects=False)
    sysadmin = factories.Sysadmin()
    for _ in range(5):  # the private dataset, downloaded by someone who may
        app.get(f"/unduh/{world['secret_link']['id']}", follow_redirects=False,
                headers={"Authorization": factories.APIToken(user=sysadmin["name"])["token"]})
    assert call_action("pekalongan_download_stats", id="data-rahasia")["downloads"] == 5

    home = app.get("/").get_data(as_text=True)
    section = home[home.index('id="pkl-top-downloads-title"'):]
    section = section[:section.index("</section>")]
    assert re.findall(r'href="/dataset/([\w-]+)"', section) == ["data-populer", "data-sepi"]
    assert "Data Rahasia" not in home
    counts = home[home.index('class="pkl-counts"'):]
    assert re.search(r"<strong>(?:<span[^>]*>)?3(?:</span>)?</strong>\s*unduhan", counts)

    assert "Most downloaded datasets" in app.get("/en/").get_data(as_text=True)

    top = _stats(app, limit=5)["result"]
    assert [t["name"] for t in top["top"]] == ["data-populer", "data-sepi"]
    assert top["total"] == 3


def test_private_counts_are_refused_to_strangers_and_bad_input_is_a_field_error(app, world):
    app.get(f"/unduh/{world['secret_link']['id']}", status=403, follow_redirects=False)
    refused = _stats(app, status=403, id="data-rahasia")
    assert refused["success"] is False
    _stats(app, status=403, resource_id=world["secret_link"]["id"])
    _stats(app, status=404, id="no-such-dataset")
    # a bad ranking size is a field error
    for limit in ("0", "abc", "101"):
        body = _stats(app, status=409, limit=limit)
        assert "limit" in body["error"], limit

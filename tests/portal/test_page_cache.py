"""What anonymous pages keep between requests (``theme/page_cache``, issue #14): the home
page's counts, tiles and download totals, a dataset's download counts and JSON-LD, a
resource's preview state. Every write that changes them (through the actions, CKAN's bulk
updates, raw SQL, a counted download) shows on the next page view; a rolled-back write
changes nothing; signed-in users are never served from the cache, but for the count of new
activities on their header's dashboard badge, kept for each user apart."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import ckan.model as model
import pytest
from bs4 import BeautifulSoup
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action
from pkl_factories import Opd, SatuDataset

from ckanext.pekalongan.theme import download_store, page_cache


@pytest.mark.parametrize(("statement", "scopes"), [
    ("INSERT INTO package (id, name) VALUES (%(id)s, %(name)s)", {"catalogue"}),
    ('\n  UPDATE "group" SET title=%(title)s WHERE "group".id = %(id)s', {"catalogue"}),
    ("DELETE FROM member WHERE member.id = %(id)s", {"catalogue"}),
    ('delete from "package_extra"', {"catalogue"}),
    ("UPDATE task_status SET state='error'", {"catalogue"}),
    ("TRUNCATE TABLE activity, package, resource CASCADE", {"catalogue", "activity"}),
    ("INSERT INTO pekalongan_download (resource_id, day, count) VALUES (1, 2, 1)",
     {"downloads"}),
    ("SELECT package.id FROM package", set()),
    ("INSERT INTO activity (id) VALUES (1)", {"activity"}),
    ('UPDATE "user" SET last_active = now()', {"activity"}),
    ("UPDATE dashboard SET activity_stream_last_viewed=%(v)s", {"activity"}),
    ("INSERT INTO user_following_user (follower_id) VALUES (1)", {"activity"}),
    ("INSERT INTO user_following_group (follower_id) VALUES (1)", {"catalogue"}),
    ("INSERT INTO package_fake (id) VALUES (1)", set()),
    ("TRUNCATE ppid_request", set()),
    ("UPDATE suara_report SET status='closed'", {"suara"}),
    ("INSERT INTO suara_assignment (id) VALUES (1)", {"suara"}),
    ("DELETE FROM suara_response", {"suara"}),
    ("INSERT INTO ppid_holiday (day) VALUES ('2026-12-25')", {"suara"}),
    ("INSERT INTO suara_notification (id) VALUES (1)", set()),
])
def test_which_statements_change_the_pages(statement, scopes):
    assert page_cache.written_scopes(statement) == scopes


def _home_counts(app, **kw) -> list[str]:
    soup = BeautifulSoup(app.get("/", **kw).body, "html.parser")
    return [li.strong.get_text(strip=True) for li in soup.select(".pkl-counts li")]


def _cached_names() -> set[str]:
    return {key[1] for key in page_cache._store}  # (language, name, ...)


@pytest.fixture
def catalogue(clean_db, clean_index):
    page_cache.clear()
    org = Opd(name="dinas-uji-cache", title="Dinas Uji Cache")
    first = SatuDataset(name="data-cache-satu", title="Data Cache Satu", owner_org=org["id"])
    resource = factories.Resource(package_id=first["id"], url="http://data.example.id/a.csv",
                                  format="CSV")
    return {"org": org, "first": first, "resource": resource}


def test_home_page_counts_follow_every_kind_of_write(app, catalogue):
    assert _home_counts(app)[0] == "1"
    assert "site_counts" in _cached_names()
    assert _home_counts(app)[0] == "1"  # served again from the cache

    second = SatuDataset(name="data-cache-dua", title="Data Cache Dua",
                         owner_org=catalogue["org"]["id"])  # an action
    assert _home_counts(app)[0] == "2"

    # CKAN's bulk update (query(...).update() and a reindex), as the organization's page does
    call_action("bulk_update_private",
                {"ignore_auth": True, "user": factories.Sysadmin()["name"]},
                datasets=[second["id"]], org_id=catalogue["org"]["id"])
    assert _home_counts(app)[0] == "1"

    # raw SQL (CKAN reindexes from the database afterwards, as `ckan search-index` does)
    model.Session.execute("UPDATE package SET private = false WHERE name = 'data-cache-dua'")
    model.Session.commit()
    from ckan.lib.search import rebuild

    rebuild("data-cache-dua")
    assert _home_counts(app)[0] == "2"


def test_download_totals_follow_each_counted_download(app, catalogue):
    before = _home_counts(app)[3]
    download_store.record(catalogue["resource"]["id"], dt.date.today())
    download_store.record(catalogue["resource"]["id"], dt.date.today())
    assert int(_home_counts(app)[3]) == int(before) + 2
    page = app.get("/dataset/data-cache-satu").body
    app.get(f"/unduh/{catalogue['resource']['id']}", follow_redirects=False)
    assert int(_home_counts(app)[3]) == int(before) + 3
    assert app.get("/dataset/data-cache-satu").body != page  # its count moved too


def test_rolled_back_write_keeps_the_generation_and_a_commit_bumps_it(app, catalogue):
    with app.flask_app.test_request_context():
        before = page_cache.generations()
    model.Session.execute("UPDATE package SET title = title WHERE name = 'data-cache-satu'")
    model.Session.rollback()
    with app.flask_app.test_request_context():
        assert page_cache.generations() == before
    model.Session.execute("UPDATE package SET title = title WHERE name = 'data-cache-satu'")
    model.Session.commit()
    with app.flask_app.test_request_context():
        after = page_cache.generations()
    assert after[0] != before[0]
    assert after[1] == before[1]  # downloads untouched


def test_a_generation_lost_with_redis_is_never_given_again(app, catalogue):
    """After Redis lost its keys (a restart without persistence, a flush), the generations
    start from values never seen: an entry cached before cannot match again (a counter
    would restart at 1, 2, ... and serve entries cached under those numbers)."""
    redis = connect_to_redis()
    keys = [page_cache._key(s) for s in page_cache.SCOPES]
    seen = set()
    for _ in range(3):
        redis.delete(*keys)
        with app.flask_app.test_request_context():
            found = page_cache.generations()
        assert None not in found
        assert not seen & set(found)
        seen |= set(found)
        page_cache.bump()
        with app.flask_app.test_request_context():
            bumped = page_cache.generations()
        assert not seen & set(bumped)
        seen |= set(bumped)


def test_dataset_json_ld_follows_an_edit(app, catalogue):
    def json_ld():
        soup = BeautifulSoup(app.get("/dataset/data-cache-satu").body, "html.parser")
        return json.loads(soup.find("script", type="application/ld+json").string)

    assert "Data Cache Satu" in json.dumps(json_ld())
    call_action("package_patch", {"ignore_auth": True, "user": factories.Sysadmin()["name"]},
                id="data-cache-satu", title="Data Cache Diganti")
    text = json.dumps(json_ld())
    assert "Data Cache Diganti" in text and "Data Cache Satu" not in text


def test_signed_in_users_are_never_served_from_the_cache(app, catalogue):
    user = factories.SysadminWithToken()
    page_cache.clear()
    counts = _home_counts(app, headers={"Authorization": user["token"]})
    assert counts[0] == "1"
    # only their own count of new activities (the header's badge) is kept
    assert {key[1:] for key in page_cache._store} == {("user", user["id"], "new_activities")}
    _home_counts(app)
    assert page_cache._store


def _badge(app, token: str) -> int:
    soup = BeautifulSoup(app.get("/dataset/", headers={"Authorization": token}).body,
                         "html.parser")
    return int(soup.select_one("li.notifications .badge").get_text(strip=True))


def _stock_count(user: dict) -> int:
    return call_action("dashboard_new_activities_count", {"user": user["name"]})


def test_new_activities_badge_is_kept_per_user_and_follows_every_change(app, catalogue):
    """The header's count of new activities (ckanext-activity builds the whole dashboard
    stream for it on every signed-in page) is kept for each user apart, and is CKAN's own
    count after each kind of change: an activity of a followed organization's dataset, of a
    followed user, the user's own activity (never new to them), the user's viewing of the
    dashboard, a follow."""
    officer = factories.UserWithToken()
    other = factories.UserWithToken()
    editor = factories.User()
    org = catalogue["org"]
    call_action("organization_member_create", {"ignore_auth": True},
                id=org["id"], username=editor["name"], role="editor")
    call_action("follow_group", {"user": officer["name"]}, id=org["id"])
    model.Session.remove()

    def both(user) -> tuple[int, int]:
        return _badge(app, user["token"]), _stock_count(user)

    start = both(officer)
    assert start[0] == start[1]
    assert both(officer) == start  # served again for the officer
    assert ("user", officer["id"], "new_activities") in {k[1:] for k in page_cache._store}
    assert both(other)[0] == both(other)[1]  # another user has a count of their own

    SatuDataset(name="data-cache-baru", title="Data Cache Baru", owner_org=org["id"],
                user=editor)  # an activity on the followed organization
    badge, stock = both(officer)
    assert badge == stock == start[0] + 1

    call_action("follow_user", {"user": officer["name"]}, id=other["name"])
    badge, stock = both(officer)
    assert badge == stock > start[0] + 1  # the followed user's activities came in
    call_action("user_patch", {"user": other["name"]}, id=other["id"], about="Profil baru")
    assert both(officer) == (stock + 1, stock + 1)  # and their next one is new too

    call_action("package_patch", {"user": officer["name"], "ignore_auth": True},
                id="data-cache-baru", notes="Diubah oleh petugas")
    assert both(officer) == (stock + 1, stock + 1)  # their own activity is not new

    call_action("dashboard_mark_activities_old", {"user": officer["name"]})
    assert both(officer) == (0, 0)  # the user viewed their dashboard

    # a write that rolls back changes nothing: the count is served from the same entry
    key = next(k for k in page_cache._store if k[1:] == ("user", officer["id"],
                                                          "new_activities"))
    kept = page_cache._store[key]
    model.Session.execute("UPDATE dashboard SET activity_stream_last_viewed = now()")
    model.Session.rollback()
    assert both(officer) == (0, 0)
    assert page_cache._store[key] is kept


def test_the_site_starts_without_the_plugins_whose_helpers_are_chained(
        app, pytestconfig, tmp_path):
    """The cached ``new_activities`` and ``structured_data`` chain on helpers of
    ckanext-activity and dcat's structured_data: a site without those plugins (the harvest
    benchmark's remote site, a deployment that turns the activity stream off) still starts,
    where CKAN refused with "The helper 'new_activities' is not found for chained helper"."""
    from ckan.lib.helpers import helper_functions

    from ckanext.pekalongan.theme import cached_helpers

    without = set(cached_helpers.PROVIDED_BY.values())
    assert without == {"activity", "structured_data"}
    # the site itself loads both, and chains (caches) both helpers
    assert all(cached_helpers.chainable(name) for name in cached_helpers.PROVIDED_BY)
    assert all(getattr(helper_functions[name], "func", None) is getattr(cached_helpers, name)
               for name in cached_helpers.PROVIDED_BY)
    text = Path(pytestconfig.option.ckan_ini).resolve().read_text()
    site = re.search(r"^ckan\.plugins = (.*)$", text, flags=re.M).group(1).split()
    assert without <= set(site) and "pekalongan" in site
    plugins = " ".join(name for name in site if name not in without)
    ini = tmp_path / "site.ini"
    ini.write_text(re.sub(r"^ckan\.plugins = .*$", f"ckan.plugins = {plugins}", text,
                          flags=re.M))
    ini.chmod(0o600)
    done = subprocess.run([str(Path(sys.executable).with_name("ckan")), "-c", str(ini),
                           "jobs", "list"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "chained helper" not in done.stderr

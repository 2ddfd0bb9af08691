"""Items 3-5 of the Findable issue against the real Solr core and PostgreSQL of the test
site: the walidata's concept pairs (stored, pushed to Solr's managed synonyms, applied by
a core reload), the typo retry of the search page, the anonymous query log with its click
tracking, its report and its retention."""
from __future__ import annotations

import datetime as dt
import socket
import statistics
import threading
import time

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from pkl_factories import PASSWORD, SatuDataset
from pkl_web import Browser, csrf_token

from ckanext.pekalongan.search import querylog, solr_synonyms, store
from ckanext.pekalongan.search.model import SearchQuery, SearchSynonym
from ckanext.pekalongan.search.page import click_key

LITERACY = "Angka Melek Huruf Penduduk Dewasa"
HEALTH = "Cakupan Pelayanan Kesehatan Ibu Hamil"


def act(action: str, user: dict | None = None, **data):
    return tk.get_action(action)({"user": user["name"] if user else ""}, data)


def found(q: str, **params) -> list[str]:
    result = act("package_search", q=q, rows=50, **params)
    return [d["title"] for d in result["results"]]


def solr_map() -> dict:
    return solr_synonyms.current_map()


@pytest.fixture
def walidata():
    return factories.Sysadmin(password=PASSWORD)


@pytest.fixture
def datasets():
    return {t: SatuDataset(title=t) for t in (LITERACY, HEALTH)}


@pytest.fixture
def empty_synonyms(ckan_config):
    """Solr's walidata map empty before and after (the pairs of other tests gone)."""
    solr_synonyms.sync([])
    yield
    solr_synonyms.sync([])


@pytest.fixture
def silent_solr():
    """A TCP server that accepts connections and never answers: a Solr that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    conns: list[socket.socket] = []

    def accept():
        while True:
            try:
                conns.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/solr/ckan_test_2"
    server.close()
    for c in conns:
        c.close()


# ------------------------------------------------------------------------ concept pairs

@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "empty_synonyms")
class TestConceptPairs:
    def test_a_pair_makes_either_term_find_the_other_without_a_redeploy(self, walidata,
                                                                         datasets):
        assert found("wuta sastra") == []
        pair = act("pekalongan_search_synonym_create", walidata,
                   term_a="Wuta Sastra", term_b="melek huruf")
        assert pair["applied"] is True and pair["apply_error"] is None
        assert sorted(solr_map()["wuta sastra"]) == ["melek huruf", "wuta sastra"]
        assert found("wuta sastra") == [LITERACY]
        assert LITERACY in found("melek huruf")
        assert act("pekalongan_search_synonym_status", walidata)["in_sync"] is True
        assert [p["term_a"] for p in act("pekalongan_search_synonym_list", walidata)] == [
            "Wuta Sastra"]

    def test_deleting_a_pair_takes_it_out_of_solr(self, walidata, datasets):
        pair = act("pekalongan_search_synonym_create", walidata,
                   term_a="wuta sastra", term_b="melek huruf")
        assert found("wuta sastra") == [LITERACY]
        result = act("pekalongan_search_synonym_delete", walidata, id=pair["id"])
        assert result["applied"] is True
        assert solr_map() == {}
        assert found("wuta sastra") == []
        with pytest.raises(tk.ObjectNotFound):
            act("pekalongan_search_synonym_delete", walidata, id=pair["id"])

    @pytest.mark.parametrize(("data", "field"), [
        ({"term_a": "", "term_b": "melek huruf"}, "term_a"),
        ({"term_b": "melek huruf"}, "term_a"),
        ({"term_a": "buta\x00aksara", "term_b": "melek huruf"}, "term_a"),
        ({"term_a": "wuta sastra", "term_b": "x" * 101}, "term_b"),
        ({"term_a": "wuta sastra", "term_b": "Wuta  Sastra"}, "term_b"),
        ({"term_a": "wuta sastra", "term_b": "melek:huruf"}, "term_b"),
        ({"term_a": ["buta"], "term_b": "melek huruf"}, "term_a"),
        ({"term_a": "yang", "term_b": "melek huruf"}, "term_a"),
    ])
    def test_bad_pairs_are_refused_with_field_messages(self, walidata, data, field):
        with pytest.raises(tk.ValidationError) as e:
            act("pekalongan_search_synonym_create", walidata, **data)
        assert list(e.value.error_dict) == [field]
        assert model.Session.query(SearchSynonym).count() == 0

    def test_a_duplicate_either_way_round_is_a_409_over_http(self, app, walidata):
        token = factories.APIToken(user=walidata["name"])["token"]
        url = "/api/3/action/pekalongan_search_synonym_create"
        first = app.post(url, json={"term_a": "wuta sastra", "term_b": "melek huruf"},
                         headers={"Authorization": token})
        assert first.status_code == 200
        again = app.post(url, json={"term_a": "Melek Huruf", "term_b": "wuta sastra"},
                         headers={"Authorization": token})
        assert again.status_code == 409
        assert again.json["error"]["term_b"] == ["Pasangan ini sudah ada"]

    def test_only_a_sysadmin_may_touch_the_pairs(self, app):
        user = factories.UserWithToken()
        for action in ("pekalongan_search_synonym_create", "pekalongan_search_synonym_list",
                       "pekalongan_search_synonym_delete", "pekalongan_search_synonym_sync",
                       "pekalongan_search_missed_queries", "pekalongan_search_query_log_purge"):
            with pytest.raises(tk.NotAuthorized):
                act(action, user, term_a="a b", term_b="c d", id=1)
            anonymous = app.post(f"/api/3/action/{action}", json={"id": 1})
            assert anonymous.status_code == 403
            as_user = app.post(f"/api/3/action/{action}", json={"id": 1},
                               headers={"Authorization": user["token"]})
            assert as_user.status_code == 403
        assert model.Session.query(SearchSynonym).count() == 0

    def test_pairs_solr_lost_are_pushed_again(self, walidata, datasets):
        act("pekalongan_search_synonym_create", walidata, term_a="wuta sastra",
            term_b="melek huruf")
        solr_synonyms.sync([])  # as when config/stack.py replaces the core's conf/
        assert found("wuta sastra") == []
        assert act("pekalongan_search_synonym_status", walidata)["in_sync"] is False
        result = tk.get_action("pekalongan_search_synonym_sync")(
            {"ignore_auth": True}, {"force": False})
        assert result["applied"] and result["changed"] and result["put"] == 2
        assert found("wuta sastra") == [LITERACY]
        again = tk.get_action("pekalongan_search_synonym_sync")(
            {"ignore_auth": True}, {"force": False})
        assert again["changed"] is False

    @pytest.mark.usefixtures("clean_queues")
    @pytest.mark.ckan_config("ckanext.pekalongan.search.synonyms.solr_timeout", 1)
    def test_a_hanging_solr_does_not_fail_the_request(self, walidata, silent_solr,
                                                      ckan_config):
        solr_url = ckan_config["solr_url"]
        ckan_config["solr_url"] = silent_solr
        try:
            started = time.monotonic()
            pair = act("pekalongan_search_synonym_create", walidata,
                       term_a="wuta sastra", term_b="melek huruf")
            elapsed = time.monotonic() - started
            status = act("pekalongan_search_synonym_status", walidata)
        finally:
            ckan_config["solr_url"] = solr_url
        assert elapsed < 5
        assert pair["applied"] is False
        assert pair["apply_error"] == "Solr did not answer within 1 s (reading the synonyms)"
        assert pair["queued"] is True
        from ckan.lib.jobs import get_queue

        assert [j.func_name.rsplit(".", 1)[-1] for j in get_queue().jobs] == [
            "sync_synonyms_job"]
        assert model.Session.query(SearchSynonym).count() == 1
        assert status["in_sync"] is None and "1 s" in status["error"]


# ------------------------------------------------------------------- typos and the log

def rows() -> list[SearchQuery]:
    model.Session.expire_all()
    return model.Session.query(SearchQuery).order_by(SearchQuery.id).all()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestTypoRetry:
    def test_the_search_page_retries_a_typo_and_says_so(self, app, datasets):
        page = app.get("/dataset/", query_string={"q": "kesehatn ibu"})
        html = page.get_data(as_text=True)
        assert 'data-testid="fuzzy-notice"' in html
        assert "Menampilkan hasil untuk ejaan yang mirip" in html
        assert HEALTH in html and LITERACY not in html
        assert [(r.query, r.result_count, r.fuzzy) for r in rows()] == [
            ("kesehatn ibu", 0, True)]

    def test_the_api_gets_exactly_what_it_asked_for(self, datasets):
        assert found("kesehatn ibu") == []

    @pytest.mark.ckan_config("ckanext.pekalongan.search.fuzzy_api", True)
    def test_the_api_retries_when_the_option_says_so(self, app, datasets):
        result = app.get("/api/3/action/package_search", query_string={"q": "kesehatn"})
        assert [d["title"] for d in result.json["result"]["results"]] == [HEALTH]
        assert rows() == []  # the API is never logged

    def test_fielded_and_short_queries_are_not_retried(self, app, datasets):
        html = app.get("/dataset/", query_string={"q": "title:kesehatn"}).get_data(as_text=True)
        assert 'data-testid="fuzzy-notice"' not in html
        # no word long enough for a typo: only the retry with fewer words ("ibu")
        html = app.get("/dataset/", query_string={"q": "ibu hml"}).get_data(as_text=True)
        assert 'data-retry="words"' in html and HEALTH in html
        assert [r.query for r in rows()] == ["ibu hml"]  # fielded queries are not logged

    def test_a_search_that_finds_something_is_not_retried(self, app, datasets):
        html = app.get("/dataset/", query_string={"q": "kesehatan"}).get_data(as_text=True)
        assert 'data-testid="fuzzy-notice"' not in html and HEALTH in html
        assert [(r.query, r.result_count, r.fuzzy) for r in rows()] == [
            ("kesehatan", 1, False)]

    def test_a_word_no_dataset_holds_relaxes_the_search_and_says_so(self, app, datasets):
        # every word must match: "zzzyzx" alone empties the page; the retry with all
        # the words but one finds the health dataset and the page says why
        assert found("kesehatan ibu zzzyzx") == []
        html = app.get("/dataset/", query_string={"q": "kesehatan ibu zzzyzx"}).get_data(
            as_text=True)
        assert 'data-retry="words"' in html
        assert "Menampilkan hasil yang memuat semua kata kecuali satu" in html
        assert HEALTH in html and LITERACY not in html
        assert [(r.query, r.result_count, r.fuzzy) for r in rows()] == [
            ("kesehatan ibu zzzyzx", 0, True)]

    def test_a_search_nothing_answers_stays_empty(self, app, datasets):
        html = app.get("/dataset/", query_string={"q": "zzzyzx qqqxqq"}).get_data(as_text=True)
        assert 'data-testid="fuzzy-notice"' not in html
        assert HEALTH not in html and LITERACY not in html

    @pytest.mark.ckan_config("ckanext.pekalongan.search.fuzzy", False)
    def test_the_retry_can_be_switched_off(self, app, datasets):
        html = app.get("/dataset/", query_string={"q": "kesehatn"}).get_data(as_text=True)
        assert 'data-testid="fuzzy-notice"' not in html and HEALTH not in html


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestQueryLog:
    def test_a_row_holds_no_personal_data(self, app):
        app.get("/dataset/", query_string={"q": "NIK 3326012345678901 siti@example.org"},
                environ_base={"REMOTE_ADDR": "10.9.8.7"})
        (row,) = rows()
        assert row.query == "nik # @"
        columns = {c.name for c in SearchQuery.__table__.columns}
        assert columns == {"id", "query", "result_count", "fuzzy", "clicked", "day"}
        dump = " ".join(str(v) for r in model.Session.execute(
            sa.text("select * from pekalongan_search_query")) for v in r)
        assert "3326012345678901" not in dump and "10.9.8.7" not in dump
        assert "siti" not in dump

    def test_only_the_first_page_of_the_search_page_is_logged(self, app, walidata):
        app.get("/dataset/", query_string={"q": "jalan rusak", "page": "2"})
        app.get("/api/3/action/package_search", query_string={"q": "jalan rusak"})
        app.get("/dataset/")
        act("package_search", q="jalan rusak")
        assert rows() == []
        app.get("/dataset/", query_string={"q": "jalan rusak"})
        assert [r.query for r in rows()] == ["jalan rusak"]

    @pytest.mark.ckan_config("ckanext.pekalongan.search.query_log.enabled", False)
    def test_the_log_can_be_switched_off(self, app):
        app.get("/dataset/", query_string={"q": "jalan rusak"})
        assert rows() == []

    def test_opening_a_result_marks_its_search_as_clicked(self, app, datasets):
        html = app.get("/dataset/", query_string={"q": "kesehatan"}).get_data(as_text=True)
        (row,) = rows()
        token = querylog.click_token(click_key(), row.id)
        assert f'data-click-url="/cari/buka/{token}"' in html
        name = datasets[HEALTH]["name"]
        response = app.get(f"/cari/buka/{token}", query_string={"ke": name},
                           follow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/dataset/{name}")
        assert rows()[0].clicked is True

    def test_a_forged_click_marks_nothing_and_redirects_nowhere_else(self, app):
        row_id = store.log_query("jalan rusak", 0, False)
        forged = f"{row_id}.{'0' * 20}"
        response = app.get(f"/cari/buka/{forged}", query_string={"ke": "x"},
                           follow_redirects=False)
        assert response.status_code == 302
        for bad in ("//evil.example/x", "https://evil.example", "../ckan-admin"):
            response = app.get(f"/cari/buka/{forged}", query_string={"ke": bad},
                               follow_redirects=False)
            assert "evil" not in response.headers["Location"]
            assert response.headers["Location"].endswith("/dataset/")
        assert rows()[0].clicked is False

    def test_the_report_counts_misses_most_frequent_first(self, walidata):
        for q, count, clicked in (("wuta sastra", 0, False), ("wuta sastra", 0, False),
                                  ("kesehatan", 3, True), ("kesehatan", 3, False),
                                  ("stunting", 0, False), ("jalan", 2, True)):
            row_id = store.log_query(q, count, False)
            if clicked:
                store.mark_clicked(row_id)
        model.Session.commit()
        report = act("pekalongan_search_missed_queries", walidata)
        assert [(r["query"], r["searches"], r["zero_results"], r["no_click"])
                for r in report["queries"]] == [
            ("wuta sastra", 2, 2, 2), ("kesehatan", 2, 0, 1), ("stunting", 1, 1, 1)]
        with pytest.raises(tk.ValidationError) as e:
            act("pekalongan_search_missed_queries", walidata, days="0")
        assert "days" in e.value.error_dict

    def test_rows_past_the_retention_are_purged(self, walidata):
        today = store.today()
        for age in (0, 179, 180, 400):
            model.Session.add(SearchQuery(query=f"umur {age}", result_count=0,
                                          day=today - dt.timedelta(days=age)))
        model.Session.commit()
        result = act("pekalongan_search_query_log_purge", walidata)
        assert result["deleted"] == 2
        assert sorted(r.query for r in rows()) == ["umur 0", "umur 179"]
        assert act("pekalongan_search_query_log_purge", walidata, days=1)["deleted"] == 1

    def test_writing_the_log_is_one_quick_insert(self):
        timings = []
        for n in range(100):
            started = time.perf_counter()
            store.log_query(f"kata uji {n}", 0, False)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50, p95 = statistics.median(timings), timings[94]
        print(f"query log INSERT: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        assert p95 < 25
        assert len(rows()) == 100


# --------------------------------------------------------------------- walidata's pages

@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "empty_synonyms")
class TestWalidataPages:
    def test_from_a_missed_search_to_a_saved_pair(self, app, walidata, datasets):
        store.log_query("wuta sastra", 0, False)
        browser = Browser(app).login(walidata)
        html = browser.get("/ckan-admin/pencarian-nihil").get_data(as_text=True)
        assert "wuta sastra" in html
        assert "/ckan-admin/sinonim?istilah=wuta+sastra" in html
        form = browser.get("/ckan-admin/sinonim?istilah=wuta+sastra").get_data(as_text=True)
        assert ('name="term_a" class="form-control" maxlength="100" required '
                'value="wuta sastra"') in form
        saved = browser.post("/ckan-admin/sinonim",
                             {"term_a": "wuta sastra", "term_b": "melek huruf"},
                             follow_redirects=True)
        assert saved.status_code == 200
        assert "melek huruf" in saved.get_data(as_text=True)
        assert found("wuta sastra") == [LITERACY]

    def test_a_refused_pair_shows_the_form_error(self, app, walidata):
        browser = Browser(app).login(walidata)
        refused = browser.post("/ckan-admin/sinonim", {"term_a": "wuta sastra",
                                                       "term_b": "buta (aksara)"})
        assert refused.status_code == 409
        html = refused.get_data(as_text=True)
        assert 'data-testid="form-errors"' in html and 'aria-invalid="true"' in html
        assert model.Session.query(SearchSynonym).count() == 0

    def test_the_pages_are_for_sysadmins_only(self, app):
        user = factories.User(password=PASSWORD)
        browser = Browser(app).login(user)
        for url in ("/ckan-admin/sinonim", "/ckan-admin/pencarian-nihil"):
            assert browser.get(url).status_code == 403
            assert app.get(url).status_code == 403

    def test_a_post_without_the_csrf_token_is_refused(self, app, walidata):
        browser = Browser(app).login(walidata)
        response = browser.client.post("/ckan-admin/sinonim",
                                       data={"term_a": "wuta sastra", "term_b": "melek huruf"})
        assert response.status_code in (400, 403)
        assert model.Session.query(SearchSynonym).count() == 0
        assert csrf_token(browser.get("/ckan-admin/sinonim").get_data(as_text=True))

    def test_odd_inputs_give_pages_not_errors(self, app, walidata):
        browser = Browser(app).login(walidata)
        assert browser.get("/ckan-admin/pencarian-nihil?hari=abc").status_code == 200
        assert browser.get("/ckan-admin/pencarian-nihil?hari=%00").status_code == 200
        long = browser.get("/ckan-admin/sinonim", query_string={"istilah": "a" * 5000})
        assert long.status_code == 200
        assert 'value="' + "a" * 100 + '"' in long.get_data(as_text=True)
        missing = browser.post("/ckan-admin/sinonim/999/hapus", {},
                               form_url="/ckan-admin/sinonim")
        assert missing.status_code == 404
        applied = browser.post("/ckan-admin/sinonim/terapkan", {},
                               form_url="/ckan-admin/sinonim", follow_redirects=True)
        assert "Sudah diterapkan ke mesin pencari" in applied.get_data(as_text=True)
        huge = app.get("/cari/buka/" + "9" * 500, query_string={"ke": "x" * 5000},
                       follow_redirects=False)
        assert huge.status_code == 302

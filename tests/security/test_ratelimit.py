"""Issue 17, defect 5 and part of 9: one rate-limit bucket per *client*, not per
regency. The anonymous PPID channels are limited per client address (the real
one behind the trusted proxies only), atomically across gunicorn workers;
honeypot hits never block the citizens who share an address with a robot; a
refusal is HTTP 429 (API: JSON with a translated message; web: the form or an
error page in Indonesian); tracking look-ups are throttled too."""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request

import ckan.model as model
import pytest
import sqlalchemy as sa
from pkl_ppid import act, request_data

CREATE = "/api/3/action/ppid_request_create"
SHOW = "/api/3/action/ppid_request_show"
_CSRF = re.compile(r'name="_csrf_token"\s+value="([^"]+)"')


def citizen(**overrides) -> dict:
    """A valid anonymous request (no e-mail: nothing to send)."""
    data = request_data(**overrides)
    data.pop("email")
    return data


@pytest.fixture
def site(with_plugins, clean_db, reset_redis):
    from ckanext.pekalongan.casework import calendar as calendar_store

    calendar_store.seed_holidays()
    model.repo.commit()
    reset_redis()


def post(app, url, data, addr, xff=None, status=None):
    env = {"REMOTE_ADDR": addr}
    if xff:
        env["HTTP_X_FORWARDED_FOR"] = xff
    return app.post(url, json=data, extra_environ=env, status=status)


def web_form_post(app, addr, data, xff=None):
    """The citizen form, as a browser posts it (CSRF token from the page)."""
    client = app.test_client()
    env = {"REMOTE_ADDR": addr}
    if xff:
        env["HTTP_X_FORWARDED_FOR"] = xff
    page = client.get("/ppid/permohonan/baru", extra_environ=env).get_data(as_text=True)
    form = {k: v for k, v in data.items() if not isinstance(v, list)}
    form["how_to_obtain"] = data["how_to_obtain"]
    form["_csrf_token"] = _CSRF.search(page).group(1)
    return client.post("/ppid/permohonan/baru", data=form, extra_environ=env,
                       follow_redirects=False)


@pytest.mark.usefixtures("site")
class TestFilingLimit:
    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_the_api_answers_429_with_a_translated_json_error(self, app):
        for _ in range(2):
            assert post(app, CREATE, citizen(), "10.1.0.1").json["success"]
        refused = post(app, CREATE, citizen(), "10.1.0.1", status=429)
        assert refused.json["success"] is False
        assert refused.json["error"]["rate_limit"] == [
            "Terlalu banyak permintaan dari alamat Anda. Silakan coba lagi nanti."
        ]
        assert 0 < int(refused.headers["Retry-After"]) <= 3600
        # another client is not affected
        assert post(app, CREATE, citizen(), "10.1.0.2").json["success"]

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_the_web_form_and_the_api_share_one_bucket(self, app):
        assert post(app, CREATE, citizen(), "10.1.0.3").json["success"]
        assert web_form_post(app, "10.1.0.3", citizen()).status_code == 302
        refused = web_form_post(app, "10.1.0.3", citizen(name="Siti Aminah"))
        page = refused.get_data(as_text=True)
        assert refused.status_code == 429
        assert "Terlalu banyak permintaan dari alamat Anda" in page
        assert 'value="Siti Aminah"' in page  # nothing typed is lost
        post(app, CREATE, citizen(), "10.1.0.3", status=429)

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_invalid_posts_take_no_place(self, app):
        for _ in range(4):
            res = post(app, CREATE, citizen(nik="123"), "10.1.0.4", status=409)
            assert "nik" in res.json["error"]
        for _ in range(2):
            assert post(app, CREATE, citizen(), "10.1.0.4").json["success"]

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_honeypot_hits_never_block_a_citizen_on_the_same_address(self, app):
        for _ in range(8):
            res = post(app, CREATE, citizen(website="http://spam.example"), "10.1.0.5",
                       status=409)
            assert "website" in res.json["error"]
        assert post(app, CREATE, citizen(), "10.1.0.5").json["success"]
        assert web_form_post(app, "10.1.0.5", citizen()).status_code == 302

    def test_officers_and_internal_calls_are_not_limited(self, app):
        for _ in range(7):  # no web request, no client: the CLI and jobs
            act("ppid_request_create", None, **citizen())


@pytest.mark.usefixtures("site")
class TestProxies:
    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    def test_a_direct_client_cannot_change_its_bucket_with_x_forwarded_for(self, app):
        for n in range(2):
            post(app, CREATE, citizen(), "10.2.0.1", xff=f"198.51.100.{n}", status=200)
        post(app, CREATE, citizen(), "10.2.0.1", xff="198.51.100.77", status=429)
        web = web_form_post(app, "10.2.0.1", citizen(), xff="198.51.100.78")
        assert web.status_code == 429

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "2")
    @pytest.mark.ckan_config("ckanext.pekalongan.trusted_proxies", "127.0.0.1 10.9.0.0/16")
    def test_behind_a_trusted_proxy_every_real_client_has_its_own_bucket(self, app):
        proxy = "127.0.0.1"
        for _ in range(2):
            post(app, CREATE, citizen(), proxy, xff="203.0.113.1", status=200)
        # the client's own X-Forwarded-For (left of what the proxies appended) is ignored
        post(app, CREATE, citizen(), proxy, xff="192.0.2.99, 203.0.113.1", status=429)
        # two trusted hops: the right-most untrusted address is the client
        post(app, CREATE, citizen(), proxy, xff="203.0.113.1, 10.9.3.4", status=429)
        for _ in range(2):
            post(app, CREATE, citizen(), proxy, xff="203.0.113.2", status=200)
        post(app, CREATE, citizen(), proxy, xff="203.0.113.3, 10.9.3.4", status=200)

    @pytest.mark.ckan_config("ckanext.pekalongan.trusted_proxies", "127.0.0.1")
    def test_a_trusted_proxy_passes_the_scheme_and_an_untrusted_one_does_not(self, app):
        from ckanext.pekalongan.ppid import proxies

        nets = proxies.parse_networks("127.0.0.1")
        seen = {}

        def inner(environ, start_response):
            seen.update(addr=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"],
                        xff=environ.get("HTTP_X_FORWARDED_FOR"))
            start_response("200 OK", [])
            return [b""]

        mw = proxies.TrustedProxies(inner, nets)
        env = {"REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
               "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9", "HTTP_X_FORWARDED_PROTO": "https"}
        mw(dict(env), lambda *a: None)
        assert seen == {"addr": "203.0.113.9", "scheme": "https",
                        "xff": "1.2.3.4, 203.0.113.9"}
        mw(dict(env, REMOTE_ADDR="198.51.100.1"), lambda *a: None)
        assert seen == {"addr": "198.51.100.1", "scheme": "http", "xff": None}


@pytest.mark.usefixtures("site")
class TestTrackingLimit:
    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.track_rate_limit", "3")
    def test_the_tracking_api_and_page_are_throttled_per_client(self, app):
        receipt = act("ppid_request_create", None, **citizen())
        wrong = {"ticket": receipt["ticket"], "tracking_code": "AAAA-BBBB-CCCC-DDDD"}
        for _ in range(3):
            post(app, SHOW, wrong, "10.3.0.1", status=404)
        refused = post(app, SHOW, dict(wrong, tracking_code=receipt["tracking_code"]),
                       "10.3.0.1", status=429)
        assert refused.json["error"]["rate_limit"][0].startswith("Terlalu banyak")
        # the web form of the same client: a clear page, not "not found"
        client = app.test_client()
        env = {"REMOTE_ADDR": "10.3.0.1"}
        html = client.get("/ppid/lacak", extra_environ=env).get_data(as_text=True)
        token = _CSRF.search(html).group(1)
        page = client.post("/ppid/lacak", data=dict(wrong, _csrf_token=token), extra_environ=env)
        assert page.status_code == 429
        assert "Terlalu banyak" in page.get_data(as_text=True)
        # another client still finds its request
        shown = post(app, SHOW, dict(wrong, tracking_code=receipt["tracking_code"]),
                     "10.3.0.2", status=200)
        assert shown.json["result"]["ticket"] == receipt["ticket"]

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.track_rate_limit", "2")
    def test_objections_with_a_code_count_as_look_ups(self, app):
        receipt = act("ppid_request_create", None, **citizen())
        data = {"ticket": receipt["ticket"], "tracking_code": "AAAA-BBBB-CCCC-DDDD",
                "grounds": ["35_1_b"], "reasons": "Tidak dijawab"}
        for _ in range(2):
            post(app, "/api/3/action/ppid_objection_create", data, "10.3.0.3", status=404)
        post(app, "/api/3/action/ppid_objection_create", data, "10.3.0.3", status=429)


# --- a burst against a live gunicorn with two workers ---------------------------------


@pytest.fixture(scope="module")
def live_site(pytestconfig):
    """gunicorn (2 workers) on the test site, trusting 127.0.0.1 as its proxy so
    that each test run can speak for fresh clients."""
    from pathlib import Path

    from pkl_live import ROOT, free_port, set_option, start_gunicorn, stop

    port = free_port()
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    live_ini = test_ini.with_name(f"{test_ini.stem}-ratelimit-{port}.ini")
    text = set_option(test_ini.read_text(), "ckan.site_url", f"http://127.0.0.1:{port}")
    text = set_option(text, "ckanext.pekalongan.trusted_proxies", "127.0.0.1")
    live_ini.write_text(text)
    log = (ROOT / "var" / "log" / "test-ratelimit.log").open("ab")
    proc = start_gunicorn(live_ini, port, log)
    yield f"http://127.0.0.1:{port}"
    stop(proc)
    live_ini.unlink(missing_ok=True)


def http_post(url: str, data: dict, client: str) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(data).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "X-Forwarded-For": client})
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


@pytest.mark.usefixtures("site")
def test_twenty_simultaneous_posts_against_a_limit_of_five_let_exactly_five_through(
        live_site):
    import secrets

    client = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    barrier = threading.Barrier(20)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def one():
        barrier.wait()
        outcome = http_post(live_site + CREATE, citizen(), client)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 5 + [429] * 15, (statuses, results[:2])
    stored = model.Session.execute(sa.text("select count(*) from ppid_request"))
    assert stored.scalar() == 5


@pytest.mark.usefixtures("site", "with_request_context")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "1")
def test_the_action_counts_the_client_the_caller_names_in_its_context():
    """The pages pass the client's address in the action's context (the action itself does
    not read the web request): the limit follows that address."""
    from ckan.tests import helpers

    def create(address):
        return helpers.call_action("ppid_request_create",
                                   context={"user": "", "ignore_auth": False,
                                            "client_address": address},
                                   **citizen())

    assert create("203.0.113.5")["ticket"]
    with pytest.raises(Exception) as refused:
        create("203.0.113.5")
    assert "rate_limit" in getattr(refused.value, "error_dict", {}), refused.value
    assert create("203.0.113.6")["ticket"]  # another client, its own bucket

"""Issue 13 (Resonansi) items 6 and 7 through the real web app: the Atom feeds (datasets,
per OPD, per topic, achievements, posts) validate as RFC 4287 and leave out private
datasets; Kabar Pembangunan posts (datasets of type ``kabar``) are written by an OPD's
editors only, appear on the home page, the list, their page and the feed, and stay out of
the dataset search, the DCAT catalogue, the counts and Skor OPD; hostile text is refused or
escaped.

One module-scoped catalogue, only read by most tests: OPD "Dinas Kesehatan" (editor
``editor-dinkes``) with a public dataset in topic "Kesehatan", a private dataset and an
indicator with two years of data; OPD "Dinas Pendidikan" (editor ``editor-dindik``) with a
public dataset; one post of Dinas Kesehatan linked to the dataset and the indicator.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ckan.tests import factories
from lxml import etree
from pkl_factories import Opd, SatuDataset
from werkzeug.datastructures import FileStorage

ATOM = "{http://www.w3.org/2005/Atom}"
POST_TITLE = "Posyandu Keliling Menjangkau Desa Terpencil"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _upload(name: str, body: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(body), filename=name)


@pytest.fixture(scope="module")
def catalogue(pytestconfig, reset_db, migrate_db_for, reset_index):
    from ckan import plugins
    from ckan.plugins import toolkit as tk
    from pkl_search import commit_index, empty_database

    plugins.load_all()
    empty_database(pytestconfig, reset_db, migrate_db_for)
    reset_index()
    sysadmin = factories.Sysadmin()
    dinkes_editor = factories.User(name="editor-dinkes", email="rahasia.dinkes@example.id")
    dindik_editor = factories.User(name="editor-dindik")
    dinkes = Opd(name="dinas-kesehatan", title="Dinas Kesehatan",
                 users=[{"name": dinkes_editor["name"], "capacity": "editor"}])
    dindik = Opd(name="dinas-pendidikan", title="Dinas Pendidikan",
                 users=[{"name": dindik_editor["name"], "capacity": "editor"}])
    topic = factories.Group(name="kesehatan", title="Kesehatan")
    SatuDataset(name="cakupan-imunisasi", title="Cakupan Imunisasi Dasar", owner_org=dinkes["id"],
                groups=[{"name": topic["name"]}], author="Budi Pribadi",
                author_email="budi.pribadi@example.id")
    SatuDataset(name="data-rahasia-dinkes", title="Data Rahasia Dinkes",
                owner_org=dinkes["id"], private=True)
    SatuDataset(name="jumlah-sekolah", title="Jumlah Sekolah", owner_org=dindik["id"])
    indicator = SatuDataset(name="angka-harapan-hidup", title="Angka Harapan Hidup",
                            owner_org=dinkes["id"], indikator_capaian="true",
                            indikator_kolom_nilai="nilai", satuan="tahun")
    tk.get_action("resource_create")(
        {"user": sysadmin["name"]},
        {"package_id": indicator["id"], "name": "Data", "format": "CSV", "url": "ahh.csv",
         "upload": _upload("ahh.csv", b"tahun,nilai\n2023,74.1\n2024,74.5\n")})
    post = tk.get_action("package_create")(
        {"user": dinkes_editor["name"]},
        {"type": "kabar", "name": "posyandu-keliling", "title": POST_TITLE,
         "owner_org": dinkes["id"],
         "notes": "Tim **posyandu keliling** mendatangi 12 desa. Lihat [data]"
                  "(https://example.id/data).",
         "dataset_terkait": "cakupan-imunisasi", "indikator_terkait": ["angka-harapan-hidup"],
         "tag_string": "kesehatan,posyandu"})
    commit_index()
    return {"sysadmin": sysadmin, "dinkes": dinkes, "dindik": dindik, "topic": topic,
            "dinkes_editor": dinkes_editor, "dindik_editor": dindik_editor, "post": post,
            "dinkes_token": factories.APIToken(user=dinkes_editor["name"])["token"],
            "dindik_token": factories.APIToken(user=dindik_editor["name"])["token"]}


# --------------------------------------------------------------------------- Atom checks

def _absolute(iri: str) -> bool:
    parts = urlsplit(iri)
    if parts.scheme == "tag":
        return bool(re.match(r"^tag:[^,]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$", iri))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _date(text: str | None) -> dt.datetime:
    assert text and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
                             text), f"not an RFC 3339 date: {text!r}"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _one(parent, tag: str):
    found = parent.findall(ATOM + tag)
    assert len(found) == 1, f"{parent.tag} must have exactly one {tag}, has {len(found)}"
    return found[0]


def _links(parent) -> list:
    links = parent.findall(ATOM + "link")
    seen = set()
    for link in links:
        assert _absolute(link.get("href") or ""), f"relative link {link.get('href')!r}"
        if (link.get("rel") or "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            assert key not in seen, "two alternate links of one type and language"
            seen.add(key)
    return links


@cache
def _relax_ng() -> etree.RelaxNG:
    """RFC 4287's schema (appendix B) in RELAX NG XML syntax: data/atom.rng."""
    return etree.RelaxNG(etree.parse(str(Path(__file__).with_name("data") / "atom.rng")))


def atom(res) -> etree._Element:
    """The feed of a response, valid against the RELAX NG schema of RFC 4287 and checked
    for the rules a schema cannot say (section 4): absolute ids and links, unique entry ids,
    RFC 3339 dates, an author for each entry (its own or the feed's), at most one alternate
    link per type and language, no e-mail address."""
    assert res.headers["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(res.get_data(), etree.XMLParser(resolve_entities=False))
    schema = _relax_ng()
    assert schema.validate(root), schema.error_log
    assert root.tag == ATOM + "feed"
    assert _absolute(_one(root, "id").text or "")
    assert (_one(root, "title").text or "").strip()
    _date(_one(root, "updated").text)
    feed_authors = [a for a in root.findall(ATOM + "author") if a.findtext(ATOM + "name")]
    rels = {link.get("rel") for link in _links(root)}
    assert "self" in rels
    ids = set()
    for entry in root.findall(ATOM + "entry"):
        entry_id = _one(entry, "id").text or ""
        assert _absolute(entry_id), f"entry id {entry_id!r} is not absolute"
        assert entry_id not in ids
        ids.add(entry_id)
        assert (_one(entry, "title").text or "").strip()
        _date(_one(entry, "updated").text)
        alternates = [link for link in _links(entry)
                      if (link.get("rel") or "alternate") == "alternate"]
        assert alternates or entry.find(ATOM + "content") is not None
        authors = [a for a in entry.findall(ATOM + "author") if a.findtext(ATOM + "name")]
        assert authors or feed_authors
        for email in entry.iter(ATOM + "email"):
            raise AssertionError(f"an e-mail address in a feed: {email.text}")
    return root


def _titles(root) -> list[str]:
    return [e.findtext(ATOM + "title") for e in root.findall(ATOM + "entry")]


def _page_link(root, title: str) -> str:
    for entry in root.findall(ATOM + "entry"):
        if entry.findtext(ATOM + "title") == title:
            return next(link.get("href") for link in entry.findall(ATOM + "link")
                        if link.get("type") == "text/html")
    raise AssertionError(f"no entry {title!r}")


# --------------------------------------------------------------------------- feeds

def test_dataset_feed_is_valid_atom_without_private_data_or_posts(app, catalogue):
    root = atom(app.get("/feeds/dataset.atom"))
    titles = _titles(root)
    assert {"Cakupan Imunisasi Dasar", "Jumlah Sekolah", "Angka Harapan Hidup"} <= set(titles)
    assert "Data Rahasia Dinkes" not in titles
    assert POST_TITLE not in titles
    body = app.get("/feeds/dataset.atom").get_data(as_text=True)
    assert "budi.pribadi@example.id" not in body and "Budi Pribadi" not in body
    assert _page_link(root, "Jumlah Sekolah") == "http://test.ckan.net/dataset/jumlah-sekolah"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"


def test_opd_feed_holds_only_that_opds_public_datasets(app, catalogue):
    root = atom(app.get("/feeds/organization/dinas-kesehatan.atom"))
    assert set(_titles(root)) == {"Cakupan Imunisasi Dasar", "Angka Harapan Hidup"}
    assert root.findtext(ATOM + "id").startswith("tag:test.ckan.net,2026-12-01:")
    assert set(_titles(atom(app.get("/feeds/organization/dinas-pendidikan.atom")))) == {
        "Jumlah Sekolah"}


def test_topic_feed_holds_only_that_topics_datasets(app, catalogue):
    root = atom(app.get("/feeds/group/kesehatan.atom"))
    assert _titles(root) == ["Cakupan Imunisasi Dasar"]


def test_achievements_feed_has_an_entry_per_indicator_year(app, catalogue):
    root = atom(app.get("/feeds/capaian.atom"))
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 1
    entry = entries[0]
    assert "2024" in entry.findtext(ATOM + "title")
    assert entry.findtext(ATOM + "id").endswith(
        f"/capaian-pembangunan/{catalogue_indicator_id(app)}/2024")
    assert "74,5" in (entry.findtext(ATOM + "summary") or entry.findtext(ATOM + "content"))
    assert entry.find(ATOM + "author").findtext(ATOM + "name") == "Dinas Kesehatan"


def catalogue_indicator_id(app) -> str:
    return app.get("/api/3/action/package_show?id=angka-harapan-hidup").json["result"]["id"]


def test_posts_feed_is_valid_atom_and_filters_by_opd(app, catalogue):
    root = atom(app.get("/feeds/kabar.atom"))
    assert _titles(root) == [POST_TITLE]
    assert _page_link(root, POST_TITLE) == "http://test.ckan.net/kabar/posyandu-keliling"
    assert _titles(atom(app.get("/feeds/kabar.atom?organization=dinas-kesehatan"))) == [
        POST_TITLE]
    assert _titles(atom(app.get("/feeds/kabar.atom?organization=dinas-pendidikan"))) == []
    app.get("/feeds/kabar.atom?organization=<script>", status=404)
    app.get("/feeds/kabar.atom?organization=tidak-ada", status=404)


def test_pages_advertise_their_feeds(app, catalogue):
    def feeds(url):
        page = app.get(url).get_data(as_text=True)
        return re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*'
                          r'href="([^"]+)"', page)

    assert set(feeds("/")) >= {"http://test.ckan.net/feeds/dataset.atom",
                               "http://test.ckan.net/feeds/capaian.atom",
                               "http://test.ckan.net/feeds/kabar.atom"}
    assert set(feeds("/organization/dinas-kesehatan")) >= {
        "http://test.ckan.net/feeds/organization/dinas-kesehatan.atom",
        "http://test.ckan.net/feeds/kabar.atom?organization=dinas-kesehatan"}
    assert "http://test.ckan.net/feeds/group/kesehatan.atom" in feeds("/group/kesehatan")
    for url in set(feeds("/")):
        atom(app.get(url.replace("http://test.ckan.net", "")))


# --------------------------------------------------------------------------- posts

def test_post_appears_on_home_list_and_its_page(app, catalogue):
    home = app.get("/").get_data(as_text=True)
    assert POST_TITLE in home and 'href="/kabar/posyandu-keliling"' in home
    listing = app.get("/kabar").get_data(as_text=True)
    assert POST_TITLE in listing
    page = app.get("/kabar/posyandu-keliling").get_data(as_text=True)
    assert "<strong>posyandu keliling</strong>" in page
    assert 'href="/dataset/cakupan-imunisasi"' in page
    assert 'href="/capaian-pembangunan/angka-harapan-hidup"' in page
    assert "Dinas Kesehatan" in page
    app.get("/kabar/cakupan-imunisasi", status=404)  # a dataset is not a post
    app.get("/kabar/tidak-ada", status=404)


def test_post_of_an_opd_is_refused_to_another_opds_editor(app, catalogue):
    res = app.post("/api/3/action/package_create",
                   json={"type": "kabar", "name": "kabar-salah-opd", "title": "Bukan OPD-ku",
                         "owner_org": catalogue["dinkes"]["id"], "notes": "Teks."},
                   headers={"Authorization": catalogue["dindik_token"]}, status=403)
    assert res.json["success"] is False
    res = app.post("/api/3/action/package_update",
                   json={"id": "posyandu-keliling", "type": "kabar", "title": "Dibajak",
                         "owner_org": catalogue["dinkes"]["id"], "notes": "Teks."},
                   headers={"Authorization": catalogue["dindik_token"]}, status=403)
    assert app.get("/api/3/action/package_show?id=posyandu-keliling").json[
        "result"]["title"] == POST_TITLE


@pytest.mark.parametrize("field, value, message", [
    ("notes", "<script>alert(1)</script>", "HTML tidak diperbolehkan"),
    ("notes", "Klik [di sini](javascript:alert(1))", "http://"),
    ("notes", "Klik [di sini](java&#115;cript:alert(1))", "http://"),
    ("notes", "Teks\x00tersembunyi", "karakter kontrol"),
    ("notes", "x" * 5001, "5000"),
    ("dataset_terkait", "data-rahasia-dinkes", "tidak ada atau tidak publik"),
    ("dataset_terkait", "tidak-ada-sama-sekali", "tidak ada atau tidak publik"),
    ("dataset_terkait", {"a": 1}, "daftar nama dataset"),
    ("indikator_terkait", "jumlah-sekolah", "bukan indikator capaian"),
])
def test_hostile_or_wrong_post_is_refused_with_an_indonesian_message(app, catalogue, field,
                                                                     value, message):
    data = {"type": "kabar", "name": "kabar-ditolak", "title": "Ditolak",
            "owner_org": catalogue["dinkes"]["id"], "notes": "Teks biasa."}
    data[field] = value
    res = app.post("/api/3/action/package_create", json=data,
                   headers={"Authorization": catalogue["dinkes_token"]}, status=409)
    assert message in " ".join(res.json["error"][field]), res.json["error"]


def test_the_atom_check_refuses_what_rfc_4287_refuses():
    class Res:
        headers = {"Content-Type": "application/atom+xml"}

        def __init__(self, body):
            self.body = body

        def get_data(self):
            return self.body

    good = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>http://a.id/f</id><title>T</title>'
            b'<updated>2026-12-06T00:00:00+00:00</updated><author><name>P</name></author>'
            b'<link href="http://a.id/f" rel="self"/><entry><id>http://a.id/e</id>'
            b'<title>E</title><updated>2026-12-06T00:00:00Z</updated>'
            b'<link href="http://a.id/e"/></entry></feed>')
    atom(Res(good))
    for broken in (good.replace(b"<title>E</title>", b""),
                   good.replace(b"<id>http://a.id/e</id>", b"<id>/e</id>"),
                   good.replace(b'<link href="http://a.id/e"/>', b'<link href="/e"/>'),
                   good.replace(b"2026-12-06T00:00:00Z", b"06/12/2026"),
                   good.replace(b'rel="self"', b'rel="next"')):
        with pytest.raises(AssertionError):
            atom(Res(broken))


def test_hostile_title_is_escaped_everywhere(app, catalogue):
    from ckan.plugins import toolkit as tk
    from pkl_search import commit_index

    tk.get_action("package_create")(
        {"user": catalogue["dinkes_editor"]["name"]},
        {"type": "kabar", "name": "kabar-judul-jahat", "owner_org": catalogue["dinkes"]["id"],
         "title": '<img src=x onerror="alert(1)"> & "kutip"', "notes": "Harga < 5 & > 3."})
    commit_index()
    try:
        for url in ("/", "/kabar", "/kabar/kabar-judul-jahat"):
            page = app.get(url).get_data(as_text=True)
            assert "<img src=x" not in page
            assert "&lt;img src=x" in page
        page = app.get("/kabar/kabar-judul-jahat").get_data(as_text=True)
        assert "Harga &lt; 5 &amp; &gt; 3." in page
        root = atom(app.get("/feeds/kabar.atom"))
        assert '<img src=x onerror="alert(1)"> & "kutip"' in _titles(root)
    finally:
        tk.get_action("package_delete")({"user": catalogue["sysadmin"]["name"]},
                                        {"id": "kabar-judul-jahat"})
        commit_index()


def test_picture_is_an_uploaded_raster_image(app, catalogue):
    from ckan.plugins import toolkit as tk

    user = {"user": catalogue["dinkes_editor"]["name"]}
    for name, body in (("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'),
                       ("foto.png", b"<html><script>alert(1)</script></html>"),
                       ("foto.html", b"<html><body>hi</body></html>")):
        with pytest.raises(tk.ValidationError) as err:
            tk.get_action("resource_create")(
                dict(user), {"package_id": "posyandu-keliling", "url": name,
                             "upload": _upload(name, body)})
        assert "PNG, JPEG, GIF" in str(err.value.error_dict["upload"])
    with pytest.raises(tk.ValidationError):
        tk.get_action("resource_create")(
            dict(user), {"package_id": "posyandu-keliling", "url": "https://example.id/a.png"})
    res = tk.get_action("resource_create")(
        dict(user), {"package_id": "posyandu-keliling", "url": "foto.png", "name": "Foto",
                     "description": "Kader posyandu di Desa Lolong",
                     "upload": _upload("foto.png", PNG)})
    try:
        assert res["mimetype"] == "image/png"
        page = app.get("/kabar/posyandu-keliling").get_data(as_text=True)
        assert re.search(r'<img src="[^"]+/foto\.png" alt="Kader posyandu di Desa Lolong"', page)
    finally:
        tk.get_action("resource_delete")({"user": catalogue["sysadmin"]["name"]},
                                         {"id": res["id"]})


# --------------------------------------------------------------------------- kept apart

def test_posts_are_absent_from_dataset_search(app, catalogue):
    api = app.get("/api/3/action/package_search?q=posyandu").json["result"]
    assert api["count"] == 0
    page = app.get("/dataset/?q=posyandu").get_data(as_text=True)
    assert POST_TITLE not in page
    asked = app.get("/api/3/action/package_search",
                    query_string={"fq": "dataset_type:kabar"}).json["result"]
    assert [r["name"] for r in asked["results"]] == ["posyandu-keliling"]


def test_posts_are_absent_from_the_dcat_catalogue(app, catalogue):
    body = app.get("/catalog.ttl").get_data(as_text=True)
    assert "Cakupan Imunisasi Dasar" in body
    assert POST_TITLE not in body and "posyandu-keliling" not in body
    app.get("/dataset/posyandu-keliling.ttl", status=404)
    assert "Cakupan Imunisasi Dasar" in app.get("/dataset/cakupan-imunisasi.ttl").get_data(
        as_text=True)


def test_a_post_is_not_shown_as_a_dataset(app, catalogue):
    res = app.get("/dataset/posyandu-keliling", follow_redirects=False)
    assert res.status_code == 302
    assert res.headers["Location"].endswith("/kabar/posyandu-keliling")
    assert "Cakupan Imunisasi Dasar" in app.get("/dataset/cakupan-imunisasi").get_data(
        as_text=True)


def test_posts_are_absent_from_counts_and_the_scorecard(app, catalogue):
    from ckan.plugins import toolkit as tk

    assert tk.h.pekalongan_site_counts()["datasets"] == 3  # the private one is not counted
    orgs = {o["name"]: o["package_count"]
            for o in tk.get_action("organization_list")({}, {"all_fields": True})}
    assert orgs["dinas-kesehatan"] == 2
    assert [p["name"] for p in tk.h.pekalongan_newest_datasets()] and \
        "posyandu-keliling" not in [p["name"] for p in tk.h.pekalongan_newest_datasets()]
    result = app.get("/api/3/action/pekalongan_scorecard").json["result"]
    text = repr(result)
    assert "posyandu-keliling" not in text and POST_TITLE not in text
    dinkes = next(r for r in result["organizations"] if r["name"] == "dinas-kesehatan")
    assert dinkes["datasets"] == 2


# --------------------------------------------------------------------------- the form

def test_an_opd_editor_publishes_a_post_from_the_one_page_form(app, catalogue):
    from ckan.plugins import toolkit as tk
    from pkl_search import commit_index
    from pkl_web import Browser

    browser = Browser(app, headers={"Authorization": catalogue["dinkes_token"]})
    form = browser.get("/kabar/new").get_data(as_text=True)
    phases = re.findall(r'name="_ckan_phase" value="([^"]*)"', form)
    assert phases[0] == ""  # the first one wins: no "add data" step
    assert "Terbitkan kabar" in form and 'name="dataset_terkait"' in form
    res = browser.post("/kabar/new", {
        "title": "Jam Layanan Puskesmas Diperpanjang", "name": "jam-layanan-puskesmas",
        "owner_org": catalogue["dinkes"]["id"], "notes": "Mulai Januari layanan buka "
        "sampai pukul 20.00.", "dataset_terkait": "cakupan-imunisasi", "save": ""},
        follow_redirects=False)
    assert res.status_code == 302, res.get_data(as_text=True)[:2000]
    assert res.headers["Location"].endswith("/kabar/jam-layanan-puskesmas")
    try:
        post = tk.get_action("package_show")({"ignore_auth": True},
                                             {"id": "jam-layanan-puskesmas"})
        assert post["state"] == "active" and post["type"] == "kabar"
        assert post["dataset_terkait"] == ["cakupan-imunisasi"]
        commit_index()
        assert "Jam Layanan Puskesmas Diperpanjang" in app.get("/").get_data(as_text=True)
        assert "Jam Layanan Puskesmas Diperpanjang" in _titles(atom(app.get("/feeds/kabar.atom")))
        refused = Browser(app, headers={"Authorization": catalogue["dinkes_token"]}).post(
            "/kabar/new", {"title": "Jahat", "name": "kabar-jahat", "save": "",
                           "owner_org": catalogue["dinkes"]["id"],
                           "notes": "<iframe src=//evil></iframe>"})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 200 and "HTML tidak diperbolehkan" in page
        assert "<iframe src=//evil>" not in page
    finally:
        tk.get_action("package_delete")({"user": catalogue["sysadmin"]["name"]},
                                        {"id": "jam-layanan-puskesmas"})
        commit_index()


def test_another_opds_editor_gets_no_form_for_it(app, catalogue):
    from pkl_web import Browser

    browser = Browser(app, headers={"Authorization": catalogue["dindik_token"]})
    form = browser.get("/kabar/new").get_data(as_text=True)
    assert catalogue["dinkes"]["id"] not in form  # only their own OPD is offered
    res = browser.post("/kabar/new", {
        "title": "Menyusup", "name": "kabar-menyusup", "save": "",
        "owner_org": catalogue["dinkes"]["id"], "notes": "Teks."})
    assert res.status_code in (200, 403)
    app.get("/api/3/action/package_show?id=kabar-menyusup", status=404)
    assert app.get("/kabar/posyandu-keliling", headers={
        "Authorization": catalogue["dindik_token"]}).get_data(as_text=True).count(
        "/kabar/edit/") == 0

"""Pure rules of Kabar Pembangunan (``theme/kabar.py``) and of the feeds (``theme/feeds.py``):
no database, no config."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.pekalongan.theme import feeds, kabar


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "Teks <b>tebal</b>",
    "<!-- komentar -->",
    "<img src=x onerror=alert(1)>",
    "Lihat <javascript:alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik]( JaVaScRiPt:alert(1) )",
    "[klik](java&#115;cript:alert(1))",
    "[klik](java\\script:alert(1))",
    "![gambar](data:image/svg+xml;base64,PHN2Zz4=)",
    "[ref]: vbscript:msgbox\n\n[klik][ref]",
    "Teks\x00NUL",
    "Teks\x1bescape",
    "x" * (kabar.BODY_MAX_CHARS + 1),
])
def test_hostile_bodies_are_refused(text):
    assert kabar.body_problem(text)


@pytest.mark.parametrize("text", [
    "Sumber data: BPS. Nilai < 5 dan > 3 & naik.",
    "**Tebal**, _miring_, [tautan](https://pekalongankab.go.id/berita) dan "
    "[surel](mailto:humas@pekalongankab.go.id)",
    "Baris satu\n\n- butir\n- butir\n\tterindentasi",
    "x" * kabar.BODY_MAX_CHARS,
])
def test_ordinary_bodies_pass(text):
    assert kabar.body_problem(text) is None


@pytest.mark.parametrize("value, names", [
    ("a-satu, b-dua  c-tiga\nd-empat", ["a-satu", "b-dua", "c-tiga", "d-empat"]),
    ('["a-satu", "b-dua"]', ["a-satu", "b-dua"]),
    ("['a-satu', 'a-satu']", ["a-satu"]),
    (["a-satu", " b-dua "], ["a-satu", "b-dua"]),
    ("", []),
    (None, []),
    ({"a": 1}, None),
    ([1, 2], None),
    (5, None),
])
def test_linked_names_read_every_way_a_form_or_api_sends_them(value, names):
    assert kabar.linked_names(value) == names


def test_only_ckan_style_names_are_looked_up():
    assert kabar.valid_name("jumlah-penduduk_2024")
    assert not kabar.valid_name("<script>")
    assert not kabar.valid_name("a")
    assert not kabar.valid_name("x" * 101)


def test_posts_are_excluded_unless_the_search_asks_for_their_type():
    assert kabar.exclude_posts("") == "-dataset_type:kabar"
    assert kabar.exclude_posts('owner_org:"x"') == 'owner_org:"x" -dataset_type:kabar'
    assert kabar.exclude_posts("+dataset_type:kabar") == "+dataset_type:kabar"
    assert kabar.exclude_posts("+dataset_type:dataset") == \
        "+dataset_type:dataset -dataset_type:kabar"


def test_feed_text_loses_characters_xml_cannot_carry():
    assert feeds.clean_text("a\x00b\x1fc\td\ne\ufffe") == "abc\td\ne"
    assert feeds.summary("kata " * 200, limit=20).endswith(" …")
    assert len(feeds.summary("kata " * 200, limit=20)) <= 22


def test_ids_and_links_become_absolute():
    site = "http://portal.example.id"
    assert feeds.absolute("/dataset/x", site) == "http://portal.example.id/dataset/x"
    assert feeds.absolute("https://other.example/x", site) == "https://other.example/x"
    assert feeds.absolute(None, site) is None
    assert feeds.absolute_id("http://portal.example.idfeeds/organization/x.atom", site) == \
        "http://portal.example.id/feeds/organization/x.atom"
    assert feeds.absolute_id("tag:portal.example.id,2026-12-01:/x", site) == \
        "tag:portal.example.id,2026-12-01:/x"
    assert feeds.absolute_id("/dataset/1", site) == "http://portal.example.id/dataset/1"


def test_core_paging_links_are_mended():
    prev, nxt, first, last = feeds.paging(
        None, "/feeds/dataset.atom?query=page&query=2", "/feeds/dataset.atom",
        "/feeds/dataset.atom?query=page&query=1.1")
    assert last == "/feeds/dataset.atom?page=1"
    assert nxt is None  # 2 items, 20 a page: there is no second page
    _, nxt, _, last = feeds.paging(None, "/f.atom?query=page&query=2", "/f.atom",
                                   "/f.atom?query=page&query=3.5")
    assert (nxt, last) == ("/f.atom?page=2", "/f.atom?page=3")
    assert feeds.mend_core_url("/dataset/?query=organization&query=dinkes") == \
        "/dataset/?organization=dinkes"


def test_core_titles_are_translated():
    templates = {"organization": "Dataset {name}", "group": "Topik {name}",
                 "tag": "Kata {name}"}
    assert feeds.core_title('Portal - Organization: "Dinas A"', templates) == \
        "Portal — Dataset Dinas A"
    assert feeds.core_title('Portal - Group: "Kesehatan"', templates) == "Portal — Topik Kesehatan"
    assert feeds.core_title("Portal", templates) == "Portal"


WORDS = {"title": "{title} ({year})", "value": "{value} {unit} di {year}.", "met": "Tercapai.",
         "not_met": "Belum.", "rank": "Peringkat {rank}/{total}."}


def test_an_achievement_is_one_entry_per_indicator_and_year():
    found = feeds.achievement_entries([
        {"id": "abc:2024", "dataset_id": "abc", "name": "ipm", "title": "IPM", "year": 2024,
         "value": 74.5, "value_text": "74,5", "unit": "poin", "target_status": "met",
         "rank": {"rank": 12, "total": 35, "year": 2024}, "organization": "Bappeda",
         "updated": "2025-02-01T03:00:00"},
        {"id": "def:2023", "dataset_id": "def", "name": "kemiskinan", "title": "Kemiskinan",
         "year": 2023, "value": 9.1, "unit": "%", "target_status": None, "rank": None,
         "organization": "Bappeda", "updated": ""},
        {"dataset_id": "bad", "year": "2023"},  # a malformed item is skipped
    ], WORDS)
    assert [e["path"] for e in found] == ["/capaian-pembangunan/abc/2024",
                                          "/capaian-pembangunan/def/2023"]
    assert found[0]["title"] == "IPM (2024)"
    assert found[0]["summary"] == "74,5 poin di 2024. Tercapai. Peringkat 12/35."
    assert found[0]["updated"] == dt.datetime(2025, 2, 1, 3, tzinfo=dt.timezone.utc)
    assert found[1]["updated"].year == 2023  # no date of the data: the end of its year
    assert found[1]["summary"] == "9.1 % di 2023."


def test_post_entries_leave_out_private_posts_and_other_types():
    base = {"id": "1", "name": "kabar-a", "title": "A", "notes": "Isi <b>", "type": "kabar",
            "metadata_modified": "2026-12-01T00:00:00", "metadata_created": "2026-11-30T00:00:00",
            "organization": {"title": "Dinas A"}, "tags": [{"name": "uji"}]}
    found = feeds.post_entries([base, dict(base, id="2", private=True),
                                dict(base, id="3", type="dataset")])
    assert [e["path"] for e in found] == ["/kabar/1"]
    assert found[0]["author"] == "Dinas A" and found[0]["categories"] == ["uji"]
    assert found[0]["summary"] == "Isi <b>"  # text: escaped by the XML writer

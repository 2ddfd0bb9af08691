"""Resonansi (issue 13) through the real web app: the home page's indicator cards with
value, target status and rank in Central Java; the indicator page's Open Graph tags and
the PNG they point to; the dataset page's picture; the embeddable widget and oEmbed;
notes on malformed tables for the OPD's editors only; the cache of cards and charts."""
from __future__ import annotations

import io
import re
from html import unescape
from importlib import resources

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from PIL import Image
from pkl_factories import Opd, SatuDataset

from ckanext.pekalongan.theme import charts, indicators

SITE = "http://test.ckan.net"
DATA = "tahun,persen,lain\n2021,10.48,1\n2022,9.67,1\n2023,9.51,1\n2024,9.12,1\n"
TARGETS = "tahun,target,arah\n2023,9.6,turun\n2024,9.0,turun\n2025,8.7,turun\n"


def _regions():
    text = resources.files("ckanext.pekalongan").joinpath("data/jateng_kabkota.csv")
    return sorted(indicators.parse_regions(text.read_text(encoding="utf-8")))


def _comparison(skip_2024: str | None = None) -> str:
    rows = ["kode_wilayah,tahun,nilai"]
    for year, own in ((2023, 9.51), (2024, 9.12)):
        for i, code in enumerate(_regions()):
            if year == 2024 and code == skip_2024:
                continue
            # lower is better: 14 regions are better than Pekalongan in 2023, 9 in 2024
            value = own if code == "33.26" else (4.0 + i * 0.1 if i < 14 - (year - 2023) * 5
                                                 else 12.0 + i * 0.1)
            rows.append(f"{code},{year},{value}")
    return "\n".join(rows) + "\n"


def _meta(html: str, prop: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    assert match, f"no {prop} meta tag"
    return unescape(match.group(1))


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(body)).size


@pytest.fixture
def world(clean_db, clean_index, create_with_upload):
    sysadmin = factories.SysadminWithToken()
    org = Opd(name="bappeda-uji", title="Bappeda Uji")
    other_org = Opd(name="dinas-lain-uji", title="Dinas Lain Uji")
    editor = factories.UserWithToken()
    outsider = factories.UserWithToken()
    call_action("organization_member_create", id=org["id"], username=editor["name"],
                role="editor")
    call_action("organization_member_create", id=other_org["id"], username=outsider["name"],
                role="editor")
    pkg = SatuDataset(name="kemiskinan-uji", title="Persentase Penduduk Miskin Uji",
                      owner_org=org["id"], satuan="persen", indikator_capaian=True,
                      indikator_kolom_nilai="persen")
    ctx = {"user": sysadmin["name"]}
    data = create_with_upload(DATA, "data.csv", context=ctx, package_id=pkg["id"],
                              name="Data", format="CSV")
    target = create_with_upload(TARGETS, "target.csv", context=ctx, package_id=pkg["id"],
                                name="Target RPJMD", format="CSV")
    comparison = create_with_upload(_comparison(), "jateng.csv", context=ctx,
                                    package_id=pkg["id"], name="Perbandingan Jawa Tengah",
                                    format="CSV")
    plain = SatuDataset(name="data-biasa-uji", title="Data Biasa Uji", owner_org=org["id"])
    create_with_upload("tahun,laki_laki,perempuan\n2023,5,6\n2024,7,8\n", "biasa.csv",
                       context=ctx, package_id=plain["id"], name="Biasa", format="CSV")
    return {"pkg": pkg, "plain": plain, "sysadmin": sysadmin, "editor": editor,
            "outsider": outsider, "data": data, "target": target, "comparison": comparison,
            "upload": create_with_upload, "ctx": ctx}


def _as(user):
    return {"Authorization": user["token"]}


def test_home_page_shows_value_target_status_and_rank_in_central_java(app, world):
    html = app.get("/").get_data(as_text=True)
    card = html.split('id="pkl-ind-kemiskinan-uji-title"', 1)[1].split("</article>", 1)[0]
    assert "9,12" in card
    assert "Target 2024 belum tercapai" in card
    assert "Peringkat 10 dari 35 di Jawa Tengah (2024)" in card
    assert "naik 5 peringkat sejak 2023" in card
    assert "Turun 1,36 poin sejak 2021 (membaik)" in card
    # the chart is an image drawn on the server with axis values, named series and a summary
    assert '<svg role="img"' in card and "Realisasi" in card and "9,50" in card
    assert 'id="pkl-ind-kemiskinan-uji-desc"' in card
    assert "<th scope=\"row\">2024</th><td>9,12</td><td>9</td>" in card


def test_indicator_page_tags_point_to_served_pngs_of_the_right_size(app, world):
    html = app.get("/capaian-pembangunan/kemiskinan-uji").get_data(as_text=True)
    assert _meta(html, "og:url") == f"{SITE}/capaian-pembangunan/kemiskinan-uji"
    assert _meta(html, "twitter:card") == "summary_large_image"
    image = _meta(html, "og:image")
    assert image == f"{SITE}/gambar/capaian/1200x630/kemiskinan-uji.png"
    assert _meta(html, "twitter:image") == image
    assert "Peringkat 10 dari 35" in _meta(html, "og:description")
    answer = app.get(image[len(SITE):])
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert "max-age" in answer.headers["Cache-Control"]
    assert _png_size(answer.data) == (1200, 630)
    square = app.get("/gambar/capaian/1080x1080/kemiskinan-uji.png")
    assert _png_size(square.data) == (1080, 1080)
    # a second request is answered from the cache; the ETag lets a browser keep it
    again = app.get(image[len(SITE):], headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    # the 35 with Pekalongan highlighted, its rank by year, and the embed code
    assert "Kab. Pekalongan" in html and 'class="pkl-home-row"' in html
    assert "<td>10 / 35</td>" in html and "<td>15 / 35</td>" in html
    assert "/capaian-pembangunan/kemiskinan-uji/widget" in html


def test_dataset_page_has_a_picture_too(app, world):
    for name in ("kemiskinan-uji", "data-biasa-uji"):
        html = app.get(f"/dataset/{name}").get_data(as_text=True)
        image = _meta(html, "og:image")
        assert image == f"{SITE}/gambar/dataset/1200x630/{name}.png"
        assert html.count('property="og:title"') == 1  # CKAN's own, not twice
        answer = app.get(image[len(SITE):])
        assert answer.headers["Content-Type"] == "image/png"
        assert _png_size(answer.data) == (1200, 630)


def test_share_pictures_are_refused_for_unknown_sizes_kinds_and_private_data(app, world):
    app.get("/gambar/capaian/999x999/kemiskinan-uji.png", status=404)
    app.get("/gambar/lain/1200x630/kemiskinan-uji.png", status=404)
    app.get("/gambar/capaian/1200x630/data-biasa-uji.png", status=404)  # not an indicator
    app.get("/gambar/dataset/1200x630/..%2F..%2Fetc.png", status=404)
    call_action("package_patch", context=dict(world["ctx"]), id=world["pkg"]["id"], private=True)
    app.get("/gambar/capaian/1200x630/kemiskinan-uji.png", status=404)
    app.get("/capaian-pembangunan/kemiskinan-uji/widget", status=404)
    assert app.get("/gambar/capaian/1200x630/kemiskinan-uji.png",
                   headers=_as(world["editor"])).status_code == 200


def test_widget_is_light_and_may_be_framed_by_any_site(app, world):
    answer = app.get("/capaian-pembangunan/kemiskinan-uji/widget")
    html = answer.get_data(as_text=True)
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "default-src 'none'" in policy
    assert "<script" not in html and "<link" not in html
    assert "Target 2024 belum tercapai" in html and "Peringkat 10 dari 35" in html
    assert f'href="{SITE}/capaian-pembangunan/kemiskinan-uji"' in html
    assert "X-Frame-Options" not in answer.headers
    # the portal's other pages still refuse to be framed by others
    assert "frame-ancestors 'self'" in app.get("/").headers["Content-Security-Policy"]


def test_oembed_answers_for_indicator_pages_only(app, world):
    page = app.get("/capaian-pembangunan/kemiskinan-uji").get_data(as_text=True)
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"',
                     page)
    assert link
    answer = app.get(unescape(link.group(1))[len(SITE):]).json
    assert answer["type"] == "rich" and answer["version"] == "1.0"
    assert f'src="{SITE}/capaian-pembangunan/kemiskinan-uji/widget"' in answer["html"]
    assert answer["thumbnail_url"].endswith("/gambar/capaian/1200x630/kemiskinan-uji.png")
    small = app.get("/oembed", query_string={
        "url": f"{SITE}/capaian-pembangunan/kemiskinan-uji/widget", "maxwidth": "300"}).json
    assert small["width"] == 300
    app.get("/oembed", query_string={"url": "https://evil.example/capaian-pembangunan/x"},
            status=404)
    app.get("/oembed", query_string={"url": f"{SITE}/dataset/kemiskinan-uji"}, status=404)
    app.get("/oembed", query_string={"url": f"{SITE}/capaian-pembangunan/kemiskinan-uji",
                                     "format": "xml"}, status=501)
    app.get("/oembed", query_string={"url": f"{SITE}/capaian-pembangunan/kemiskinan-uji",
                                     "maxwidth": "\x00"}, status=200)


def test_a_comparison_with_34_rows_shows_a_note_to_the_opds_editors_only(app, world):
    call_action("resource_delete", context=dict(world["ctx"]), id=world["comparison"]["id"])
    world["upload"](_comparison(skip_2024="33.01"), "jateng.csv", context=dict(world["ctx"]),
                    package_id=world["pkg"]["id"], name="Perbandingan", format="CSV")
    world["upload"]("tahun,target,arah\n2024,sembilan,turun\n", "t.csv",
                    action="resource_update",
                    context=dict(world["ctx"]), id=world["target"]["id"], format="CSV",
                    package_id=world["pkg"]["id"])
    public = app.get("/").get_data(as_text=True)
    assert "9,12" in public
    assert "Peringkat 15 dari 35 di Jawa Tengah (2023)" in public  # 2024 is left out
    assert "Catatan untuk editor" not in public and "34 dari 35" not in public
    for user in (world["editor"], world["sysadmin"]):
        html = app.get("/", headers=_as(user)).get_data(as_text=True)
        assert "Catatan untuk editor" in html
        assert "2024: 34 dari 35 kabupaten/kota memiliki nilai" in html
        assert "target “sembilan” tahun 2024 bukan angka" in html
        assert "Tidak ada arah" not in html  # still known from the target table
    html = app.get("/", headers=_as(world["outsider"])).get_data(as_text=True)
    assert "Catatan untuk editor" not in html


def test_broken_data_table_never_breaks_the_page(app, world):
    world["upload"]("tahun,persen\nx,y\n\x00,\n", "data.csv", action="resource_update",
                    context=dict(world["ctx"]), id=world["data"]["id"], format="CSV",
                    package_id=world["pkg"]["id"])
    assert app.get("/").status_code == 200
    assert app.get("/capaian-pembangunan").status_code == 200
    app.get("/capaian-pembangunan/kemiskinan-uji", status=404)
    assert app.get("/dataset/kemiskinan-uji").status_code == 200


def test_cached_cards_draw_no_chart_until_the_data_changes(app, world, monkeypatch):
    first = app.get("/").get_data(as_text=True)
    assert "9,12" in first

    def no_rendering(*args, **kwargs):
        raise AssertionError("vl-convert called on a cached page")

    render_svg = charts.render_svg
    monkeypatch.setattr(charts, "render_svg", no_rendering)
    assert app.get("/").get_data(as_text=True).count('<svg role="img"') == \
        first.count('<svg role="img"')
    app.get("/capaian-pembangunan/kemiskinan-uji")
    # (not monkeypatch.undo(): that would also undo create_with_upload's storage path)
    monkeypatch.setattr(charts, "render_svg", render_svg)
    world["upload"](DATA.replace("9.12", "8.50"), "data.csv", action="resource_update",
                    context=dict(world["ctx"]), id=world["data"]["id"], format="CSV",
                    package_id=world["pkg"]["id"])
    html = app.get("/").get_data(as_text=True)
    card = html.split('id="pkl-ind-kemiskinan-uji-title"', 1)[1].split("</article>", 1)[0]
    assert "8,5" in card and "Target 2024 tercapai" in card


def test_demo_indicator_gets_its_illustrative_targets_and_comparison_once(app, clean_db,
                                                                          clean_index):
    from ckanext.pekalongan.demo import catalogue, loader

    name = "persentase-penduduk-miskin-2019-2024"
    data = next(d for d in catalogue.datasets() if d["name"] == name)
    org = next(o for o in catalogue.organizations() if o["name"] == data["owner_org"])
    user = factories.Sysadmin()["name"]
    loader._ensure_group(user, org, loader.ORGANIZATION_FIELDS, True)
    for group in catalogue.groups():
        if group["name"] in data["groups"]:
            loader._ensure_group(user, group, loader.GROUP_FIELDS, False)
    assert loader._ensure_dataset(user, data) == "created"
    pkg = call_action("package_show", id=name)
    roles = sorted(r.get("indikator_peran", "") for r in pkg["resources"])
    assert roles == ["", "perbandingan", "target"]
    assert all("ilustrasi" in r["name"] for r in pkg["resources"] if r.get("indikator_peran"))
    assert loader._ensure_dataset(user, data) == "unchanged"  # a second run writes nothing
    html = app.get("/").get_data(as_text=True)
    card = html.split(f'id="pkl-ind-{name}-title"', 1)[1].split("</article>", 1)[0]
    assert "9,12" in card and "Target 2024" in card
    assert re.search(r"Peringkat \d+ dari 35 di Jawa Tengah \(2024\)", card)
    assert "Turun 0,59 poin sejak 2019 (membaik)" in card

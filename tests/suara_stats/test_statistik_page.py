"""/suara/statistik, its downloads, and the Suara columns of Skor OPD (real PostgreSQL, the
month of pkl_suara_stats)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from openpyxl import load_workbook
from pkl_suara_stats import ANON_NAME, PUBLIC_NAME, SECRET

PAGE = "/suara/statistik?tahun=2026&bulan=10"


def _get(app, url, user=None, status=200):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=status)


def _opd_rows(page):
    start = page.index('aria-labelledby="per-opd"')
    body = page[page.index("<tbody>", start):page.index("</tbody>", start)]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>|&nbsp;", " ", tr)).strip()
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.usefixtures("october")
class TestStatistikPage:
    def test_the_public_page_shows_the_figures_per_opd_and_nothing_personal(self, app):
        page = _get(app, PAGE).get_data(as_text=True)
        assert "<h1>Statistik Suara Masyarakat Oktober 2026</h1>" in page
        rows = _opd_rows(page)
        assert rows == ["Dinas Kesehatan 3 2 66,7 % 0,5 1 1 4 (1)",
                        "Dinas Pekerjaan Umum 3 2 33,3 % 4,5 1 1 3,5 (2)"]
        for secret in (SECRET, ANON_NAME, PUBLIC_NAME, "SM-2026-", "Teks publik"):
            assert secret not in page
        assert "/suara/statistik/unduh" not in page  # anonymous: no download

    def test_the_table_scrolls_sideways_on_a_phone_with_a_visible_hint(self, app):
        page = _get(app, PAGE).get_data(as_text=True)
        assert re.search(r'<div class="pkl-table-wrap" role="region" aria-labelledby="per-opd" '
                         r'aria-describedby="hint-opd" tabindex="0">', page)
        assert re.search(r'<p class="pkl-scroll-hint" id="hint-opd">.*geser ke samping', page)
        # the rules live in the page's stylesheet bundle (no inline style: the CSP has none)
        bundle = re.search(r'href="(/webassets/pekalongan_suara/[^"]+\.css)"', page)
        assert bundle, "the Suara stylesheet is not linked"
        css = app.get(bundle.group(1)).get_data(as_text=True)
        assert ".pkl-table-wrap { overflow-x: auto;" in css and "min-width: 54rem" in css
        assert "<style" not in page.split("</head>")[0]

    def test_the_year_view_has_the_months_and_links_to_each(self, app):
        page = _get(app, "/suara/statistik?tahun=2026").get_data(as_text=True)
        assert "<h1>Statistik Suara Masyarakat 2026</h1>" in page
        assert 'href="/suara/statistik/?tahun=2026&amp;bulan=10"' in page or \
            'href="/suara/statistik?tahun=2026&amp;bulan=10"' in page

    @pytest.mark.parametrize("query", ["tahun=abc", "bulan=13", "tahun=2026&bulan=%00",
                                       "tahun=99999999999999999999"])
    def test_bad_filters_show_a_form_error_not_a_500(self, app, query):
        page = _get(app, "/suara/statistik?" + query).get_data(as_text=True)
        assert 'aria-invalid="true"' in page and "pkl-field-error" in page

    def test_officers_see_their_downloads(self, app, october):
        people = october["people"]
        pengelola = _get(app, PAGE, people["pengelola"]).get_data(as_text=True)
        assert "bulan=2026-10&amp;format=xlsx" in pengelola and "format=sp4n" in pengelola
        opd = _get(app, PAGE, people["dpu_officer"]).get_data(as_text=True)
        assert "format=xlsx" in opd and "format=sp4n" not in opd
        assert "/suara/statistik/unduh" not in _get(app, PAGE, people["citizen"]).get_data(
            as_text=True)

    def test_the_english_page_answers(self, app):
        assert _get(app, "/en" + PAGE).status_code == 200

    def test_anonymous_figures_are_kept_until_a_report_changes(self, app, october):
        """The figures (counts only, the same for everyone) are kept for anonymous visitors
        (``page_cache``, generation ``suara``) and computed again after any committed write
        of a report, assignment, response or holiday; a rolled-back write keeps them;
        officers always get them fresh."""
        import ckan.model as model

        from ckanext.pekalongan.theme import page_cache

        page_cache.clear()
        before = _opd_rows(_get(app, PAGE).get_data(as_text=True))
        assert before[0].startswith("Dinas Kesehatan 3 ")
        keys = [k for k in page_cache._store if k[1] == "suara_stats"]
        assert len(keys) == 1 and keys[0][2:4] == (2026, 10)
        kept = page_cache._store[keys[0]]
        assert _opd_rows(_get(app, PAGE).get_data(as_text=True)) == before
        assert page_cache._store[keys[0]] is kept  # served, not computed again
        _get(app, PAGE, october["people"]["pengelola"])
        assert [k for k in page_cache._store if k[1] == "suara_stats"] == keys  # not kept

        dpu, dinkes = (model.Group.get(n).id for n in ("dinas-pekerjaan-umum",
                                                       "dinas-kesehatan"))
        move = ("UPDATE suara_assignment SET org_id = :to WHERE id = (SELECT min(id) FROM "
                "suara_assignment WHERE org_id = :org AND report_id NOT IN (SELECT report_id "
                "FROM suara_assignment WHERE org_id = :to))")
        model.Session.execute(move, {"to": dpu, "org": dinkes})
        model.Session.rollback()
        assert _opd_rows(_get(app, PAGE).get_data(as_text=True)) == before
        assert page_cache._store[keys[0]] is kept

        model.Session.execute(move, {"to": dpu, "org": dinkes})
        model.Session.commit()
        after = _opd_rows(_get(app, PAGE).get_data(as_text=True))
        assert after[0].startswith("Dinas Kesehatan 2 ")
        assert after[1].startswith("Dinas Pekerjaan Umum 4 ")
        assert page_cache._store[keys[0]] is not kept


@pytest.mark.usefixtures("october")
class TestDownloads:
    URL = "/suara/statistik/unduh?bulan=2026-10"

    def test_anonymous_and_citizens_get_403(self, app, october):
        _get(app, self.URL + "&format=csv", status=403)
        _get(app, self.URL + "&format=xlsx", october["people"]["citizen"], status=403)
        _get(app, self.URL + "&format=sp4n", october["people"]["dpu_officer"], status=403)

    def test_csv_xlsx_and_sp4n_are_attachments_never_cached(self, app, october):
        user = october["people"]["pengelola"]
        res = _get(app, self.URL + "&format=csv&tabel=laporan", user)
        assert res.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert res.headers["Content-Disposition"] == (
            'attachment; filename="suara-laporan-2026-10.csv"')
        assert res.headers["Cache-Control"] == "private, no-store"
        rows = list(csv.reader(io.StringIO(res.get_data(as_text=True))))
        assert len(rows) == 7 and rows[1][0] == "SM-2026-000001"
        res = _get(app, self.URL + "&format=xlsx", user)
        assert load_workbook(io.BytesIO(res.data)).sheetnames == ["Ringkasan OPD", "Laporan"]
        doc = json.loads(_get(app, self.URL + "&format=sp4n", user).get_data(as_text=True))
        assert doc["jumlah"] == 6 and ANON_NAME not in json.dumps(doc)

    def test_a_bad_month_is_a_400(self, app, october):
        res = _get(app, "/suara/statistik/unduh?bulan=2026-99&format=csv",
                   october["people"]["pengelola"], status=400)
        assert "TTTT-BB" in res.get_data(as_text=True)


@pytest.mark.usefixtures("october")
class TestSkorOpd:
    def test_the_scorecard_carries_the_suara_columns_of_the_year(self, app):
        page = _get(app, "/skor-opd").get_data(as_text=True)
        assert "Suara: median hari kerja sampai jawaban pertama" in page
        assert "Suara: rata-rata penilaian" in page
        res = _get(app, "/skor-opd.csv")
        rows = {r[1]: r for r in csv.reader(io.StringIO(res.get_data(as_text=True)))}
        assert rows["ID OPD"][-3:] == ["Suara: Median Hari Kerja sampai Jawaban Pertama",
                                       "Suara: Dijawab Tepat Waktu (%)",
                                       "Suara: Rata-rata Penilaian (1-5)"]
        this_year = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).year
        expected = ["4.5", "33.3", "3.50"] if this_year == 2026 else ["", "", ""]
        assert rows["dinas-pekerjaan-umum"][-3:] == expected
        assert rows["dinas-tanpa-laporan"][-3:] == ["", "", ""]

    def test_the_scorecard_sorts_by_a_suara_column(self, app):
        body = app.get("/api/3/action/pekalongan_scorecard",
                       query_string={"sort": "suara_nilai", "order": "desc"}).json["result"]
        assert body["sort"] == "suara_nilai" and body["suara"]["year"] >= 2026
        names = [o["name"] for o in body["organizations"]]
        if body["suara"]["year"] == 2026:
            assert names[:2] == ["dinas-kesehatan", "dinas-pekerjaan-umum"]


@pytest.mark.usefixtures("october")
def test_the_export_api_answers_officers_by_get_and_refuses_anonymous(app, october):
    query = {"month": "2026-10", "format": "csv", "table": "opd"}
    body = app.get("/api/3/action/suara_report_export", query_string=query,
                   headers={"Authorization": october["people"]["dinkes_officer"]["token"]}).json
    assert body["success"] and body["result"]["content"].splitlines()[1].startswith(
        "Dinas Kesehatan,dinas-kesehatan,3,2,2,0,1,1,66.7,0.5")
    app.get("/api/3/action/suara_report_export", query_string=query, status=403)


@pytest.mark.usefixtures("clean_db")
def test_the_developer_page_has_an_example_of_every_suara_action(app):
    import ckan.plugins.toolkit as tk
    from ckan import logic

    tk.get_action("status_show")
    actions = sorted(n for n in logic._actions if n.startswith("suara_"))
    assert {"suara_stats", "suara_report_export", "suara_report_create"} <= set(actions)
    page = app.get("/pengembang").get_data(as_text=True)
    examples = " ".join(re.findall(r"<code[^>]*>(.*?)</code>", page, re.S))
    missing = [name for name in actions if f"/api/3/action/{name}" not in examples]
    assert not missing, missing
    assert 'data-run="curl" data-expect="json">curl &#39;' in page
    assert re.search(r'data-run="curl"[^>]*>curl &#39;[^<]*/api/3/action/suara_stats\?year=',
                     page)

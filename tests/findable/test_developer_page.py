"""The public page "API & Data untuk Pengembang" (/pengembang): Bahasa first, English at
/en/, and its curl examples work as printed against the live portal."""
from __future__ import annotations

import html
import json
import re
import shlex
import subprocess
import urllib.request

import pytest
from rdflib import Graph

EXAMPLE = re.compile(r'<code data-run="curl" data-expect="(json|rdf)">(.*?)</code>', re.S)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def pages(catalogue, live_portal):
    """The page in both languages, once the full dataset's CSV is in the DataStore."""
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    resource = catalogue["full"]["resources"][0]
    tk.get_action("datastore_create")({"user": site_user}, {
        "resource_id": resource["id"], "force": True,
        "fields": [{"id": "kecamatan", "type": "text"}, {"id": "tahun", "type": "int"},
                   {"id": "jumlah_penduduk", "type": "int"}],
        "records": [{"kecamatan": "Kajen", "tahun": 2024, "jumlah_penduduk": 70000},
                    {"kecamatan": "Kandangserang", "tahun": 2024, "jumlah_penduduk": 38000}],
    })
    return {"base": live_portal, "resource": resource,
            "id": _get(live_portal + "/pengembang"), "en": _get(live_portal + "/en/pengembang")}


def test_the_page_is_in_bahasa_first_and_in_english_under_en(pages):
    status, text = pages["id"]
    assert status == 200
    assert re.search(r"<h1[^>]*>\s*API &(?:amp;)? Data untuk Pengembang\s*</h1>", text), re.findall(
        r"<h1.*?</h1>", text, re.S)
    status, text = pages["en"]
    assert status == 200
    assert re.search(r"<h1[^>]*>\s*API &(?:amp;)? Data for Developers\s*</h1>", text)


def test_the_examples_use_this_portal_and_a_real_dataset_and_resource(pages, catalogue):
    text = html.unescape(pages["id"][1])
    assert f"curl '{pages['base']}/api/3/action/package_search" in text
    assert f"resource_id={pages['resource']['id']}" in text
    names = {catalogue["full"]["name"], catalogue["minimal"]["name"]}
    shown = set(re.findall(r"package_show\?id=([\w-]+)", text))
    assert shown and shown <= names
    assert catalogue["private"]["name"] not in text
    for action in ("ppid_request_create", "ppid_register_list", "pekalongan_suggest"):
        assert f"<code>{action}</code>" in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_curl_example_works_as_printed(pages, lang):
    examples = EXAMPLE.findall(pages[lang][1])
    assert len(examples) >= 10
    for expect, code in examples:
        argv = shlex.split(html.unescape(code))
        assert argv[0] == "curl"
        done = subprocess.run(["curl", "-sS", "--fail", "--max-time", "60", *argv[1:]],
                              capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, (code, done.stderr)
        if expect == "json":
            body = json.loads(done.stdout)
            assert body["success"] is True, code
        else:
            graph = Graph()
            graph.parse(data=done.stdout,
                        format="json-ld" if ".jsonld" in code else
                        "xml" if ".rdf" in code else "turtle")
            assert len(graph) > 0, code


def test_the_datastore_example_returns_the_rows(pages):
    (code,) = [c for _, c in EXAMPLE.findall(pages["id"][1])
               if "datastore_search?" in c and "&amp;limit=5" in c and "q=" not in c]
    argv = shlex.split(html.unescape(code))
    body = json.loads(subprocess.run(argv, capture_output=True, text=True, timeout=90).stdout)
    assert {r["kecamatan"] for r in body["result"]["records"]} == {"Kajen", "Kandangserang"}


def test_the_footer_links_the_page(pages):
    status, text = _get(pages["base"] + "/")
    assert status == 200
    assert 'href="/pengembang"' in text

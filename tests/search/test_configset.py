"""Our Solr configset (config/solr/conf): derived from CKAN's schema without losing anything
CKAN needs, Indonesian analysis as designed, and actually served by the test site's Solr."""
from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import ckan
import pytest
from ckan.lib.search import check_solr_schema_version
from ckan.plugins import toolkit as tk

ROOT = Path(__file__).resolve().parent.parent.parent
CONF = ROOT / "config" / "solr" / "conf"
OURS = CONF / "schema.xml"
STOCK = Path(ckan.__file__).parent / "config" / "solr" / "schema.xml"
LANG = CONF / "lang"


def _schema(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    root = ET.parse(path).getroot()
    return {
        "types": {t.get("name"): dict(t.attrib) for t in root.iter()
                  if t.tag in ("fieldType", "fieldtype")},
        "fields": {f.get("name"): dict(f.attrib) for f in root.iter("field")},
        "dynamic": {f.get("name"): dict(f.attrib) for f in root.iter("dynamicField")},
        "copies": {(c.get("source"), c.get("dest")): {} for c in root.iter("copyField")},
    }


def _words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


# --------------------------------------------------------------------------- the files

def test_our_schema_keeps_every_type_field_and_copy_of_ckans_schema():
    ours, stock = _schema(OURS), _schema(STOCK)
    for kind in ("fields", "dynamic", "copies"):
        missing = set(stock[kind]) - set(ours[kind])
        assert not missing, f"{kind} of CKAN's schema missing from ours: {missing}"
        for name, attrs in stock[kind].items():
            assert ours[kind][name] == attrs, f"{kind} {name} differs from CKAN's"
    assert set(stock["types"]) <= set(ours["types"])
    for name, attrs in stock["types"].items():
        assert ours["types"][name]["class"] == attrs["class"], name
    assert ET.parse(OURS).getroot().get("name") == ET.parse(STOCK).getroot().get("name")
    assert ET.parse(STOCK).find("uniqueKey").text == ET.parse(OURS).find("uniqueKey").text


def test_ckan_accepts_the_schema_version():
    assert check_solr_schema_version(str(OURS)) is True


def test_the_text_type_analyses_indonesian():
    text = next(t for t in ET.parse(OURS).getroot().iter("fieldType") if t.get("name") == "text")
    for analyzer in text.iter("analyzer"):
        classes = [e.get("class") for e in analyzer]
        assert "solr.StandardTokenizerFactory" in classes
        assert "solr.IndonesianStemFilterFactory" in classes
        assert "solr.SnowballPorterFilterFactory" not in classes
        synonyms = "solr.SynonymGraphFilterFactory" in classes
        assert synonyms is (analyzer.get("type") == "query")
        if synonyms:  # stop words are removed before the synonym graph
            assert classes.index("solr.StopFilterFactory") < classes.index(
                "solr.SynonymGraphFilterFactory")


def test_synonym_rules_hold_no_stop_words():
    stop = set(_words(LANG / "stopwords_id.txt"))
    for rule in _words(LANG / "synonyms_id.txt"):
        words = set(rule.replace("=>", ",").replace(",", " ").split())
        assert not words & stop, f"stop word in synonym rule {rule!r}: {words & stop}"


def test_stem_overrides_and_protected_words_are_well_formed():
    for line in _words(LANG / "stemdict_id.txt"):
        word, stem = line.split("\t")
        assert word == word.lower() and stem == stem.lower() and " " not in word + stem
    for word in _words(LANG / "protwords_id.txt"):
        assert word == word.lower() and " " not in word


def test_make_home_installs_the_whole_conf_with_the_schema_given(tmp_path):
    env = dict(os.environ, SOLR_CORES="core_a")
    subprocess.run(["bash", str(ROOT / "config" / "solr" / "make-home.sh"), str(OURS),
                    str(tmp_path)], check=True, env=env, capture_output=True)
    conf = tmp_path / "core_a" / "conf"
    assert (conf / "schema.xml").read_bytes() == OURS.read_bytes()
    assert (conf / "lang" / "synonyms_id.txt").read_bytes() == (
        LANG / "synonyms_id.txt").read_bytes()
    assert (conf / "solrconfig.xml").is_file()
    # the benchmark's stock core: CKAN's schema with the same solrconfig
    subprocess.run(["bash", str(ROOT / "config" / "solr" / "make-home.sh"), str(STOCK),
                    str(tmp_path)], check=True, env=env, capture_output=True)
    assert (conf / "schema.xml").read_bytes() == STOCK.read_bytes()


def test_a_new_configset_keeps_solrs_managed_concept_pairs(tmp_path):
    """The walidata's concept pairs live in the core's conf/ (Solr's managed resources):
    `make` replacing conf/ with a changed configset must not drop them."""
    env = dict(os.environ, SOLR_CORES="core_a")
    home = ["bash", str(ROOT / "config" / "solr" / "make-home.sh"), str(OURS), str(tmp_path)]
    subprocess.run(home, check=True, env=env, capture_output=True)
    managed = tmp_path / "core_a" / "conf" / "_schema_analysis_synonyms_walidata.json"
    managed.write_text('{"managedMap": {"buta aksara": ["melek huruf"]}}')
    (tmp_path / "core_a" / "conf" / "stale.txt").write_text("not ours")
    subprocess.run(home, check=True, env=env, capture_output=True)
    assert json.loads(managed.read_text())["managedMap"] == {"buta aksara": ["melek huruf"]}
    assert not (tmp_path / "core_a" / "conf" / "stale.txt").exists()  # the rest is replaced


def test_the_production_solr_image_ships_this_conf_dir():
    dockerfile = (ROOT / "docker" / "solr" / "Dockerfile").read_text()
    assert "COPY --chown=solr:solr config/solr/conf/ " in dockerfile
    ignore = (ROOT / "docker" / "solr" / "Dockerfile.dockerignore").read_text().split()
    assert "!config/solr/conf" in ignore


# --------------------------------------------------------------------------- the live core

def _core_get(path: str, **params) -> dict:
    url = tk.config["solr_url"].rstrip("/") + path + "?" + urllib.parse.urlencode(
        {**params, "wt": "json"})
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.load(r)


def _analyse(value: str, kind: str = "index") -> list[str]:
    key = "analysis.fieldvalue" if kind == "index" else "analysis.query"
    out = _core_get("/analysis/field", **{"analysis.fieldtype": "text", key: value})
    return [t["text"] for t in out["analysis"]["field_types"]["text"][kind][-1]]


@pytest.fixture(scope="module")
def live_core():
    try:
        _core_get("/schema/fields/title_prefix")
    except urllib.error.HTTPError as err:
        pytest.fail(f"the Solr core at {tk.config['solr_url']} does not serve our schema "
                    f"(HTTP {err.code} for title_prefix): restart or reload Solr "
                    "(config/stack.py does it when config/solr/conf changes)")


@pytest.mark.usefixtures("live_core")
class TestTheServedSchema:
    def test_solr_serves_our_fields(self):
        for field in ("title_prefix", "spell", "kode_wilayah", "kecamatan", "opd", "tahun"):
            assert _core_get(f"/schema/fields/{field}")["field"]["name"] == field
        assert _core_get("/schema/name")["name"] == "ckan-2.11"

    @pytest.mark.parametrize("a, b", [
        ("kependudukan", "Jumlah Penduduk"),
        ("pendidikan", "Peserta Didik"),
        ("kesehatan", "sehat"),
        ("perumahan", "rumah"),
        ("kepegawaian", "pegawai"),
        ("kelahiran", "lahir"),
    ])
    def test_morphological_variants_share_a_stem(self, a, b):
        assert set(_analyse(a)) & set(_analyse(b)), (_analyse(a), _analyse(b))

    @pytest.mark.parametrize("word", ["Kesesi", "Pekalongan", "Dinkominfo", "Sekolah"])
    def test_protected_words_are_not_stemmed(self, word):
        assert _analyse(word) == [word.lower()]

    def test_stop_words_are_dropped(self):
        assert _analyse("Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin") == [
            "jumlah", "duduk", "camat", "jenis", "kelamin"]

    @pytest.mark.parametrize("query, expands_to", [
        ("dinkes", {"dinas", "sehat"}),
        ("disdukcapil", {"dinas", "duduk", "catat", "sipil"}),
        ("kec. kajen", {"camat", "kajen"}),
        ("rtlh", {"rumah", "tidak", "layak", "huni"}),
        ("e-ktp", {"ktp", "elektronik"}),
        ("sekolah dasar", {"sd"}),
        ("ijin", {"izin"}),
    ])
    def test_query_synonyms(self, query, expands_to):
        assert expands_to <= set(_analyse(query, "query"))

    def test_synonyms_apply_at_query_time_only(self):
        assert _analyse("dinkes") == ["dinkes"]


# --------------------------------------------------------------------------- config/stack.py

@pytest.fixture
def stack(monkeypatch, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("stack", ROOT / "config" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RUN", tmp_path / "run")
    monkeypatch.setattr(module, "VAR", tmp_path)
    (tmp_path / "run").mkdir()
    return module


def test_stack_installs_our_schema_and_fingerprints_the_whole_conf(stack):
    assert stack.SOLR_CONF == CONF
    source = (ROOT / "config" / "stack.py").read_text()
    assert 'str(SOLR_CONF / "schema.xml")' in source
    assert len(stack.solr_conf_hash()) == 64


def test_a_changed_conf_reloads_every_core_once(stack, monkeypatch):
    urls = []

    class Reply:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"{}"

    monkeypatch.setattr(stack.urllib.request, "urlopen",
                        lambda url, timeout: urls.append(url) or Reply())
    monkeypatch.setattr(stack, "say", lambda msg: None)
    stack.reload_solr_conf()
    cores = sorted({site[3] for site in stack.SITES.values()})
    assert [u.split("core=")[1].split("&")[0] for u in urls] == cores
    assert all("action=RELOAD" in u for u in urls)
    stack.reload_solr_conf()  # unchanged: nothing to do
    assert len(urls) == len(cores)


def test_the_dev_index_is_rebuilt_once_per_conf(stack, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(stack, "ckan", lambda site, *args, **kw: calls.append((site, args)))
    monkeypatch.setattr(stack, "say", lambda msg: None)
    monkeypatch.setattr(stack, "pg_dirs", lambda: (tmp_path, tmp_path))
    stack.reindex_dev()
    stack.reindex_dev()
    assert calls == [("dev", ("search-index", "rebuild", "--clear"))]
    monkeypatch.setattr(stack, "solr_conf_hash", lambda: "changed")
    stack.reindex_dev()
    assert len(calls) == 2

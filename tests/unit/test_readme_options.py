"""The README's options table is generated from the config declarations (config/options_table.py)
and kept in step with them."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    path = ROOT / "config" / "options_table.py"
    spec = importlib.util.spec_from_file_location("options_table", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_declared_option_is_in_the_readme_table_and_nothing_else():
    ot = _module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ot.render(readme) == readme, "README.md is stale: run `make docs`"
    keys = [row[0].strip("`") for row in ot.rows()]
    assert len(keys) == len(set(keys)), "an option is declared twice"
    block = readme[readme.index(ot.BEGIN):readme.index(ot.END)]
    assert all(f"`{k}`" in block for k in keys)
    for must in ("ckanext.pekalongan.ppid.notice_days", "ckanext.pekalongan.fetch.allowed_hosts",
                 "ckanext.pekalongan.trusted_proxies"):
        assert must in keys


def test_the_check_notices_a_stale_table(tmp_path, monkeypatch):
    ot = _module()
    stale = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = text.replace("ckanext.pekalongan.ppid.notice_days", "x.y", 1)
    stale.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ot, "README", stale)
    monkeypatch.setattr("sys.argv", ["options_table.py", "--check"])
    assert ot.main() == 1
    monkeypatch.setattr("sys.argv", ["options_table.py"])
    assert ot.main() == 0 and ot.render(stale.read_text()) == stale.read_text()

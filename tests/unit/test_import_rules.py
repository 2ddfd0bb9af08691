"""Which package may import which (the README's "Code map"), read from the source with ``ast``.

* The pure modules (the law, the clocks, the SMS grammar, the statistics) import neither CKAN,
  SQLAlchemy nor Flask, and of ours only other pure modules: they are unit-tested without a
  database and can be read without knowing CKAN.
* ``casework`` (the case core) is imported by the services, never the other way round.
* The PPID desk does not depend on Suara Masyarakat; the catalogue side (theme, search,
  previews, dcat, demo) and the harvesters distribution depend on neither service.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "ckanext.pekalongan": ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan",
    "ckanext.pekalongan_harvesters": ROOT / "harvesters" / "ckanext" / "pekalongan_harvesters",
}
PURE = (
    "ckanext.pekalongan.satudata",
    "ckanext.pekalongan.casework.workdays",
    "ckanext.pekalongan.casework.personal_data",
    "ckanext.pekalongan.casework.holiday_seed",
    "ckanext.pekalongan.casework.tracking",
    "ckanext.pekalongan.ppid.deadlines",
    "ckanext.pekalongan.ppid.states",
    "ckanext.pekalongan.ppid.vocabulary",
    "ckanext.pekalongan.ppid.requester",
    "ckanext.pekalongan.ppid.grounds",
    "ckanext.pekalongan.ppid.annual_report",
    "ckanext.pekalongan.ppid.registers",
    "ckanext.pekalongan.ppid.dispute",
    "ckanext.pekalongan.ppid.service_standard",
    "ckanext.pekalongan.org_kinds",
    "ckanext.pekalongan.theme.indicators",
    "ckanext.pekalongan.theme.kabar",
    "ckanext.pekalongan.theme.moment_locales",
    "ckanext.pekalongan.text",
    "ckanext.pekalongan.suara.vocabulary",
    "ckanext.pekalongan.suara.states",
    "ckanext.pekalongan.suara.clocks",
    "ckanext.pekalongan.suara.sms.parser",
    "ckanext.pekalongan.suara.stats",
)
FRAMEWORKS = ("ckan", "sqlalchemy", "flask", "ckanext.pekalongan_harvesters")
P = "ckanext.pekalongan."
# (importer prefix, forbidden prefixes)
FORBIDDEN = [
    (P + "casework", [P + s for s in ("ppid", "suara", "theme", "search", "previews", "dcat",
                                      "demo")]),
    (P + "ppid", [P + "suara"]),
    *[(P + s, [P + "ppid", P + "suara"])
      for s in ("theme", "search", "previews", "dcat", "demo", "ops")],
    ("ckanext.pekalongan_harvesters", [P + "ppid", P + "suara"]),
]


def _modules() -> dict[str, Path]:
    found = {}
    for prefix, base in PACKAGES.items():
        for path in base.rglob("*.py"):
            rel = path.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            found[".".join([prefix, *parts])] = path
    return found


MODULES = _modules()


def imports_of(name: str) -> set[str]:
    """Every module ``name`` imports (at any depth of its code, lazily or not), absolute."""
    path = MODULES[name]
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            # `from pkg import module` imports pkg.module when it is one of ours
            out.update(f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES)
    return out


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_rules_see_the_code():
    assert len(MODULES) > 80
    assert "ckanext.pekalongan.casework.workdays" in MODULES
    assert "ckanext.pekalongan.casework.workdays" in imports_of("ckanext.pekalongan.ppid.deadlines")


@pytest.mark.parametrize("name", [m for m in PURE if m in MODULES] or ["none"])
def test_pure_modules_import_no_framework_and_only_pure_modules(name):
    assert name in MODULES, f"{name} is listed as pure but does not exist"
    bad = []
    for imported in sorted(imports_of(name)):
        if any(_under(imported, f) for f in FRAMEWORKS):
            bad.append(imported)
        elif _under(imported, "ckanext.pekalongan") and imported in MODULES:
            if imported not in PURE and not MODULES[imported].name == "__init__.py":
                bad.append(imported)
    assert bad == [], f"{name} must stay pure but imports {bad}"


def test_packages_import_only_in_the_allowed_direction():
    bad = []
    for name in sorted(MODULES):
        for importer, forbidden in FORBIDDEN:
            if not _under(name, importer):
                continue
            bad += [f"{name} -> {i}" for i in sorted(imports_of(name))
                    if any(_under(i, f) for f in forbidden)]
    assert bad == []


def test_the_rule_checker_catches_a_forbidden_import(tmp_path, monkeypatch):
    """The checker is not vacuous: a casework module importing ppid is reported."""
    fake = tmp_path / "leak.py"
    fake.write_text("from ckanext.pekalongan.ppid import states\nimport sqlalchemy as sa\n")
    monkeypatch.setitem(MODULES, "ckanext.pekalongan.casework.leak", fake)
    found = imports_of("ckanext.pekalongan.casework.leak")
    assert "ckanext.pekalongan.ppid.states" in found and "sqlalchemy" in found
    with pytest.raises(AssertionError, match="casework.leak -> ckanext.pekalongan.ppid"):
        test_packages_import_only_in_the_allowed_direction()

"""docker/Dockerfile, docker/solr/Dockerfile, postgres/initdb.sh and nginx.conf."""
from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pkl_docker import (
    CKAN_DOCKERFILE,
    DOCKER,
    REPO,
    SOLR_DOCKERFILE,
    env_instructions,
    environment_of,
    from_images,
    instruction_args,
    is_ignored,
    plugin_entry_points,
    posix_ere_to_python,
    read_dockerignore,
    split_copy,
)

# --------------------------------------------------------------------------------------
# docker/Dockerfile
# --------------------------------------------------------------------------------------


def test_dockerfile_is_based_on_a_pinned_ckan_2_11_base_image():
    images = from_images(CKAN_DOCKERFILE)
    assert len(images) == 1, images
    assert re.fullmatch(r"ckan/ckan-base:2\.11(\.\d+)?(-py3\.\d+)?", images[0]), images[0]


def copy_sources(dockerfile: Path) -> list[tuple[list[str], str]]:
    result = []
    for keyword in ("COPY", "ADD"):
        for args in instruction_args(dockerfile, keyword):
            flags, sources, dest = split_copy(args)
            if "from" in flags:
                continue
            result.append((sources, dest))
    return result


@pytest.mark.parametrize("dockerfile", [CKAN_DOCKERFILE, SOLR_DOCKERFILE], ids=["ckan", "solr"])
def test_copy_sources_exist_and_are_in_the_build_context(dockerfile):
    rules = read_dockerignore(dockerfile.with_name(dockerfile.name + ".dockerignore"))
    problems = []
    for sources, _ in copy_sources(dockerfile):
        matched_any = False
        for source in sources:
            source = source.rstrip("/") or "."
            wildcard = any(ch in source for ch in "*?[")
            matches = sorted(REPO.glob(source)) if wildcard else [REPO / source]
            matches = [m for m in matches if m.exists()]
            if not matches:
                if not wildcard:
                    problems.append(f"{source}: missing in the repository")
                continue
            matched_any = True
            for match in matches:
                rel = match.relative_to(REPO).as_posix()
                if is_ignored(rel, rules):
                    problems.append(f"{rel}: excluded by the .dockerignore")
                if match.is_dir():
                    files = [p for p in match.rglob("*") if p.is_file()]
                    if files and all(
                        is_ignored(p.relative_to(REPO).as_posix(), rules) for p in files
                    ):
                        problems.append(f"{rel}: every file in it is excluded")
        if not matched_any:
            problems.append(f"COPY {' '.join(sources)}: nothing to copy")
    assert not problems, "\n".join(problems)


def test_dockerignore_keeps_local_state_out_of_the_context():
    rules = read_dockerignore(DOCKER / "Dockerfile.dockerignore")
    for path in (
        ".venv/bin/python",
        "var/secrets.env",
        ".git/config",
        "docker/.env",
        "ckanext-pekalongan/ckanext/pekalongan/__pycache__/x.pyc",
    ):
        assert is_ignored(path, rules), f"{path} would be sent to the Docker daemon"
    assert not is_ignored("ckanext-pekalongan/pyproject.toml", rules)


def test_dockerfile_health_check_asks_status_show():
    checks = instruction_args(CKAN_DOCKERFILE, "HEALTHCHECK")
    assert len(checks) == 1, checks
    assert "CMD" in checks[0].split() and "/api/3/action/status_show" in checks[0]


@pytest.mark.parametrize("dockerfile", [CKAN_DOCKERFILE, SOLR_DOCKERFILE], ids=["ckan", "solr"])
def test_image_runs_as_a_non_root_user(dockerfile):
    users = instruction_args(dockerfile, "USER")
    assert users, f"{dockerfile.name}: no USER instruction"
    final = users[-1].split(":")[0]
    assert final not in ("root", "0"), f"{dockerfile}: runs as {users[-1]}"


def test_dockerfile_environment_configures_ckan_for_the_compose_services():
    env = env_instructions(CKAN_DOCKERFILE)
    for key in (
        "CKAN_SQLALCHEMY_URL",
        "CKAN_SOLR_URL",
        "CKAN_REDIS_URL",
        "CKAN_SITE_URL",
        "CKAN_STORAGE_PATH",
        "CKAN_DATASTORE_WRITE_URL",
        "CKAN_DATASTORE_READ_URL",
    ):
        assert env.get(key), f"Dockerfile does not set {key}"
    assert env["CKAN__LOCALE_DEFAULT"] == "id"
    assert env["CKAN__LOCALES_OFFERED"].split() == ["id", "en"]
    assert env["CKAN__DISPLAY_TIMEZONE"] == "Asia/Jakarta"
    assert urlsplit(env["CKAN_SOLR_URL"]).path.rstrip("/") == "/solr/ckan"
    for key, value in env.items():
        if "://" in value:
            assert urlsplit(value).password is None, f"{key} bakes a password into the image"


def test_every_plugin_of_our_distributions_is_enabled():
    plugins = env_instructions(CKAN_DOCKERFILE).get("CKAN__PLUGINS", "").split()
    assert plugins, "CKAN__PLUGINS is not set"
    assert len(plugins) == len(set(plugins)), "duplicate plugins"
    assert plugins[-1] == "envvars", "envvars must come last to override the ini"
    assert plugins[0] == "pekalongan", "our theme first, so its templates win"
    ours = set()
    for pyproject in (
        REPO / "ckanext-pekalongan" / "pyproject.toml",
        REPO / "harvesters" / "pyproject.toml",
    ):
        ours |= plugin_entry_points(pyproject)
    assert {"pekalongan", "ppid"} <= ours, ours
    missing = ours - set(plugins)
    assert not missing, f"entry points not in CKAN__PLUGINS: {sorted(missing)}"
    assert {"harvest", "scheming_datasets", "dcat", "datastore", "xloader"} <= set(plugins)


def test_production_plugins_are_the_development_plugins_plus_envvars():
    tree = ast.parse((REPO / "config" / "stacklib" / "base.py").read_text(encoding="utf-8"))
    dev = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PLUGINS" for t in node.targets)
    ]
    assert dev, "config/stacklib/base.py has no PLUGINS"
    prod = env_instructions(CKAN_DOCKERFILE).get("CKAN__PLUGINS", "").split()
    assert prod == dev[0].split() + ["envvars"], "production and development plugins differ"


def _run_text(dockerfile: Path) -> str:
    return "\n".join(instruction_args(dockerfile, "RUN"))


def test_requirements_are_installed_minus_ckan_and_ckan_is_held_at_the_pin():
    run = _run_text(CKAN_DOCKERFILE)
    # the same patterns the build runs, applied to the real requirements.txt
    version_sed = re.search(r"sed -nE '(s/.+?/)p'", run)
    drop_grep = re.search(r"grep -viE '([^']+)' \"\$req\" > requirements-no-ckan\.txt", run)
    assert version_sed and drop_grep, "the requirements step changed shape"
    find, _, rest = version_sed.group(1)[2:].partition("/\\2/")
    find_re = re.compile(posix_ere_to_python(find))
    drop_re = re.compile(posix_ere_to_python(drop_grep.group(1)), re.I)

    lines = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [m.group(2) for line in lines if (m := find_re.match(line))]
    assert len(pins) == 1, f"requirements.txt must pin ckan once: {pins}"
    assert re.fullmatch(r"2\.11\.\d+", pins[0]), pins[0]
    kept = [line for line in lines if not drop_re.match(line)]
    dropped = [line for line in lines if drop_re.match(line)]
    assert len(dropped) == 1 and dropped[0].lower().lstrip().startswith("ckan")
    assert any(line.startswith("ckanext-harvest") for line in kept)
    assert any(line.startswith("ckanapi") for line in kept)

    assert "pip3 install -r requirements-no-ckan.txt -c constraints-ckan.txt" in run
    assert 'echo "ckan==${want:-$have}" > constraints-ckan.txt' in run
    assert "pip3 install ./ckanext-pekalongan ./harvesters" in run


# ckan/ckan-base:2.11[.x] is built on python:3.10-slim-bookworm (ckan-2.11/PYTHON_VERSION.txt
# of ckan/ckan-docker-base); a "-py3.X" tag suffix names another Python.
BASE_IMAGE_PYTHON = "3.10"


def base_image_python() -> str:
    tag = from_images(CKAN_DOCKERFILE)[0].rpartition(":")[2]
    suffix = re.search(r"-py(3\.\d+)$", tag)
    return suffix.group(1) if suffix else BASE_IMAGE_PYTHON


def runtime_distributions() -> dict[str, str]:
    """Installed distributions the image installs: requirements.txt, our two packages and
    everything they require (markers evaluated for the base image's Python), name -> version.
    Read from this environment's metadata, which `make` installs from the same pins."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    python = base_image_python()
    roots = [
        Requirement(line.split("#")[0].strip())
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    for pyproject in (
        REPO / "ckanext-pekalongan" / "pyproject.toml",
        REPO / "harvesters" / "pyproject.toml",
    ):
        deps = re.search(
            r"^dependencies\s*=\s*\[(.*?)\]", pyproject.read_text(encoding="utf-8"), re.M | re.S
        )
        roots += [Requirement(d) for d in re.findall(r'"([^"]+)"', deps.group(1) if deps else "")]

    found, queue = {}, [(r, frozenset(r.extras)) for r in roots]
    while queue:
        req, extras = queue.pop()
        name = canonicalize_name(req.name)
        if name in found:
            continue
        try:
            dist = distribution(req.name)
        except PackageNotFoundError:
            continue
        found[name] = dist.version
        for spec in dist.requires or []:
            sub = Requirement(spec)
            envs = [
                {"python_version": python, "python_full_version": python + ".18", "extra": extra}
                for extra in (extras or {""})
            ]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in envs):
                queue.append((sub, frozenset(sub.extras)))
    return found


def test_pinned_runtime_packages_support_the_base_image_python():
    from importlib.metadata import distribution

    from packaging.specifiers import SpecifierSet

    python = base_image_python() + ".18"
    installed = runtime_distributions()
    assert "ckan" in installed, "CKAN is not installed here: nothing to check against"
    too_new = []
    for name, version in sorted(installed.items()):
        requires_python = distribution(name).metadata.get("Requires-Python")
        if requires_python and not SpecifierSet(requires_python).contains(python):
            too_new.append(f"{name}=={version} (Requires-Python {requires_python})")
    assert not too_new, (
        f"the CKAN image runs Python {base_image_python()}, but these pins need another: "
        + ", ".join(too_new)
    )


def test_plugins_are_baked_into_ckan_ini_for_the_background_containers():
    run = _run_text(CKAN_DOCKERFILE)
    assert re.search(
        r'ckan config-tool "\$\{CKAN_INI\}" "ckan\.plugins = \$\{CKAN__PLUGINS\}"', run
    )
    assert "apply_ini_template.py" in run


def load_ini_helper():
    spec = importlib.util.spec_from_file_location(
        "apply_ini_template", DOCKER / "ckan" / "apply_ini_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ini_template_settings_skip_placeholders_plugins_and_queue_hosts():
    helper = load_ini_helper()
    settings = helper.template_settings(
        "[DEFAULT]\ndebug = false\n[app:main]\nckan.site_url = @SITE_URL@\n"
        "ckan.plugins = @PLUGINS@ envvars\nckan.plugins = x\nckan.harvest.mq.hostname = 127.0.0.1\n"
        "@TOKEN_LINE@\nckan.locale_default = id\nWTF_CSRF_ENABLED = true\n"
    )
    assert settings == {"ckan.locale_default": "id", "WTF_CSRF_ENABLED": "true"}
    assert (
        helper.drop_empty_cookie_domain("a = 1\nSESSION_COOKIE_DOMAIN = \nb = 2\n")
        == "a = 1\nb = 2\n"
    )

    real = helper.template_settings((REPO / "config" / "ckan.ini.in").read_text(encoding="utf-8"))
    assert real.get("ckan.locale_default") == "id"
    for key, value in real.items():
        assert "@" not in value or not re.search(r"@[A-Z_]+@", value), key
        assert not key.startswith("ckan.harvest.mq."), key


# --------------------------------------------------------------------------------------
# docker/solr/Dockerfile, postgres/initdb.sh, nginx.conf
# --------------------------------------------------------------------------------------


def test_solr_image_copies_our_conf_over_the_ckan_core_conf():
    copies = [(s, d) for s, d in copy_sources(SOLR_DOCKERFILE)]
    ours = [(s, d) for s, d in copies if any(x.rstrip("/") == "config/solr/conf" for x in s)]
    assert ours, "docker/solr/Dockerfile does not COPY config/solr/conf"
    dest = ours[0][1].rstrip("/")
    assert dest == "/opt/solr/server/solr/configsets/ckan/conf", dest
    assert (REPO / "config" / "solr" / "conf" / "solrconfig.xml").is_file(), (
        "config/solr/conf/solrconfig.xml is missing"
    )
    cmd = " ".join(instruction_args(SOLR_DOCKERFILE, "CMD"))
    assert "solr-precreate ckan" in cmd


def test_postgres_init_script_creates_both_databases_and_the_read_only_user(services):
    mounts = [str(v) for v in services["db"].get("volumes") or []]
    script_mounts = [m for m in mounts if m.startswith("./postgres/initdb.sh:")]
    assert script_mounts, "db does not mount postgres/initdb.sh"
    assert script_mounts[0].split(":")[1].startswith("/docker-entrypoint-initdb.d/")
    assert script_mounts[0].split(":")[1].endswith(".sh")

    script = DOCKER / "postgres" / "initdb.sh"
    text = script.read_text(encoding="utf-8")
    assert os.access(script, os.X_OK), "initdb.sh is not executable"
    assert re.search(r'CREATE DATABASE :"ckan_db" OWNER :"ckan_user"', text)
    assert re.search(r'CREATE DATABASE :"datastore_db" OWNER :"ckan_user"', text)
    assert re.search(r'CREATE ROLE :"ro_user" LOGIN', text)
    assert re.search(r'GRANT SELECT ON TABLES TO :"ro_user"', text)
    assert "ON_ERROR_STOP=1" in text
    # every variable the script reads is given to the db container
    db_env = set(environment_of(services["db"]))
    read = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", text))
    assert read <= db_env, f"initdb.sh reads variables db does not get: {sorted(read - db_env)}"


def test_nginx_balances_over_every_published_ckan_port(env_example):
    text = (DOCKER / "nginx.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", text, re.S)
    assert upstream, "nginx.conf has no upstream block"
    name, body = upstream.groups()
    servers = re.findall(r"^\s*server\s+([\w.]+):(\d+)", body, re.M)
    assert len(servers) >= 2, "several CKAN replicas need several upstream servers"
    assert re.search(rf"proxy_pass\s+http://{name}\s*;", text)

    first, _, last = env_example["CKAN_HOST_PORTS"].partition("-")
    published = set(range(int(first), int(last or first) + 1))
    assert {host for host, _ in servers} == {env_example["CKAN_BIND_ADDRESS"]}
    assert {int(port) for _, port in servers} == published, (
        "nginx upstream and CKAN_HOST_PORTS disagree"
    )
    assert re.search(r"#.*docker compose up .*--scale ckan=\d", text), "no scaling note"
    assert "X-Forwarded-Proto" in text


def test_readme_explains_build_run_and_scaling():
    text = (DOCKER / "README.md").read_text(encoding="utf-8")
    for needle in (
        "docker compose build",
        "docker compose up",
        "--scale ckan=",
        "harvest-fetch",
        "SolrCloud",
        "replica",
    ):
        assert needle in text, f"docker/README.md does not mention {needle!r}"


def test_image_installs_the_notice_pdf_fonts_as_root_then_drops_root():
    run = _run_text(CKAN_DOCKERFILE)
    assert "apt-get install -y --no-install-recommends fonts-dejavu-core" in run
    users = instruction_args(CKAN_DOCKERFILE, "USER")
    assert users[0] == "root" and users[-1] == "ckan", users


def test_image_compiles_the_catalogues_with_the_core_id_strings(tmp_path):
    """The image compiles the .po files the way `make` does (config/i18n.py compile): the id
    catalogue then also holds ckan_core_id.po. Run the same command on a scratch copy."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    assert "python3 config/i18n.py compile" in _run_text(CKAN_DOCKERFILE)
    for name in ("ckanext-pekalongan", "harvesters"):
        shutil.copytree(REPO / name, tmp_path / name,
                    ignore=lambda _d, files: [f for f in files if f.endswith(".mo")])
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "i18n.py").write_bytes((REPO / "config" / "i18n.py").read_bytes())
    subprocess.run([sys.executable, "config/i18n.py", "compile"], cwd=tmp_path, check=True)

    i18n = tmp_path / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "i18n"
    with (i18n / "ckan_core_id.po").open("rb") as f:
        core = [m for m in read_po(f) if m.id and m.string]
    with (i18n / "id" / "LC_MESSAGES" / "ckanext-pekalongan.mo").open("rb") as f:
        compiled = read_mo(f)
    assert core and all(m.id in compiled for m in core[:50])
    assert (tmp_path / "harvesters" / "ckanext" / "pekalongan_harvesters" / "i18n" / "id"
            / "LC_MESSAGES" / "ckanext-pekalongan-harvesters.mo").stat().st_size > 0


def test_nginx_compresses_text_and_caches_the_fingerprinted_assets():
    text = (DOCKER / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*gzip on;", text, re.M)
    types = re.search(r"gzip_types([^;]+);", text)
    # CKAN serves its scripts as text/javascript: without it nginx sends them uncompressed
    assert types and {"text/css", "text/javascript", "application/javascript",
                      "application/json"} <= set(types.group(1).split())
    assets = re.search(r"location /webassets/ \{(.+?)\n    \}", text, re.S)
    assert assets and "proxy_pass http://ckan;" in assets.group(1)
    assert "expires 1y;" in assets.group(1)

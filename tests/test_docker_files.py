"""Static checks of the production deployment files in docker/.

No Docker engine is needed: compose.yaml, .env.example, the Dockerfiles, their
.dockerignore files, postgres/initdb.sh and nginx.conf are parsed and checked against each
other and against the repository (COPY sources, plugin entry points, requirements.txt).
Pure pytest, no CKAN fixtures:

    python -m pytest tests/test_docker_files.py -q -p no:ckan -o addopts=""

(`-o addopts=""` drops the repository's `--ckan-ini`, an option of the disabled ckan plugin.)
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DOCKER = REPO / "docker"
CKAN_DOCKERFILE = DOCKER / "Dockerfile"
SOLR_DOCKERFILE = DOCKER / "solr" / "Dockerfile"

CKAN_SERVICES = ("ckan", "worker", "harvest-gather", "harvest-fetch", "scheduler")
BACKGROUND_SERVICES = ("worker", "harvest-gather", "harvest-fetch", "scheduler")
BACKING_SERVICES = ("db", "solr", "redis")
REQUIRED_SERVICES = CKAN_SERVICES + BACKING_SERVICES


# --------------------------------------------------------------------------------------
# Parsers
# --------------------------------------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a compose .env file (comments and blank lines ignored)."""
    env = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}:{number}: not KEY=VALUE: {raw!r}"
        key = key.strip()
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key), f"{path.name}:{number}: bad key"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key] = value
    return env


# $$ (an escaped dollar), ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR
_VAR = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


def compose_variables(text: str) -> list[tuple[str, str | None]]:
    """(name, operator) of every variable reference in a compose string."""
    found = []
    for m in _VAR.finditer(text):
        if m.group(0) == "$$":
            continue
        found.append((m.group("braced") or m.group("bare"), m.group("op")))
    return found


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's variable interpolation, enough for these files."""

    def replace(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg")
        value = env.get(name)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return arg
        if op in (":?", "?"):
            if value is None or (op == ":?" and value == ""):
                raise ValueError(f"required variable {name} is missing: {arg}")
        return value if value is not None else ""

    return _VAR.sub(replace, text)


def walk_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from walk_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk_strings(value)


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def command_of(service: dict) -> list[str]:
    command = service.get("command")
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(c) for c in command]


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue  # comments (also inside a continued instruction) and blank lines
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            keyword, _, args = current.strip().partition(" ")
            instructions.append((keyword.upper(), args.strip()))
        current = ""
    assert not current, f"{path}: dangling line continuation"
    return instructions


def instruction_args(path: Path, keyword: str) -> list[str]:
    return [args for kw, args in dockerfile_instructions(path) if kw == keyword]


def split_copy(args: str) -> tuple[dict[str, str], list[str], str]:
    """COPY/ADD arguments -> (flags, sources, destination)."""
    flags = {}
    words = shlex.split(args)
    while words and words[0].startswith("--"):
        name, _, value = words.pop(0)[2:].partition("=")
        flags[name] = value
    rest = " ".join(words)
    if rest.startswith("["):
        words = json.loads(rest)
    assert len(words) >= 2, f"COPY needs a source and a destination: {args!r}"
    return flags, words[:-1], words[-1]


def env_instructions(path: Path) -> dict[str, str]:
    env = {}
    for args in instruction_args(path, "ENV"):
        words = shlex.split(args)
        if words and "=" not in words[0]:  # legacy form: ENV KEY value with spaces
            env[words[0]] = " ".join(words[1:])
            continue
        for word in words:
            key, _, value = word.partition("=")
            env[key] = value
    return env


def from_images(path: Path) -> list[str]:
    images = []
    for args in instruction_args(path, "FROM"):
        words = [w for w in args.split() if not w.startswith("--")]
        images.append(words[0])
    return images


def _glob_to_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern (Go filepath.Match plus **) as a regex."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            end = pattern.index("]", i + 1)
            body = pattern[i + 1 : end]
            if body.startswith(("!", "^")):
                body = "^" + body[1:]
            out += "[" + body + "]"
            i = end
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


def read_dockerignore(path: Path) -> list[tuple[bool, re.Pattern]]:
    rules = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = os.path.normpath(line[1:] if negated else line).lstrip("/")
        rules.append((negated, _glob_to_regex(pattern)))
    return rules


def is_ignored(relpath: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    parts = Path(relpath).parts
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for negated, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            ignored = not negated
    return ignored


def posix_ere_to_python(pattern: str) -> str:
    classes = {"[:space:]": r"\s", "[:digit:]": r"\d", "[:alpha:]": "a-zA-Z"}
    for posix, python in classes.items():
        pattern = pattern.replace(posix, python)
    return pattern


def plugin_entry_points(pyproject: Path) -> set[str]:
    """Names in [project.entry-points."ckan.plugins"] of a pyproject.toml."""
    text = pyproject.read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        section = re.search(
            r'^\[project\.entry-points\."ckan\.plugins"\]\s*$(.*?)(?=^\[|\Z)',
            text,
            re.M | re.S,
        )
        body = section.group(1) if section else ""
        return set(re.findall(r'^\s*"?([A-Za-z0-9_.-]+)"?\s*=', body, re.M))
    data = tomllib.loads(text)
    return set(data.get("project", {}).get("entry-points", {}).get("ckan.plugins", {}))


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    with open(DOCKER / "compose.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict) and isinstance(data.get("services"), dict)
    return data


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    return read_env_file(DOCKER / ".env.example")


@pytest.fixture(scope="module")
def filled_env(env_example) -> dict[str, str]:
    """.env.example with its blank secrets filled, as generate-env.sh would."""
    return {k: (v or f"generated-{k.lower()}") for k, v in env_example.items()}


def resolved_env(service: dict, env: dict[str, str]) -> dict[str, str]:
    return {k: interpolate(v, env) for k, v in environment_of(service).items()}


# --------------------------------------------------------------------------------------
# compose.yaml: services, images, builds
# --------------------------------------------------------------------------------------


def test_all_required_services_exist(services):
    missing = set(REQUIRED_SERVICES) - set(services)
    assert not missing, f"compose.yaml lacks services {sorted(missing)}"


def test_backing_services_use_the_official_images(services):
    assert re.fullmatch(r"postgres:15(\.\d+)?(-[a-z0-9.]+)?", services["db"].get("image", "")), (
        services["db"].get("image")
    )
    assert re.fullmatch(r"redis:7(\.\d+)*(-[a-z0-9.]+)?", services["redis"].get("image", "")), (
        services["redis"].get("image")
    )
    for name in ("db", "redis"):
        assert "build" not in services[name], f"{name} must run the official image as is"


def test_solr_is_built_from_the_official_ckan_solr_image(services):
    build = services["solr"].get("build")
    assert isinstance(build, dict), "solr must be built from docker/solr/Dockerfile"
    context = (DOCKER / build.get("context", ".")).resolve()
    assert context == REPO, "solr's build context must be the repository root"
    assert (context / build["dockerfile"]).resolve() == SOLR_DOCKERFILE
    assert from_images(SOLR_DOCKERFILE) == ["ckan/ckan-solr:2.11-solr9"]


def test_ckan_processes_run_one_image_built_from_docker_dockerfile(services, filled_env):
    images = set()
    for name in CKAN_SERVICES:
        service = services[name]
        build = service.get("build")
        assert isinstance(build, dict), f"{name}: no build section"
        context = (DOCKER / build.get("context", ".")).resolve()
        assert context == REPO, f"{name}: build context is not the repository root"
        assert (context / build.get("dockerfile", "Dockerfile")).resolve() == CKAN_DOCKERFILE, (
            f"{name}: not built from docker/Dockerfile"
        )
        assert service.get("image"), f"{name}: no image name, so no shared image"
        images.add(interpolate(service["image"], filled_env))
    assert len(images) == 1 and "" not in images, f"CKAN services use several images: {images}"


def test_worker_and_harvest_consumers_run_the_right_ckan_commands(services):
    assert command_of(services["worker"]) == ["ckan", "jobs", "worker"]
    assert command_of(services["harvest-gather"]) == ["ckan", "harvester", "gather-consumer"]
    assert command_of(services["harvest-fetch"]) == ["ckan", "harvester", "fetch-consumer"]
    assert command_of(services["ckan"]) == [], "ckan must run the image's web server (CMD)"


def copied_into_ckan_image() -> dict[str, Path]:
    """Image path -> repository file, for the COPY instructions of docker/Dockerfile."""
    copied = {}
    for args in instruction_args(CKAN_DOCKERFILE, "COPY"):
        _, sources, dest = split_copy(args)
        for source in sources:
            target = dest + Path(source).name if dest.endswith("/") else dest
            copied[target] = REPO / source
    return copied


def test_scheduler_runs_harvester_run_and_the_daily_ppid_sweep(services):
    command = command_of(services["scheduler"])
    copied = copied_into_ckan_image()
    scripts = [arg for arg in command if arg in copied]
    assert scripts, f"the scheduler command {command} runs no script copied into the image"
    assert command[-1] == "/srv/app/ckan.ini", "the scheduler must use the image's CKAN_INI"
    source = copied[scripts[0]].read_text(encoding="utf-8")
    tree = ast.parse(source)

    calls = [
        tuple(
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    ]
    assert ("harvester", "run") in calls, "no `ckan harvester run`"
    assert ("ppid", "sweep") in calls, "no `ckan ppid sweep`"
    assert any(isinstance(n, (ast.While, ast.For)) for n in ast.walk(tree)), "no periodic loop"
    env = environment_of(services["scheduler"])
    assert "Asia/Jakarta" in source or env.get("TZ") == "Asia/Jakarta", (
        "the daily sweep hour must be Jakarta time"
    )
    # every setting the scheduler reads from the environment is passed by compose
    read = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("get", "getenv")
        and ast.unparse(node.func.value) in ("os.environ", "os")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert read <= set(env), f"scheduler reads {sorted(read - set(env))}, compose sets none"


# --------------------------------------------------------------------------------------
# compose.yaml: ports, volumes, environment, dependencies, health checks
# --------------------------------------------------------------------------------------


def test_only_ckan_is_published_on_port_5000_on_loopback(services, env_example):
    ports = services["ckan"].get("ports") or []
    assert len(ports) == 1, f"ckan publishes {ports}"
    spec = interpolate(str(ports[0]), env_example)
    host_ip, host_ports, container = spec.rsplit(":", 2)
    assert container == "5000"
    assert host_ip == "127.0.0.1", "publish on loopback by default (nginx in front)"
    assert re.fullmatch(r"\d+(-\d+)?", host_ports), host_ports
    for name, service in services.items():
        if name != "ckan":
            assert not service.get("ports"), f"{name} must not publish ports"


def named_volume_mounts(service: dict) -> dict[str, str]:
    mounts = {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source", ""), volume.get("target", "")
        else:
            source, _, rest = str(volume).partition(":")
            target = rest.split(":")[0]
        if source and not source.startswith((".", "/", "~", "$")):
            mounts[source] = target
    return mounts


def test_named_volumes_are_declared_and_used(compose, services):
    declared = set(compose.get("volumes") or {})
    assert {"pg_data", "solr_data", "ckan_storage"} <= declared, declared
    used = set()
    for name, service in services.items():
        for source in named_volume_mounts(service):
            assert source in declared, f"{name} mounts undeclared volume {source}"
            used.add(source)
    assert declared == used, f"declared but unused volumes: {sorted(declared - used)}"
    assert named_volume_mounts(services["db"]).get("pg_data") == "/var/lib/postgresql/data"
    assert named_volume_mounts(services["solr"]).get("solr_data") == "/var/solr"
    for name in CKAN_SERVICES:
        storage = environment_of(services[name]).get("CKAN_STORAGE_PATH")
        assert storage, f"{name}: CKAN_STORAGE_PATH not set"
        assert named_volume_mounts(services[name]).get("ckan_storage") == storage, (
            f"{name}: ckan_storage is not mounted at CKAN_STORAGE_PATH"
        )


REQUIRED_CKAN_ENV = (
    "CKAN_SITE_URL",
    "CKAN_SQLALCHEMY_URL",
    "CKAN_SOLR_URL",
    "CKAN_REDIS_URL",
    "CKAN_STORAGE_PATH",
    "CKAN_DATASTORE_WRITE_URL",
    "CKAN_DATASTORE_READ_URL",
    "CKAN___SECRET_KEY",
    "CKAN___BEAKER__SESSION__SECRET",
    "CKAN___API_TOKEN__JWT__ENCODE__SECRET",
    "CKAN___API_TOKEN__JWT__DECODE__SECRET",
)


@pytest.mark.parametrize("name", CKAN_SERVICES)
def test_ckan_environment_points_at_the_compose_services(services, filled_env, name):
    env = resolved_env(services[name], filled_env)
    missing = [key for key in REQUIRED_CKAN_ENV if not env.get(key)]
    assert not missing, f"{name}: missing {missing}"

    solr = urlsplit(env["CKAN_SOLR_URL"])
    assert solr.hostname == "solr" and "solr" in services
    assert solr.port == 8983 and solr.path.rstrip("/") == "/solr/ckan", env["CKAN_SOLR_URL"]

    redis = urlsplit(env["CKAN_REDIS_URL"])
    assert redis.scheme == "redis" and redis.hostname == "redis" and "redis" in services

    main = urlsplit(env["CKAN_SQLALCHEMY_URL"])
    write = urlsplit(env["CKAN_DATASTORE_WRITE_URL"])
    read = urlsplit(env["CKAN_DATASTORE_READ_URL"])
    for url in (main, write, read):
        assert url.scheme.startswith("postgresql") and url.hostname == "db", url.geturl()
        assert url.password, f"{name}: database URL without password"
    db_env = resolved_env(services["db"], filled_env)
    assert main.path.lstrip("/") == db_env["CKAN_DB"]
    assert main.username == db_env["CKAN_DB_USER"]
    assert write.path.lstrip("/") == read.path.lstrip("/") == db_env["DATASTORE_DB"]
    assert write.username == db_env["CKAN_DB_USER"]
    assert read.username == db_env["DATASTORE_READONLY_USER"] != write.username


def test_secrets_are_the_same_in_every_ckan_container(services):
    secret_keys = [k for k in REQUIRED_CKAN_ENV if k.startswith("CKAN___")]
    reference = {k: environment_of(services["ckan"]).get(k) for k in secret_keys}
    for name in CKAN_SERVICES:
        env = environment_of(services[name])
        assert {k: env.get(k) for k in secret_keys} == reference, name
    for value in reference.values():
        assert compose_variables(value), f"secret {value!r} is not taken from .env"


def test_dependencies_wait_for_healthy_services(services):
    def healthy_deps(name):
        deps = services[name].get("depends_on") or {}
        assert isinstance(deps, dict), f"{name}: depends_on needs conditions"
        return {
            dep for dep, spec in deps.items() if (spec or {}).get("condition") == "service_healthy"
        }

    assert {"db", "solr", "redis"} <= healthy_deps("ckan")
    for name in BACKGROUND_SERVICES:
        assert "ckan" in healthy_deps(name), f"{name} must wait for a migrated database"
    for name in services:
        for dep in healthy_deps(name) if services[name].get("depends_on") else ():
            check = services[dep].get("healthcheck") or {}
            assert check.get("test") and not check.get("disable"), (
                f"{name} waits for {dep} to be healthy, but {dep} has no health check"
            )


def health_test(service: dict) -> str:
    test = (service.get("healthcheck") or {}).get("test")
    return " ".join(test) if isinstance(test, list) else str(test or "")


def test_backing_services_and_ckan_have_health_checks(services):
    assert "pg_isready" in health_test(services["db"])
    assert "redis-cli" in health_test(services["redis"]) and "ping" in health_test(
        services["redis"]
    )
    assert "/solr/ckan/" in health_test(services["solr"])
    assert "/api/3/action/status_show" in health_test(services["ckan"])
    assert ":5000/" in health_test(services["ckan"])


def test_every_compose_variable_is_defined_in_env_example(compose, env_example):
    used = {name for text in walk_strings(compose) for name, _ in compose_variables(text)}
    missing = used - set(env_example)
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_commits_no_secrets_and_generate_env_fills_them(compose, env_example):
    required = {
        name
        for text in walk_strings(compose)
        for name, op in compose_variables(text)
        if op in (":?", "?")
    }
    assert {"POSTGRES_PASSWORD", "CKAN_DB_PASSWORD", "CKAN___SECRET_KEY"} <= required
    secretish = {k for k in env_example if re.search(r"PASSWORD|SECRET|TOKEN", k)}
    for key in required | secretish:
        assert env_example.get(key, "") in ("", "NOT_SET"), f".env.example sets {key}"
    generator = (DOCKER / "generate-env.sh").read_text(encoding="utf-8")
    generated = set(re.findall(r"\b([A-Z][A-Z0-9_]*)=\s*[|)]", generator))
    assert required <= generated, (
        f"generate-env.sh does not generate {sorted(required - generated)}"
    )
    # HS256: the API token encode and decode keys are one generated value
    jwt_branch = re.search(
        r"CKAN___API_TOKEN__JWT__ENCODE__SECRET=\s*\|\s*CKAN___API_TOKEN__JWT__DECODE__SECRET=\)"
        r"\s*printf '%s%s\\n' \"\$line\" \"\$jwt\"",
        generator,
    )
    assert jwt_branch, "generate-env.sh must give both JWT lines the same key"
    assert os.access(DOCKER / "generate-env.sh", os.X_OK)


def test_compose_refuses_to_start_without_secrets(compose, env_example):
    text = " ".join(walk_strings(compose["services"]["ckan"]))
    with pytest.raises(ValueError):
        interpolate(text, env_example)  # blank secrets, as committed


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
    tree = ast.parse((REPO / "config" / "stack.py").read_text(encoding="utf-8"))
    dev = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PLUGINS" for t in node.targets)
    ]
    assert dev, "config/stack.py has no PLUGINS"
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
    assert types and {"text/css", "application/javascript", "application/json"} <= set(
        types.group(1).split())
    assets = re.search(r"location /webassets/ \{(.+?)\n    \}", text, re.S)
    assert assets and "proxy_pass http://ckan;" in assets.group(1)
    assert "expires 1y;" in assets.group(1)

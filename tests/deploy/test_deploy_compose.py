"""docker/compose.yaml: services, images, ports, volumes, environment, health checks."""
from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pkl_docker import (
    BACKGROUND_SERVICES,
    CKAN_DOCKERFILE,
    CKAN_SERVICES,
    DOCKER,
    REPO,
    REQUIRED_SERVICES,
    SOLR_DOCKERFILE,
    command_of,
    compose_variables,
    environment_of,
    from_images,
    instruction_args,
    interpolate,
    resolved_env,
    split_copy,
    walk_strings,
)

sys.path.insert(0, str(REPO / "config"))
from stacklib.postgres import SERVER_SETTINGS  # noqa: E402

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


def test_postgres_runs_with_the_stacks_server_settings(services):
    """The settings config/stack.py starts its cluster with (JIT off) are the compose db's."""
    command = command_of(services["db"])
    settings = dict(command[i + 1].split("=", 1) for i, arg in enumerate(command)
                    if arg == "-c")
    assert SERVER_SETTINGS and SERVER_SETTINGS.items() <= settings.items(), settings


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



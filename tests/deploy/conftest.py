"""Fixtures of the deployment checks: docker/compose.yaml and docker/.env.example, read once
per module. No Docker engine is needed: the files are parsed and checked against each other and
against the repository."""
from __future__ import annotations

import pytest
import yaml
from pkl_docker import (
    DOCKER,
    read_env_file,
)

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




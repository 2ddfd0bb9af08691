"""The readers of tests/pkl_docker.py, tested on small files with known answers (the
deployment checks are only as good as these)."""
from __future__ import annotations

import pytest
from pkl_docker import (
    command_of,
    compose_variables,
    dockerfile_instructions,
    env_instructions,
    environment_of,
    from_images,
    interpolate,
    is_ignored,
    plugin_entry_points,
    posix_ere_to_python,
    read_dockerignore,
    read_env_file,
    split_copy,
)


def test_env_file_strips_quotes_and_comments(tmp_path):
    f = tmp_path / ".env"
    f.write_text("# comment\n\nA=1\nB = 'two words'\nC=\"x=y\"\nD=\n")
    assert read_env_file(f) == {"A": "1", "B": "two words", "C": "x=y", "D": ""}
    f.write_text("not a pair\n")
    with pytest.raises(AssertionError):
        read_env_file(f)


def test_compose_interpolation_follows_the_operators():
    env = {"SET": "v", "EMPTY": ""}
    assert interpolate("${SET}-$SET-$$HOME", env) == "v-v-$HOME"
    assert interpolate("${EMPTY:-d}|${EMPTY-d}|${MISSING-d}", env) == "d||d"
    with pytest.raises(ValueError, match="MISSING"):
        interpolate("${MISSING:?give it}", env)
    assert compose_variables("${A:-x} $B $$C ${D:?e}") == [("A", ":-"), ("B", None), ("D", ":?")]


def test_service_environment_and_command_in_both_forms():
    assert environment_of({"environment": ["A=1", "B"]}) == {"A": "1", "B": ""}
    assert environment_of({"environment": {"A": 1, "B": None}}) == {"A": "1", "B": ""}
    assert command_of({"command": "ckan jobs 'a b'"}) == ["ckan", "jobs", "a b"]
    assert command_of({"command": ["ckan", 5]}) == ["ckan", "5"]
    assert command_of({}) == []


def test_dockerfile_continuations_comments_copy_env_and_from(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text(
        "FROM --platform=linux/amd64 ckan/ckan-base:2.11.6 AS base\n"
        "# a comment\n"
        "RUN apt-get update && \\\n"
        "    # inside\n"
        "    apt-get install -y x\n"
        "ENV A=1 B=\"two words\"\n"
        "ENV LEGACY some value\n"
        "COPY --chown=ckan:ckan a.txt b/ /srv/\n"
        'COPY ["c d.txt", "/e"]\n'
    )
    kinds = [k for k, _ in dockerfile_instructions(f)]
    assert kinds == ["FROM", "RUN", "ENV", "ENV", "COPY", "COPY"]
    assert dockerfile_instructions(f)[1][1] == "apt-get update &&  apt-get install -y x"
    assert from_images(f) == ["ckan/ckan-base:2.11.6"]
    assert env_instructions(f) == {"A": "1", "B": "two words", "LEGACY": "some value"}
    assert split_copy("--chown=ckan:ckan a.txt b/ /srv/") == ({"chown": "ckan:ckan"},
                                                              ["a.txt", "b/"], "/srv/")
    assert split_copy('["c d.txt", "/e"]') == ({}, ["c d.txt"], "/e")
    f.write_text("RUN a \\\n")
    with pytest.raises(AssertionError, match="dangling"):
        dockerfile_instructions(f)


def test_dockerignore_last_match_wins_and_parents_count(tmp_path):
    f = tmp_path / ".dockerignore"
    f.write_text("var\n**/*.pyc\n*.md\n!README.md\n.venv/\n")
    rules = read_dockerignore(f)
    assert is_ignored("var/ckan.ini", rules)
    assert is_ignored("a/b/c.pyc", rules)
    assert is_ignored("NOTES.md", rules) and not is_ignored("README.md", rules)
    assert is_ignored(".venv/bin/python", rules)
    assert not is_ignored("ckanext-pekalongan/setup.py", rules)


def test_posix_classes_become_python_classes():
    assert posix_ere_to_python("[[:space:]]+[[:digit:]]") == r"[\s]+[\d]"


def test_plugin_entry_points_of_a_pyproject(tmp_path):
    f = tmp_path / "pyproject.toml"
    f.write_text('[project]\nname = "x"\n\n[project.entry-points."ckan.plugins"]\n'
                 'one = "a:B"\n"two" = "c:D"\n\n[tool.x]\nthree = 1\n')
    assert plugin_entry_points(f) == {"one", "two"}

"""Readers of the production deployment files in docker/ (compose.yaml and its .env, the
Dockerfiles and .dockerignore files, pyproject entry points), shared by tests/deploy/ and
unit-tested there (test_deploy_parsers.py). Standard library and PyYAML only."""
from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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
    rest = args.strip()
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        rest = rest.strip()
    # the exec form is JSON (quotes and spaces kept); the shell form splits on spaces
    words = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
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



def resolved_env(service: dict, env: dict[str, str]) -> dict[str, str]:
    return {k: interpolate(v, env) for k, v in environment_of(service).items()}


"""What makes CKAN's ``with_plugins`` cheap in the tests (issue #14), same results.

``with_plugins`` unloads and loads every plugin of the site for each test (~900 tests): ~1.9 s
each, spent mostly in two places that return the same value every time within one session:

* ``importlib.metadata.entry_points(group=..., name=...)``, which CKAN's ``_get_service``
  calls for every plugin: it reads the metadata of every installed distribution. The packages
  do not change during a session, so the answer is kept per (group, name).
* ``yaml.safe_load`` and ``msgspec.yaml.decode`` of the same files (CKAN's and every
  plugin's config declaration, the scheming schemas) at every load: the result is kept per
  document text and a deep copy returned, so a caller that changes it changes only its copy.
  Another text is parsed as before.
* ``inspect.stack()`` in ``toolkit.add_template_directory``/``add_public_directory``: the
  caller's file is read from its frame (``served_directory``).

Installed by the root conftest before CKAN loads a plugin (the blanket decorators take
``yaml.safe_load`` when a plugin module is imported). Tests only; the site never imports it.
"""
from __future__ import annotations

import copy
import functools
import importlib.metadata
import os
import sys

import yaml

_original_safe_load = yaml.safe_load


@functools.lru_cache(maxsize=512)
def _parsed(text):
    return _original_safe_load(text)


def cached_safe_load(stream):
    text = stream.read() if hasattr(stream, "read") else stream
    try:
        return copy.deepcopy(_parsed(text))
    except TypeError:  # unhashable input: parse as before
        return _original_safe_load(text)


_original_msgspec_decode = None


@functools.lru_cache(maxsize=64)
def _decoded(data):
    return _original_msgspec_decode(data)


def cached_msgspec_decode(data, **params):
    """``msgspec.yaml.decode`` (CKAN's core config declaration at every load) kept per text."""
    if params or not isinstance(data, (bytes, str)):
        return _original_msgspec_decode(data, **params)
    return copy.deepcopy(_decoded(data))


@functools.lru_cache(maxsize=1024)
def _entry_points(group: str, name: str):
    return tuple(importlib.metadata.entry_points(group=group, name=name))


def cached_entry_points(**params):
    if set(params) == {"group", "name"}:
        return _entry_points(params["group"], params["name"])
    return importlib.metadata.entry_points(**params)


def served_directory(config_, relative_path: str, config_var: str) -> str:
    """CKAN's ``toolkit._add_served_directory`` (a plugin's template or public directory,
    relative to the file of the plugin that calls ``add_template_directory`` or
    ``add_public_directory``), finding that file from the caller's frame instead of
    ``inspect.stack()``, which reads the source lines of every frame of pytest's deep stack
    (~0.1 s for each of the site's plugins at every load)."""
    assert config_var in ("plugin_template_paths", "plugin_public_paths")
    caller = sys._getframe(2).f_code.co_filename  # 0: here, 1: add_*_directory
    path = os.path.join(os.path.dirname(caller), relative_path)
    paths = config_.get(config_var, [])
    if path not in paths:
        config_[config_var] = [path, *paths] if config_var in config_ else [path]
    return path


def install() -> None:
    import ckan.plugins.core as core
    import ckan.plugins.toolkit as toolkit

    global _original_msgspec_decode
    import msgspec.yaml

    yaml.safe_load = cached_safe_load
    if _original_msgspec_decode is None:
        _original_msgspec_decode = msgspec.yaml.decode
        msgspec.yaml.decode = cached_msgspec_decode
    core.entry_points = cached_entry_points
    toolkit._add_served_directory = served_directory

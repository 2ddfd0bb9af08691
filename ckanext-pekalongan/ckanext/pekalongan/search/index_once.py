"""Index a dataset once after it is written, not at each commit that touches it.

CKAN indexes a dataset synchronously whenever a database commit touches it
(``DomainObjectModificationExtension`` → ``SynchronousSearchPlugin.notify``: ``package_show``
without validation or cache, then ``dispatch_by_operation``). Writing one dataset through
the actions commits several times (the dataset, each resource, its views and their
activity), and a new dataset with resources is indexed twice in one commit (as new, then as
changed through its resources), so one dataset costs several index updates, each a full
``package_show`` and a Solr update, of which only the last counts.

Code that writes a dataset in several steps (the harvesters' ``indexing.one_transaction``,
the demo loader's ``_indexed_once``) leaves it out of that indexing while it writes
(``left_out``) and indexes it once afterwards, as CKAN would (``index_now``): the document
in Solr is the same. Only the search plugin is bypassed; every other
``IDomainObjectModification`` observer (xloader's, for one) is notified at each commit as
usual, and deletions are always indexed by CKAN.

While it is written, ``package_show``'s look-up of its cached copy in Solr
(``ckan.lib.search.show``, one Solr query, made by the shows inside the actions, e.g. for
the activity) answers "not in the index" at once for it: a dataset being written is either
not in the index yet or there with an older ``metadata_modified``, which ``package_show``
discards, so it reads the database in any case.

Both hooks are CKAN's own again when ``left_out`` ends, also on an error.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk


def search_plugin() -> Any:
    """CKAN's ``SynchronousSearchPlugin`` as loaded (None when indexing is not automatic)."""
    from ckan.lib.search import SynchronousSearchPlugin

    for plugin in p.PluginImplementations(p.IDomainObjectModification):
        if isinstance(plugin, SynchronousSearchPlugin):
            return plugin
    return None


def can_take_over() -> bool:
    """Whether ``left_out`` would take CKAN's commit-time indexing over: its search plugin
    is loaded and its ``notify`` is its own (not already replaced by an outer
    ``left_out``)."""
    return _free_search_plugin() is not None


def _free_search_plugin() -> Any:
    """``search_plugin()`` if its ``notify`` is its own, else None."""
    plugin = search_plugin()
    return plugin if plugin is not None and "notify" not in vars(plugin) else None


def show_for_index(package_id: str) -> dict[str, Any]:
    """The dataset as CKAN's commit-time indexing reads it (``package_show`` without
    validation or cache)."""
    return tk.get_action("package_show")(
        {"ignore_auth": True, "validate": False, "use_cache": False}, {"id": package_id})


def index_now(package_id: str, operation: str = model.DomainObjectOperation.changed) -> None:
    """Index the dataset now, exactly as ``SynchronousSearchPlugin.notify`` does for a commit
    of ``operation`` (new / changed: its ``show_for_index``; deleted: its id)."""
    from ckan.lib.search import dispatch_by_operation

    if operation == model.DomainObjectOperation.deleted:
        dispatch_by_operation(model.Package.__name__, {"id": package_id}, operation)
    else:
        dispatch_by_operation(model.Package.__name__, show_for_index(package_id), operation)


@contextlib.contextmanager
def left_out(package: Callable[[model.Package], bool],
             reference: Callable[[str], bool]) -> Iterator[None]:
    """Inside, CKAN's commit-time indexing leaves out the datasets being written::

        with index_once.left_out(lambda package: package.id == package_id,
                                 lambda reference: reference == package_id):
            ...  # package_patch, resource_create etc.
        index_once.index_now(package_id)

    - ``package(entity)``: whether the commit of this ``model.Package`` (new or changed;
      never a deletion) is left out of the search plugin's ``notify``; asked at each such
      commit, so it may note the entity (e.g. its id, known only once created);
    - ``reference(name_or_id)``: whether ``ckan.lib.search.show`` answers "not in the
      index" (``SearchError``) at once, without asking Solr.

    ``notify`` is replaced only when ``can_take_over()`` (inside another ``left_out``,
    only the outer one's datasets are left out of it); ``search.show`` always. Both are
    CKAN's own again at the end. Indexing what was left out is the caller's
    (``index_now``)."""
    from ckan.lib import search

    plugin = _free_search_plugin()
    if plugin is not None:
        notify = plugin.notify

        def notify_unless_left_out(entity: Any, operation: str) -> None:
            if isinstance(entity, model.Package) \
                    and operation != model.DomainObjectOperation.deleted and package(entity):
                return  # the caller indexes it (index_now)
            notify(entity, operation)

        plugin.notify = notify_unless_left_out
    show = search.show

    def show_unless_left_out(package_reference: str) -> dict[str, Any]:
        if reference(package_reference):
            raise search.SearchError(f"{package_reference} is being written")
        return show(package_reference)

    search.show = show_unless_left_out
    try:
        yield
    finally:
        search.show = show
        if plugin is not None:
            del plugin.notify  # the class's method again

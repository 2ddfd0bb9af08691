"""Solr commits of a harvest: one per batch of datasets, not one per dataset.

CKAN indexes a dataset synchronously when its transaction commits, and with
``ckan.search.solr_commit`` on (the default) every index update asks Solr for a hard
commit that opens a new searcher. A new dataset with resources is indexed twice in its
commit (as new, then as changed through its resources), so a harvest of N datasets asks
for 2N commits, each of which waits for Solr to flush and reopen the whole core: the
largest cost of a first harvest (see the README, "Performance").

Inside ``deferred_commit()`` our harvesters still index every dataset they write at once
(the same documents, the same validation), but without a commit; ``commit_pending()``
commits them all, at most every ``COMMIT_EVERY_SECONDS`` during a job (datasets show up in
search while a long job runs) and always at the end of the job (``runner.run_source``, and
the chained ``harvest_jobs_run`` that finishes jobs run by the queue consumers). A site that
turned ``ckan.search.solr_commit`` off (committing by Solr's own autoSoftCommit) is left
alone: nothing is committed here either.

The switch is the process-wide config key that CKAN's indexer reads; harvest imports run
in the fetch consumer, the CLI runner or the tests, one object at a time in one thread.

**One index update per dataset.** CKAN indexes a dataset in its commit
(``DomainObjectModificationExtension`` → ``SynchronousSearchPlugin.notify``), and a new
dataset with resources twice: once as new, once as changed through its new resources.
Inside ``one_transaction()`` the datasets a harvest writes are indexed once each, exactly as
that notification does (``package_show`` without validation or cache, then
``dispatch_by_operation``), right before the transaction commits, and the commits' own
notifications leave them out of the search index (only the search plugin's: every other
observer, such as xloader's, is notified as before). The documents are the same; the order
is CKAN's (index, then commit), and a rollback puts the index back. Leaving datasets out of
CKAN's indexing and indexing them as CKAN would is ``ckanext.pekalongan.search.index_once``
(shared with the demo loader); the transaction, its batching and its rollback are here.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.pekalongan.search import index_once

log = logging.getLogger(__name__)

SOLR_COMMIT = "ckan.search.solr_commit"
COMMIT_EVERY_SECONDS = 10.0


class _State:
    pending = 0  # datasets indexed without a commit by this process
    since = 0.0  # monotonic time of the first of them


@contextlib.contextmanager
def deferred_commit(datasets: int = 1) -> Iterator[None]:
    """Index what is written inside (``datasets`` datasets) without a Solr commit (nested use
    is harmless)."""
    previous = tk.config.get(SOLR_COMMIT)
    if not tk.asbool(previous):
        yield  # the site does not commit per dataset anyway (or we are nested)
        return
    tk.config[SOLR_COMMIT] = False
    try:
        yield
    finally:
        tk.config[SOLR_COMMIT] = previous
    if not _State.pending:
        _State.since = time.monotonic()
    _State.pending += datasets
    if time.monotonic() - _State.since >= COMMIT_EVERY_SECONDS:
        commit_pending()


def commit_pending(force: bool = False) -> None:
    """Commit what ``deferred_commit`` left uncommitted (or, with ``force``, whatever is
    uncommitted in the core, e.g. by another process's job); waits for the new searcher,
    so that the datasets are found as soon as this returns."""
    if not (_State.pending or force) or not tk.asbool(tk.config.get(SOLR_COMMIT)):
        return
    from ckan.lib.search.common import make_connection

    started = time.monotonic()
    make_connection().commit(waitSearcher=True)
    log.debug("Solr commit of %d harvested datasets in %.2fs", _State.pending,
              time.monotonic() - started)
    _State.pending = 0


class OneTransaction:
    """What ``one_transaction`` yields: the datasets it writes, indexed once at its commit."""

    def __init__(self) -> None:
        self.operations: dict[str, str] = {}  # package id → new / changed
        self.sent: list[str] = []  # sent to Solr by ``commit`` (not committed there)
        self.session = model.Session()
        self._listener = self._restart_savepoint

    def expect(self, package_id: str, new: bool) -> None:
        """``package_id`` is created (``new``) or changed in this transaction: CKAN's
        commit-time indexing leaves it out from now on (announce it before writing it)."""
        self.operations[package_id] = (model.DomainObjectOperation.new if new
                                       else model.DomainObjectOperation.changed)

    def commit(self) -> None:
        """Index every expected dataset once, as CKAN's commit would, then commit.

        The documents are made by CKAN's own ``index_package`` and sent to Solr in one
        update request (as ``ckan search-index rebuild`` does), not one per dataset."""
        if index_once.search_plugin() is not None and self.operations:
            self.session.flush()
            with _collected_documents() as documents:
                for package_id, operation in self.operations.items():
                    index_once.index_now(package_id, operation)
            self.sent = list(self.operations)
            _send(documents)
        self._stop_savepoints()
        while self.session.in_transaction():  # the savepoint, then the transaction
            self.session.commit()

    def _begin_savepoints(self) -> None:
        self.session.begin_nested()
        sa.event.listen(self.session, "after_transaction_end", self._listener)

    def _restart_savepoint(self, session, transaction) -> None:
        if transaction.nested and transaction.parent is not None \
                and not transaction.parent.nested:
            session.begin_nested()

    def _stop_savepoints(self) -> None:
        if sa.event.contains(self.session, "after_transaction_end", self._listener):
            sa.event.remove(self.session, "after_transaction_end", self._listener)

    def restore_index(self) -> None:
        """After a rollback: the documents ``commit`` sent are put back as committed in the
        database (deleted for new datasets)."""
        for package_id in self.sent:
            try:
                new = self.operations[package_id] == model.DomainObjectOperation.new
                index_once.index_now(package_id, model.DomainObjectOperation.deleted if new
                                     else model.DomainObjectOperation.changed)
            except Exception:  # e.g. Solr unreachable: the error raised says enough
                log.exception("could not restore the index document of %s", package_id)
        self.sent = []


@contextlib.contextmanager
def one_transaction() -> Iterator[OneTransaction]:
    """Datasets written in one database transaction, each indexed once at its commit::

        with indexing.one_transaction() as transaction:
            transaction.expect(package_id, new=True)
            ...  # package_create etc.
            transaction.commit()  # indexes the dataset once, then commits

    Inside:

    - **one transaction**: what CKAN commits on its own inside an action
      (``resource_view_create`` when package_create makes a default resource view, and
      the activity of that view) ends a savepoint, and a new one begins at once
      (SQLAlchemy's recipe "joining a session into an external transaction"), so that
      everything written inside is committed by ``commit`` or rolled back together;
    - CKAN's ``SynchronousSearchPlugin`` is not notified of the expected datasets (every
      other ``IDomainObjectModification`` observer is notified at each commit, as usual);
    - ``package_show``'s look-up of its cached copy in Solr (``ckan.lib.search.show``,
      one Solr query, made e.g. by the activity of package_create) answers "not in the
      index" at once for the expected datasets: a dataset written by this uncommitted
      transaction is either not in the index yet or there with an older
      ``metadata_modified``, which package_show discards, so it reads the database in
      any case.

    The last two are ``index_once.left_out``; CKAN's hooks are its own again at the end.
    On an error inside, the transaction is rolled back, the index is put back as it was
    (``OneTransaction.restore_index``) and the error is raised.
    """
    transaction = OneTransaction()
    with index_once.left_out(lambda package: package.id in transaction.operations,
                             lambda reference: reference in transaction.operations):
        try:
            transaction._begin_savepoints()
            yield transaction
        except BaseException:
            transaction._stop_savepoints()
            rollback()
            transaction.restore_index()
            raise
        finally:
            transaction._stop_savepoints()


class _Collector:
    """Stands for the Solr connection of ``index_package``: keeps the documents added."""

    def __init__(self, connect) -> None:
        self.documents: list[dict] = []
        self._connect = connect

    def add(self, docs, **_options) -> None:
        self.documents.extend(docs)

    def __getattr__(self, name: str):  # anything else goes to Solr at once
        return getattr(self._connect(), name)


@contextlib.contextmanager
def _collected_documents() -> Iterator[list[dict]]:
    """The documents CKAN's ``index_package`` makes inside, kept instead of sent."""
    from ckan.lib.search import index as search_index

    connect = search_index.make_connection
    collector = _Collector(connect)
    search_index.make_connection = lambda *args, **kwargs: collector
    try:
        yield collector.documents
    finally:
        search_index.make_connection = connect


def _send(documents: list[dict]) -> None:
    """One Solr update with ``documents``, committed as ``index_package`` would commit
    each of them (not inside ``deferred_commit``)."""
    import pysolr
    from ckan.lib.search.common import SearchIndexError, make_connection

    if not documents:
        return
    connection = make_connection()
    try:
        connection.add(docs=documents, commit=tk.asbool(tk.config.get(SOLR_COMMIT)))
    except pysolr.SolrError as error:
        raise SearchIndexError(f"Solr returned an error: {error.args[0][:1000]}") from error
    except OSError as error:
        raise SearchIndexError(
            f"Could not connect to Solr using {connection.url}: {error}") from error


def rollback() -> None:
    """Roll the session's transaction back, savepoints and all (a plain
    ``Session.rollback()`` ends only the innermost savepoint)."""
    session = model.Session()
    session.rollback()
    while session.in_transaction():
        session.rollback()

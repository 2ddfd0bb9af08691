"""One runner per harvest job, and the user a harvest writes as.

A job can be reached by several runners at once: ``ckan harvester run-test`` creates the job
with ``run=True`` (so it is sent to the gather queue, where the gather consumer takes it) and
then gathers it in its own process as well; the scheduler's ``ckan harvester run`` re-sends
every WAITING object to the fetch queue (ckanext-harvest's ``resubmit_objects``), also the
objects that a foreground run (``pekalongan-harvest run``, ``run-test``) is processing
itself. Two gathers of one job double its objects ("not modified: 24" for 12 datasets) and
make withdrawal depend on which runner got there first.

- **One gather per job** (``gather_claim``): every gather of our harvesters takes a
  PostgreSQL advisory lock on the job (transaction-scoped, on a connection of its own,
  so it is released even when the process dies) and gathers only when the job has no
  harvest object and no gather error yet; a second runner waits for the first one's
  gather to end, then finds the job gathered and gathers nothing.
- **No object is re-sent while it is processed**: the gathered objects leave state
  ``WAITING`` at once (``keep_out_of_resubmission``), so ``resubmit_objects`` does not send
  a foreground run's objects, or objects a fetch consumer is about to process, to the
  fetch queue a second time.
- **One job per source** (``source_lock``): ``harvest_job_create`` takes an advisory lock
  on the source first, so two concurrent calls cannot both pass the "no job waiting or
  running" check.
- **A job starts once** (``claim_start``): New → Running is a conditional UPDATE; only
  one caller wins.
"""
from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x50_4B_4C_48  # "PKLH": our advisory locks, first key
GATHER_LOCK = 1
SOURCE_LOCK = 2
IN_PROCESS_STATE = "FETCH"
USER_OPTION = "ckanext.pekalongan.harvest.user"


def _key(kind: int, value: str) -> sa.sql.elements.TextClause:
    return sa.text("SELECT pg_advisory_xact_lock(:ns, hashtext(:kind || ':' || :value))"
                   ).bindparams(ns=LOCK_NAMESPACE, kind=str(kind), value=value)


@contextlib.contextmanager
def gather_claim(job_id: str) -> Iterator[bool]:
    """Yields True when this runner is the one that gathers job ``job_id``."""
    connection = model.meta.engine.connect()
    transaction = connection.begin()
    try:
        connection.execute(_key(GATHER_LOCK, job_id))  # waits while another runner gathers
        won = not already_gathered(job_id)
        if not won:
            log.warning("harvest job %s is gathered by another runner; not gathering again",
                        job_id)
        yield won
    finally:
        transaction.rollback()  # releases the lock
        connection.close()


def already_gathered(job_id: str) -> bool:
    """Whether job ``job_id`` has objects or gather errors, or is finished."""
    session = model.Session
    if session.query(HarvestObject.id).filter(
            HarvestObject.harvest_job_id == job_id).first() is not None:
        return True
    if session.query(HarvestGatherError.id).filter(
            HarvestGatherError.harvest_job_id == job_id).first() is not None:
        return True
    status = session.query(HarvestJob.status).filter(HarvestJob.id == job_id).scalar()
    return status == "Finished"


def keep_out_of_resubmission(job_id: str) -> None:
    """The job's new objects leave state WAITING (for FETCH) as soon as they are gathered.

    ckanext-harvest's ``resubmit_objects`` (run by every ``ckan harvester run``) sends
    every WAITING object that is not in the Redis list to the fetch queue again: the
    objects a foreground run is processing itself, and the objects a fetch consumer has
    just taken from the list but not started yet, so one object was imported twice at
    once. The gather consumer still queues the ids it gets back, and the fetch stage
    sets FETCH anyway; an object lost with the Redis queue itself is no longer re-sent
    (the job is then closed by ``ckan.harvest.timeout``, or by ``harvest_job_abort``).
    """
    model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_job_id == job_id, HarvestObject.state == "WAITING",
    ).update({"state": IN_PROCESS_STATE}, synchronize_session=False)
    model.Session.commit()


def source_lock(source_id: str) -> None:
    """Lock the source in the current transaction (released at its commit/rollback)."""
    model.Session.execute(_key(SOURCE_LOCK, source_id))


def claim_start(job_id: str) -> bool:
    """New → Running, atomically; False when the job was not New any more."""
    result = model.Session.execute(
        sa.text("UPDATE harvest_job SET status = 'Running' "
                "WHERE id = :id AND status = 'New'"), {"id": job_id})
    model.Session.commit()
    return result.rowcount == 1


def harvest_user_name() -> str:
    """The user harvests write as: ``ckanext.pekalongan.harvest.user`` (default
    ``pemanen``), created on first use as a sysadmin without a usable password.

    Not the site user: CKAN hides the site user's activities
    (``ckan.hide_activity_from_users``), and what a harvest changes must show in the
    dataset's activity stream. A sysadmin because a harvest writes into any OPD and must
    keep the walidata's ``status_verifikasi`` unchanged. If an ordinary account already has
    that name, the site user is used instead (and the problem logged), never that account.
    """
    name = tk.config.get(USER_OPTION) or "pemanen"
    user = model.User.get(name)
    if user is None:
        user = model.User(name=name, fullname="Pemanen Satu Data", sysadmin=True,
                          password=secrets.token_urlsafe(48))
        user.state = "active"
        model.Session.add(user)
        try:
            model.Session.commit()
        except sa.exc.IntegrityError:  # created meanwhile by another runner
            model.Session.rollback()
            return harvest_user_name()
        log.info("created the harvest user %s", name)
        return name
    if user.sysadmin and user.state == "active":
        return name
    log.error("the harvest user %s exists but is not an active sysadmin; harvesting as the "
              "site user", name)
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

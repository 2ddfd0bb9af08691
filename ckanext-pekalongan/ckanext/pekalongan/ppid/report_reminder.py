"""The March reminder of the annual report (Perki 1/2021 Pasal 56: the report of a year is
due within three months after it ends, i.e. by 31 March). Run by the daily sweep
(``sweep.run``): on the configured days of March (``report_reminder_days``, default
``1 15 25``) while the previous year's report is not marked submitted (and the portal served
requests in that year, or its report was started here), PPID Utama's officers
get one e-mail per step, queued for ``ckan jobs worker`` (never sent in the sweep itself)
and keyed in ``ppid_notification`` so nothing goes out twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging

import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import mail as mailer
from ckanext.pekalongan.ppid import clock, notify, roles, service_store

log = logging.getLogger(__name__)

JOB_PREFIX = "ppid-report-"
KIND = "annual_report_reminder"


def reminder_days() -> list[int]:
    values = tk.aslist(clock.setting("report_reminder_days") or [])
    return sorted({int(v) for v in values if 1 <= int(v) <= 31})


def due_step(today: dt.date, days: list[int]) -> int | None:
    """The reminder step due on ``today``: the latest configured day of March not after
    today; None outside March or before the first step. Pure."""
    if today.month != 3:
        return None
    passed = [d for d in days if d <= today.day]
    return max(passed) if passed else None


def base_key(year: int, step: int) -> str:
    return f"annual_report:{year}:reminder-{step}"


def _job_id(year: int, step: int) -> str:
    return JOB_PREFIX + hashlib.sha256(base_key(year, step).encode()).hexdigest()[:32]


def recipients() -> list[mailer.Recipient]:
    return notify._users(roles.utama_officers())  # noqa: SLF001 - the same recipients rule


def _active(year: int) -> bool:
    """Whether this portal served requests in ``year`` (a year before the service started
    here, or without a single request, has its report made outside the portal; once PPID
    Utama starts writing a year's report here it is reminded of regardless)."""
    import ckan.model as model

    from ckanext.pekalongan.ppid.model import PpidRequest

    if year < clock.service_start().year:
        return False
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return model.Session.query(
        model.Session.query(PpidRequest.id)
        .filter(PpidRequest.received_on.between(start, end)).exists()
    ).scalar()


def queue_if_due(today: dt.date) -> int:
    """Queue the reminder if one is due today; the number of recipients queued."""
    step = due_step(today, reminder_days())
    if step is None:
        return 0
    year = today.year - 1
    row = service_store.report_row(year)
    if row is not None and row.submitted_on is not None:
        return 0
    if row is None and not _active(year):
        return 0
    import ckan.model as model
    from ckan.lib import jobs

    from ckanext.pekalongan.ppid.model import PpidNotification

    rcpts = recipients()
    key = base_key(year, step)
    done = {k for (k,) in model.Session.query(PpidNotification.key).filter(
        PpidNotification.key.in_([f"{key}:{r.key}" for r in rcpts] or [""]))}
    pending = sum(1 for r in rcpts if f"{key}:{r.key}" not in done)
    if not pending:
        if not rcpts:
            log.warning("ppid: nobody to remind of the %s annual report (assign PPID Utama)",
                        year)
        return 0
    try:
        job = jobs.get_queue().fetch_job(_job_id(year, step))
        if job is not None and job.get_status(refresh=False) in ("queued", "scheduled",
                                                                 "started", "deferred"):
            return 0
        tk.enqueue_job(send_job, [year, step], title=f"ppid annual report reminder {year}",
                       rq_kwargs={"job_id": _job_id(year, step),
                                  "timeout": mailer.job_timeout()})
    except Exception as e:  # Redis down: the next sweep queues it
        log.warning("ppid: annual report reminder not queued (%s)", type(e).__name__)
        return 0
    return pending


def reminder_mail(year: int) -> mailer.Mail:
    due = dt.date(year + 1, 3, 31)
    subject = tk._("Laporan layanan informasi publik tahun %(year)s belum disampaikan") % {
        "year": year}
    body = tk._(
        "Laporan tahunan layanan informasi publik tahun %(year)s wajib disusun dan "
        "disampaikan paling lambat %(due)s (Peraturan Komisi Informasi Nomor 1 Tahun 2021 "
        "Pasal 56). Laporan itu belum ditandai telah disampaikan.\n\n"
        "Lengkapi bagian naratif dan tandai tanggal penyampaian di:\n%(url)s\n\n"
        "%(signature)s"
    ) % {"year": year, "due": mailer.fmt_date(due), "url": _edit_url(year),
         "signature": notify.SIGNATURE}
    return mailer.Mail(subject, body)


def _edit_url(year: int) -> str:
    try:
        return tk.url_for("ppid_service.report_edit", year=year, _external=True)
    except Exception:
        return notify.site_url() + f"/ppid/admin/laporan/{year}"


def send_job(year: int, step: int) -> int:
    """The background job: mail the reminder to every PPID Utama officer not sent it."""
    mailer.install_log_filter()
    with mailer.request_context():
        with mailer.socket_timeout(mailer.smtp_timeout()):
            sent, failed = notify.deliver(base_key(year, step), KIND, recipients(),
                                          reminder_mail(year), f"laporan {year}",
                                          officers=True)
    if failed:
        raise notify.MailNotSent(f"annual report reminder {year}: {failed} not sent")
    return sent

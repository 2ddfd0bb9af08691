"""The registers' part of the daily sweep (``ckan ppid sweep``, ``sweep.run``): e-mails to
the PPID of an OPD, queued as background jobs like every PPID letter (``notify``):

* **DIP berkala stale**: one letter per OPD listing its published *berkala* entries whose
  time of making is older than ``dip_berkala_months`` (Pasal 9(4)); sent again only when
  that list changes (an entry goes stale, or is updated and goes stale again).
* **DIK exemption ending / ended**: per entry, ``dik_expiry_notice_days`` before the last
  day of the exemption, and once it has passed (Pasal 20: the information is then open
  unless a new consequence test extends it).

Keys in ``ppid_notification`` make a second run send nothing twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter, defaultdict

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.pekalongan.casework import mail as mailer
from ckanext.pekalongan.ppid import notify, registers, roles
from ckanext.pekalongan.ppid import register_store as rs
from ckanext.pekalongan.ppid.model import PpidDikEntry, PpidDipEntry, PpidNotification

log = logging.getLogger(__name__)


def run(today: dt.date, summary: Counter) -> None:
    months = rs.berkala_months()
    stale: dict[str, list[tuple[str, str]]] = defaultdict(list)
    E = PpidDipEntry
    for entry in (model.Session.query(E).filter(E.status == registers.PUBLISHED,
                                                E.category == registers.BERKALA)
                  .order_by(E.org_id, E.number)):
        if registers.is_stale(entry.category, entry.made_on, today, months):
            stale[entry.org_id].append((entry.id, entry.made_on.isoformat()))
    for org_id, entries in stale.items():
        summary["dip_stale"] += _queue({"kind": "dip_stale", "org_id": org_id,
                                        "entries": entries})
    notice = rs.expiry_notice_days()
    D = PpidDikEntry
    for entry in (model.Session.query(D).filter(D.status == registers.PUBLISHED,
                                                D.exempt_until.isnot(None))
                  .order_by(D.exempt_until, D.number)):
        state = registers.exemption_state(entry.exempt_until, today, notice)
        if state in (registers.EXEMPTION_ENDING, registers.EXEMPTION_ENDED):
            summary[f"dik_{state}"] += _queue({"kind": f"dik_{state}", "entry_id": entry.id,
                                               "until": entry.exempt_until.isoformat()})
    model.Session.rollback()


def base_key(spec: dict) -> str:
    if spec["kind"] == "dip_stale":
        digest = hashlib.sha256(repr(sorted(map(tuple, spec["entries"]))).encode()).hexdigest()
        return f"dip-stale:{spec['org_id']}:{digest[:24]}"
    return f"dik:{spec['entry_id']}:{spec['kind']}:{spec['until']}"


def _recipients(org_id: str) -> list[mailer.Recipient]:
    found = notify._users(roles.officers_of(org_id))
    return found or notify._users(roles.utama_officers())


def _letter(spec: dict) -> tuple[list[mailer.Recipient], mailer.Mail, str]:
    """(recipients, mail, the reference named in logs)."""
    url = notify.site_url()
    if spec["kind"] == "dip_stale":
        entries = [model.Session.get(PpidDipEntry, i) for i, _made in spec["entries"]]
        entries = [e for e in entries if e is not None]
        group = model.Group.get(spec["org_id"])
        title = (group.title or group.name) if group else spec["org_id"]
        lines = [f"- {e.number}: {(e.summary or '')[:120]} ({mailer.fmt_date(e.made_on)})"
                 for e in entries]
        subject = tk._("[PPID] Informasi berkala perlu diperbarui: %(opd)s") % {"opd": title}
        body = "\n".join([
            tk._("Informasi berkala berikut dalam Daftar Informasi Publik %(opd)s dibuat lebih "
                 "dari %(months)s bulan yang lalu. Informasi berkala wajib diumumkan paling "
                 "singkat enam bulan sekali (UU 14/2008 Pasal 9 ayat 4): perbarui informasinya "
                 "dan waktu pembuatannya.") % {"opd": title, "months": rs.berkala_months()},
            "", *lines, "", url + "/ppid/admin/dip", "", notify.SIGNATURE])
        return _recipients(spec["org_id"]), mailer.Mail(subject, body), title
    entry = model.Session.get(PpidDikEntry, spec["entry_id"])
    if entry is None:
        raise LookupError(spec["kind"])
    params = {"number": entry.number, "date": mailer.fmt_date(entry.exempt_until)}
    if spec["kind"] == "dik_ended":
        subject = tk._("[PPID] Masa pengecualian %(number)s telah berakhir") % params
        what = tk._("Masa pengecualian informasi %(number)s berakhir pada %(date)s. Informasi "
                    "itu kini terbuka, kecuali uji konsekuensi baru menetapkan lain (UU 14/2008 "
                    "Pasal 20).") % params
    else:
        subject = tk._("[PPID] Masa pengecualian %(number)s berakhir %(date)s") % params
        what = tk._("Masa pengecualian informasi %(number)s berakhir pada %(date)s. Tinjau uji "
                    "konsekuensinya sebelum tanggal itu (UU 14/2008 Pasal 20).") % params
    body = "\n".join([what, f"{entry.number}: {(entry.summary or '')[:200]}", "",
                      url + "/ppid/admin/dik", "", notify.SIGNATURE])
    return _recipients(entry.org_id), mailer.Mail(subject, body), entry.number


def _pending(spec: dict) -> int:
    recipients, _mail, _ref = _letter(spec)
    key = base_key(spec)
    keys = [f"{key}:{r.key}" for r in recipients]
    done = {k for (k,) in model.Session.query(PpidNotification.key)
            .filter(PpidNotification.key.in_(keys or [""]))}
    return sum(1 for k in keys if k not in done)


def _job_id(spec: dict) -> str:
    return notify.JOB_PREFIX + hashlib.sha256(base_key(spec).encode()).hexdigest()[:32]


def _queue(spec: dict) -> int:
    """Queue the letter unless sent or waiting; the recipients queued."""
    try:
        pending = _pending(spec)
    except LookupError:
        return 0
    if not pending:
        return 0
    from ckan.lib import jobs

    try:
        job = jobs.get_queue().fetch_job(_job_id(spec))
        if job is not None and job.get_status(refresh=False) in notify._PENDING:
            return 0
        tk.enqueue_job(send_job, [spec], title=f"ppid {spec['kind']}", rq_kwargs={
            "job_id": _job_id(spec), "retry": notify._retry(),
            "timeout": mailer.job_timeout(), "failure_ttl": 30 * 24 * 3600})
    except Exception as e:  # Redis down: the next sweep queues it again
        log.warning("ppid: %s e-mail not queued (%s)", spec["kind"], type(e).__name__)
        return 0
    return pending


def send_job(spec: dict) -> int:
    """The background job: send the letter to every recipient not sent it yet."""
    mailer.install_log_filter()
    with mailer.request_context():
        try:
            recipients, mail, ref = _letter(spec)
        except LookupError:
            model.Session.rollback()
            return 0
        with mailer.socket_timeout(mailer.smtp_timeout()):
            sent, failed = notify.deliver(base_key(spec), spec["kind"], recipients, mail, ref,
                                          officers=True)
    if failed:
        raise notify.MailNotSent(f"{spec['kind']} e-mail for {ref}: {failed} not sent")
    return sent


"""The figures of the annual PPID service report (UU 14/2008 Pasal 12; Perki 1/2021
Pasal 56): requests by channel, status and decision, time to fulfil, refusals by
Pasal 17 ground, objections by ground and outcome.

Pure: the caller passes the year's requests and objections (any objects with the
fields of ``ppid_request`` and ``ppid_objection``) and ``working_days(request)``,
the working days from receipt to the written notice counted with the request's
stored calendar.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ckanext.pekalongan.ppid import states


def _median(values: list[int]) -> float | int:
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def figures(
    year: int,
    requests: Iterable[Any],
    objections: Iterable[Any],
    working_days: Callable[[Any], int],
) -> dict[str, Any]:
    reqs, objs = list(requests), list(objections)
    by_channel = Counter(r.channel for r in reqs)
    by_status = Counter(r.status for r in reqs)
    decided = [r for r in reqs if r.decision]
    by_decision = Counter(r.decision for r in decided)
    refusals = Counter(g for r in decided for g in r.exemption_grounds or ())
    durations: dict[str, list[int]] = {}
    on_time: Counter = Counter()
    for r in decided:
        durations.setdefault(r.decision, []).append(working_days(r))
        if r.decided_on <= r.due_date:
            on_time[r.decision] += 1
    time_to_fulfil = {}
    for decision, values in durations.items():
        values.sort()
        time_to_fulfil[decision] = {
            "count": len(values),
            "average_working_days": round(sum(values) / len(values), 1),
            "median_working_days": _median(values),
            "max_working_days": values[-1],
            "on_time": on_time[decision],
            "late": len(values) - on_time[decision],
        }
    return {
        "year": year,
        "requests": {
            "received": len(reqs),
            "by_channel": dict(by_channel),
            "by_status": dict(by_status),
            "by_decision": dict(by_decision),
            "pending": sum(by_status[s] for s in states.OPEN_STATES),
            "extended": sum(1 for r in reqs if r.extended),
        },
        "time_to_fulfil": time_to_fulfil,
        "refusals_by_ground": dict(refusals),
        "objections": {
            "filed": len(objs),
            "by_ground": dict(Counter(g for o in objs for g in o.grounds or ())),
            "by_outcome": dict(Counter(o.outcome for o in objs if o.outcome)),
            "pending": sum(1 for o in objs if o.status == states.FILED),
            "answered_late": sum(
                1 for o in objs if o.decided_on is not None and o.decided_on > o.due_date
            ),
        },
        "disputes": None,
    }

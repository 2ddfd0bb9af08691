#!/bin/bash
# Periodic CKAN tasks of the portal, run by the `scheduler` service (exactly one per site):
#
#   * every HARVEST_RUN_INTERVAL seconds (default 900): `ckan harvester run`
#     starts the harvest jobs that are due (it puts them on the Redis gather queue, which the
#     harvest-gather / harvest-fetch services consume) and marks finished jobs as finished;
#   * once a day, at the first run at or after PPID_SWEEP_HOUR o'clock local time
#     (the container's TZ, Asia/Jakarta in docker/compose.yaml): `ckan ppid sweep`,
#     the PPID deadline sweep. A failed sweep is retried on the next round. The date of the
#     last successful sweep is kept in the storage volume, so a restart does not repeat it.
#
# A failure of one task is logged and does not stop the loop; `docker stop` ends it at once.
set -u

interval="${HARVEST_RUN_INTERVAL:-900}"
sweep_hour="${PPID_SWEEP_HOUR:-1}"
state_dir="${CKAN_STORAGE_PATH:-/var/lib/ckan}/scheduler"
sweep_stamp="${state_dir}/last-ppid-sweep"

mkdir -p "${state_dir}"
trap 'echo "[scheduler] stopping"; exit 0' TERM INT

log() { echo "[scheduler] $(date '+%F %T %Z') $*"; }

log "harvester run every ${interval}s; ppid sweep daily from ${sweep_hour}:00"
while true; do
    if ! ckan harvester run; then
        log "ckan harvester run failed"
    fi

    today="$(date +%F)"
    hour="$(date +%H)"
    last_sweep="$(cat "${sweep_stamp}" 2>/dev/null || true)"
    if [ "${last_sweep}" != "${today}" ] && [ "$((10#${hour}))" -ge "${sweep_hour}" ]; then
        if ckan ppid sweep; then
            echo "${today}" > "${sweep_stamp}"
            log "ppid sweep done"
        else
            log "ckan ppid sweep failed; retrying next round"
        fi
    fi

    # sleep in the background so that the TERM trap runs at once
    sleep "${interval}" &
    wait $!
done

#!/usr/bin/env bash
# CPU seconds each process of this checkout's local stack has used so far (user + system, from /proc), one line
# per process. Run it before and after a load run: the difference divided by the operations the run made is the
# CPU each operation costs in each process, a figure that holds on a busy machine where latencies do not.
#
#   deploy/local/cpu.sh > before.txt; <load>; deploy/local/cpu.sh > after.txt; deploy/local/cpu.sh --diff before.txt after.txt 3000
#   deploy/local/cpu.sh --memory     resident memory (RSS, MB) of each process instead, e.g. after a load run
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ "${1:-}" == "--diff" ]]; then
  # before after operations → CPU ms per operation per process, and the total
  awk -v ops="${4:?operations}" 'NR==FNR{b[$1]=$2; next} {d=$2-b[$1]; t+=d; printf "%-22s %8.1f s %8.2f ms/op\n", $1, d, d*1000/ops}
       END{printf "%-22s %8.1f s %8.2f ms/op\n", "total", t, t*1000/ops}' "$2" "$3"
  exit 0
fi
MEMORY=0; [[ "${1:-}" == "--memory" ]] && MEMORY=1
TICK="$(getconf CLK_TCK)"
tree() { echo "$1"; local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$c"; done; }
for pidfile in "$ROOT"/deploy/local/.run/*.pid; do
  name="$(basename "$pidfile" .pid)"; pid="$(cat "$pidfile")"
  [[ -r "/proc/$pid/stat" ]] || continue
  # the process and what it started (the Kafka broker and redis-server run as children): fields 14, 15 of
  # /proc/pid/stat are utime and stime in clock ticks
  if (( MEMORY )); then
    # VmRSS of the process and its children, in kB
    for p in $(tree "$pid"); do awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || true; done \
      | awk -v n="$name" '{s += $1} END {printf "%s %.0f\n", n, s / 1024}'
    continue
  fi
  for p in $(tree "$pid"); do cat "/proc/$p/stat" 2>/dev/null || true; done \
    | awk -v n="$name" -v t="$TICK" '{sub(/^.*\) /, ""); s += $12 + $13} END {printf "%s %.2f\n", n, s / t}'
done

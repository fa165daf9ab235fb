#!/usr/bin/env bash
# CPU profile of one process of the local stack while a load runs: Java Flight Recorder for SECONDS, then the
# hottest methods (top frame of each CPU sample) and the hottest Parley frames anywhere on the stack.
#
#   deploy/local/profile.sh conversation-service 30   # or any name run.sh gave: gateway, realtime-1, infra-mongo, …
#
# The recording stays in deploy/local/.run/profiles/ for JDK Mission Control.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME="${1:?which process: conversation-service, messaging-service, realtime-service, notification-service, gateway, LocalInfra}"
SECONDS_TO_RECORD="${2:-30}"
JDK="$(dirname "$(dirname "$(readlink -f "$(ls /usr/lib/jvm/*25*/bin/java | head -1)")")")"
PID=""
# a name run.sh gave (infra-mongo, realtime-1, …) has a pid file; otherwise match the command line
[[ -f "$ROOT/deploy/local/.run/$NAME.pid" ]] && PID="$(cat "$ROOT/deploy/local/.run/$NAME.pid")"
[[ -n "$PID" ]] || for p in $(pgrep -f -- "$NAME"); do # a java process of this checkout's stack (other checkouts may run stacks too)
  if tr '\0' ' ' < "/proc/$p/cmdline" | grep -q java && [[ "$(readlink -f "/proc/$p/cwd")" == "$ROOT" ]]; then PID="$p"; break; fi
done
[[ -n "$PID" ]] || { echo "no running process matches $NAME" >&2; exit 1; }
OUT="$ROOT/deploy/local/.run/profiles"; mkdir -p "$OUT"
FILE="$OUT/$NAME-$(date +%H%M%S).jfr"
"$JDK/bin/jcmd" "$PID" JFR.start name=parley-profile settings=profile duration="${SECONDS_TO_RECORD}s" filename="$FILE" >/dev/null
sleep "$((SECONDS_TO_RECORD + 2))"
echo "== $NAME (pid $PID), $SECONDS_TO_RECORD s: $FILE"
"$JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$FILE" > "$FILE.txt"
samples="$(grep -c 'jdk.ExecutionSample' "$FILE.txt" || true)"
echo "CPU samples: $samples"
echo "-- top frames"
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' "$FILE.txt" | sort | uniq -c | sort -rn | head -25
echo "-- Parley frames (anywhere on a sampled stack)"
awk '/jdk.ExecutionSample/{delete seen} /com\.parley\./{l=$0; sub(/^[ \t]+/, "", l); sub(/line:.*/, "", l); if (!(l in seen)) {seen[l]=1; print l}}' "$FILE.txt" \
  | sort | uniq -c | sort -rn | head -15

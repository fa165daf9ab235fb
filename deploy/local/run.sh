#!/usr/bin/env bash
# Starts the whole Parley stack on this machine, no Docker needed: Kafka (KRaft), a MongoDB wire-protocol
# server with its data on disk, Redis, SMTP with a mail viewer, the four services and the gateway.
# Ctrl-C stops everything it started.
#
#   deploy/local/run.sh            build what is missing, start, wait until healthy
#   deploy/local/run.sh --build    rebuild the services first
#
# Ports (environment): GATEWAY_PORT=8080 CONVERSATION_PORT=8081 MESSAGING_PORT=8082 REALTIME_PORT=8083
# REALTIME_2_PORT=8085 (a second realtime node) NOTIFICATION_PORT=8084 KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093
# MONGO_PORT=27017 REDIS_PORT=6379 SMTP_PORT=2525 MAIL_VIEWER_PORT=8025 IDP_PORT=8086 (the local sign-in provider).
# Data: PARLEY_DATA_DIR (default deploy/local/.data).
#
# Tracing: TRACING=1 also starts a Zipkin server (ZIPKIN_PORT=9411, spans in memory; the jar comes from Maven
# Central on first use) and has every service sample every request and send its spans there. Off by default: the
# services then still put trace ids in their log lines and Kafka headers, but sample and send nothing.
#
# Every process it starts leaves deploy/local/.run/<name>.pid and <name>.cmd (a bash script that starts it again
# with the same command and environment, and rewrites the pid file), so the fault suite (deploy/e2e/faults) can
# kill one process and bring it back. Names: infra-kafka, infra-mongo (MongoDB wire server and SMTP),
# infra-redis, conversation-service, messaging-service, realtime-1, realtime-2, notification-service, gateway,
# identity-provider.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
CONVERSATION_PORT="${CONVERSATION_PORT:-8081}"
MESSAGING_PORT="${MESSAGING_PORT:-8082}"
REALTIME_PORT="${REALTIME_PORT:-8083}"
REALTIME_2_PORT="${REALTIME_2_PORT:-$((REALTIME_PORT + 2))}"
NOTIFICATION_PORT="${NOTIFICATION_PORT:-8084}"
IDP_PORT="${IDP_PORT:-8086}"
export KAFKA_PORT="${KAFKA_PORT:-9092}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export MONGO_PORT="${MONGO_PORT:-27017}" REDIS_PORT="${REDIS_PORT:-6379}"
export SMTP_PORT="${SMTP_PORT:-2525}" MAIL_VIEWER_PORT="${MAIL_VIEWER_PORT:-8025}"
export PARLEY_DATA_DIR="${PARLEY_DATA_DIR:-$ROOT/deploy/local/.data}"
RUN_DIR="$ROOT/deploy/local/.run"
LOG_DIR="$RUN_DIR/logs"
READY_TIMEOUT="${READY_TIMEOUT:-240}"
TRACING="${TRACING:-0}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
ZIPKIN_VERSION=3.5.1
SERVICES=(conversation-service messaging-service realtime-service notification-service gateway identity-provider)
# the processes run.sh waits for, in start order (realtime-service runs as two nodes)
PROCESSES=(conversation-service messaging-service realtime-1 realtime-2 notification-service gateway identity-provider)

say() { printf '\033[1m[parley]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[parley] %s\033[0m\n' "$*" >&2; exit 1; }

# --- a JDK 25 -------------------------------------------------------------------------------------------
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}'; }
find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*/bin/java "$(command -v java || true)")
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    local v; v="$(java_major "$c")"
    if [[ -n "$v" && "${v%%.*}" -ge 25 ]]; then echo "$c"; return 0; fi
  done
  return 1
}
JAVA="$(find_java)" || fail "Parley needs a JDK 25 or newer (set JAVA_HOME, or install e.g. Temurin 25 under /usr/lib/jvm)."

# --- ports ----------------------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
check_port() {
  if port_in_use "$2"; then
    fail "Port $2 ($1) is already in use. Stop what uses it, or choose another port: $3=<port> deploy/local/run.sh"
  fi
}
check_port gateway "$GATEWAY_PORT" GATEWAY_PORT
check_port conversation-service "$CONVERSATION_PORT" CONVERSATION_PORT
check_port messaging-service "$MESSAGING_PORT" MESSAGING_PORT
check_port realtime-service "$REALTIME_PORT" REALTIME_PORT
check_port "realtime-service (second node)" "$REALTIME_2_PORT" REALTIME_2_PORT
check_port notification-service "$NOTIFICATION_PORT" NOTIFICATION_PORT
check_port identity-provider "$IDP_PORT" IDP_PORT
check_port Kafka "$KAFKA_PORT" KAFKA_PORT
check_port "Kafka controller" "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
check_port MongoDB "$MONGO_PORT" MONGO_PORT
check_port Redis "$REDIS_PORT" REDIS_PORT
check_port SMTP "$SMTP_PORT" SMTP_PORT
check_port "mail viewer" "$MAIL_VIEWER_PORT" MAIL_VIEWER_PORT
[[ "$TRACING" == 1 ]] && check_port Zipkin "$ZIPKIN_PORT" ZIPKIN_PORT

# --- build what is missing ------------------------------------------------------------------------------
jar_of() { ls "$ROOT/$1"/target/"$1"-*.jar 2>/dev/null | grep -v -- '-plain.jar' | head -1; }
needs_build=0
[[ "${1:-}" == "--build" ]] && needs_build=1
for s in "${SERVICES[@]}"; do [[ -n "$(jar_of "$s")" ]] || needs_build=1; done
[[ -f deploy/local-infra/target/classpath.txt ]] || needs_build=1
if [[ $needs_build == 1 ]]; then
  say "Building Parley (first run downloads dependencies; a few minutes)…"
  ./mvnw -q -B -ntp -DskipTests install || fail "The build failed; see the Maven output above."
fi
ZIPKIN_JAR="$ROOT/deploy/local/.tools/zipkin-server-$ZIPKIN_VERSION-exec.jar"
if [[ "$TRACING" == 1 && ! -f "$ZIPKIN_JAR" ]]; then
  say "Fetching the Zipkin server $ZIPKIN_VERSION (once)…"
  ./mvnw -q -B -ntp -N dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$ROOT/deploy/local/.tools" || fail "Could not fetch the Zipkin server (needed for TRACING=1)."
fi

mkdir -p "$LOG_DIR" "$PARLEY_DATA_DIR"
rm -f "$RUN_DIR"/*.pid "$RUN_DIR"/*.cmd
START=$(date +%s)
PIDS=()
NAMES=()

# <name> <log> <command…>: starts it in the background with the current environment, records its pid and a
# script that starts it again exactly so (the fault suite kills and restarts single processes). setsid gives it a
# process group of its own, so that a process with children (Kafka's broker JVM, redis-server) is frozen or
# killed with them, and a restarted process outlives nothing.
launch() {
  local name="$1" log="$2"; shift 2
  {
    echo '#!/usr/bin/env bash'
    echo "# starts $name again as deploy/local/run.sh did (written by run.sh)"
    export -p
    printf 'cd %q\n' "$ROOT"
    printf 'echo $$ > %q\n' "$RUN_DIR/$name.pid"
    printf 'exec'; printf ' %q' "$@"; printf ' >> %q 2>&1\n' "$log"
  } > "$RUN_DIR/$name.cmd"
  setsid "$@" > "$log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
  echo $! > "$RUN_DIR/$name.pid"
}

# the pid a process has now: the fault suite may have restarted it (and rewritten its pid file)
current_pid() { cat "$RUN_DIR/$1.pid" 2>/dev/null || echo "$2"; }

stop_all() {
  trap - INT TERM EXIT
  say "Stopping…"
  local i
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do PIDS[$i]="$(current_pid "${NAMES[$i]}" "${PIDS[$i]}")"; done
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  say "Stopped. Data is kept in $PARLEY_DATA_DIR"
}
trap stop_all INT TERM EXIT

# --- infrastructure -------------------------------------------------------------------------------------
say "Starting Kafka (KRaft), MongoDB wire server, Redis and SMTP…"
# one process each (infra-mongo also serves SMTP), so that one of them can be frozen or killed alone
INFRA_CP="deploy/local-infra/target/classes:$(cat deploy/local-infra/target/classpath.txt)"
INFRA=(kafka mongo redis)
declare -A INFRA_HEAP=([kafka]=256m [mongo]=512m [redis]=256m) # Kafka's broker is a child JVM with its own heap
for part in "${INFRA[@]}"; do
  components=("$part"); [[ "$part" == mongo ]] && components+=(smtp)
  launch "infra-$part" "$LOG_DIR/infra-$part.log" \
    "$JAVA" -Xmx"${INFRA_HEAP[$part]}" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -cp "$INFRA_CP" \
    com.parley.infra.LocalInfra "${components[@]}"
done
for i in "${!INFRA[@]}"; do
  log="$LOG_DIR/infra-${INFRA[$i]}.log"
  for _ in $(seq 1 600); do
    grep -q 'READY' "$log" 2>/dev/null && break
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      cat "$log" >&2; fail "The infrastructure could not start (log: $log)."
    fi
    sleep 0.2
  done
  grep -q 'READY' "$log" || fail "The infrastructure did not become ready (log: $log)."
done
say "Infrastructure ready after $(( $(date +%s) - START ))s"

# --- services -------------------------------------------------------------------------------------------
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" REDIS_HOST=127.0.0.1
export PARLEY_JWKS_URI="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json"
export CONVERSATION_URL="http://127.0.0.1:$CONVERSATION_PORT" MESSAGING_URL="http://127.0.0.1:$MESSAGING_PORT"
export REALTIME_URL="http://127.0.0.1:$REALTIME_PORT" NOTIFICATION_URL="http://127.0.0.1:$NOTIFICATION_PORT"
export SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT="$SMTP_PORT"
export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-local}"
if [[ "$TRACING" == 1 ]]; then # every request sampled, spans to the local Zipkin (application.yml: management.tracing)
  export TRACING_SAMPLING=1.0 TRACING_EXPORT=true
  export TRACING_ZIPKIN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"
fi
# sign-in: the gateway signs people in at the local identity provider, which shares the gateway's signing key
export PARLEY_IDP_ISSUER="http://localhost:$IDP_PORT" PARLEY_OIDC_ISSUER_URI="http://localhost:$IDP_PORT"
export PARLEY_GATEWAY_REDIRECT_URIS="http://localhost:$GATEWAY_PORT/login/oauth2/code/parley,http://127.0.0.1:$GATEWAY_PORT/login/oauth2/code/parley"
export PARLEY_GATEWAY_POST_LOGOUT_URIS="http://localhost:$GATEWAY_PORT/,http://127.0.0.1:$GATEWAY_PORT/"

# Steady-state JVM settings: full tiered compilation (C2; C1-only halves throughput under load), a heap sized per
# service (realtime holds every socket), and exit on OutOfMemoryError rather than limp on.
declare -A HEAP_OF=([conversation-service]=384m [messaging-service]=384m [realtime-service]=512m
  [notification-service]=256m [gateway]=384m [identity-provider]=256m)
start_service() { # name port [process name] [VAR=value…]
  local db="parley-${1%-service}" name="${3:-$1}"
  launch "$name" "$LOG_DIR/$name.log" env PORT="$2" MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/$db" "${@:4}" \
    "$JAVA" -Xms64m -Xmx"${HEAP_OF[$1]:-384m}" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$(jar_of "$1")"
}
say "Starting services…"
start_service conversation-service "$CONVERSATION_PORT"
start_service messaging-service "$MESSAGING_PORT"
# two realtime nodes: the gateway spreads WebSocket connections over both (gateway/README.md, WebSocket)
start_service realtime-service "$REALTIME_PORT" realtime-1 REALTIME_NODE_ID=rt-1
start_service realtime-service "$REALTIME_2_PORT" realtime-2 REALTIME_NODE_ID=rt-2
start_service notification-service "$NOTIFICATION_PORT" notification-service PARLEY_APP_URL="http://localhost:$GATEWAY_PORT"
start_service gateway "$GATEWAY_PORT" gateway REALTIME_URLS="$REALTIME_URL,http://127.0.0.1:$REALTIME_2_PORT"
start_service identity-provider "$IDP_PORT"
if [[ "$TRACING" == 1 ]]; then
  # started after the services, so that the readiness loop's pid positions stay as they are; in memory only, on
  # loopback, and without the environment meant for the services (with KAFKA_BOOTSTRAP_SERVERS set it would
  # collect from Kafka)
  launch zipkin "$LOG_DIR/zipkin.log" env -u KAFKA_BOOTSTRAP_SERVERS -u SPRING_PROFILES_ACTIVE -u PORT \
    STORAGE_TYPE=mem MEM_MAX_SPANS=200000 "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "$ZIPKIN_JAR" \
    "--armeria.ports[0].port=$ZIPKIN_PORT" '--armeria.ports[0].ip=127.0.0.1' '--armeria.ports[0].protocols=http'
fi

ready() { curl -fsS -m 2 "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; }
declare -A PORT_OF=([conversation-service]=$CONVERSATION_PORT [messaging-service]=$MESSAGING_PORT
  [realtime-1]=$REALTIME_PORT [realtime-2]=$REALTIME_2_PORT [notification-service]=$NOTIFICATION_PORT
  [gateway]=$GATEWAY_PORT [identity-provider]=$IDP_PORT)
pending=("${PROCESSES[@]}")
deadline=$(( $(date +%s) + READY_TIMEOUT ))
while (( ${#pending[@]} > 0 )); do
  still=()
  for s in "${pending[@]}"; do
    idx=0; for i in "${!PROCESSES[@]}"; do [[ "${PROCESSES[$i]}" == "$s" ]] && idx=$((i + ${#INFRA[@]})); done
    if ! kill -0 "${PIDS[$idx]}" 2>/dev/null; then
      tail -30 "$LOG_DIR/$s.log" >&2; fail "$s exited during start-up (log: $LOG_DIR/$s.log)."
    fi
    if ready "${PORT_OF[$s]}"; then say "$s is up on ${PORT_OF[$s]}"; else still+=("$s"); fi
  done
  pending=("${still[@]+"${still[@]}"}")
  (( ${#pending[@]} == 0 )) && break
  (( $(date +%s) > deadline )) && fail "Not healthy after ${READY_TIMEOUT}s: ${pending[*]} (logs: $LOG_DIR)."
  sleep 1
done

# the gateway's own health lists every downstream; wait until all of them report UP
gateway_health() { curl -fsS -m 5 "http://127.0.0.1:$GATEWAY_PORT/actuator/health" 2>/dev/null; }
until gateway_health | grep -q '"status":"UP"}$'; do
  (( $(date +%s) > deadline )) && { gateway_health >&2 || true; fail "The gateway does not report every service UP (logs: $LOG_DIR)."; }
  sleep 1
done
say "Gateway reports every downstream UP: $(gateway_health | grep -o '"[a-z]*":{"details":{"url"[^}]*},"status":"UP"' | grep -o '^"[a-z]*"' | tr -d '"' | paste -sd, -)"

if [[ "$TRACING" == 1 ]]; then
  until curl -fsS -m 2 "http://127.0.0.1:$ZIPKIN_PORT/health" >/dev/null 2>&1; do
    (( $(date +%s) > deadline )) && fail "Zipkin did not start (log: $LOG_DIR/zipkin.log)."
    sleep 1
  done
  say "Zipkin is up on $ZIPKIN_PORT"
fi

ELAPSED=$(( $(date +%s) - START ))
TRACES_LINE=""
[[ "$TRACING" == 1 ]] && TRACES_LINE="    Traces         http://localhost:$ZIPKIN_PORT/zipkin/  (every request sampled; API: /api/v2/traces)
"
cat <<MSG

  Parley is running (healthy after ${ELAPSED}s).

    Open           http://localhost:$GATEWAY_PORT
    API docs       http://localhost:$GATEWAY_PORT/swagger-ui.html
    Health         http://localhost:$GATEWAY_PORT/actuator/health
    Sent e-mail    http://localhost:$MAIL_VIEWER_PORT
${TRACES_LINE}    Sign in        staff: staff-binh / binh-parley, staff-chau / chau-parley; admin: admin-dung / dung-parley
                   sellers: seller-techzone / techzone-parley, seller-giadung / giadung-parley
                   (staff-khoa / khoa-parley is locked, to see that message; provider: http://localhost:$IDP_PORT)
    Try the API    curl -s -X POST localhost:$GATEWAY_PORT/api/dev/tokens -H 'Content-Type: application/json' \\
                     -d '{"userId":"c-1","name":"Nguyễn Văn A","roles":["CUSTOMER"]}'
    Logs           $LOG_DIR

  Press Ctrl-C to stop everything.
MSG
# runs until stopped, or until the infrastructure is gone for good (a process the fault suite restarts comes
# back with a new pid in its pid file). No errexit here: a status from reaping a killed child must not end the stack.
set +e
while true; do
  for part in "${INFRA[@]}"; do
    if ! kill -0 "$(current_pid "infra-$part" 0)" 2>/dev/null; then
      sleep 30 & wait $!
      kill -0 "$(current_pid "infra-$part" 0)" 2>/dev/null || fail "infra-$part stopped (log: $LOG_DIR/infra-$part.log)."
    fi
  done
  sleep 2 & wait $!
done

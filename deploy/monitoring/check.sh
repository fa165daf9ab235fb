#!/usr/bin/env bash
# Checks Parley's monitoring against the real tools, so that a rule or a dashboard cannot silently point at nothing.
#
#   1. promtool check rules alerts.yml, and promtool test rules tests/*.yml (a unit test per alert)
#   2. every alert has a runbook_url whose section exists in RUNBOOK.md, and a unit test
#   3. with a running stack: a real Prometheus scrapes its processes (and loads alerts.yml), then every query of
#      every Grafana panel (grafana/dashboards/*.json) runs against it and must return at least one series;
#      panels-without-traffic.txt lists the few panels whose metrics only exist after a failure the e2e run does
#      not cause; and every metric name an alert rule reads must exist there too (same file, "alerts |" lines)
#   4. self-test, every run: a broken rule file (tests/broken/alerts.yml) must fail step 1, and a panel with a wrong
#      metric name (tests/broken/dashboard.json) must fail step 3
#
# Usage:
#   deploy/monitoring/check.sh            rules and runbook; the Prometheus part when a stack answers at PARLEY_URL
#   deploy/monitoring/check.sh --stack    the same, but a stack must answer (CI, after the e2e suites)
# The stack's ports come from the same variables as deploy/local/run.sh (GATEWAY_PORT=8080 ... NOTIFICATION_PORT=8084);
# PARLEY_URL defaults to http://localhost:$GATEWAY_PORT. PROMETHEUS_PORT (9590) is where the check's Prometheus listens.
# Needs promtool and prometheus (Debian's package "prometheus", installed with apt-get when missing), python3, curl.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

REQUIRE_STACK=0
[[ "${1:-}" == "--stack" ]] && REQUIRE_STACK=1
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
CONVERSATION_PORT="${CONVERSATION_PORT:-8081}"
MESSAGING_PORT="${MESSAGING_PORT:-8082}"
REALTIME_PORT="${REALTIME_PORT:-8083}"
# the local stack's second realtime node (deploy/local/run.sh); the gateway spreads sockets over both
REALTIME_2_PORT="${REALTIME_2_PORT:-$((REALTIME_PORT + 2))}"
NOTIFICATION_PORT="${NOTIFICATION_PORT:-8084}"
PARLEY_URL="${PARLEY_URL:-http://localhost:$GATEWAY_PORT}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9590}"

say() { printf '[monitoring] %s\n' "$*"; }
fail() { printf '[monitoring] FAILED: %s\n' "$*" >&2; exit 1; }

# --- the tools ------------------------------------------------------------------------------------------------
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  if command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
    say "installing Debian's prometheus (brings promtool)…"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } \
        > /tmp/parley-monitoring-apt.log 2>&1; then
      tail -5 /tmp/parley-monitoring-apt.log >&2
    fi
  fi
fi
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  say "SKIPPED: promtool/prometheus are not installed and apt-get could not install them (install Debian's 'prometheus')."
  exit 0
fi
command -v python3 >/dev/null || fail "python3 is needed to read the dashboards"

# --- 1. rules and their unit tests -----------------------------------------------------------------------------
promtool check rules alerts.yml
promtool test rules tests/*.yml

# --- 2. runbook sections and unit tests for every alert --------------------------------------------------------
missing=0
while read -r alert; do
  anchor="$(tr '[:upper:]' '[:lower:]' <<< "$alert")"
  grep -q "runbook_url: deploy/monitoring/RUNBOOK.md#$anchor\$" alerts.yml \
    || { echo "  $alert: no runbook_url deploy/monitoring/RUNBOOK.md#$anchor"; missing=1; }
  grep -qx "## $alert" RUNBOOK.md || { echo "  $alert: no section '## $alert' in RUNBOOK.md"; missing=1; }
  grep -q "alertname: $alert\$" tests/*.yml || { echo "  $alert: no unit test in tests/"; missing=1; }
done < <(sed -n 's/^ *- alert: *//p' alerts.yml)
(( missing == 0 )) || fail "alerts without a runbook section or a unit test (above)"
say "every alert has a runbook section and a unit test"

# --- 4a. self-test: a broken rule must fail --------------------------------------------------------------------
if promtool check rules tests/broken/alerts.yml > /tmp/parley-broken-rules.log 2>&1; then
  fail "self-test: promtool accepted tests/broken/alerts.yml"
fi
say "self-test: the broken rule file is refused: $(grep -m1 -o 'parse error.*\|bad_data.*\|error.*' /tmp/parley-broken-rules.log | head -c 160)"

# --- 3. a real Prometheus on the running stack -----------------------------------------------------------------
if ! curl -fsS -m 5 "$PARLEY_URL/actuator/health" > /dev/null 2>&1; then
  (( REQUIRE_STACK == 0 )) || fail "no stack answers at $PARLEY_URL"
  say "no stack at $PARLEY_URL: the dashboard queries were not run (start deploy/local/run.sh, then run this again)"
  exit 0
fi

WORK="$(mktemp -d)"
PROM_PID=""
cleanup() {
  [[ -n "$PROM_PID" ]] && { kill -TERM "$PROM_PID" 2>/dev/null || true; wait "$PROM_PID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
cat > "$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - $HERE/alerts.yml
scrape_configs:
  - job_name: parley
    metrics_path: /actuator/prometheus
    static_configs:
      - targets:
          - 127.0.0.1:$GATEWAY_PORT
          - 127.0.0.1:$CONVERSATION_PORT
          - 127.0.0.1:$MESSAGING_PORT
          - 127.0.0.1:$REALTIME_PORT
          - 127.0.0.1:$REALTIME_2_PORT
          - 127.0.0.1:$NOTIFICATION_PORT
YML
TARGETS="$(grep -c '^          - 127.0.0.1:' "$WORK/prometheus.yml")" # gateway, the services, both realtime nodes
PROM="http://127.0.0.1:$PROMETHEUS_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
say "Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') scrapes the stack every 2 s ($PROM)"

# three scrapes of every target, so that rate() over the panels' windows has samples; polled, at most 90 s
deadline=$(( $(date +%s) + 90 ))
until [[ "$(curl -fsS -m 2 "$PROM/api/v1/query" --data-urlencode 'query=count(count_over_time(up{job="parley"}[5m]) >= 3 and up{job="parley"} == 1)' 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)' 2>/dev/null)" == "$TARGETS" ]]; do
  kill -0 "$PROM_PID" 2>/dev/null || { cat "$WORK/prometheus.log" >&2; fail "Prometheus exited"; }
  (( $(date +%s) < deadline )) || { curl -s "$PROM/api/v1/targets" >&2 || true; fail "Prometheus did not scrape all $TARGETS processes three times in 90 s"; }
  sleep 1
done
rules_loaded="$(curl -fsS "$PROM/api/v1/rules" | python3 -c 'import json,sys; print(sum(len(g["rules"]) for g in json.load(sys.stdin)["data"]["groups"]))')"
say "all $TARGETS processes scraped; Prometheus loaded $rules_loaded alert rules"

panel_check() { # dashboard files...; prints one line per query, exits 1 when a query errs or returns nothing
  python3 - "$PROM" "$HERE/panels-without-traffic.txt" "$@" <<'PY'
import json, sys, urllib.parse, urllib.request
prom, allow_file, files = sys.argv[1], sys.argv[2], sys.argv[3:]
allowed = {}
for line in open(allow_file, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        uid, title, why = [part.strip() for part in line.split("|", 2)]
        allowed[(uid, title)] = why
def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))
failures, checked = 0, 0
for f in files:
    board = json.load(open(f, encoding="utf-8"))
    for panel in panels(board.get("panels", [])):
        for target in panel.get("targets", []):
            expr = target.get("expr")
            if not expr:
                continue
            checked += 1
            url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
            try:
                body = json.load(urllib.request.urlopen(url, timeout=10))
                series = len(body["data"]["result"])
                error = None
            except urllib.error.HTTPError as e:
                series, error = 0, json.load(e).get("error", str(e))
            where = f'{board["uid"]} / {panel["title"]} [{target.get("refId", "?")}]'
            if error:
                failures += 1
                print(f"  ERROR  {where}: {error}")
            elif series == 0 and (board["uid"], panel["title"]) in allowed:
                print(f"  empty  {where} (allowed: {allowed[(board['uid'], panel['title'])]})")
            elif series == 0:
                failures += 1
                print(f"  EMPTY  {where}: {expr}")
            else:
                print(f"  ok     {where}: {series} series")
print(f"  {checked} queries, {failures} failing")
sys.exit(1 if failures else 0)
PY
}

say "every panel's query against the scraped stack:"
panel_check grafana/dashboards/*.json || fail "dashboard queries without data (above); fix the metric name, or, only for a metric that needs a failure to exist, add the panel to panels-without-traffic.txt"

say "every metric the alert rules read, in the scraped stack:"
python3 - "$PROM" "$HERE/panels-without-traffic.txt" <<'PY' || fail "alert rules read metrics the services do not publish (above)"
import json, re, sys, urllib.parse, urllib.request
prom, allow_file = sys.argv[1], sys.argv[2]
allowed = {}
for line in open(allow_file, encoding="utf-8"):
    if line.startswith("alerts |"):
        _, name, why = [part.strip() for part in line.split("|", 2)]
        allowed[name] = why
def get(path, **params):
    return json.load(urllib.request.urlopen(prom + path + "?" + urllib.parse.urlencode(params), timeout=10))["data"]
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan"}
def metrics(expr):
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)                         # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                                       # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                                     # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\b[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?\b", "", expr)            # numbers (1e-9)
    names = set()
    for token in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        function = expr[token.end():].lstrip().startswith("(")
        if not function and token.group().lower() not in KEYWORDS:
            names.add(token.group())
    return names
failures = 0
for group in get("/api/v1/rules")["groups"]:
    for rule in group["rules"]:
        for name in sorted(metrics(rule["query"])):
            present = len(get("/api/v1/query", query=f"count({name})")["result"]) > 0
            if present:
                print(f"  ok     {rule['name']}: {name}")
            elif name in allowed:
                print(f"  absent {rule['name']}: {name} (allowed: {allowed[name]})")
            else:
                failures += 1
                print(f"  ABSENT {rule['name']}: {name}")
sys.exit(1 if failures else 0)
PY

# --- 4b. self-test: a panel with a wrong metric name must fail --------------------------------------------------
if panel_check tests/broken/dashboard.json > "$WORK/broken-panels.log"; then
  cat "$WORK/broken-panels.log"; fail "self-test: the panel with a wrong metric name passed"
fi
say "self-test: the panel with a wrong metric name is caught: $(grep -m1 'EMPTY' "$WORK/broken-panels.log" | sed 's/^ *//')"
say "monitoring checked"

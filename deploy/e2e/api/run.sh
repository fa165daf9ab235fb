#!/usr/bin/env bash
# Runs the API sweeps (authorization table, malformed inputs) against a running Parley stack and prints
# one summary line. Needs Node 20+, nothing else (plain fetch, node:test).
#
#   deploy/e2e/api/run.sh                                  # against http://localhost:8080
#   PARLEY_URL=http://localhost:18080 deploy/e2e/api/run.sh
#   deploy/e2e/api/run.sh authorization.test.mjs           # one file
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v node >/dev/null || { echo "[api] Node 20+ is needed" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
(( major >= 20 )) || { echo "[api] Node 20+ is needed (found $(node --version))" >&2; exit 1; }

export PARLEY_URL="${PARLEY_URL:-http://localhost:8080}"
export SUMMARY_FILE; SUMMARY_FILE="$(mktemp)"
trap 'rm -f "$SUMMARY_FILE"' EXIT

files=("$@")
(( ${#files[@]} )) || files=(authorization.test.mjs malformed-input.test.mjs)

node --test --test-concurrency=1 "${files[@]}"
rc=$?

rows="$(awk '$1=="authorization_rows"{n+=$2} END{print n+0}' "$SUMMARY_FILE")"
checks="$(awk '$1=="authorization_checks"{n+=$2} END{print n+0}' "$SUMMARY_FILE")"
inputs="$(awk '$1=="malformed_inputs"{n+=$2} END{print n+0}' "$SUMMARY_FILE")"
verdict=$([[ $rc == 0 ]] && echo passed || echo FAILED)
echo "[api] ${verdict} against ${PARLEY_URL}: ${rows} authorization rows checked (${checks} allowed/denied assertions), ${inputs} malformed inputs tried"
exit $rc

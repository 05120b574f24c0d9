#!/usr/bin/env bash
# bench/tenant-page.sh: throughput of a typical tenant page against pages that do less, on this machine.
# Starts the app in Release through ./run.sh (PostgreSQL, dev-idp, demo data), signs alice in over HTTP, then runs
# wrk (Debian package) on three pages in interleaved rounds:
#   landing    localhost/           no database work
#   healthz    /healthz             one query, no tenant
#   dashboard  acme.localhost/      the membership query + the projects-with-task-counts query, both through RLS
#                                   with the tenant handed over in the same round-trip (2 round-trips in all)
# Usage: bench/tenant-page.sh [seconds-per-run=10] [connections=32] [rounds=3]. Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${1:-10}"; CONNECTIONS="${2:-32}"; ROUNDS="${3:-3}"
command -v wrk >/dev/null || { echo "bench: wrk is required: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is required: apt-get install -y curl" >&2; exit 1; }

LOG="$(mktemp)"; JAR="$(mktemp)"
TENANTSITE_CONFIGURATION=Release "$ROOT/run.sh" >"$LOG" 2>&1 &
RUN_PID=$!
trap 'kill -INT $RUN_PID 2>/dev/null; wait $RUN_PID 2>/dev/null; rm -f "$JAR"' EXIT
for _ in $(seq 1 240); do grep -q "TenantSite is running" "$LOG" && break; sleep 0.5; done
grep -q "TenantSite is running" "$LOG" || { cat "$LOG"; echo "bench: the app did not start" >&2; exit 1; }

# Sign in as alice: silent attempt, provider login form, back to acme with the session cookie.
RESOLVE=(--resolve acme.localhost:5000:127.0.0.1)
login_page="$(curl -s -L "${RESOLVE[@]}" -c "$JAR" -b "$JAR" -o /dev/null -w '%{url_effective}' "http://acme.localhost:5000/signin?returnUrl=%2F")"
curl -s -L "${RESOLVE[@]}" -c "$JAR" -b "$JAR" -o /dev/null -d "prompt=login&login=alice&password=x" "$login_page"
COOKIE="$(awk '$6 == "tenantsite.auth" { print $6 "=" $7 }' "$JAR")"
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }

run() { # name host path [cookie]
  local extra=()
  [ -n "${4:-}" ] && extra=(-H "Cookie: $4")
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -H "Host: $2" "${extra[@]}" "http://127.0.0.1:5000$3" \
    | awk -v n="$1" '/Requests\/sec/ { rps=$2 } /Latency/ { lat=$2 } /Non-2xx/ { bad=$NF } END { printf "%-10s %10s req/s  avg latency %8s  non-2xx %s\n", n, rps, lat, (bad ? bad : 0) }'
}

run dashboard acme.localhost:5000 / "$COOKIE" >/dev/null # warm-up (JIT, pools, tenant cache)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -m), $(date -u +%F)"
echo "wrk: 2 threads, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, $ROUNDS interleaved rounds"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  run landing localhost:5000 /
  run healthz localhost:5000 /healthz
  run dashboard acme.localhost:5000 / "$COOKIE"
done

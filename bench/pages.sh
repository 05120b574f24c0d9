#!/usr/bin/env bash
# bench/pages.sh: the project's side of ../shared/bench/tri-bench.sh, on its own, plus the pages and row counts it
# does not cover. Starts a throwaway PostgreSQL cluster, tools/dev-idp and the app in Release (the same settings as
# tri-bench), loads the scale data with `seed-scale` (10,000 organizations, 1,000,000 tasks), adds two organizations
# alice owns, signs her in the way a browser does, and runs wrk on each page in interleaved rounds:
#   dashboard-20    bench-20's dashboard: 20 projects with task counts (the tri-bench page)
#   dashboard-200   bench-200's dashboard: 200 projects, for the marginal cost of a project row
#   project-20      a project page with 20 tasks
#   project-100     a project page with 100 tasks
#   project-200     a project page with 200 tasks, for the marginal cost of a task row
#   members         bench-20's members page (alice manages members: the invitations are on it)
#   api-projects    GET /api/v1/projects?limit=20 on bench-20 with a viewer API key (its lookup plus the query)
#   api-tasks-100   GET /api/v1/projects/{id}/tasks?limit=100 with that key: the API's side of project-100
# Per page: req/s, p50, p99, non-2xx, bytes, and the app's CPU time and allocated bytes per request (from the
# runtime's own counters, read before and after each run). The app's peak RSS is printed at the end.
#
# Usage: bench/pages.sh [connections=32] [seconds=10] [rounds=3] [pages…]
#        BENCH_PROFILE=dashboard-20 bench/pages.sh …  then profiles that page in two extra runs: CPU with perf (by
#            component: bench/perf-components.py) and allocations with dotnet-trace's gc-verbose profile (by type and
#            allocating site: bench/AllocationReport). Files go to bench/profiles/ (not committed).
#        BENCH_HOLD=1 bench/pages.sh                  keeps everything running after sign-in, for a profiler or a browser
# Needs wrk, curl, PostgreSQL's binaries, node and the .NET SDK. Loopback only; everything it starts stops at exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
C="${1:-32}"; S="${2:-10}"; R="${3:-3}"; shift $(( $# < 3 ? $# : 3 ))
PAGES=("$@"); [ ${#PAGES[@]} -gt 0 ] || PAGES=(dashboard-20 dashboard-200 project-20 project-100 project-200 members api-projects api-tasks-100)
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters >/dev/null
command -v dotnet-trace >/dev/null || [ -z "${BENCH_PROFILE:-}" ] || dotnet tool install -g dotnet-trace >/dev/null
for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is required: apt-get install -y $tool" >&2; exit 1; }; done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PG_BIN/initdb" ] || { echo "bench: PostgreSQL is required: apt-get install -y postgresql" >&2; exit 1; }
WORK="$(mktemp -d /tmp/tenantsite-bench.XXXXXX)"; PIDS=()
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
stop_all() {
  for p in "${PIDS[@]}"; do kill -- -"$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_all EXIT

# ---- PostgreSQL: the same settings as tri-bench's throwaway cluster
PG_PORT="$(free_port)"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg.log" \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
pgsu() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
pgsu -c "create role tenantsite_owner login password 'owner' createrole" -c "create database tenantsite owner tenantsite_owner" >/dev/null

# ---- the app's environment: tri-bench's
cs="Host=127.0.0.1;Port=$PG_PORT;Database=tenantsite"
IDP_PORT="$(free_port)"; APP_PORT="$(free_port)"
export ConnectionStrings__TenantSiteAdmin="$cs;Username=tenantsite_owner;Password=owner"
export ConnectionStrings__TenantSite="$cs;Username=tenantsite_app;Password=app"
export Tenancy__RootDomain=localhost ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export Oidc__Authority="http://127.0.0.1:$IDP_PORT" Oidc__ClientId=tenantsite Oidc__ClientSecret=tenantsite-dev-secret Oidc__RequireHttpsMetadata=false
export Logging__LogLevel__Default=Warning
# One key sends every API request of the run: its own limit (600 a minute by default) would answer nearly all with 429.
export RateLimits__ApiRequestsPerKeyPerMinute=1000000
echo "bench: building (Release), migrating, seeding (seed-demo, seed-scale: about 30 s)"
dotnet build TenantSite -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
app() { dotnet TenantSite/bin/Release/net10.0/TenantSite.dll "$@"; }
app migrate >"$WORK/migrate.log" 2>&1 || { tail "$WORK/migrate.log"; exit 1; }
app seed-demo >"$WORK/seed.log" 2>&1 || { tail "$WORK/seed.log"; exit 1; }
app seed-scale >>"$WORK/seed.log" 2>&1 || { tail "$WORK/seed.log"; exit 1; }
# An API key of bench-20 (a viewer), stored as the app stores one: its prefix and the SHA-256 of the whole key.
API_KEY="ts_benchbenchbe_$(printf 'k%.0s' $(seq 1 43))"
# Two organizations alice owns. As the superuser (RLS does not bind it); the triggers are skipped for bulk rows.
pgsu -d tenantsite -v key="$API_KEY" >/dev/null <<'SQL'
set session_replication_role = replica;
insert into organizations (id, name, slug, plan) values
  ('00000000-0000-0000-0000-00000000b020', 'Bench 20', 'bench-20', 'enterprise'),
  ('00000000-0000-0000-0000-00000000b200', 'Bench 200', 'bench-200', 'enterprise');
insert into organization_members (organization_id, user_id, role)
  select o.id, u.id, 'owner' from organizations o, users u where o.slug like 'bench-%' and u.subject = 'alice';
insert into projects (organization_id, id, name, created_at)
  select o.id, ('00000000-0000-0000-' || lpad(n::text, 4, '0') || '-' || lpad(p::text, 12, '0'))::uuid, 'Project ' || p,
         now() - p * interval '1 minute'
  from (values ('bench-20', 20, 20), ('bench-200', 200, 200)) v(slug, projects, n)
  join organizations o on o.slug = v.slug cross join generate_series(1, v.projects) p;
-- Five tasks per project, except bench-20's projects 1, 2 and 3, which have 20, 100 and 200.
insert into tasks (organization_id, id, project_id, title, completed, created_at)
  select pr.organization_id, gen_random_uuid(), pr.id, 'Task ' || t, t % 2 = 0, now() - t * interval '1 second'
  from projects pr join organizations o on o.id = pr.organization_id and o.slug like 'bench-%'
  cross join lateral generate_series(1, case when o.slug = 'bench-20' and pr.name = 'Project 1' then 20
                                             when o.slug = 'bench-20' and pr.name = 'Project 2' then 100
                                             when o.slug = 'bench-20' and pr.name = 'Project 3' then 200 else 5 end) t;
insert into api_keys (organization_id, name, role, prefix, secret_hash)
  select id, 'bench', 'viewer', split_part(:'key', '_', 1) || '_' || split_part(:'key', '_', 2), sha256(convert_to(:'key', 'UTF8'))
  from organizations where slug = 'bench-20';
analyze;
SQL
echo "bench: $(pgsu -d tenantsite -Atc "select count(*) from organizations") organizations, $(pgsu -d tenantsite -Atc "select count(*) from tasks") tasks"

# ---- dev-idp and the app
(cd tools/dev-idp && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null; } &&
  DEV_IDP_PORT=$IDP_PORT exec setsid node index.mjs >"$WORK/idp.out" 2>"$WORK/idp.err") & PIDS+=($!)
# For perf: JIT-compiled methods named in /tmp/perf-<pid>.map, and code pages it can read.
[ -z "${BENCH_PROFILE:-}" ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
setsid dotnet TenantSite/bin/Release/net10.0/TenantSite.dll --urls "http://127.0.0.1:$APP_PORT" --contentRoot "$ROOT/TenantSite" \
  >"$WORK/app.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/healthz")" = 200 ] &&
    grep -q 'listening on' "$WORK/idp.out" 2>/dev/null && break
  sleep 0.5
done
APP_PID="$(pgrep -f "TenantSite.dll --urls http://127.0.0.1:$APP_PORT" | head -1)"

# ---- sign alice in: /signin, the provider's login form, back with the session cookie
JAR="$WORK/jar"; HOST="bench-20.localhost:$APP_PORT"
login="$(curl -s -L --resolve "$HOST:127.0.0.1" -c "$JAR" -b "$JAR" -o /dev/null -w '%{url_effective}' "http://$HOST/signin?returnUrl=%2F")"
curl -s -L --resolve "$HOST:127.0.0.1" -c "$JAR" -b "$JAR" -o /dev/null -d "prompt=login&login=alice&password=x" "$login"
COOKIE="$(awk '$6 ~ /auth/ && $7 != "" { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")"
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }

target() { # page -> host path
  case "$1" in
    dashboard-20) echo "bench-20.localhost /" ;;
    dashboard-200) echo "bench-200.localhost /" ;;
    project-20) echo "bench-20.localhost /projects/00000000-0000-0000-0020-000000000001" ;;
    project-100) echo "bench-20.localhost /projects/00000000-0000-0000-0020-000000000002" ;;
    project-200) echo "bench-20.localhost /projects/00000000-0000-0000-0020-000000000003" ;;
    members) echo "bench-20.localhost /members" ;;
    api-projects) echo "bench-20.localhost /api/v1/projects?limit=20" ;;
    api-tasks-100) echo "bench-20.localhost /api/v1/projects/00000000-0000-0000-0020-000000000002/tasks?limit=100" ;;
    *) echo "bench: unknown page $1" >&2; exit 2 ;;
  esac
}
credential() { case "$1" in api-*) echo "Authorization: Bearer $API_KEY" ;; *) echo "Cookie: $COOKIE" ;; esac; }
get() { read -r h p < <(target "$1"); curl -s -H "Host: $h:$APP_PORT" -H "$(credential "$1")" "http://127.0.0.1:$APP_PORT$p"; }
for page in "${PAGES[@]}"; do
  body="$(get "$page")"
  case "$page" in api-*) signed='"items"' ;; *) signed='Sign out' ;; esac
  grep -q "$signed" <<<"$body" || { echo "bench: $page does not answer signed in" >&2; exit 1; }
done

# The app process's CPU seconds (utime + stime, from /proc).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$APP_PID/stat"; }
# PostgreSQL's CPU seconds: the postmaster with its exited children (cutime + cstime), and the live backends.
PG_PID="$(head -1 "$WORK/pg/postmaster.pid")"
pg_cpu_seconds() {
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PG_PID/stat"
    # A backend may exit between pgrep and the read: its time is then in the postmaster's cutime, and it is skipped.
    for c in $(pgrep -P "$PG_PID" || true); do awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { print s / hz }'
}
# Bytes the GC allocated, summed over the run: dotnet-counters reports the counter's rate per interval.
counters_start() { # page
  dotnet-counters collect -p "$APP_PID" --counters "System.Runtime[dotnet.gc.heap.total_allocated]" --refresh-interval 1 \
    --format csv -o "$WORK/$1.counters.csv" --duration "00:00:00:$(printf %02d "$((S + 1))")" >"$WORK/counters.log" 2>&1 &
  COUNTERS_PID=$!; sleep 0.5
}
counters_bytes() { # page -> bytes allocated while wrk ran (once dotnet-counters has exited)
  awk -F, 'NR > 1 && $3 ~ /total_allocated/ { sum += $NF } END { printf "%.0f", sum }' "$WORK/$1.counters.csv" 2>/dev/null || echo 0
}
rss_peak() { awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$APP_PID/status"; }

if [ -n "${BENCH_HOLD:-}" ]; then # keep everything running for a profiler or a browser: Ctrl-C stops it
  printf 'app pid %s, http://127.0.0.1:%s, Cookie: %s\n' "$APP_PID" "$APP_PORT" "$COOKIE"
  sleep infinity
fi
w() { read -r h p < <(target "$2"); wrk -t2 -c"$C" -d"$1" --latency -H "Host: $h:$APP_PORT" -H "$(credential "$2")" "http://127.0.0.1:$APP_PORT$p" 2>&1; }
# Warm-up: pools, caches, and the JIT's tiers (about 20 s of load before they settle).
for page in "${PAGES[@]}"; do w 10s "$page" >/dev/null; done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -m); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'), $(date -u +%F)"
echo "wrk -t2 -c$C -d${S}s --latency; $R interleaved rounds. cpu/req: the app's CPU time per request (user + system); postgres cpu/req: the cluster's"
for r in $(seq 1 "$R"); do
  for page in "${PAGES[@]}"; do
    counters_start "$page"
    c0="$(cpu_seconds)"; g0="$(pg_cpu_seconds)"
    out="$(w "${S}s" "$page")"
    c1="$(cpu_seconds)"; g1="$(pg_cpu_seconds)"
    wait "$COUNTERS_PID" 2>/dev/null || true # the file is complete once dotnet-counters has exited
    bytes="$(counters_bytes "$page")"
    total="$(awk '/requests in/ { print $1 }' <<<"$out")"
    rps="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")"
    p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"; p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    bad="$(awk '/Non-2xx/ { print $NF }' <<<"$out")"
    printf "round %s %-14s %9s req/s  p50 %8s  p99 %8s  non-2xx %s  %6s bytes  cpu/req %5s µs  alloc/req %4s KB  postgres cpu/req %4s µs\n" \
      "$r" "$page" "$rps" "$p50" "$p99" "${bad:-0}" "$(get "$page" | wc -c)" \
      "$(python3 -c "print(round(($c1 - $c0) / $total * 1e6))")" "$(python3 -c "print(round($bytes / $total / 1024))")" \
      "$(python3 -c "print(round(($g1 - $g0) / $total * 1e6))")"
  done
done
echo "app peak RSS: $(rss_peak)"

if [ -n "${BENCH_PROFILE:-}" ]; then
  page="$BENCH_PROFILE"; mkdir -p bench/profiles
  if command -v perf >/dev/null; then
    w "$((S + 2))s" "$page" >"$WORK/wrk.profile" & wrk_pid=$!; sleep 1
    perf record -F 999 -g -p "$APP_PID" -o "bench/profiles/$page.perf.data" -- sleep "$S" >/dev/null 2>&1; wait "$wrk_pid"
    perf script -i "bench/profiles/$page.perf.data" -F comm,tid,ip,sym,dso 2>/dev/null >"bench/profiles/$page.perf.txt"
    echo; echo "CPU profile of $page (perf, $(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.profile") req/s while recording):"
    python3 bench/perf-components.py "bench/profiles/$page.perf.txt"
  else
    echo "bench: perf is not installed (apt-get install -y linux-perf): no CPU profile" >&2
  fi
  w "$((S + 2))s" "$page" >"$WORK/wrk.profile" & wrk_pid=$!; sleep 1
  dotnet-trace collect -p "$APP_PID" --profile gc-verbose --duration "00:00:00:$(printf %02d "$S")" \
    -o "bench/profiles/$page.nettrace" >/dev/null 2>&1; wait "$wrk_pid"
  requests="$(python3 -c "print(int($(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.profile") * $S))")"
  echo; echo "allocations of $page (dotnet-trace gc-verbose, about $requests requests):"
  dotnet build bench/AllocationReport -c Release -v q -nologo >/dev/null
  dotnet bench/AllocationReport/bin/Release/net10.0/AllocationReport.dll "bench/profiles/$page.nettrace" "$requests"
fi

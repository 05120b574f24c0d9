#!/usr/bin/env bash
# run.sh: TenantSite with demo data, on this machine, in one command.
#
# It installs what is missing when it can (as root, through apt), starts a local PostgreSQL cluster in
# .data/pg (127.0.0.1, port $TENANTSITE_PG_PORT, 5433 by default), the development identity provider
# (tools/dev-idp, http://127.0.0.1:5556), a local mail server that keeps every message (tools/smtp-sink,
# 127.0.0.1:2525, messages in .data/mail and .data/log/mail.log), then migrates, seeds the demo data and serves the app on
# http://localhost:5000. Ctrl-C stops all four, and so does any other way run.sh ends (a signal from anywhere,
# even SIGKILL: see the watchdog). Running it again reuses the cluster; the seed is idempotent.
#
# Ports and data folder can be moved: TENANTSITE_PG_PORT, TENANTSITE_IDP_PORT, TENANTSITE_SMTP_PORT, TENANTSITE_APP_PORT,
# TENANTSITE_DATA.
set -euo pipefail

# Started in the background by a non-interactive shell (`./run.sh &` in a script), bash ignores SIGINT, and an
# ignored signal cannot be trapped: start again with SIGINT restored, so `kill -INT` stops everything cleanly.
if [ -z "${RUN_SH_SIGINT_RESET:-}" ] && [ -r "/proc/$$/status" ] &&
   (( 0x$(awk '/^SigIgn:/ {print $2}' "/proc/$$/status") & 2 )) && env --default-signal=INT true 2>/dev/null; then
  RUN_SH_SIGINT_RESET=1 exec env --default-signal=INT "$0" "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

PG_PORT="${TENANTSITE_PG_PORT:-5433}"
IDP_PORT="${TENANTSITE_IDP_PORT:-5556}"
SMTP_PORT="${TENANTSITE_SMTP_PORT:-2525}"
APP_PORT="${TENANTSITE_APP_PORT:-5000}"
APP_URL="http://localhost:$APP_PORT"
IDP_URL="http://127.0.0.1:$IDP_PORT"
DATA="${TENANTSITE_DATA:-$ROOT/.data}"
PG_DATA="$DATA/pg"
PG_SOCKET="$DATA/pg-socket"
LOGS="$DATA/log"
STATE="$DATA/run.state"
IDP_DIR="$ROOT/tools/dev-idp"

IS_ROOT=0; [ "$(id -u)" -eq 0 ] && IS_ROOT=1
APT_UPDATED=0
PG_BIN=""
PG_STARTED=0
IDP_PID=""
MAIL_PID=""
APP_PID=""

say() { printf 'run.sh: %s\n' "$*"; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites

# shellcheck source=tools/prerequisites.sh
SCRIPT_NAME=run.sh
. "$ROOT/tools/prerequisites.sh"

# The binaries of the cluster's own major version when it exists, else the newest installed.
find_pg_bin() {
  local want="" dir
  [ -s "$PG_DATA/PG_VERSION" ] && want="$(cat "$PG_DATA/PG_VERSION")"
  if [ -n "$want" ] && [ -x "/usr/lib/postgresql/$want/bin/initdb" ]; then echo "/usr/lib/postgresql/$want/bin"; return; fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; fi
}

need_postgres() {
  PG_BIN="$(find_pg_bin)"
  if [ -z "$PG_BIN" ]; then
    if [ "$IS_ROOT" -eq 1 ]; then
      apt_install postgresql
      PG_BIN="$(find_pg_bin)"
    fi
    [ -n "$PG_BIN" ] || die "the PostgreSQL server is required. Install it: sudo apt-get install -y postgresql"
  fi
  if [ "$IS_ROOT" -eq 1 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root, but there is no \"postgres\" user to run the cluster as (initdb refuses root)."
  fi
}

# The pinned EF Core tools (.config/dotnet-tools.json), so `dotnet ef migrations ...` works from the checkout. Quiet
# unless it fails.
restore_dotnet_tools() {
  local out
  out="$(dotnet tool restore 2>&1)" || { printf '%s\n' "$out" >&2; die "dotnet tool restore failed"; }
}

# ---------------------------------------------------------------- helpers

as_pg() { if [ "$IS_ROOT" -eq 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

psql_admin() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

who_listens() { command -v ss >/dev/null 2>&1 && ss -ltnp "sport = :$1" 2>/dev/null | tail -n +2 | sed 's/^/    /' || true; }

require_free_port() { # port what
  if port_in_use "$1"; then
    printf 'run.sh: error: port %s on 127.0.0.1 is already in use by another process; it is needed for %s.\n' "$1" "$2" >&2
    who_listens "$1" >&2
    exit 1
  fi
}

http_get() { # port path -> the raw HTTP response (HTTP/1.0 over bash's /dev/tcp: no curl needed)
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    cat <&3' _ "$1" "$2" 2>/dev/null || true
}

alive() { # pid: running (a zombie, exited but not yet reaped, does not count)
  local state
  state="$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

stop_group() { # pid name: SIGTERM to the process group started with setsid, SIGKILL after 15 s
  local pid="$1" i
  alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  say "stopping $2"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 75); do alive "$pid" || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true # whatever of its group is still left
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  [ -n "$APP_PID" ] && stop_group "$APP_PID" "TenantSite"
  [ -n "$IDP_PID" ] && stop_group "$IDP_PID" "dev-idp"
  [ -n "$MAIL_PID" ] && stop_group "$MAIL_PID" "smtp-sink"
  if [ "$PG_STARTED" -eq 1 ]; then
    say "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  fi
  rm -f "$STATE"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_all
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
  [ "$rc" -eq 130 ] && say "stopped."
  exit "$rc"
}

# ---------------------------------------------------------------- watchdog

# The app and dev-idp run in sessions of their own (setsid, so that Ctrl-C reaches run.sh alone and it can stop them in
# order) and PostgreSQL daemonizes: none of them dies with run.sh. The EXIT trap stops them for every signal bash can
# catch. For the ones it cannot (SIGKILL), a watchdog in its own session waits for run.sh to end and stops what the
# state file says is still running.
WATCHDOG_PID=""

save_state() {
  printf 'APP_PID=%s\nIDP_PID=%s\nMAIL_PID=%s\nPG_STARTED=%s\nPG_BIN=%s\n' "$APP_PID" "$IDP_PID" "$MAIL_PID" "$PG_STARTED" "$PG_BIN" >"$STATE"
}

start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

start_watchdog() {
  mkdir -p "$DATA" "$LOGS"
  rm -f "$STATE"
  setsid bash "$ROOT/$(basename "${BASH_SOURCE[0]}")" --watchdog "$$" "$(start_time $$)" </dev/null >>"$LOGS/watchdog.log" 2>&1 &
  WATCHDOG_PID=$!
}

watch_over() { # pid start-time: wait until that run.sh is gone (a recycled pid has another start time), then clean up
  while alive "$1" && [ "$(start_time "$1")" = "$2" ]; do sleep 0.5; done
  [ -f "$STATE" ] || exit 0 # run.sh cleaned up itself
  say "run.sh (pid $1) ended without cleaning up: stopping what it started"
  # shellcheck disable=SC1090
  . "$STATE"
  stop_all
  exit 0
}

# ---------------------------------------------------------------- PostgreSQL

start_postgres() {
  mkdir -p "$DATA" "$LOGS" "$PG_SOCKET"
  if [ -d "$PG_DATA" ] && [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "removing an incomplete cluster in .data/pg (an earlier initdb did not finish)"
    rm -rf "$PG_DATA"
  fi
  local fresh=0
  if [ ! -d "$PG_DATA" ]; then
    mkdir -p "$PG_DATA"
    chmod 700 "$PG_DATA"
    fresh=1
  fi
  if [ "$IS_ROOT" -eq 1 ]; then
    chown postgres:postgres "$PG_DATA" "$PG_SOCKET" "$LOGS"
    if ! runuser -u postgres -- test -w "$PG_DATA"; then
      die "the postgres user cannot reach $PG_DATA (a parent folder is not searchable by other users, e.g. /root). Move the checkout elsewhere, or make its parent folders searchable (chmod o+x)."
    fi
  fi
  if [ "$fresh" -eq 1 ]; then
    say "initdb .data/pg (PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'))"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C >"$LOGS/initdb.log" 2>&1 \
      || { cat "$LOGS/initdb.log" >&2; die "initdb failed"; }
  fi

  # A postmaster.pid left behind: either our server is still running (restart it cleanly), or it is stale.
  local pidfile="$PG_DATA/postmaster.pid" pid
  if [ -f "$pidfile" ]; then
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "postgres.*$PG_DATA"; then
      say "PostgreSQL from an earlier run is still running (pid $pid): restarting it"
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    else
      say "removing a stale postmaster.pid (pid ${pid:-?} is not this cluster's server)"
      rm -f "$pidfile" "$PG_SOCKET"/.s.PGSQL.*
    fi
  fi

  require_free_port "$PG_PORT" "this checkout's PostgreSQL (choose another with TENANTSITE_PG_PORT=5434 ./run.sh)"
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT (data: .data/pg, log: .data/log/postgres.log)"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_SOCKET'" start >/dev/null; then
    tail -n 20 "$LOGS/postgres.log" >&2 || true
    die "PostgreSQL did not start"
  fi
  PG_STARTED=1
  save_state

  PSQL="$PG_BIN/psql"; [ -x "$PSQL" ] || PSQL="$(command -v psql)"
  # migrate connects as tenantsite_owner, an ordinary role that owns the database (as in production): the superuser
  # only makes it. A database an earlier run.sh migrated as postgres is handed over to it.
  psql_admin -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantsite_owner') THEN CREATE ROLE tenantsite_owner; END IF; END \$\$" \
    -c "ALTER ROLE tenantsite_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE"
  if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'tenantsite'")" ]; then
    say "creating database tenantsite"
    psql_admin -c "CREATE DATABASE tenantsite OWNER tenantsite_owner"
  elif [ -n "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'tenantsite' AND datdba <> 'tenantsite_owner'::regrole")" ]; then
    say "handing database tenantsite over to tenantsite_owner (an earlier run.sh migrated it as postgres)"
    psql_admin -c "ALTER DATABASE tenantsite OWNER TO tenantsite_owner"
  fi
  # Idempotent: it changes something only in a database that was migrated as postgres.
  psql_admin -d tenantsite -f "$ROOT/tools/postgres/hand-over-to-owner.sql"
}

# ---------------------------------------------------------------- dev-idp

start_idp() {
  if [ ! -d "$IDP_DIR/node_modules" ] || [ "$IDP_DIR/package-lock.json" -nt "$IDP_DIR/node_modules/.package-lock.json" ]; then
    say "npm ci (tools/dev-idp)"
    (cd "$IDP_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  require_free_port "$IDP_PORT" "tools/dev-idp (another dev-idp still running?)"
  say "starting dev-idp on $IDP_URL (log: .data/log/dev-idp.log)"
  : >"$LOGS/dev-idp.out"
  (cd "$IDP_DIR" && DEV_IDP_PORT="$IDP_PORT" DEV_IDP_APP_ORIGIN="http://localhost:$APP_PORT" exec setsid node index.mjs >"$LOGS/dev-idp.out" 2>"$LOGS/dev-idp.log" </dev/null) &
  IDP_PID=$!
  save_state
  wait_for_line "$IDP_PID" "dev-idp" "$LOGS/dev-idp.out" 'dev-idp listening on' "$LOGS/dev-idp.log"
}

wait_for_line() { # pid name output pattern log: until output says pattern (30 s), or die with the log's tail
  local i
  for i in $(seq 1 150); do
    grep -q "$4" "$3" && return 0
    kill -0 "$1" 2>/dev/null || { tail -n 20 "$5" >&2; die "$2 exited"; }
    sleep 0.2
  done
  tail -n 20 "$5" >&2
  die "$2 did not report ready within 30 s"
}

# ---------------------------------------------------------------- smtp-sink

# Invitations go out by email: in development to a local SMTP server that relays nothing and keeps every message.
start_mail() {
  require_free_port "$SMTP_PORT" "tools/smtp-sink (choose another with TENANTSITE_SMTP_PORT)"
  say "dotnet build tools/smtp-sink"
  dotnet build "$ROOT/tools/smtp-sink/SmtpSink.csproj" -c "$CONFIGURATION" -nologo -v quiet
  say "starting smtp-sink on 127.0.0.1:$SMTP_PORT (messages: .data/mail, .data/log/mail.log)"
  : >"$LOGS/mail.log"
  setsid dotnet run --project "$ROOT/tools/smtp-sink" -c "$CONFIGURATION" --no-build -- "$SMTP_PORT" "$DATA/mail" \
    >>"$LOGS/mail.log" 2>&1 </dev/null &
  MAIL_PID=$!
  save_state
  wait_for_line "$MAIL_PID" "smtp-sink" "$LOGS/mail.log" 'smtp-sink: listening' "$LOGS/mail.log"
}

# ---------------------------------------------------------------- TenantSite

# Debug by default; bench/ runs the app in Release (TENANTSITE_CONFIGURATION=Release).
CONFIGURATION="${TENANTSITE_CONFIGURATION:-Debug}"

app_env() {
  export ASPNETCORE_ENVIRONMENT=Development
  export ConnectionStrings__TenantSite="Host=127.0.0.1;Port=$PG_PORT;Database=tenantsite;Username=tenantsite_app"
  export ConnectionStrings__TenantSiteAdmin="Host=127.0.0.1;Port=$PG_PORT;Database=tenantsite;Username=tenantsite_owner"
  export Oidc__Authority="$IDP_URL"
  export Oidc__ClientId=tenantsite
  export Oidc__ClientSecret=tenantsite-dev-secret
  export Oidc__RequireHttpsMetadata=false
  export Email__From="TenantSite <no-reply@localhost>" Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="$SMTP_PORT" Email__Smtp__Security=None
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
}

run_app() {
  app_env
  say "dotnet build TenantSite"
  dotnet build "$ROOT/TenantSite/TenantSite.csproj" -c "$CONFIGURATION" -nologo -v quiet
  say "migrate"
  dotnet run --project "$ROOT/TenantSite" -c "$CONFIGURATION" --no-build --no-launch-profile -- migrate
  say "seed-demo"
  dotnet run --project "$ROOT/TenantSite" -c "$CONFIGURATION" --no-build --no-launch-profile -- seed-demo

  require_free_port "$APP_PORT" "TenantSite"
  say "starting TenantSite on $APP_URL"
  setsid dotnet run --project "$ROOT/TenantSite" -c "$CONFIGURATION" --no-build --no-launch-profile -- --urls "$APP_URL" </dev/null &
  APP_PID=$!
  save_state
  local i
  for i in $(seq 1 120); do
    if http_get "$APP_PORT" /healthz | grep -q 'Healthy'; then
      cat <<EOF

  TenantSite is running (Ctrl-C stops the app, dev-idp, smtp-sink and PostgreSQL):

    http://acme.localhost:$APP_PORT        Acme Inc, by subdomain
    http://localhost:$APP_PORT/org/acme    Acme Inc, by path (also /org/globex)
    http://localhost:$APP_PORT/healthz     health check
    $IDP_URL           development identity provider
    .data/log/mail.log              emails the app sent (invitation links), also as .eml in .data/mail

  Demo users (any password): alice (owner of acme), bob (member of acme, viewer of globex),
  carol (owner of globex). PostgreSQL: Host=127.0.0.1;Port=$PG_PORT;Database=tenantsite;Username=postgres

EOF
      wait "$APP_PID" || die "TenantSite exited (code $?)"
      die "TenantSite exited"
    fi
    kill -0 "$APP_PID" 2>/dev/null || die "TenantSite exited during startup (see the output above)"
    sleep 0.5
  done
  die "TenantSite did not answer /healthz within 60 s"
}

if [ "${1:-}" = "--watchdog" ]; then watch_over "$2" "$3"; fi

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

need_dotnet
need_node
need_postgres
restore_dotnet_tools
start_watchdog
start_postgres
start_idp
start_mail
run_app

#!/usr/bin/env bash
# test.sh: the whole TenantSite test suite, in one command.
#
# It installs what the suite needs when it can (as root, through apt): Node.js and npm, the PostgreSQL
# server binaries (each run starts its own throwaway cluster), PgBouncer (each run starts its own, in transaction
# mode), Chromium's headless shell (for the browser tests) and docker-compose (to validate docker-compose.yml; no
# Docker engine). It checks for the .NET 10 SDK, runs `npm ci` in tools/dev-idp when needed and `dotnet tool restore`
# (dotnet-ef), builds TenantSite.sln in Release, and runs every test project. Extra arguments go to `dotnet test`,
# e.g. ./test.sh --filter Tenancy. ./test.sh --fast runs only the classes that need no host, database, provider or browser
# (Category=Fast, in seconds), and skips installing what only the others need.
# The last line is always "N passed, N failed" (", N skipped" when some were). The exit code is non-zero when
# a test failed or none ran. TEST_VERBOSITY=normal lists every test (default: minimal, failures only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

IS_ROOT=0; [ "$(id -u)" -eq 0 ] && IS_ROOT=1
APT_UPDATED=0
SUMMARY_PRINTED=0
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Dozens of app hosts per run, each watching its appsettings files for changes: that can use up the machine's inotify
# instances (128 per user by default), and nothing here edits the files while a test runs.
export DOTNET_hostBuilder__reloadConfigOnChange=false

say() { printf 'test.sh: %s\n' "$*"; }
die() { printf 'test.sh: error: %s\n' "$*"; exit 1; }

# Whatever stops the script early, the last line keeps its format.
on_exit() {
  local rc=$?
  if [ "$SUMMARY_PRINTED" -eq 0 ]; then
    [ "$rc" -eq 0 ] && rc=1
    printf 'test.sh: stopped before the tests ran (exit %s)\n0 passed, 0 failed\n' "$rc"
  fi
  exit "$rc"
}
trap on_exit EXIT

# ---------------------------------------------------------------- prerequisites

# shellcheck source=tools/prerequisites.sh
SCRIPT_NAME=test.sh
. "$ROOT/tools/prerequisites.sh"

FAST=0
if [ "${1:-}" = "--fast" ]; then FAST=1; shift; set -- --filter "Category=Fast" "$@"; fi

need_dotnet
need_node
need_postgres_binaries
if [ "$FAST" -eq 0 ]; then
  need_pgbouncer
  need_chromium
  need_docker_compose
fi

# The dev identity provider (oidc-provider), the browser tests' axe-core and the API document's linters.
for dir in "$ROOT/tools/dev-idp" "$ROOT/tools/browser-tests" "$ROOT/tools/api-lint"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci (${dir#"$ROOT"/})"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# The pinned EF Core tools (.config/dotnet-tools.json), so `dotnet ef migrations ...` works from the checkout. Quiet
# unless it fails.
restore_out="$(dotnet tool restore 2>&1)" || { printf '%s\n' "$restore_out"; die "dotnet tool restore failed"; }

# ---------------------------------------------------------------- build and test

say "dotnet build TenantSite.sln -c Release"
dotnet build "$ROOT/TenantSite.sln" -c Release -nologo -v quiet

RESULTS="$ROOT/TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
say "dotnet test (results: ${RESULTS#"$ROOT/"})"
set +e
dotnet test "$ROOT/TenantSite.sln" -c Release --no-build --nologo \
  --results-directory "$RESULTS" \
  --logger "trx;LogFilePrefix=tenantsite" \
  --logger "console;verbosity=${TEST_VERBOSITY:-minimal}" \
  "$@"
TEST_RC=$?
set -e

# Totals from the TRX files (one per test project): <Counters total=".." passed=".." failed=".." .../>
passed=0; failed=0; skipped=0; trx_count=0
attr() { local v; v="$(sed -n "s/.*<Counters[^>]* $1=\"\([0-9]*\)\".*/\1/p" "$2" | head -n 1)"; echo "${v:-0}"; }
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  trx_count=$((trx_count + 1))
  passed=$((passed + $(attr passed "$trx")))
  failed=$((failed + $(attr failed "$trx") + $(attr error "$trx") + $(attr timeout "$trx") + $(attr aborted "$trx")))
  # Skipped tests are counted in total but not in executed (notExecuted stays 0 for xunit skips).
  not_run=$(($(attr total "$trx") - $(attr executed "$trx")))
  [ "$not_run" -lt "$(attr notExecuted "$trx")" ] && not_run=$(attr notExecuted "$trx")
  skipped=$((skipped + not_run))
done
shopt -u nullglob

status=0
if [ "$trx_count" -eq 0 ]; then
  say "no test results were written (dotnet test exited $TEST_RC)"
  status=1
elif [ $((passed + failed)) -eq 0 ]; then
  say "no tests ran"
  status=1
elif [ "$failed" -gt 0 ]; then
  status=1
elif [ "$TEST_RC" -ne 0 ]; then
  say "dotnet test exited $TEST_RC although no test failed (a test host crashed or aborted?)"
  status="$TEST_RC"
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
SUMMARY_PRINTED=1
echo "$summary"
exit "$status"

#!/usr/bin/env bash
# tools/schema/dump.sh: regenerates TenantSite/Data/schema.sql, the schema as `migrate` leaves it. Run it after adding
# a migration and commit the file with the migration; the suite fails until they agree.
#
# It builds TenantSite.sln (skip that with --no-build) and runs one test, TenantSite.Tests/Data/SchemaFileShould, in
# write mode: the suite's own throwaway PostgreSQL cluster, migrated as the suite migrates it (owner tenantsite_owner,
# runtime role tenantsite_app), dumped by the same code that checks the file. So the file and the check cannot drift
# apart, and the app never needs pg_dump.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FILE=TenantSite/Data/schema.sql

IS_ROOT=0; [ "$(id -u)" -eq 0 ] && IS_ROOT=1
APT_UPDATED=0
SCRIPT_NAME=tools/schema/dump.sh
say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*"; }
die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# shellcheck source=tools/prerequisites.sh
. "$ROOT/tools/prerequisites.sh"
need_dotnet
need_node # the test run starts tools/dev-idp, like every run of the suite
need_postgres_binaries

if [ "${1:-}" != --no-build ]; then
  say "dotnet build TenantSite.sln -c Release"
  dotnet build TenantSite.sln -c Release -nologo -v quiet
fi

marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT
# Always the local binaries' throwaway cluster, never a server named in TENANTSITE_TEST_PG: the file names the major
# version it was dumped from.
env -u TENANTSITE_TEST_PG TENANTSITE_WRITE_SCHEMA=1 dotnet test TenantSite.Tests/TenantSite.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName=TenantSite.Tests.Data.SchemaFileShould.MatchTheSchemaTheMigrationsMake"
[ "$FILE" -nt "$marker" ] || die "the test did not write $FILE"
if ! git ls-files --error-unmatch "$FILE" >/dev/null 2>&1; then
  say "$FILE written (new); review and commit it"
elif git diff --quiet -- "$FILE"; then
  say "$FILE is up to date"
else
  say "$FILE rewritten; review the diff and commit it with the migration:"
  git --no-pager diff --stat -- "$FILE"
fi

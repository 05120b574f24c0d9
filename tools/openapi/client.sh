#!/usr/bin/env bash
# tools/openapi/client.sh [DIR]: generates the C# client of TenantSite/Api/openapi.v1.json with Kiota (the pinned local
# tool, .config/dotnet-tools.json) into DIR (default TenantSite.Tests/Api/Client, the tests' committed copy).
# TenantSite.Tests/Api/GeneratedClientShould runs it into a temporary directory and compares.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${1:-TenantSite.Tests/Api/Client}"
# Offline: no update check, no telemetry, no tutorial hints.
export KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CLI_TELEMETRY_OPTOUT=true DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet kiota generate --language CSharp --openapi TenantSite/Api/openapi.v1.json --output "$OUT" \
  --class-name TenantSiteApiClient --namespace-name TenantSite.Tests.Api.Client \
  --exclude-backward-compatible --clean-output --log-level Error
rm -f "$OUT/.kiota.log"

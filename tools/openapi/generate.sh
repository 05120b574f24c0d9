#!/usr/bin/env bash
# tools/openapi/generate.sh: writes the API's OpenAPI document to TenantSite/Api/openapi.v1.json (the app's `openapi`
# verb: no server, no database) and regenerates the tests' Kiota client from it (TenantSite.Tests/Api/Client).
# Run it after changing the API; TenantSite.Tests/Api/OpenApiDocumentShould fails while either is stale.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# The document needs the app's services, not a database: any well-formed connection strings do.
dotnet build TenantSite -nologo -v quiet
ConnectionStrings__TenantSite="Host=127.0.0.1;Username=none;Database=none" \
ConnectionStrings__TenantSiteAdmin="Host=127.0.0.1;Username=none;Database=none" \
  dotnet TenantSite/bin/Debug/net10.0/TenantSite.dll openapi TenantSite/Api/openapi.v1.json
echo "wrote TenantSite/Api/openapi.v1.json"

"$ROOT/tools/openapi/client.sh"
echo "regenerated TenantSite.Tests/Api/Client"

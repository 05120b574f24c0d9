#!/bin/sh
# The db service's first start (the postgres image runs /docker-entrypoint-initdb.d once, on an empty volume): the
# owner role that `migrate` connects as, owning the app's database. After this TenantSite never uses the superuser.
# CREATEROLE lets migrate create the runtime role tenantsite_app; the owner gets no SUPERUSER and no BYPASSRLS, so
# FORCEd row-level security binds it and the functions it owns.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$TENANTSITE_OWNER_PASSWORD" <<'SQL'
CREATE ROLE tenantsite_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE PASSWORD :'owner_password';
ALTER DATABASE :"DBNAME" OWNER TO tenantsite_owner;
SQL

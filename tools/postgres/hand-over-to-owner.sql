-- Hands a TenantSite database to its owner role, so that `migrate` runs as that role instead of a superuser.
--
-- For a database an earlier `migrate` built as another role (postgres, typically). Run it once, as a superuser, in the
-- app's database, after making the owner role own the database:
--
--   ALTER DATABASE tenantsite OWNER TO tenantsite_owner;
--   \i tools/postgres/hand-over-to-owner.sql
--
-- It gives the database's owner every table, sequence and function in schema public that another role owns, and the
-- policies that were for the old owner alone (created TO CURRENT_USER, so that the SECURITY DEFINER functions could
-- read across tenants) become the new owner's. Grants move with each object. Running it again changes nothing.
DO $$
DECLARE
    v_owner name := (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database());
    r record;
BEGIN
    IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = v_owner) THEN
        RAISE EXCEPTION 'Database % is owned by %, which RLS does not bind: make the owner role own it first (ALTER DATABASE % OWNER TO tenantsite_owner).',
            current_database(), v_owner, current_database();
    END IF;
    -- Before the tables change hands: a policy's roles still name the old owner.
    FOR r IN SELECT p.polname, c.oid::regclass AS tbl FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
             WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> v_owner::regrole AND p.polroles = ARRAY[c.relowner]
    LOOP
        EXECUTE format('ALTER POLICY %I ON %s TO %I', r.polname, r.tbl, v_owner);
    END LOOP;
    -- A table takes its indexes and its identity sequences with it.
    FOR r IN SELECT c.oid::regclass AS tbl FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relowner <> v_owner::regrole
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.tbl, v_owner);
    END LOOP;
    FOR r IN SELECT c.oid::regclass AS seq FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' AND c.relowner <> v_owner::regrole
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.seq, v_owner);
    END LOOP;
    -- SECURITY DEFINER functions then run as the new owner, whom FORCEd RLS binds.
    FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> v_owner::regrole
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.fn, v_owner);
    END LOOP;
END
$$;

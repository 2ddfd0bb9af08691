-- The audit trail's owner: run by the PostgreSQL SUPERUSER in CKAN's main database,
--   psql -v ON_ERROR_STOP=1 -v web_role=<role CKAN connects as> -d <database> -f audit_owner.sql
-- by config/stack.py (every site, every `make`) and docker/postgres/initdb.sh (first start).
-- Idempotent: safe to run again.
--
-- The audit tables: ppid_event (PPID service) and suara_event (Suara Masyarakat).
--
-- Why: the web role (ckan) must not be able to rewrite history. It creates the ppid_* tables
-- through `ckan db upgrade`, so it would own ppid_event and could TRUNCATE it, disable or
-- drop its trigger, or drop the table; as owner of the database it would own the schema
-- public and could drop any table in it. Here:
--   * pekalongan_audit (NOLOGIN: nobody logs in as it, no role is a member of it) owns the
--     database and the schema public; the web role keeps CONNECT, TEMPORARY, and USAGE and
--     CREATE on public (it still owns and migrates CKAN's own tables);
--   * pekalongan_audit is a member of the web role (never the other way round), so the
--     function public.pekalongan_seal_audit_tables() (SECURITY DEFINER, owned by
--     pekalongan_audit) can take over the audit tables the web role has just created; the
--     ppid migration calls it, so the tables are sealed the moment they exist;
--   * sealed, the web role may only SELECT and INSERT ppid_event (and use its id sequence):
--     no UPDATE, DELETE, TRUNCATE, ALTER (trigger), DROP, no REFERENCES/TRIGGER grants; the
--     append-only trigger stays as a second wall. session_replication_role (which would
--     skip triggers) is a superuser setting.
--   * public.pekalongan_unseal_audit_tables(web_role) gives the tables back to the web role;
--     only the superuser may run it (test fixtures that empty the database, and a future
--     migration that must ALTER ppid_event).

DO $$
BEGIN
    CREATE ROLE pekalongan_audit NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- exists (or another `make` created it a moment ago)
END
$$;
GRANT :"web_role" TO pekalongan_audit;

SELECT current_database() AS audit_db \gset
ALTER DATABASE :"audit_db" OWNER TO pekalongan_audit;
GRANT CONNECT, TEMPORARY ON DATABASE :"audit_db" TO :"web_role";
ALTER SCHEMA public OWNER TO pekalongan_audit;
GRANT USAGE, CREATE ON SCHEMA public TO :"web_role";

CREATE OR REPLACE FUNCTION public.pekalongan_seal_audit_tables() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    audit_tables CONSTANT text[] := ARRAY['ppid_event', 'suara_event'];
    audit_functions CONSTANT text[] := ARRAY['public.ppid_event_append_only()',
                                              'public.suara_event_append_only()'];
    t text;
    f text;
    rel regclass;
    fn regprocedure;
    web name;
    seq text;
BEGIN
    FOREACH t IN ARRAY audit_tables LOOP
        rel := to_regclass('public.' || quote_ident(t));
        CONTINUE WHEN rel IS NULL;
        SELECT pg_get_userbyid(relowner) INTO web FROM pg_class WHERE oid = rel;
        CONTINUE WHEN web = 'pekalongan_audit';
        EXECUTE format('ALTER TABLE %s OWNER TO pekalongan_audit', rel);
        EXECUTE format('REVOKE ALL ON TABLE %s FROM PUBLIC, %I', rel, web);
        EXECUTE format('GRANT SELECT, INSERT ON TABLE %s TO %I', rel, web);
        FOR seq IN
            SELECT d.objid::regclass::text FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
            WHERE d.refobjid = rel AND d.classid = 'pg_class'::regclass
              AND d.deptype IN ('a', 'i') AND c.relkind = 'S'
        LOOP
            EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM PUBLIC, %I', seq, web);
            EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I', seq, web);
        END LOOP;
    END LOOP;
    FOREACH f IN ARRAY audit_functions LOOP
        fn := to_regprocedure(f);
        CONTINUE WHEN fn IS NULL;
        IF (SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE oid = fn) <> 'pekalongan_audit'
        THEN
            EXECUTE format('ALTER FUNCTION %s OWNER TO pekalongan_audit', fn);
        END IF;
    END LOOP;
END
$fn$;
ALTER FUNCTION public.pekalongan_seal_audit_tables() OWNER TO pekalongan_audit;
GRANT EXECUTE ON FUNCTION public.pekalongan_seal_audit_tables() TO PUBLIC;

CREATE OR REPLACE FUNCTION public.pekalongan_unseal_audit_tables(web name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t text;
    rel regclass;
    fn regprocedure;
BEGIN
    FOREACH t IN ARRAY ARRAY['ppid_event', 'suara_event'] LOOP
        rel := to_regclass('public.' || t);
        fn := to_regprocedure('public.' || t || '_append_only()');
        IF rel IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %s OWNER TO %I', rel, web);
        END IF;
        IF fn IS NOT NULL THEN
            EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, web);
        END IF;
    END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION public.pekalongan_unseal_audit_tables(name) FROM PUBLIC;

-- Tables that exist already (an install older than the seal) are sealed now.
SELECT public.pekalongan_seal_audit_tables();

-- Not the audit trail, but the same superuser step: pg_trgm, for the trigram indexes that
-- serve the officer queues' free-text filters (ppid_request, suara_report; see
-- casework/textsearch.py). The web role may not create extensions here (it owns neither
-- the database nor the schema public).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

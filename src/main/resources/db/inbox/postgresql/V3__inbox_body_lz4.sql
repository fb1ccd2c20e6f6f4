-- Bodies over ~2 KB (every contract event) are compressed as they are stored. PostgreSQL's default, pglz,
-- took 41 us per 4.6 KB contract body, lz4 12 us (20,000 inserts each, PostgreSQL 15), which makes pglz about a
-- fifth of the database's CPU per stored event; lz4 rows are ~35% larger. New rows only: nothing is rewritten.
-- lz4 needs PostgreSQL 14 or later built with it (the usual packages are); elsewhere the body stays on pglz.
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        BEGIN
            EXECUTE 'ALTER TABLE webhook_inbox ALTER COLUMN body SET COMPRESSION lz4';
        EXCEPTION WHEN feature_not_supported THEN
            RAISE NOTICE 'lz4 not available on this server: webhook_inbox.body stays on the default compression';
        END;
    END IF;
END
$$;

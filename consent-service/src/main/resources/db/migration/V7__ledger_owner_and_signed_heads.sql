-- Issue 18 item 3: a ledger consent-service cannot rewrite.
--
-- From this release the schema belongs to an owner role (consent_owner) that runs every migration, in a process that
-- exits before the service starts (the migration init task, the chart's migration Job); the service logs in as
-- ${runtime_role}, which owns nothing, so it cannot ALTER, disable a trigger on, TRUNCATE or DROP any table. An
-- installation whose runtime role owned the schema is handed over to the owner before this runs (PostgresServer's
-- provisionOwned for ./kidsafe up, the documented REASSIGN OWNED for a cluster: deploy/README.md).

-- Rows, not schema: the service reads and writes the rows of its tables, now and (default privileges of the owner)
-- in every table a later migration creates. A later migration adds a narrower or wider grant in one line, e.g.
-- GRANT MAINTAIN ON data_key TO ${runtime_role}; (PostgreSQL 17: VACUUM FULL of that table, nothing else).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${runtime_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${runtime_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime_role};
-- Flyway's history is the owner's alone.
REVOKE ALL ON flyway_schema_history FROM ${runtime_role};

-- Signed heads, which are also the verification checkpoints: the service verifies the chain up to an entry, signs
-- (seq, hash, time) with its key and stores the JWS here; GET /v1/ledger/head publishes the latest.
CREATE TABLE ledger_head (
    seq        bigint PRIMARY KEY,
    hash       varchar(64) NOT NULL,
    signed_at  timestamp(6) with time zone NOT NULL,
    key_id     varchar(200) NOT NULL,
    jws        text NOT NULL
);

-- The ledger and its heads: the service adds and reads, nothing else.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry, ledger_head FROM ${runtime_role};

-- The append-only trigger stays for everyone, with one exception: the table's owner (the prune, which runs as the
-- owner role) may delete entries below the latest signed head. The retention is in LedgerPrune.
CREATE OR REPLACE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
           AND OLD.seq < (SELECT max(seq) FROM ledger_head) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'ledger_entry is append-only';
END;
$$;

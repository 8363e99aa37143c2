-- Issue 21 item 3: appending to the ledger no longer serialises the platform. Until now every step took one advisory
-- lock until commit to read the last entry and write seq, prev_hash and hash. From this release a step writes only its
-- entry's content (ledger_entry, id from a sequence, no lock), and one chainer at a time (LedgerChain, behind
-- event-backbone's JobLock) links committed entries into the hash chain in ledger_link, off the request path. The
-- chain position is the chainer's, so an entry whose transaction commits late is simply chained later.

-- Entries: the id orders them for the chainer only; written_by (the writing transaction) tells the chainer which entries
-- can still appear: every transaction below its snapshot's xmin has ended, so it reads only entries written since the
-- xmin it saw the last time it had linked everything (ledger_link.horizon).
ALTER TABLE ledger_entry RENAME COLUMN seq TO id;
CREATE SEQUENCE ledger_entry_id_seq OWNED BY ledger_entry.id;
SELECT setval('ledger_entry_id_seq', coalesce((SELECT max(id) FROM ledger_entry), 0) + 1, false);
ALTER TABLE ledger_entry ALTER COLUMN id SET DEFAULT nextval('ledger_entry_id_seq');
GRANT USAGE, SELECT ON SEQUENCE ledger_entry_id_seq TO ${runtime_role};
-- Existing entries are linked below (their written_by 0 is below every horizon); new ones name their transaction.
ALTER TABLE ledger_entry ADD COLUMN written_by xid8 NOT NULL DEFAULT '0';
ALTER TABLE ledger_entry ALTER COLUMN written_by SET DEFAULT pg_current_xact_id();
CREATE INDEX ledger_entry_written_by ON ledger_entry (written_by);

-- The chain: position seq (what signed heads, verification and the prune name), the entry it links (once), and the
-- hash over seq, the entry's content and the previous hash, as before. horizon is the chainer's bookkeeping, not proof.
CREATE TABLE ledger_link (
    seq        bigint PRIMARY KEY,
    entry_id   bigint NOT NULL UNIQUE,
    prev_hash  varchar(64) NOT NULL,
    hash       varchar(64) NOT NULL,
    horizon    xid8 NOT NULL
);

-- The previous release's chain becomes the first links, with its positions and hashes: it verifies unchanged, and the
-- signed heads it had still name the same entries.
INSERT INTO ledger_link (seq, entry_id, prev_hash, hash, horizon)
SELECT id, id, prev_hash, hash, pg_snapshot_xmin(pg_current_snapshot()) FROM ledger_entry;
ALTER TABLE ledger_entry DROP COLUMN prev_hash, DROP COLUMN hash;

-- Like the entries and heads (V7): the service adds and reads links, nothing else.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_link FROM ${runtime_role};

-- The owner's prune (LedgerPrune) may delete entries and links below the latest signed head; nobody else may delete,
-- and nobody may update. It deletes an entry before its link, as an entry's position is its link's.
CREATE OR REPLACE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
           AND (SELECT seq FROM ledger_link WHERE entry_id = OLD.id) < (SELECT max(seq) FROM ledger_head) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'ledger_entry is append-only';
END;
$$;

CREATE FUNCTION ledger_link_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
           AND OLD.seq < (SELECT max(seq) FROM ledger_head) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'ledger_link is append-only';
END;
$$;
CREATE TRIGGER ledger_link_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_link
    FOR EACH ROW EXECUTE FUNCTION ledger_link_is_append_only();
CREATE TRIGGER ledger_link_no_truncate BEFORE TRUNCATE ON ledger_link
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_link_is_append_only();

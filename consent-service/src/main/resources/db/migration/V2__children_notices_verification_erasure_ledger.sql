-- A child is an opaque id owned by one parent: consent-service keeps no personal information about the child.
CREATE TABLE child (
    id          uuid PRIMARY KEY,
    parent_id   uuid NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL
);
CREATE INDEX child_parent ON child (parent_id);

-- Every version of the direct notice (16 CFR 312.4); the SHA-256 of the text identifies it.
CREATE TABLE notice (
    version       integer PRIMARY KEY,
    content_hash  varchar(64) NOT NULL UNIQUE,
    text          text NOT NULL,
    published_at  timestamp(6) with time zone NOT NULL
);

-- Each consent names the exact notice text and the verification that backed it.
ALTER TABLE consent_record ADD COLUMN notice_hash varchar(64);
ALTER TABLE consent_record ADD COLUMN verification_method varchar(40);

-- How a parent was verified (16 CFR 312.5(b)): outcome, method and level only, never the evidence.
CREATE TABLE parent_verification (
    id              uuid PRIMARY KEY,
    parent_id       uuid NOT NULL,
    method          varchar(40) NOT NULL,
    assurance_level integer NOT NULL,
    verified_at     timestamp(6) with time zone NOT NULL,
    UNIQUE (parent_id, method)
);

-- Contact data collected only to seek consent; deleted when verification is abandoned.
CREATE TABLE parent_contact (
    parent_id         uuid PRIMARY KEY,
    email             varchar(254) NOT NULL,
    created_at        timestamp(6) with time zone NOT NULL,
    verified_at       timestamp(6) with time zone,
    reminder_due_at   timestamp(6) with time zone,
    reminder_sent_at  timestamp(6) with time zone
);
CREATE INDEX parent_contact_reminder ON parent_contact (reminder_due_at) WHERE reminder_sent_at IS NULL;

-- One confirmation code sent by email; only its hash is stored.
CREATE TABLE email_challenge (
    id          uuid PRIMARY KEY,
    parent_id   uuid NOT NULL REFERENCES parent_contact (parent_id) ON DELETE CASCADE,
    code_hash   varchar(64) NOT NULL,
    attempts    integer NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL,
    expires_at  timestamp(6) with time zone NOT NULL,
    used_at     timestamp(6) with time zone
);
CREATE INDEX email_challenge_parent ON email_challenge (parent_id);

-- A signed consent form awaiting review; its bytes are deleted as soon as it is decided.
CREATE TABLE consent_form (
    id            uuid PRIMARY KEY,
    parent_id     uuid NOT NULL,
    content_type  varchar(40),
    content       bytea,
    size_bytes    integer,
    status        varchar(20) NOT NULL,
    submitted_at  timestamp(6) with time zone NOT NULL,
    decided_at    timestamp(6) with time zone,
    reviewer_id   uuid
);
CREATE INDEX consent_form_status ON consent_form (status, submitted_at);

-- The erasure saga: one request, one answer per participating service, then a signed receipt.
CREATE TABLE erasure_request (
    id                uuid PRIMARY KEY,
    child_id          uuid NOT NULL,
    parent_id         uuid NOT NULL,
    categories        varchar(200) NOT NULL,
    status            varchar(20) NOT NULL,
    requested_at      timestamp(6) with time zone NOT NULL,
    last_asked_at     timestamp(6) with time zone NOT NULL,
    times_asked       integer NOT NULL,
    own_erased        text NOT NULL,
    own_completed_at  timestamp(6) with time zone NOT NULL,
    completed_at      timestamp(6) with time zone,
    receipt           text
);
CREATE INDEX erasure_request_pending ON erasure_request (status, last_asked_at);
CREATE INDEX erasure_request_child ON erasure_request (child_id);

CREATE TABLE erasure_answer (
    id              uuid PRIMARY KEY,
    erasure_id      uuid NOT NULL REFERENCES erasure_request (id),
    service         varchar(100) NOT NULL,
    report          text NOT NULL,
    report_digest   varchar(64) NOT NULL,
    erased          text NOT NULL,
    method          varchar(500),
    report_completed_at timestamp(6) with time zone,
    received_at     timestamp(6) with time zone NOT NULL,
    UNIQUE (erasure_id, service)
);

-- The audit ledger: append-only and hash-chained; it survives erasure and holds no child personal data.
CREATE TABLE ledger_entry (
    seq          bigint PRIMARY KEY,
    type         varchar(60) NOT NULL,
    child_id     uuid,
    parent_id    uuid,
    details      text NOT NULL,
    occurred_at  timestamp(6) with time zone NOT NULL,
    prev_hash    varchar(64) NOT NULL,
    hash         varchar(64) NOT NULL
);

-- Defence in depth: even the service's own role cannot rewrite or remove history.
CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only';
END;
$$;
CREATE TRIGGER ledger_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_is_append_only();

-- Issue 17 item 3: email codes are rate-limited per address and per parent, across replicas and restarts. One row per
-- code mailed: the parent, a keyed fingerprint of the address (HMAC-SHA-256, never the address itself; see
-- AddressFingerprints) and when. Rows are purged once older than both windows (EmailCodeSentPurge).
CREATE TABLE email_code_sent (
    id                  uuid PRIMARY KEY,
    parent_id           uuid NOT NULL,
    address_fingerprint bytea NOT NULL,
    sent_at             timestamp(6) with time zone NOT NULL
);
CREATE INDEX email_code_sent_address ON email_code_sent (address_fingerprint, sent_at);
CREATE INDEX email_code_sent_parent ON email_code_sent (parent_id, sent_at);
CREATE INDEX email_code_sent_age ON email_code_sent (sent_at);
-- The runtime role's SELECT, INSERT, UPDATE (which FOR UPDATE SKIP LOCKED of the purge needs) and DELETE come from the
-- default privileges of V7.

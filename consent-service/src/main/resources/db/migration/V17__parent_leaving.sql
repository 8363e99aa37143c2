-- Issue 19 item 5: a parent leaves KidSafe (DELETE /v1/me). Ids and times only.
-- parent_leaving: a parent who asked to leave, until every erasure started for them completed and their data went.
CREATE TABLE parent_leaving (
    parent_id  uuid PRIMARY KEY,
    started_at timestamp(6) with time zone NOT NULL,
    -- Set once the receipts were mailed and the parent's contact, forms, codes and verifications deleted; the row goes
    -- with the account.
    data_deleted_at timestamp(6) with time zone
);

-- The erasures started when the parent asked to leave: their receipts are mailed to the parent before the contact goes.
CREATE TABLE parent_leaving_erasure (
    parent_id  uuid NOT NULL REFERENCES parent_leaving (parent_id) ON DELETE CASCADE,
    erasure_id uuid NOT NULL,
    PRIMARY KEY (parent_id, erasure_id)
);

-- A parent's Keycloak user that must be deleted (the parent left, or was purged as idle), retried until Keycloak agrees.
CREATE TABLE parent_account_deletion (
    parent_id   uuid PRIMARY KEY,
    reason      varchar(20) NOT NULL,
    recorded_at timestamp(6) with time zone NOT NULL,
    due_at      timestamp(6) with time zone NOT NULL,
    attempts    integer NOT NULL DEFAULT 0
);
CREATE INDEX parent_account_deletion_due ON parent_account_deletion (due_at);

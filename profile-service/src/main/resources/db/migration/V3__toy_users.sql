-- Toy identities become Keycloak users of the group /toys (docs/design/toy-identity.md; issue 16 item 2,
-- issue 21 item 4), and device ids leave this service only as a keyed pseudonym (issue 16).

-- The device's pseudonym (base64url of HMAC-SHA-256 under the deployment's pseudonymisation key). Rows of the
-- previous release have none: the key is not in the database, so DevicePseudonymBackfill fills them in and
-- announces every active binding once more with ToyPaired v2 (deploy/README.md, upgrade sequence).
ALTER TABLE toy_binding ADD COLUMN device_pseudonym varchar(43);
-- The Keycloak user id of the toy; null for toys paired with a per-toy client before this release.
ALTER TABLE toy_binding ADD COLUMN identity_id varchar(64);

CREATE INDEX toy_binding_paired_pseudonym ON toy_binding (device_pseudonym) WHERE status = 'PAIRED';
CREATE INDEX toy_binding_without_pseudonym ON toy_binding (id) WHERE device_pseudonym IS NULL;

-- Toy identities still to be deleted at Keycloak. A row is written in the same transaction that ends a
-- binding (unpair, re-pair, erasure, inactivity purge), or before a new identity is created (keyed by its
-- username until the pairing commits), so a Keycloak outage or a crash never leaves a live identity for a
-- toy that is not paired. ToyIdentityWithdrawalJob deletes them outside any transaction and removes the row.
-- No child id: the row must not outlive the child's erasure as data about the child.
CREATE TABLE toy_identity_withdrawal (
    id          uuid PRIMARY KEY,
    identity_id varchar(64),
    username    varchar(255),
    due_at      timestamp(6) with time zone NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    created_at  timestamp(6) with time zone NOT NULL,
    CONSTRAINT toy_identity_withdrawal_target CHECK (identity_id IS NOT NULL OR username IS NOT NULL)
);

CREATE INDEX toy_identity_withdrawal_due ON toy_identity_withdrawal (due_at);

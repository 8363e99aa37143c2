-- Issue 19 item 4: households. A child may have several guardians (parents' opaque ids), each added when the child was
-- registered or when they accepted an invitation; the child's registration time is repeated here so that a parent's
-- children are paged from this table's index alone (GET /v1/children, the erasure's last-child check).
CREATE TABLE child_guardian (
    child_id         uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
    parent_id        uuid NOT NULL,
    child_created_at timestamp(6) with time zone NOT NULL,
    added_at         timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX child_guardian_parent ON child_guardian (parent_id, child_created_at, child_id);

-- Every child's one parent becomes its first guardian, since it was registered; the column then goes, so the guardian
-- set has one home (its indexes child_parent and child_parent_created go with it).
INSERT INTO child_guardian (child_id, parent_id, child_created_at, added_at)
SELECT id, parent_id, created_at, created_at FROM child;
ALTER TABLE child DROP COLUMN parent_id;

-- An invitation to become a child's guardian, mailed to an address that is not kept: only a masked hint of it
-- (a***@example.com) and the SHA-256 of the random token, which is used once (the row is deleted) before it expires.
CREATE TABLE guardian_invitation (
    id          uuid PRIMARY KEY,
    child_id    uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
    invited_by  uuid NOT NULL,
    email_hint  varchar(254) NOT NULL,
    token_hash  varchar(64) NOT NULL UNIQUE,
    created_at  timestamp(6) with time zone NOT NULL,
    expires_at  timestamp(6) with time zone NOT NULL
);
CREATE INDEX guardian_invitation_child ON guardian_invitation (child_id, created_at);
CREATE INDEX guardian_invitation_expires ON guardian_invitation (expires_at);

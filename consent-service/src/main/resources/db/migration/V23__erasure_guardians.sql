-- Issue 19 item 4 (households): an erasure of a shared child is that household's history, so every guardian of the
-- child when the erasure started sees it (GET /v1/erasures), not only the guardian who started it. requested_at is
-- repeated here so that a guardian's erasures are paged from this table's index alone, newest first.
CREATE TABLE erasure_guardian (
    erasure_id   uuid NOT NULL REFERENCES erasure_request (id) ON DELETE CASCADE,
    parent_id    uuid NOT NULL,
    requested_at timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (erasure_id, parent_id)
);
CREATE INDEX erasure_guardian_parent_requested ON erasure_guardian (parent_id, requested_at DESC, erasure_id DESC);

-- Existing erasures: the guardian who started it, and each guardian of a child still registered who was added before it
-- started. Who else held a deleted child, or a guardian removed since, is no longer recorded: they keep seeing only the
-- erasures they started, as before.
INSERT INTO erasure_guardian (erasure_id, parent_id, requested_at)
SELECT id, parent_id, requested_at FROM erasure_request;
INSERT INTO erasure_guardian (erasure_id, parent_id, requested_at)
SELECT e.id, g.parent_id, e.requested_at
FROM erasure_request e JOIN child_guardian g ON g.child_id = e.child_id
WHERE g.added_at <= e.requested_at AND g.parent_id <> e.parent_id;

-- Issue 18 item 5: a deleted child's projection rows are removed by its erasure, and this tombstone (an opaque id
-- and a time, nothing else) stops a consent event still in flight on kidsafe.consent.events from bringing them
-- back (ConsentRevoked travels on another topic than ErasureRequested). It is pruned once no such event can be
-- delivered any more: after kidsafe.inbox.keep-for, the topic retention (ConsentProjectionErasure.pruneTombstones).
CREATE TABLE consent_projection_erased (
    child_id  uuid PRIMARY KEY,
    erased_at timestamp(6) with time zone NOT NULL
);

CREATE INDEX consent_projection_erased_at ON consent_projection_erased (erased_at);

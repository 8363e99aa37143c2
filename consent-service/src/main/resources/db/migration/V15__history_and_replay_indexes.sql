-- Only indexes: the previous release, still running during a rolling upgrade, works unchanged. An installation with
-- millions of rows builds them beforehand with CONCURRENTLY, outside a transaction (docs/scaling.md, "Indexes and
-- bounded reads"); IF NOT EXISTS then keeps them.

-- Issue 19 item 6: a parent's erasure history (GET /v1/erasures), newest first, read by keyset on (requested_at, id)
-- descending; without it each page would sort all of the parent's sagas, found through no index at all.
CREATE INDEX IF NOT EXISTS erasure_request_parent_requested ON erasure_request (parent_id, requested_at DESC, id DESC);

-- Issue 21 item 5: the erasure replay re-announces every consent granted or revoked since an instant (a restore, or a
-- consumer down longer than the topic's retention), walking each span by keyset.
CREATE INDEX IF NOT EXISTS consent_record_granted ON consent_record (granted_at, id);
CREATE INDEX IF NOT EXISTS consent_record_revoked ON consent_record (revoked_at, id) WHERE revoked_at IS NOT NULL;

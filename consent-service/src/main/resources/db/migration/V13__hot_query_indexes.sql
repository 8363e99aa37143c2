-- Issue 21 item 6: the selects of the purges, which would otherwise read the whole table on every run, get an index each.
-- Only indexes change, so the previous release, still running during a rolling upgrade, works unchanged. (consent_form's
-- lookups and deletes by parent were already served by consent_form_parent_status (parent_id, status), V6.)
--
-- Built in Flyway's transaction, as V12 was: each build blocks writes to its table until it ends (about 50 ms per
-- 100,000 rows on the test machine, HotQueryPlanTest). An installation whose tables hold millions of rows
-- builds them beforehand without blocking writes, with the same statements and CONCURRENTLY, outside a transaction
-- (docs/scaling.md, "Indexes and bounded reads"); IF NOT EXISTS then keeps them.

-- AbandonedSignUpPurgeJob: sign-ups never verified, started before the cutoff.
CREATE INDEX IF NOT EXISTS parent_contact_unverified_created ON parent_contact (created_at) WHERE verified_at IS NULL;

-- ErasureRecordPurge: completed sagas by completion time, oldest first (erasure_request_pending starts with status only).
CREATE INDEX IF NOT EXISTS erasure_request_status_completed ON erasure_request (status, completed_at);

-- ConsentFormRecordPurge: decided or expired forms by decision time, oldest first.
CREATE INDEX IF NOT EXISTS consent_form_decided ON consent_form (decided_at);

-- NoticePurge: whether any consent record still names a notice version (an anti-join per old version).
CREATE INDEX IF NOT EXISTS consent_record_notice_version ON consent_record (notice_version);

-- OverdueErasureJob: pending sagas in request order, one bounded batch at a time. Without it the planner walks
-- erasure_request_requested_at through every completed saga to find the few pending ones.
CREATE INDEX IF NOT EXISTS erasure_request_pending_requested ON erasure_request (requested_at, id) WHERE status = 'PENDING';

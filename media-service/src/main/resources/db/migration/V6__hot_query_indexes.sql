-- Issue 21 item 6: every erasure deletes the child's paired devices (PairedToys), and paired_device was keyed by the
-- device's pseudonym only, so each erasure read the whole table; ErasureTaskPurge selects completed jobs by completion
-- time, which erasure_job_pending (WHERE completed_at IS NULL) cannot serve. Only indexes change, so the previous
-- release, still running during a rolling upgrade, works unchanged.
--
-- Built in Flyway's transaction, as V5 was: each build blocks writes to its table until it ends (about 80 ms per
-- 100,000 rows on the test machine, HotQueryPlanTest). paired_device holds a row per toy ever paired (tens of
-- millions at scale): such an installation builds these beforehand without blocking the pairing events' writes, with the
-- same statements and CONCURRENTLY, outside a transaction (docs/scaling.md, "Indexes and bounded reads"); IF NOT EXISTS
-- then keeps them.
CREATE INDEX IF NOT EXISTS paired_device_child ON paired_device (child_id);
CREATE INDEX IF NOT EXISTS erasure_job_completed ON erasure_job (completed_at) WHERE completed_at IS NOT NULL;

-- Issue 21 item 1: an erasure job is claimed by one replica's worker for a lease, so that the other replicas' workers
-- leave it to that one while it deletes the child's blobs (outside any transaction); a crashed worker's lease runs out
-- and another replica takes the job over. NULL: not claimed (every job of the previous release).
ALTER TABLE erasure_job ADD COLUMN claimed_until timestamp(6) with time zone;

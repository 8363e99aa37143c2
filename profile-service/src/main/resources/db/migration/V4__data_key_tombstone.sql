-- A child erased for good leaves a tombstone in its data_key row (issue 18 item 6): destroyed_at set, the key
-- columns emptied. kidsafe-crypto's DataKeys then refuses to create a key for the child again, so a write racing
-- the erasure (an upload that arrives before ConsentRevoked is applied) cannot leave a fresh key that the erasure's
-- re-check would wait on. The tombstone shares the primary key with any key, so the database settles the race
-- whichever replica runs either side. Existing rows are live keys and stay as they are.
--
-- A tombstone holds only the child's random id and a time. It is kept while a write for the child can still arrive,
-- i.e. until the consent projection has forgotten the child (see docs/retention-policy.md).
ALTER TABLE data_key ADD COLUMN destroyed_at timestamp(6) with time zone;
ALTER TABLE data_key ALTER COLUMN generation DROP NOT NULL;
ALTER TABLE data_key ALTER COLUMN kek_id DROP NOT NULL;
ALTER TABLE data_key ALTER COLUMN wrapped_key DROP NOT NULL;
ALTER TABLE data_key ADD CONSTRAINT data_key_live_or_tombstone CHECK (
    (destroyed_at IS NULL AND generation IS NOT NULL AND kek_id IS NOT NULL AND wrapped_key IS NOT NULL)
    OR (destroyed_at IS NOT NULL AND generation IS NULL AND kek_id IS NULL AND wrapped_key IS NULL));

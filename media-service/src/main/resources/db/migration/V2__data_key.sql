-- child_data_key becomes data_key, the one shape of the shared data-key component (kidsafe-crypto's
-- org.kidsafe.crypto.datakey): keyed by subject (a child here), with a generation that a re-wrap under a new
-- KEK keeps and a replaced key changes (uploads compare generations, no longer wrapped bytes). Existing rows
-- keep their wrapped bytes, so they still unwrap (the wrap is bound to "kidsafe-media-data-key:" + the id,
-- which does not change); each gets its own first generation.
ALTER TABLE child_data_key RENAME TO data_key;
ALTER TABLE data_key RENAME CONSTRAINT child_data_key_pkey TO data_key_pkey;
ALTER TABLE data_key RENAME COLUMN child_id TO subject_id;
ALTER TABLE data_key ADD COLUMN generation uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE data_key ALTER COLUMN generation DROP DEFAULT;

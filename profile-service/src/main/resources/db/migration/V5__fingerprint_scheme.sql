-- Issue 18 item 1: display-name fingerprints move from a key derived from a KEK (which could therefore never be
-- retired) to one derived from the pseudonymisation key, which never rotates. Every existing row is of the previous
-- scheme (1); the previous release, still running during a rolling upgrade, keeps writing 1 through the default.
-- NameFingerprintMigration recomputes them from the decrypted names and sets 2; until none is left, lookups match
-- either scheme, so uniqueness holds across the upgrade.
ALTER TABLE child_profile ADD COLUMN name_fingerprint_version smallint NOT NULL DEFAULT 1;

CREATE INDEX child_profile_previous_fingerprint ON child_profile (child_id) WHERE name_fingerprint_version = 1;

-- Issue 18 item 5: a verified parent with no child and no consent is reminded once (IdleParents), then purged with
-- their contact data after kidsafe.idle-parents.purge-after-reminder. NULL: not reminded (every existing row).
ALTER TABLE parent_contact ADD COLUMN idle_reminder_sent_at timestamp(6) with time zone;

-- The idle sweeps look parents up by their verifications' age and by their reminder's.
CREATE INDEX parent_verification_parent ON parent_verification (parent_id, verified_at);
CREATE INDEX parent_contact_idle_reminder ON parent_contact (idle_reminder_sent_at) WHERE idle_reminder_sent_at IS NOT NULL;

-- Issue 19 item 2: the direct notice (16 CFR 312.4(c)) is emailed with every confirmation code, and a consent names the
-- notice that was actually sent, not merely the one current when it was granted.
--
-- Existing rows get NULL, meaning "before notices were sent": no notice was emailed to them, and filling in the version
-- current at migration would state a delivery that never happened in a compliance record. Existing consents keep the
-- version and hash they were granted under (the notice served then). Only nullable columns: the previous release, still
-- running during a rolling upgrade, writes its rows unchanged, and they read as "not sent".

-- The notice version and hash mailed with this code.
ALTER TABLE email_challenge ADD COLUMN notice_version integer;
ALTER TABLE email_challenge ADD COLUMN notice_hash varchar(64);

-- The notice mailed to the parent's address, when they have one, as the receipt of an uploaded signed form.
ALTER TABLE consent_form ADD COLUMN notice_version integer;
ALTER TABLE consent_form ADD COLUMN notice_hash varchar(64);
ALTER TABLE consent_form ADD COLUMN notice_sent_at timestamp(6) with time zone;

-- The notice mailed with the code the parent last confirmed (confirming the code proves that mail arrived), or with the
-- signed form an officer approved.
ALTER TABLE parent_verification ADD COLUMN notice_version integer;
ALTER TABLE parent_verification ADD COLUMN notice_hash varchar(64);
ALTER TABLE parent_verification ADD COLUMN notice_sent_at timestamp(6) with time zone;

-- When the notice the consent names (notice_version, notice_hash) was emailed to the parent; NULL: it was only served.
ALTER TABLE consent_record ADD COLUMN notice_sent_at timestamp(6) with time zone;

-- The notice purge keeps a version a verification names (a consent granted later will name it); probed per version.
CREATE INDEX IF NOT EXISTS parent_verification_notice_version ON parent_verification (notice_version) WHERE notice_version IS NOT NULL;

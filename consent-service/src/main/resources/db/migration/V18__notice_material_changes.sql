-- Issue 19 item 3 (16 CFR 312.4(b)): a notice version a compliance officer marks material puts every active consent given
-- under an earlier version into "needs renewal"; the parent is emailed, and a consent not renewed by its deadline lapses.
-- (V17 is another branch's.)
--
-- Existing rows get NULL: no version published before was marked material, and no consent needs renewal. Only nullable
-- columns, so the previous release, still running during a rolling upgrade, writes its rows unchanged.

-- When an officer marked this version material; NULL: not material, consents under earlier versions stay valid.
ALTER TABLE notice ADD COLUMN material_at timestamp(6) with time zone;

-- The deadline by which the parent must renew this consent under the current notice, or it lapses; NULL: valid as is.
ALTER TABLE consent_record ADD COLUMN renewal_due_at timestamp(6) with time zone;
-- When the parent was emailed that this consent needs renewal (the mail carries the current notice); NULL: not yet.
ALTER TABLE consent_record ADD COLUMN renewal_mailed_at timestamp(6) with time zone;

-- The renewal job finds active consents under a version older than the material one, and those whose deadline passed.
CREATE INDEX IF NOT EXISTS consent_record_active_notice ON consent_record (notice_version)
    WHERE revoked_at IS NULL AND renewal_due_at IS NULL;
CREATE INDEX IF NOT EXISTS consent_record_renewal_due ON consent_record (renewal_due_at)
    WHERE revoked_at IS NULL AND renewal_due_at IS NOT NULL;

-- Issue 18 item 2: signed consent forms are encrypted per parent, limited, and expire.
--
-- consent-service now holds per-subject data keys (the subject is the parent): the one shape of kidsafe-crypto's data_key
-- table, with the tombstone columns (kidsafe-crypto/README.md, "Using the data keys in a service"). A parent's key is
-- destroyed with their contact data, which makes every copy of their forms unreadable.
CREATE TABLE data_key (
    subject_id   uuid PRIMARY KEY,
    generation   uuid,
    kek_id       varchar(100),
    wrapped_key  bytea,
    created_at   timestamp(6) with time zone NOT NULL,
    destroyed_at timestamp(6) with time zone,
    CONSTRAINT data_key_live_or_tombstone CHECK (
        (destroyed_at IS NULL AND generation IS NOT NULL AND kek_id IS NOT NULL AND wrapped_key IS NOT NULL)
        OR (destroyed_at IS NOT NULL AND generation IS NULL AND kek_id IS NULL AND wrapped_key IS NULL))
);

-- The file, sealed under the parent's key (AES-256-GCM bound to the form's id). The unencrypted column `content` of the
-- previous release is sealed into this one and then dropped by the Java migration V6_1 (db.migration.V6_1__SealConsentForms),
-- which needs the KEK and so cannot be SQL.
ALTER TABLE consent_form ADD COLUMN sealed_content bytea;

-- An expired form (status EXPIRED, file deleted) whose parent has not been emailed yet; the mail goes after the commit.
ALTER TABLE consent_form ADD COLUMN expiry_notice_due boolean NOT NULL DEFAULT false;

-- The limit per parent counts pending forms by parent; the expiry looks pending forms up by age (consent_form_status).
CREATE INDEX consent_form_parent_status ON consent_form (parent_id, status);
CREATE INDEX consent_form_expiry_notice_due ON consent_form (expiry_notice_due) WHERE expiry_notice_due;

-- Issue 20 item 4: the growing lists are paged by keyset in (time, id) order. Without these indexes each page would
-- read and sort all of a parent's children, a child's consents or the pending forms. Only indexes change, so the
-- previous release, still running during a rolling upgrade, works unchanged; each replaced index is a prefix of its
-- successor, which serves the previous release's queries too.

-- GET /v1/children: a parent's children by (created_at, id); replaces child_parent (parent_id).
CREATE INDEX child_parent_created ON child (parent_id, created_at, id);
DROP INDEX child_parent;

-- GET /v1/children/{childId}/consents: a child's consent history by (granted_at, id). consent_record_child
-- (child_id, category) stays for the per-category look-ups.
CREATE INDEX consent_record_child_granted ON consent_record (child_id, granted_at, id);

-- GET /v1/admin/consent-forms: the pending forms by (submitted_at, id); replaces consent_form_status (status, submitted_at),
-- which the expiry sweep also used.
CREATE INDEX consent_form_status_submitted ON consent_form (status, submitted_at, id);
DROP INDEX consent_form_status;

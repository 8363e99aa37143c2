-- At most one active consent per child and category (issue 18 item 6, issue 21 item 1). A grant was
-- check-then-insert, so two concurrent submits could both pass the check: two active consents, of which a
-- revoke ended only one, leaving collection allowed after the parent withdrew. The index makes the database
-- refuse the second insert, whichever replica runs it.
--
-- Existing duplicates are resolved first, deterministically: per (child, category) the earliest grant
-- (granted_at, then id) stays active, as it is the consent the parent actually gave first; every later active
-- duplicate is ended at its own grant time, so it is kept as evidence but never counted as a period of
-- consent. The ledger already records each grant; the ended duplicates need no new entry.
UPDATE consent_record duplicate
SET revoked_at = duplicate.granted_at
WHERE duplicate.revoked_at IS NULL
  AND EXISTS (SELECT 1
              FROM consent_record kept
              WHERE kept.child_id = duplicate.child_id
                AND kept.category = duplicate.category
                AND kept.revoked_at IS NULL
                AND (kept.granted_at, kept.id) < (duplicate.granted_at, duplicate.id));

CREATE UNIQUE INDEX consent_record_one_active ON consent_record (child_id, category) WHERE revoked_at IS NULL;

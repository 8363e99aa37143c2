-- Issue 19 item 4: a child's guardians as consent-service last announced them (ChildGuardiansChanged, the whole set
-- each time), one row per guardian, opaque ids only. ProjectedGuardians reads only this table, so a removed guardian
-- is refused here once the event is applied. changed_at is the set's time at consent-service: an older set never
-- replaces a newer one.
CREATE TABLE consent_projection_guardian (
    child_id   uuid NOT NULL,
    parent_id  uuid NOT NULL,
    changed_at timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (child_id, parent_id)
);

-- Before this release the guardians were read from the consent rows (every parent a consent was recorded by): those
-- children keep exactly those guardians, as of their newest consent change, until consent-service announces a set.
INSERT INTO consent_projection_guardian (child_id, parent_id, changed_at)
SELECT child_id, parent_id, max(changed_at) FROM consent_projection GROUP BY child_id, parent_id;

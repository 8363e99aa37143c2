-- This service's own copy of consent state, one row per child and data category, fed only by
-- ConsentGranted and ConsentRevoked events. It holds opaque ids, never contact data.
CREATE TABLE consent_projection (
    child_id       uuid NOT NULL,
    category       varchar(40) NOT NULL,
    parent_id      uuid NOT NULL,
    granted        boolean NOT NULL,
    notice_version integer NOT NULL,
    changed_at     timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (child_id, category)
);

CREATE INDEX consent_projection_parent ON consent_projection (parent_id);

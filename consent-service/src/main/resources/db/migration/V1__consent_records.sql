-- Every consent a parent gave for one child and one data category, with the notice they saw.
CREATE TABLE consent_record (
    id              uuid PRIMARY KEY,
    child_id        uuid NOT NULL,
    parent_id       uuid NOT NULL,
    category        varchar(40) NOT NULL,
    notice_version  integer NOT NULL,
    assurance_level integer NOT NULL,
    granted_at      timestamp(6) with time zone NOT NULL,
    revoked_at      timestamp(6) with time zone
);

CREATE INDEX consent_record_child ON consent_record (child_id, category);
CREATE INDEX consent_record_parent ON consent_record (parent_id);

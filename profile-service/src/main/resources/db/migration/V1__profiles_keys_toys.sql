-- Per-child data keys, stored only wrapped by the service's key-encryption key (KEK), which lives
-- outside the database. Deleting a child's row makes every encrypted field of that child unreadable.
CREATE TABLE child_key (
    child_id    uuid PRIMARY KEY,
    kek_id      varchar(64) NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL
);

-- The minimal child profile. Personal fields are AES-GCM ciphertext under the child's data key;
-- display-name uniqueness is enforced on a keyed HMAC of the normalised name, never the name.
CREATE TABLE child_profile (
    child_id             uuid PRIMARY KEY,
    parent_id            uuid NOT NULL,
    display_name         bytea NOT NULL,
    name_fingerprint     bytea NOT NULL,
    age_band             varchar(20),
    birth_year_month     bytea,
    preferred_language   bytea NOT NULL,
    avatar               varchar(40) NOT NULL,
    created_at           timestamp(6) with time zone NOT NULL,
    updated_at           timestamp(6) with time zone NOT NULL,
    last_activity_at     timestamp(6) with time zone NOT NULL,
    CONSTRAINT child_profile_age CHECK ((age_band IS NULL) <> (birth_year_month IS NULL))
);

CREATE UNIQUE INDEX child_profile_name_fingerprint ON child_profile (name_fingerprint);
CREATE INDEX child_profile_last_activity ON child_profile (last_activity_at);

-- Short-lived single-use codes a parent hands to a toy; only a keyed hash of the code is stored.
CREATE TABLE pairing_code (
    id          uuid PRIMARY KEY,
    child_id    uuid NOT NULL,
    parent_id   uuid NOT NULL,
    code_hash   bytea NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL,
    expires_at  timestamp(6) with time zone NOT NULL,
    redeemed_at timestamp(6) with time zone
);

CREATE UNIQUE INDEX pairing_code_hash ON pairing_code (code_hash);
CREATE INDEX pairing_code_child ON pairing_code (child_id);

-- Which toy acts for which child. A device is paired to at most one child at a time.
CREATE TABLE toy_binding (
    id          uuid PRIMARY KEY,
    child_id    uuid NOT NULL,
    parent_id   uuid NOT NULL,
    device_id   varchar(64) NOT NULL,
    status      varchar(20) NOT NULL,
    paired_at   timestamp(6) with time zone NOT NULL,
    ended_at    timestamp(6) with time zone
);

CREATE UNIQUE INDEX toy_binding_one_active_per_device ON toy_binding (device_id) WHERE status = 'PAIRED';
CREATE INDEX toy_binding_child ON toy_binding (child_id);

-- Issue 19 item 8: notifications by email. Ids, counts and times only, plus the two things a mail needs once nothing
-- else keeps them: an erasure's signed receipt, and the address of a parent whose contact went with their last child.

-- A parent's choices; no row means the defaults (the weekly retention digest is on).
CREATE TABLE notification_setting (
    parent_id        uuid PRIMARY KEY,
    retention_digest boolean NOT NULL,
    updated_at       timestamp(6) with time zone NOT NULL
);

-- The latest RetentionApproaching of media-service per child: how many items per category are purged before until.
CREATE TABLE retention_approaching (
    child_id          uuid PRIMARY KEY,
    items             varchar(200) NOT NULL,
    earliest_purge_at timestamp(6) with time zone NOT NULL,
    until             timestamp(6) with time zone NOT NULL,
    reported_at       timestamp(6) with time zone NOT NULL
);

-- One mail to one parent, written in the transaction of what it tells (an event taken by the inbox, a receipt issued,
-- a week's digest), mailed after that commits. subject_key names what it is about (the erasure, the event, the week),
-- so it is written once: a redelivered event or a second digest run of the same week finds it there.
CREATE TABLE parent_notification (
    id          uuid PRIMARY KEY,
    parent_id   uuid NOT NULL,
    kind        varchar(32) NOT NULL,
    subject_key varchar(64) NOT NULL,
    child_id    uuid,
    -- The erasure's receipt, or the digest's counts per child, as JSON.
    payload     text,
    -- Kept only for an erasure whose parent's contact was deleted with their last child, until its receipt is mailed.
    address     varchar(320),
    created_at  timestamp(6) with time zone NOT NULL,
    -- When it may be mailed: at once, or (an erasure's) when its receipt is issued.
    ready_at    timestamp(6) with time zone,
    -- Claimed (then mailed) at; set back to null when the mail failed, for a later run.
    mailed_at   timestamp(6) with time zone,
    CONSTRAINT parent_notification_once UNIQUE (parent_id, kind, subject_key)
);
CREATE INDEX parent_notification_due ON parent_notification (ready_at) WHERE mailed_at IS NULL AND ready_at IS NOT NULL;
CREATE INDEX parent_notification_mailed ON parent_notification (mailed_at) WHERE mailed_at IS NOT NULL;

-- Principle 5 (nothing lost on a crash): a participant that erases in the request's own transaction records there the
-- report it owes, which it signs and publishes after that commit, once its re-check by query has run (issue 18 item 5).
-- A replica that dies between the two commits leaves the row; the request's redelivery (already in the inbox, so it
-- erases nothing again), the child's next request or consent-service's overdue re-ask publishes it, with this first
-- pass's counts. answer: the requested categories and what was erased, as JSON (DueReports).
CREATE TABLE erasure_report_due (
    erasure_id  uuid PRIMARY KEY,
    child_id    uuid NOT NULL,
    answer      text NOT NULL,
    received_at timestamp(6) with time zone NOT NULL
);
CREATE INDEX erasure_report_due_child ON erasure_report_due (child_id);

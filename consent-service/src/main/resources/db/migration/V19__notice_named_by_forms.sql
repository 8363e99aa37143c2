-- Only indexes: the previous release, still running during a rolling upgrade, works unchanged (as V15).

-- The notice purge keeps every version a consent form or a code names (issue 19 item 2): a form can wait 30 days for an
-- officer, whose approval copies its notice onto the verification (a confirmed code does the same). This lets the purge
-- ask "does any form name this version" without reading every form. Codes need none: they live only until confirmed
-- or purged with an abandoned sign-up, a few rows per parent signing up now.
CREATE INDEX IF NOT EXISTS consent_form_notice_version ON consent_form (notice_version) WHERE notice_version IS NOT NULL;

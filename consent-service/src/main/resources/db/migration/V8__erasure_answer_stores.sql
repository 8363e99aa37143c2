-- Issue 18 item 1: a participant's report (ErasureCompleted v2) states, per store, when its live copy became unreadable
-- (T1) and when its backups and WAL did (T2, the retirement of the KEK that wrapped the child's key there); the
-- receipt repeats both. Kept as the report's JSON list of {store, unreadableAt, backupsUnreadableAt}. NULL: the answer
-- was a version 1 report, which stated no stores (every existing row); its receipt part states none either.
ALTER TABLE erasure_answer ADD COLUMN stores text;

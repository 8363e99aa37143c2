-- The data_key table is rewritten on a schedule (kidsafe-crypto's DataKeyTableRewriteJob: VACUUM FULL, issue 18 item 1),
-- so destroyed wrapped keys of parents leave the heap files. The service's role owns no table (V7), and PostgreSQL 17
-- lets a role that does not own a table VACUUM FULL it only with the MAINTAIN privilege: this grant and nothing more.
GRANT MAINTAIN ON data_key TO ${runtime_role};

-- Every admission asks for the tickets of its workload and, when a policy denies, for that policy's
-- exceptions: (kind, subject) lookups that were full scans of a table growing by one row per ticket.
-- Subjects are workload uids and policy or initiative names (at most 253 characters, checked on
-- submission), well under PostgreSQL's B-tree entry limit.
CREATE INDEX governance_request_subject ON governance_request (kind, subject);

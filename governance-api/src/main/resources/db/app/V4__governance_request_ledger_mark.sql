-- How far (ledger seq, exclusive) the start-up roll-forward has compared the ledger's
-- governance-request entries with governance_request. A request version is written to the ledger
-- first and to governance_request second; a crash in between leaves the ledger ahead, and the next
-- start stores what the ledger recorded, reading only the entries after this mark. One row.
CREATE TABLE governance_request_ledger_mark (
  id       INTEGER NOT NULL PRIMARY KEY,
  next_seq BIGINT  NOT NULL
);
INSERT INTO governance_request_ledger_mark (id, next_seq) VALUES (1, 0);

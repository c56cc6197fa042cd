-- What an entry is about, named by its writer (e.g. the id of a governance request), so that the
-- entries of one subject are found by key rather than by reading every entry. Nullable: most entries
-- have none. The subject is also in the entry's canonical bytes (entry format version 2), so this
-- column is an index over hashed data, never the only copy: it can be re-derived and checked.
-- The queue and the integrated entries share this table, so a queued entry carries it too.
ALTER TABLE ledger_entry ADD COLUMN subject VARCHAR(256);

CREATE INDEX ledger_entry_subject_idx ON ledger_entry (subject, seq);

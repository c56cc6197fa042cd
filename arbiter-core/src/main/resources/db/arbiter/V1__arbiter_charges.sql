-- The arbiter's accounting. Portable SQL: it must run on H2 2.x and PostgreSQL.

-- The accounting's version: exactly one row (id = 1), locked FOR UPDATE by every decision step, so the
-- steps of all replicas run one at a time and each sees every charge committed before it. A step that
-- changes charges moves the version by one. Released rows at or below pruned_through have been deleted:
-- a replica that knows less than that reloads every charge instead of reading changes.
CREATE TABLE arbiter_head (
  id             INTEGER NOT NULL PRIMARY KEY,
  version        BIGINT  NOT NULL,
  pruned_through BIGINT  NOT NULL
);

-- One row per workload that holds a charge, or held one (held = false: released, kept so replicas
-- that have not seen the release yet learn of it). version is the step that last changed the row;
-- ledger_entry the queue id of the ledger entry that justified the change, committed in the same
-- transaction. body is the charge in its own canonical, versioned encoding (ChargeEncoding).
CREATE TABLE arbiter_charge (
  workload_key  VARCHAR(512) NOT NULL PRIMARY KEY,
  version       BIGINT       NOT NULL,
  held          BOOLEAN      NOT NULL,
  team          VARCHAR(256) NOT NULL,
  pool          VARCHAR(256) NOT NULL,
  namespace     VARCHAR(256) NOT NULL,
  changed_at_us BIGINT       NOT NULL,
  ledger_entry  BIGINT       NOT NULL,
  body          BYTEA        NOT NULL
);

CREATE INDEX arbiter_charge_version_idx ON arbiter_charge (version);
CREATE INDEX arbiter_charge_team_idx ON arbiter_charge (team, pool);

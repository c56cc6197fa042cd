-- Quota, reservation, policy-exception and workload-admission requests on their way through
-- approval. The full request is the JSON body; the columns serve queries and optimistic locking.
CREATE TABLE governance_request (
  id         VARCHAR(64)  NOT NULL PRIMARY KEY,
  kind       VARCHAR(32)  NOT NULL,
  team       VARCHAR(256) NOT NULL,
  pool       VARCHAR(256) NOT NULL,
  state      VARCHAR(32)  NOT NULL,
  requester  VARCHAR(256) NOT NULL,
  subject    VARCHAR(4000) NOT NULL,
  version    BIGINT       NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  body       TEXT         NOT NULL
);
CREATE INDEX governance_request_state ON governance_request (state);
CREATE INDEX governance_request_team ON governance_request (team);

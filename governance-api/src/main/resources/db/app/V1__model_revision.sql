-- Which governance model files the service has run under, first load only.
CREATE TABLE model_revision (
  digest    CHAR(64)     NOT NULL PRIMARY KEY,
  source    VARCHAR(1024) NOT NULL,
  loaded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

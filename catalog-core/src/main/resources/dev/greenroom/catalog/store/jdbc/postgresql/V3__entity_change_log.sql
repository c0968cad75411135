-- Greenroom catalog store, schema version 3 (PostgreSQL).
-- The change log that keeps the read caches of hosts sharing this database in step: every write
-- that changes what readers see adds one to gr_entity_version and logs the refs it changed under
-- the new version (one row with a null ref when it changed too many to list: "everything").
-- Writers are serialised, so versions commit in order; a cache asks for the rows above the
-- version it has seen. Rows of the last 1,000 versions are kept.
CREATE TABLE gr_entity_version (
  id INT PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO gr_entity_version (id, version) VALUES (1, 0);
CREATE TABLE gr_entity_changes (
  version BIGINT NOT NULL,
  ref TEXT
);
CREATE INDEX gr_entity_changes_version ON gr_entity_changes (version);

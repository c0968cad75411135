-- Greenroom catalog store, schema version 2 (PostgreSQL).
-- Entities whose re-stitch a bulk write deferred (WriteBatch.deferRestitch): kept in the database
-- so that a crash between the write and the re-stitch loses nothing. (Bodies are TEXT already.)
CREATE TABLE gr_deferred (
  ref VARCHAR(1024) PRIMARY KEY
);

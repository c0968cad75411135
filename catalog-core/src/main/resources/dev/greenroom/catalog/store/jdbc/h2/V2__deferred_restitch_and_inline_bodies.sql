-- Greenroom catalog store, schema version 2 (H2).
-- Entities whose re-stitch a bulk write deferred (WriteBatch.deferRestitch): kept in the database
-- so that a crash between the write and the re-stitch loses nothing.
CREATE TABLE gr_deferred (
  ref VARCHAR(1024) PRIMARY KEY
);
-- Entity bodies as inline strings: H2 keeps CLOBs over 256 bytes in a separate LOB store that
-- every read and write streams through, which made bulk loads several times slower.
ALTER TABLE gr_entities ALTER COLUMN body SET DATA TYPE CHARACTER VARYING;

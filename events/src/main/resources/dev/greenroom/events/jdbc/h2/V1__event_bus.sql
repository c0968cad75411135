-- The same table on H2; PostgresEventBroker refuses H2 (it needs LISTEN/NOTIFY), the table is
-- here so that the migrations of every store exist for both dialects.
CREATE TABLE gr_event_bus (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  topic VARCHAR(100) NOT NULL,
  payload CLOB NOT NULL,
  metadata CLOB NOT NULL,
  origin VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX gr_event_bus_created ON gr_event_bus (created_at);

-- Events published on one host for the other hosts sharing this database (PostgresEventBroker).
-- Rows are read once through NOTIFY gr_event_bus '<id>' and deleted after the retention.
CREATE TABLE gr_event_bus (
  id BIGSERIAL PRIMARY KEY,
  topic VARCHAR(100) NOT NULL,
  payload TEXT NOT NULL,
  metadata TEXT NOT NULL,
  origin VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX gr_event_bus_created ON gr_event_bus (created_at);

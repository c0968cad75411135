-- When a provider or parent last wrote the row's unprocessed entity (inserted or changed), in
-- microseconds since the epoch, as Backstage's refresh_state.last_discovery_at; NULL for rows
-- written before this version.
ALTER TABLE gr_proc_refresh_state ADD COLUMN last_discovery_at BIGINT;

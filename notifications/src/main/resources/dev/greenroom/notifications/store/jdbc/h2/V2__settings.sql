-- Each user's notification settings (Backstage's user_settings): one row per channel and origin
-- (topic NULL) and per topic; position keeps the order the user gave.
CREATE TABLE gr_notification_settings (
  user_ref VARCHAR(1024) NOT NULL,
  position INT NOT NULL,
  channel VARCHAR(1024) NOT NULL,
  origin VARCHAR(1024) NOT NULL,
  topic VARCHAR(1024),
  enabled BOOLEAN NOT NULL,
  PRIMARY KEY (user_ref, position)
);

-- Notifications (Backstage's notification and broadcast tables), postgresql.
CREATE TABLE gr_notifications (
  id VARCHAR(36) PRIMARY KEY,
  user_ref VARCHAR(1024),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ,
  read_at TIMESTAMPTZ,
  saved_at TIMESTAMPTZ,
  origin VARCHAR(1024) NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  link TEXT,
  severity VARCHAR(16) NOT NULL,
  topic VARCHAR(1024),
  scope VARCHAR(1024),
  icon VARCHAR(1024)
);
CREATE INDEX gr_notifications_user ON gr_notifications (user_ref, created_at);
CREATE INDEX gr_notifications_scope ON gr_notifications (scope, origin);
-- Each user's marks on a broadcast (a notification whose user_ref is NULL).
CREATE TABLE gr_notification_marks (
  notification_id VARCHAR(36) NOT NULL REFERENCES gr_notifications (id) ON DELETE CASCADE,
  user_ref VARCHAR(1024) NOT NULL,
  read_at TIMESTAMPTZ,
  saved_at TIMESTAMPTZ,
  PRIMARY KEY (notification_id, user_ref)
);

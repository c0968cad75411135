-- Each user's settings (Backstage's user_settings table), postgresql.
CREATE TABLE gr_user_settings (
  user_ref VARCHAR(1024) NOT NULL,
  bucket VARCHAR(255) NOT NULL,
  setting_key VARCHAR(255) NOT NULL,
  value_json TEXT NOT NULL,
  PRIMARY KEY (user_ref, bucket, setting_key)
);

-- The public halves of user-token signing keys (Backstage's signing_keys): kid, the public JWK
-- as JSON, when it was made (microseconds since the epoch). Private keys are never stored.
CREATE TABLE gr_auth_signing_keys (
  kid VARCHAR(128) PRIMARY KEY,
  key_json TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

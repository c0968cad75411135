package dev.greenroom.auth.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Where the public halves of user-token signing keys are kept (Backstage's auth {@code KeyStore}
 * with its {@code signing_keys} table): every instance that shares the store publishes, and
 * accepts, the keys any of them signs with. Private keys never go here: each instance makes its
 * own and keeps it in memory ({@link SigningKeys}).
 *
 * <p>{@link MemoryKeyStore} keeps keys for one process; {@code jdbc.JdbcKeyStore} keeps them in
 * H2 or PostgreSQL, so that tokens survive a restart and instances behind one load balancer check
 * each other's tokens. Implementations are thread-safe.
 */
public interface KeyStore {
  /**
   * A stored public key.
   *
   * @param kid the key id, the tokens' {@code kid} header
   * @param publicJwk the public key as JWK JSON (no private parts)
   * @param createdAt when the key was made; it signs for one key duration from then and is
   *     accepted for three
   */
  record StoredKey(String kid, String publicJwk, Instant createdAt) {
    public StoredKey {
      Objects.requireNonNull(kid, "kid");
      Objects.requireNonNull(publicJwk, "publicJwk");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
      return "StoredKey[kid=" + kid + ", createdAt=" + createdAt + "]";
    }
  }

  /** Adds a key; a second key with the same kid is an error. */
  void addKey(StoredKey key);

  /** Every stored key, oldest first. */
  List<StoredKey> listKeys();

  /** Removes these keys (unknown kids are skipped). */
  void removeKeys(Collection<String> kids);
}

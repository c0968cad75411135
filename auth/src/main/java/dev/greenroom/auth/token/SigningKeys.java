package dev.greenroom.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The ES256 keys user tokens are signed with, as Backstage's auth backend keeps them: a key is
 * made when first needed and used for one key duration; then a new one is made. Public keys stay
 * published (and accepted) for three durations, so every token signed with them can be checked
 * until it expires. Private keys never leave this object.
 *
 * <p>Keys live in memory: tokens signed by one process are checked by that process only (hosts
 * that run several instances put them behind sticky sessions, or share one auth instance).
 */
public final class SigningKeys {
  private record Entry(ECKey key, Instant created) {}

  private final Clock clock;
  private final Duration keyDuration;
  private final List<Entry> keys = new ArrayList<>(); // newest last

  /**
   * Keys rotated every {@code keyDuration}.
   *
   * @param clock the clock rotation and expiry follow
   * @param keyDuration how long one key signs; tokens live as long
   */
  public SigningKeys(Clock clock, Duration keyDuration) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keyDuration.isNegative() || keyDuration.isZero()) {
      throw new IllegalArgumentException("keyDuration must be positive: " + keyDuration);
    }
    this.keyDuration = keyDuration;
  }

  /** How long one key signs. */
  public Duration keyDuration() {
    return keyDuration;
  }

  /** The key to sign with now (with its private part). */
  synchronized ECKey current() {
    Instant now = clock.instant();
    prune(now);
    if (!keys.isEmpty()) {
      Entry last = keys.get(keys.size() - 1);
      if (last.created().plus(keyDuration).isAfter(now)) {
        return last.key();
      }
    }
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
      keys.add(new Entry(key, now));
      return key;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make an ES256 signing key", e);
    }
  }

  /** The public keys that may have signed a token that has not expired: {@code {keys: [...]}}. */
  public synchronized JWKSet publicKeys() {
    prune(clock.instant());
    List<JWK> pub = new ArrayList<>(keys.size());
    for (Entry e : keys) {
      pub.add(e.key().toPublicJWK());
    }
    return new JWKSet(pub);
  }

  private void prune(Instant now) {
    keys.removeIf(e -> e.created().plus(keyDuration.multipliedBy(3)).isBefore(now));
  }
}

package dev.greenroom.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys user tokens are signed with, as Backstage's auth backend keeps them ({@code
 * TokenFactory} over a {@code KeyStore}).
 *
 * <p>Design: each instance makes its own key pair when it first signs and signs with it for one
 * key duration, then makes a new one. The private key stays in this object's memory, never stored
 * or logged; the public half goes to the {@link KeyStore} with its creation time. Verification and
 * the JWKS document use every stored public key younger than three key durations (so every token,
 * which lives at most one duration, is checked until it expires), from any instance sharing the
 * store; older keys are removed from the store when they are next listed. With a database store a
 * token survives a restart (its public key stays stored; the restarted instance signs with a new
 * key) and instances on one database accept each other's tokens.
 *
 * <p>The store is read at most every {@link #REFRESH} for verification, and at once (at most every
 * {@link #MISS_REFRESH}) when a token names a kid this instance has not seen, such as a key another
 * instance just made.
 */
public final class SigningKeys {
  /** How long a read of the store's keys is reused. */
  public static final Duration REFRESH = Duration.ofSeconds(30);
  /** How often an unknown kid may cause a read of the store. */
  public static final Duration MISS_REFRESH = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private record Loaded(List<KeyStore.StoredKey> keys, List<JWK> jwks, Instant at) {}

  private final Clock clock;
  private final Duration keyDuration;
  private final KeyStore store;
  private @Nullable ECKey current; // with its private part; this instance's only
  private @Nullable Instant currentCreated;
  private volatile @Nullable Loaded loaded;

  /**
   * Keys rotated every {@code keyDuration}, kept in memory ({@link MemoryKeyStore}).
   *
   * @param clock the clock rotation and expiry follow
   * @param keyDuration how long one key signs; tokens live as long
   */
  public SigningKeys(Clock clock, Duration keyDuration) {
    this(clock, keyDuration, new MemoryKeyStore());
  }

  /**
   * Keys rotated every {@code keyDuration}, public halves in {@code store}.
   *
   * @param clock the clock rotation and expiry follow
   * @param keyDuration how long one key signs; tokens live as long
   * @param store where public keys are shared
   */
  public SigningKeys(Clock clock, Duration keyDuration, KeyStore store) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keyDuration.isNegative() || keyDuration.isZero()) {
      throw new IllegalArgumentException("keyDuration must be positive: " + keyDuration);
    }
    this.keyDuration = keyDuration;
    this.store = Objects.requireNonNull(store, "store");
  }

  /** How long one key signs. */
  public Duration keyDuration() {
    return keyDuration;
  }

  /** The key to sign with now (with its private part). */
  synchronized ECKey current() {
    Instant now = clock.instant();
    if (current != null && currentCreated != null
        && currentCreated.plus(keyDuration).isAfter(now)) {
      return current;
    }
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make an ES256 signing key", e);
    }
    // published before it signs anything, so that no instance sees a token before its key
    store.addKey(new KeyStore.StoredKey(key.getKeyID(), key.toPublicJWK().toJSONString(), now));
    LOG.info("Created signing key {}", key.getKeyID());
    current = key;
    currentCreated = now;
    loaded = null; // the next verification reads the store, the new key included
    return key;
  }

  /**
   * The public keys that may have signed a token that has not expired, from every instance that
   * shares the store: {@code {keys: [...]}}. The JWKS route serves this; the store is read at most
   * every {@link #MISS_REFRESH}, so that answering it never costs more than that.
   */
  public JWKSet publicKeys() {
    Instant now = clock.instant();
    Loaded l = loaded;
    if (l == null || !l.at().plus(MISS_REFRESH).isAfter(now)) {
      l = reload(now, null);
    }
    return live(l, now);
  }

  /**
   * The public keys to check a token whose header names {@code kid}: the last read of the store,
   * read again when older than {@link #REFRESH} or when {@code kid} is not in it (at most every
   * {@link #MISS_REFRESH}). Expired keys are left out. Reads share one cached list without a lock.
   */
  JWKSet verificationKeys(@Nullable String kid) {
    Instant now = clock.instant();
    Loaded l = loaded;
    if (stale(l, kid, now)) {
      l = reload(now, kid);
    }
    return live(l, now);
  }

  private boolean stale(@Nullable Loaded l, @Nullable String kid, Instant now) {
    return l == null || l.at().plus(REFRESH).isBefore(now)
        || (kid != null && !hasKid(l, kid) && !l.at().plus(MISS_REFRESH).isAfter(now));
  }

  /** Reads the store unless another thread has just done so. */
  private synchronized Loaded reload(Instant now, @Nullable String kid) {
    Loaded l = loaded;
    if (l != null && !l.at().isBefore(now) && (kid == null || hasKid(l, kid))) {
      return l;
    }
    return load(now);
  }

  private JWKSet live(Loaded l, Instant now) {
    Instant oldest = now.minus(keyDuration.multipliedBy(3));
    List<JWK> live = new ArrayList<>();
    for (int i = 0; i < l.keys().size(); i++) {
      if (!l.keys().get(i).createdAt().isBefore(oldest)) {
        live.add(l.jwks().get(i));
      }
    }
    return new JWKSet(live);
  }

  private static boolean hasKid(Loaded l, String kid) {
    return l.keys().stream().anyMatch(k -> k.kid().equals(kid));
  }

  private Loaded load(Instant now) {
    Instant oldest = now.minus(keyDuration.multipliedBy(3));
    List<KeyStore.StoredKey> keep = new ArrayList<>();
    List<JWK> jwks = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    for (KeyStore.StoredKey k : store.listKeys()) {
      if (k.createdAt().isBefore(oldest)) {
        expired.add(k.kid());
        continue;
      }
      JWK jwk = publicJwk(k);
      if (jwk != null) {
        keep.add(k);
        jwks.add(jwk);
      }
    }
    if (!expired.isEmpty()) {
      LOG.info("Removing expired signing keys {}", expired);
      try {
        store.removeKeys(expired);
      } catch (RuntimeException e) {
        LOG.warn("Could not remove expired signing keys: {}", e.getClass().getSimpleName());
      }
    }
    Loaded l = new Loaded(List.copyOf(keep), List.copyOf(jwks), now);
    loaded = l;
    return l;
  }

  /** The stored key as a public EC key of this kid; null (and a warning) for anything else. */
  private static @Nullable JWK publicJwk(KeyStore.StoredKey k) {
    try {
      JWK jwk = JWK.parse(k.publicJwk());
      if (!(jwk instanceof ECKey ec) || ec.isPrivate() || !k.kid().equals(ec.getKeyID())
          || !Curve.P_256.equals(ec.getCurve())) {
        LOG.warn("Skipping stored signing key {}: not a public P-256 key of that kid", k.kid());
        return null;
      }
      return ec;
    } catch (ParseException e) {
      LOG.warn("Skipping stored signing key {}: not a JWK", k.kid());
      return null;
    }
  }
}

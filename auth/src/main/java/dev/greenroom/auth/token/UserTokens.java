package dev.greenroom.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Backstage user tokens: JWTs signed with ES256 by {@link SigningKeys}, with Backstage's claims
 * ({@code typ: vnd.backstage.user}, {@code iss} = the auth plugin's URL, {@code aud: backstage},
 * {@code sub} = the user entity ref, {@code ent} = ownership refs, {@code iat}, {@code exp}).
 * The frontend reads {@code exp} to schedule refreshes; every route checks the signature.
 *
 * <p>Verification accepts only ES256 tokens signed by one of the shared store's live keys (this
 * instance's or another's on the same store: {@link SigningKeys}), of this issuer
 * and audience, unexpired (one minute of clock skew), of the user type, with a valid user entity
 * ref as subject. {@code alg: none}, HMAC tokens, foreign keys and other audiences are refused.
 */
public final class UserTokens {
  /** Backstage's audience of user tokens. */
  public static final String AUDIENCE = "backstage";
  /** Backstage's {@code typ} claim of user tokens. */
  public static final String USER_TYPE = "vnd.backstage.user";
  /** Backstage's limit on a token's size. */
  public static final int MAX_TOKEN_LENGTH = 32768;

  private final SigningKeys keys;
  private final String issuer;
  private final Clock clock;

  /**
   * Tokens of this issuer.
   *
   * @param keys the signing keys
   * @param issuer the {@code iss} claim: the auth plugin's external URL, such as {@code
   *     http://localhost:7007/api/auth}
   * @param clock the clock for {@code iat} and expiry
   */
  public UserTokens(SigningKeys keys, String issuer, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The {@code iss} of the tokens. */
  public String issuer() {
    return issuer;
  }

  /** The keys. */
  public SigningKeys keys() {
    return keys;
  }

  /**
   * Signs a user token.
   *
   * @param userEntityRef the {@code sub}: a user entity ref
   * @param ownershipEntityRefs the {@code ent} claim
   * @param lifetime at most the key duration
   */
  public String issue(String userEntityRef, List<String> ownershipEntityRefs, Duration lifetime) {
    EntityRef sub;
    try {
      sub = EntityRef.parse(userEntityRef);
    } catch (InvalidEntityRefException e) {
      throw new IllegalArgumentException("the token subject is not a valid entity ref: '"
          + userEntityRef + "'", e);
    }
    Duration life = lifetime.compareTo(keys.keyDuration()) > 0 ? keys.keyDuration() : lifetime;
    Instant now = clock.instant();
    long iat = now.getEpochSecond();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .claim("typ", USER_TYPE)
        .issuer(issuer)
        .subject(sub.toString())
        .claim("ent", List.copyOf(ownershipEntityRefs))
        .audience(AUDIENCE)
        .issueTime(Date.from(Instant.ofEpochSecond(iat)))
        .expirationTime(Date.from(Instant.ofEpochSecond(iat + life.toSeconds())))
        .build();
    ECKey key = keys.current();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a user token", e);
    }
    String token = jwt.serialize();
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new IllegalArgumentException("the user token for " + sub + " would be "
          + token.length() + " characters, over " + MAX_TOKEN_LENGTH
          + ": too many ownership refs (" + ownershipEntityRefs.size() + ")");
    }
    return token;
  }

  /** A verified token's identity. */
  public record Verified(String userEntityRef, List<String> ownershipEntityRefs, Instant expiresAt) {}

  /** A cheap check before parsing: at most {@link #MAX_TOKEN_LENGTH}, three dot-separated parts. */
  static boolean plausibleJwt(String token) {
    return token.length() <= MAX_TOKEN_LENGTH && token.chars().filter(c -> c == '.').count() == 2;
  }

  /** The identity of a valid token, or empty for anything else (never throws on bad input). */
  public Optional<Verified> verify(String token) {
    if (!plausibleJwt(token)) {
      return Optional.empty();
    }
    String kid;
    try {
      kid = SignedJWT.parse(token).getHeader().getKeyID();
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
        new ImmutableJWKSet<>(keys.verificationKeys(kid))));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        AUDIENCE,
        new JWTClaimsSet.Builder().issuer(issuer).claim("typ", USER_TYPE).build(),
        Set.of("sub", "exp", "iat", "ent")) {
      @Override
      public Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    claims.setMaxClockSkew(60);
    p.setJWTClaimsSetVerifier(claims);
    try {
      JWTClaimsSet set = p.process(token, null);
      EntityRef sub = EntityRef.parse(set.getSubject());
      if (!sub.isKind("user")) {
        return Optional.empty();
      }
      List<String> ent = set.getStringListClaim("ent");
      return Optional.of(new Verified(sub.toString(), ent == null ? List.of() : ent,
          set.getExpirationTime().toInstant()));
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      // malformed, badly signed, expired, foreign or not a user: not a caller
      return Optional.empty();
    }
  }

  /** The {@code exp} of a token this instance signed, without checking it: for answers only. */
  static Instant expiry(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWT", e);
    }
  }
}

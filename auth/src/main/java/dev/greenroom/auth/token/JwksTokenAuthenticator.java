package dev.greenroom.auth.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.security.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's {@code backend.auth.externalAccess} of {@code type: jwks}: callers present JWTs
 * that another issuer signed (a CI system, a cloud workload identity), checked against that
 * issuer's published keys. A valid token's caller is {@code external:<subjectPrefix>:<sub>}
 * ({@code external:<sub>} without a prefix), as in Backstage.
 *
 * <p>Only asymmetric algorithms are accepted (the configured ones, else RS, PS and ES of 256, 384
 * and 512 bits); {@code alg: none} and HMAC never are. The issuer, audience and expiry are
 * checked when configured (expiry always, with a minute of skew). Keys are fetched with time and
 * size limits and cached; an unknown key id triggers a refetch, at most every 30 seconds.
 */
public final class JwksTokenAuthenticator implements Authenticator {
  private static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String prefix;
  private final String url;

  private JwksTokenAuthenticator(Builder b) {
    URL jwks;
    try {
      jwks = URI.create(b.url).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Illegal JWKS URL '" + b.url + "'", e);
    }
    JWKSource<SecurityContext> source = JWKSourceBuilder
        .create(jwks, new DefaultResourceRetriever(5_000, 5_000, 1024 * 1024))
        .cache(true)
        .rateLimited(30_000)
        .build();
    Set<JWSAlgorithm> algs = b.algorithms.isEmpty() ? DEFAULT_ALGORITHMS
        : b.algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    for (JWSAlgorithm a : algs) {
      if (!DEFAULT_ALGORITHMS.contains(a)) {
        throw new IllegalArgumentException("algorithm '" + a + "' is not an asymmetric"
            + " signature algorithm: JWKS access takes RS, PS or ES algorithms only");
      }
    }
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, source));
    processor.setJWSTypeVerifier((type, context) -> { }); // any typ header, as Backstage
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        b.audiences.isEmpty() ? null : new HashSet<>(b.audiences), null,
        Set.of("sub", "exp"), null) {
      @Override
      public void verify(JWTClaimsSet set, SecurityContext context)
          throws com.nimbusds.jwt.proc.BadJWTException {
        super.verify(set, context);
        if (!b.issuers.isEmpty() && !b.issuers.contains(set.getIssuer())) {
          throw new com.nimbusds.jwt.proc.BadJWTException("issuer not accepted");
        }
      }
    };
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    this.prefix = b.subjectPrefix == null ? "external:" : "external:" + b.subjectPrefix + ":";
    this.url = b.url;
  }

  /** A builder for the keys at {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  @Override
  public Optional<Principal> authenticate(HttpHeaders headers) {
    String token = Authenticator.bearerToken(headers).orElse("");
    if (!UserTokens.plausibleJwt(token)) {
      return Optional.empty();
    }
    try {
      JWTClaimsSet set = processor.process(token, null);
      return Optional.of(new ApiPrincipal(prefix + set.getSubject()));
    } catch (Exception e) {
      return Optional.empty(); // not a token of this issuer, or not valid
    }
  }

  @Override
  public String toString() {
    return "JwksTokenAuthenticator[" + url + "]";
  }

  /** Configures a {@link JwksTokenAuthenticator} ({@code options} of Backstage's config). */
  public static final class Builder {
    private final String url;
    private List<String> issuers = List.of();
    private List<String> audiences = List.of();
    private List<String> algorithms = List.of();
    private @Nullable String subjectPrefix;

    private Builder(String url) {
      Objects.requireNonNull(url, "url");
      if (!url.matches("\\S+")) {
        throw new IllegalArgumentException("Illegal JWKS URL, must be a set of non-space"
            + " characters");
      }
      this.url = url;
    }

    /** {@code options.issuer}: accepted {@code iss} values; default any. */
    public Builder issuers(List<String> issuers) {
      this.issuers = List.copyOf(issuers);
      return this;
    }

    /** {@code options.audience}: accepted {@code aud} values; default any. */
    public Builder audiences(List<String> audiences) {
      this.audiences = List.copyOf(audiences);
      return this;
    }

    /** {@code options.algorithm}: accepted algorithms; default the asymmetric ones. */
    public Builder algorithms(List<String> algorithms) {
      this.algorithms = List.copyOf(algorithms);
      return this;
    }

    /** {@code options.subjectPrefix}: callers become {@code external:<prefix>:<sub>}. */
    public Builder subjectPrefix(@Nullable String prefix) {
      this.subjectPrefix = prefix == null || prefix.isEmpty() ? null : prefix;
      return this;
    }

    /** The authenticator; keys are fetched on first use. */
    public JwksTokenAuthenticator build() {
      return new JwksTokenAuthenticator(this);
    }
  }
}

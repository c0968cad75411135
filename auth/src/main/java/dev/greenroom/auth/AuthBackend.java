package dev.greenroom.auth;

import dev.greenroom.auth.provider.AuthProvider;
import dev.greenroom.auth.token.SigningKeys;
import dev.greenroom.auth.token.UserTokens;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.UserTokenIssuer;
import dev.greenroom.http.auth.UserPrincipal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Backstage's auth backend for Greenroom: sign-in providers under {@code /api/auth/<provider>}
 * ({@code start}, {@code handler/frame}, {@code refresh}, {@code logout}), user tokens signed with
 * rotating ES256 keys published at {@code /api/auth/.well-known/jwks.json} (public halves shared
 * through a {@link dev.greenroom.auth.token.KeyStore}), and the {@link
 * Authenticator} that checks them on every route.
 *
 * <pre>{@code
 * AuthBackend auth = AuthBackend.builder()
 *     .baseUrl(URI.create("http://localhost:7007"))
 *     .appUrl(URI.create("http://localhost:3000"))
 *     .provider(GuestProvider.of(GuestProvider.DEFAULT_USER, null, engine.catalog()))
 *     .build();
 * HttpApi api = HttpApi.builder().catalog(engine)
 *     .authenticator(auth.authenticator())
 *     .plugin(auth.plugin())
 *     .build();
 * }</pre>
 */
public final class AuthBackend {
  private final URI baseUrl;
  private final String appOrigin;
  private final UserTokens tokens;
  private final Map<String, AuthProvider> providers;

  private AuthBackend(Builder b) {
    this.baseUrl = b.baseUrl;
    this.appOrigin = origin(b.appUrl);
    String issuer = b.baseUrl.toString().replaceAll("/+$", "") + "/api/auth";
    this.tokens = new UserTokens(new SigningKeys(b.clock, b.keyDuration, b.keyStore), issuer,
        b.clock);
    this.providers = Map.copyOf(b.providers);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The routes under {@code /api/auth}. */
  public ApiPlugin plugin() {
    return new AuthApiPlugin(this);
  }

  /**
   * Accepts {@code Authorization: Bearer <user token>} signed by this backend (or the same token
   * in the {@code backstage-auth} cookie, which the routing core passes on reads only), as a
   * {@link UserPrincipal}; anything else (no token, expired, foreign, {@code alg: none}) is not a caller.
   * Combine with other authenticators through {@link Authenticator#anyOf}.
   */
  public Authenticator authenticator() {
    return headers -> Authenticator.bearerToken(headers)
        .or(() -> cookie(headers.allValues("cookie")))
        .flatMap(tokens::verify)
        .map(v -> new UserPrincipal(v.userEntityRef(), v.ownershipEntityRefs()));
  }

  /**
   * Tokens for scaffolder tasks ({@code secrets.backstageToken}): a fresh user token on behalf of
   * a signed-in creator; none for other callers.
   */
  public UserTokenIssuer userTokens() {
    return (caller, lifetime) -> caller instanceof UserPrincipal u
        ? Optional.of(tokens.issue(u.userEntityRef(), u.ownershipEntityRefs(), lifetime))
        : Optional.empty();
  }

  /** The user tokens: issuing and checking. */
  public UserTokens tokens() {
    return tokens;
  }

  /** The backend's external base URL. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The app's origin, where sign-in popups post their results. */
  public String appOrigin() {
    return appOrigin;
  }

  /** The mounted providers by id. */
  public Map<String, AuthProvider> providers() {
    return providers;
  }

  /** The {@code backstage-auth} cookie's token (the routing core passes cookies on reads only). */
  static Optional<String> cookie(List<String> headers) {
    for (String h : headers) {
      for (String part : h.split(";")) {
        String p = part.trim();
        if (p.startsWith(dev.greenroom.http.HttpApi.AUTH_COOKIE + "=")) {
          String t = p.substring(dev.greenroom.http.HttpApi.AUTH_COOKIE.length() + 1);
          return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  private static String origin(URI url) {
    if (url.getScheme() == null || url.getHost() == null) {
      throw new IllegalArgumentException("app.baseUrl must be an absolute URL: " + url);
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** Configures an {@link AuthBackend}. */
  public static final class Builder {
    private URI baseUrl = URI.create("http://localhost:7007");
    private URI appUrl = URI.create("http://localhost:3000");
    private Clock clock = Clock.systemUTC();
    private Duration keyDuration = Duration.ofHours(1);
    private dev.greenroom.auth.token.KeyStore keyStore = new dev.greenroom.auth.token.MemoryKeyStore();
    private final Map<String, AuthProvider> providers = new LinkedHashMap<>();

    private Builder() {}

    /** {@code backend.baseUrl}: the token issuer is {@code <baseUrl>/api/auth}. */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!baseUrl.isAbsolute()) {
        throw new IllegalArgumentException("backend.baseUrl must be an absolute URL: " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** {@code app.baseUrl}: sign-in popups post their result to this origin only. */
    public Builder appUrl(URI appUrl) {
      origin(Objects.requireNonNull(appUrl, "appUrl"));
      this.appUrl = appUrl;
      return this;
    }

    /** The clock of token times and key rotation. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a signing key signs, and a user token lives; default one hour, as Backstage. */
    public Builder keyDuration(Duration duration) {
      if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("keyDuration must be at least a minute: " + duration);
      }
      this.keyDuration = duration;
      return this;
    }

    /**
     * Where the public halves of signing keys are shared ({@link
     * dev.greenroom.auth.token.KeyStore}); in memory by default, so tokens die with the process.
     * With {@link dev.greenroom.auth.token.jdbc.JdbcKeyStore} on the catalog's database tokens
     * survive restarts and every instance on the database accepts the others' tokens.
     */
    public Builder keyStore(dev.greenroom.auth.token.KeyStore keyStore) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    /** Mounts a sign-in provider under {@code /api/auth/<id>}. */
    public Builder provider(AuthProvider provider) {
      Objects.requireNonNull(provider, "provider");
      if (!provider.id().matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("invalid provider id: " + provider.id());
      }
      if (providers.putIfAbsent(provider.id(), provider) != null) {
        throw new IllegalArgumentException("two providers with id " + provider.id());
      }
      return this;
    }

    /** Mounts several providers. */
    public Builder providers(List<AuthProvider> list) {
      list.forEach(this::provider);
      return this;
    }

    /** The auth backend. */
    public AuthBackend build() {
      return new AuthBackend(this);
    }
  }
}

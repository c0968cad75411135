package dev.greenroom.cli;

import dev.greenroom.auth.AuthBackend;
import dev.greenroom.auth.provider.GuestProvider;
import dev.greenroom.auth.token.JwksTokenAuthenticator;
import dev.greenroom.auth.provider.OidcProvider;
import dev.greenroom.auth.resolver.CatalogSignIn;
import dev.greenroom.auth.resolver.SignInResolver;
import dev.greenroom.catalog.Catalog;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.http.CorsPolicy;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.LocalAccessAuthenticator;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call {@code serve}'s API, and on which address it may therefore listen. Secure by
 * default:
 *
 * <ul>
 *   <li><b>No auth configured</b> (no {@code backend.auth.externalAccess}, no {@code
 *       auth.providers}): the local development mode. The server listens on loopback only and
 *       serves pages and tools on this machine ({@link LocalAccessAuthenticator}; origins in
 *       {@code backend.cors} too); a {@code backend.listen.host} that is not a loopback address is
 *       refused at start.
 *   <li><b>Auth configured</b>: every request needs a credential, 401 otherwise, as Backstage's
 *       new backend system does: a user token from {@code /api/auth} (signed in with a provider
 *       such as {@code guest} or {@code oidc}) or a static token. The server listens where {@code
 *       backend.listen.host} says, every interface by default. The guest provider is for
 *       development: on a non-loopback address it needs {@code dangerouslyAllowOutsideDevelopment}.
 *   <li><b>{@code backend.auth.dangerouslyDisableDefaultAuthPolicy: true}</b>: the explicit
 *       opt-out. Requests without credentials are let in, on every interface unless {@code
 *       backend.listen.host} says otherwise, and the log says so at every start.
 * </ul>
 *
 * When the server listens on loopback only, the {@code Host} header must name this machine in
 * every mode (no DNS rebinding).
 */
final class Auth {
  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);

  /** What {@link #decide} chose: the address to bind and the kind of access. */
  record Decision(String host, Mode mode) {}

  /** The kinds of access. */
  enum Mode {
    LOCAL("local development, no auth"),
    CREDENTIALS("credentials required"),
    OPEN("OPEN: no credentials required");

    final String text;

    Mode(String text) {
      this.text = text;
    }
  }

  private Auth() {}

  /** Checks the listen address against the auth config; fails before anything is opened. */
  static Decision decide(AppConfig config) {
    Optional<String> requested = config.host();
    boolean configured = !config.staticTokens().isEmpty() || !config.jwksAccess().isEmpty()
        || config.guest().isPresent() || config.oidc().isPresent();
    if (!configured && !config.authPolicyDisabled()) {
      String host = requested.orElse("127.0.0.1");
      if (!LocalAccessAuthenticator.isLoopbackHost(host)) {
        throw new ConfigException("backend.listen.host is '" + host + "' but no backend.auth is"
            + " configured: without authentication Greenroom listens on loopback only. Configure"
            + " backend.auth.externalAccess tokens or a sign-in provider (auth.providers), or set"
            + " backend.auth.dangerouslyDisableDefaultAuthPolicy: true to serve an open API on '"
            + host + "' (anyone who can reach it could change the catalog and run templates)");
      }
      LOG.info("No auth configured: local development mode. Only this machine can call"
          + " (loopback address, loopback Host and Origin headers); configure"
          + " backend.auth.externalAccess or auth.providers to serve other machines");
      return new Decision(host, Mode.LOCAL);
    }
    // guest sign-in alone is a development setup: it stays on this machine unless told otherwise
    boolean guestOnly = config.staticTokens().isEmpty() && config.jwksAccess().isEmpty()
        && config.oidc().isEmpty()
        && config.guest().filter(g -> !g.allowOutsideDevelopment()).isPresent();
    String host = requested.orElse(guestOnly ? "127.0.0.1" : "0.0.0.0");
    config.guest().ifPresent(g -> {
      if (!LocalAccessAuthenticator.isLoopbackHost(host) && !g.allowOutsideDevelopment()) {
        throw new ConfigException("auth.providers.guest lets anyone sign in, and"
            + " backend.listen.host is '" + host + "', not a loopback address: the guest provider"
            + " is for development only. Listen on 127.0.0.1, or set"
            + " auth.providers.guest.dangerouslyAllowOutsideDevelopment: true");
      }
    });
    if (config.authPolicyDisabled()) {
      LOG.warn("backend.auth.dangerouslyDisableDefaultAuthPolicy is true: requests WITHOUT"
          + " credentials are allowed on {}; anyone who can reach this address can register"
          + " locations, delete entities and run templates", host);
      return new Decision(host, Mode.OPEN);
    }
    return new Decision(host, Mode.CREDENTIALS);
  }

  /**
   * The auth backend ({@code /api/auth}): user tokens and the configured providers; the public
   * halves of signing keys in the catalog's database ({@code gr_auth_signing_keys}), so that
   * tokens survive a restart and every instance on the database accepts the others'.
   */
  static AuthBackend backend(AppConfig config, int port, Catalog catalog,
      javax.sql.DataSource database) {
    AuthBackend.Builder b = AuthBackend.builder()
        .baseUrl(URI.create(config.baseUrl().orElse("http://localhost:" + port)))
        .appUrl(URI.create(config.appBaseUrl().orElse("http://localhost:3000")))
        .keyStore(dev.greenroom.auth.token.jdbc.JdbcKeyStore.create(database));
    config.guest().ifPresent(g -> {
      b.provider(GuestProvider.of(g.userEntityRef(), g.ownershipEntityRefs(), catalog));
      LOG.info("Sign-in: guest provider, as {}", g.userEntityRef());
    });
    config.oidc().ifPresent(o -> {
      b.provider(oidc(o, catalog));
      LOG.info("Sign-in: OIDC provider for environment {}, issuer {}, client {}",
          o.environment(), o.metadataUrl(), o.clientId());
    });
    return b.build();
  }

  /** The OIDC provider of {@code auth.providers.oidc.<env>}; a bad value names its key. */
  static OidcProvider oidc(AppConfig.Oidc o, Catalog catalog) {
    String key = "auth.providers.oidc." + o.environment();
    CatalogSignIn signIn = CatalogSignIn.of(catalog);
    List<SignInResolver> resolvers = o.resolvers().stream().map(r -> switch (r.resolver()) {
      case "emailLocalPartMatchingUserEntityName" -> signIn.byEmailLocalPart();
      case "emailMatchingUserEntityAnnotation" -> signIn.byAnnotation(
          java.util.Objects.requireNonNull(r.annotation()));
      default -> signIn.byProfileEmail();
    }).toList();
    OidcProvider.Builder b = OidcProvider.builder().environment(o.environment())
        .signInResolver(SignInResolver.firstOf(resolvers));
    try {
      b.metadataUrl(URI.create(o.metadataUrl()));
      b.clientId(o.clientId()).clientSecret(o.clientSecret()).scopes(o.scopes());
      if (o.callbackUrl() != null) {
        b.callbackUrl(URI.create(o.callbackUrl()));
      }
      if (o.prompt() != null) {
        b.prompt(o.prompt());
      }
      if (o.tokenEndpointAuthMethod() != null) {
        b.tokenEndpointAuthMethod(o.tokenEndpointAuthMethod());
      }
      if (o.tokenSignedResponseAlg() != null) {
        b.idTokenAlgorithm(o.tokenSignedResponseAlg());
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
    return b.build();
  }

  /** The authenticator for the decision: user tokens, static tokens, local access. */
  static Authenticator authenticator(Decision decision, AppConfig config, AuthBackend auth) {
    List<Authenticator> chain = new ArrayList<>();
    chain.add(auth.authenticator());
    if (!config.staticTokens().isEmpty()) {
      Map<String, String> m = new LinkedHashMap<>();
      config.staticTokens().forEach(t -> m.put(t.token(), t.subject()));
      chain.add(StaticTokenAuthenticator.of(m));
      LOG.info("{} static bearer token(s) accepted (backend.auth.externalAccess)", m.size());
    }
    for (AppConfig.JwksAccess j : config.jwksAccess()) {
      chain.add(JwksTokenAuthenticator.builder(j.url()).issuers(j.issuers())
          .audiences(j.audiences()).algorithms(j.algorithms()).subjectPrefix(j.subjectPrefix())
          .build());
      LOG.info("JWTs signed by the keys at {} accepted (backend.auth.externalAccess)", j.url());
    }
    Authenticator credentials = Authenticator.anyOf(chain);
    Authenticator result = switch (decision.mode()) {
      case LOCAL -> Authenticator.anyOf(List.of(credentials,
          LocalAccessAuthenticator.create(
              origin -> config.cors().map(c -> c.allows(origin)).orElse(false))));
      case CREDENTIALS -> credentials;
      case OPEN -> headers -> headers.firstValue("authorization").isPresent()
          ? credentials.authenticate(headers)
          : Optional.<Principal>of(ApiPrincipal.ANONYMOUS);
    };
    if (LocalAccessAuthenticator.isLoopbackHost(decision.host())) {
      return LocalAccessAuthenticator.requireLoopbackHost(result);
    }
    return result;
  }

  static Optional<CorsPolicy> cors(AppConfig config) {
    config.cors().ifPresent(c -> LOG.info("CORS: answering browsers on {}", c.origins()));
    return config.cors();
  }
}

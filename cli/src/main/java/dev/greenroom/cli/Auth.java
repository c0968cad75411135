package dev.greenroom.cli;

import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.LocalAccessAuthenticator;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call {@code serve}'s API, and on which address it may therefore listen. Secure by
 * default:
 *
 * <ul>
 *   <li><b>No {@code backend.auth} configured</b>: the local development mode. The server listens
 *       on loopback only and serves pages and tools on this machine ({@link
 *       LocalAccessAuthenticator}); a {@code backend.listen.host} that is not a loopback address is
 *       refused at start.
 *   <li><b>Credentials configured</b> ({@code backend.auth.externalAccess} static tokens): every
 *       request must carry one (401 otherwise), and the server listens where {@code
 *       backend.listen.host} says, every interface by default, as Backstage does.
 *   <li><b>{@code backend.auth.dangerouslyDisableDefaultAuthPolicy: true}</b>: the explicit
 *       opt-out. Requests without credentials are let in, on every interface unless {@code
 *       backend.listen.host} says otherwise, and the log says so at every start.
 * </ul>
 */
final class Auth {
  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);

  /** What {@link #decide} chose: the address to bind and who may call. */
  record Decision(String host, Authenticator authenticator, String mode) {}

  private Auth() {}

  static Decision decide(AppConfig config) {
    Optional<String> requested = config.host();
    boolean credentials = !config.staticTokens().isEmpty();
    if (!credentials && !config.authPolicyDisabled()) {
      String host = requested.orElse("127.0.0.1");
      if (!LocalAccessAuthenticator.isLoopbackHost(host)) {
        throw new ConfigException("backend.listen.host is '" + host + "' but no backend.auth is"
            + " configured: without authentication Greenroom listens on loopback only. Configure"
            + " backend.auth.externalAccess tokens, or set"
            + " backend.auth.dangerouslyDisableDefaultAuthPolicy: true to serve an open API on '"
            + host + "' (anyone who can reach it could change the catalog and run templates)");
      }
      LOG.info("No backend.auth configured: local development mode. Only this machine can call"
          + " (loopback address, loopback Host and Origin headers); configure"
          + " backend.auth.externalAccess to serve other machines");
      return new Decision(host, LocalAccessAuthenticator.create(), "local development, no auth");
    }
    String host = requested.orElse("0.0.0.0");
    Authenticator tokens = null;
    if (credentials) {
      Map<String, String> m = new LinkedHashMap<>();
      config.staticTokens().forEach(t -> m.put(t.token(), t.subject()));
      tokens = StaticTokenAuthenticator.of(m);
      LOG.info("API calls need one of {} static bearer token(s) (backend.auth.externalAccess)",
          m.size());
    }
    if (!config.authPolicyDisabled()) {
      return new Decision(host, tokens, "bearer tokens required");
    }
    LOG.warn("backend.auth.dangerouslyDisableDefaultAuthPolicy is true: requests WITHOUT"
        + " credentials are allowed on {}; anyone who can reach this address can register"
        + " locations, delete entities and run templates", host);
    Authenticator withTokens = tokens;
    Authenticator open = withTokens == null
        ? Authenticator.allowAll()
        : headers -> headers.firstValue("authorization").isPresent()
            ? withTokens.authenticate(headers)
            : Optional.of(ApiPrincipal.ANONYMOUS);
    return new Decision(host, open, "OPEN: no credentials required");
  }
}

package dev.greenroom.cli;

import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code backend.auth} onto the server: static external access tokens become a bearer token
 * authenticator (calls without one of the tokens answer 401); without tokens everybody may call,
 * as in a Backstage development setup.
 */
final class Auth {
  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);

  private Auth() {}

  static void configure(BackendServer.Builder server, AppConfig config) {
    if (config.staticTokens().isEmpty()) {
      LOG.info("No backend.auth.externalAccess tokens configured: the API is open to every caller");
      return;
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    config.staticTokens().forEach(t -> tokens.put(t.token(), t.subject()));
    server.authenticator(StaticTokenAuthenticator.of(tokens));
    LOG.info("API calls need one of {} static bearer token(s) (backend.auth.externalAccess)",
        tokens.size());
  }
}

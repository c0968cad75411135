package dev.greenroom.http.auth;

import java.net.http.HttpHeaders;
import java.security.Principal;
import java.util.Optional;

/**
 * Decides who is calling. Called once per request before routing to a handler.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * The caller, or empty when the request carries no acceptable credentials (answered with 401).
   *
   * @param headers the request headers (case-insensitive names)
   */
  Optional<Principal> authenticate(HttpHeaders headers);

  /**
   * Asks each authenticator in order; the first that knows the caller wins (user tokens, then
   * static tokens, say). No caller when none does.
   */
  static Authenticator anyOf(java.util.List<Authenticator> authenticators) {
    java.util.List<Authenticator> copy = java.util.List.copyOf(authenticators);
    return headers -> {
      for (Authenticator a : copy) {
        Optional<Principal> p = a.authenticate(headers);
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    };
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive,
   * surrounding white space trimmed), or empty when there is none; for authenticators of bearer
   * tokens.
   */
  static Optional<String> bearerToken(HttpHeaders headers) {
    String v = headers.firstValue("authorization").orElse("").trim();
    if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = v.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** Lets everybody in as {@link ApiPrincipal#ANONYMOUS}. */
  static Authenticator allowAll() {
    return headers -> Optional.of(ApiPrincipal.ANONYMOUS);
  }
}

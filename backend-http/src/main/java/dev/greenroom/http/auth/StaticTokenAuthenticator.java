package dev.greenroom.http.auth;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts {@code Authorization: Bearer <token>} for a fixed set of tokens, each standing for a
 * named principal (Backstage's static external access tokens). Tokens are compared in constant
 * time.
 */
public final class StaticTokenAuthenticator implements Authenticator {
  private final Map<String, ApiPrincipal> tokens;

  private StaticTokenAuthenticator(Map<String, ApiPrincipal> tokens) {
    this.tokens = Map.copyOf(tokens);
  }

  /**
   * An authenticator for these tokens.
   *
   * @param tokensToSubjects token to the principal name it stands for
   */
  public static StaticTokenAuthenticator of(Map<String, String> tokensToSubjects) {
    Map<String, ApiPrincipal> m = new LinkedHashMap<>();
    tokensToSubjects.forEach(
        (token, subject) -> {
          if (token.length() < 8) {
            throw new IllegalArgumentException("static tokens must be at least 8 characters");
          }
          m.put(token, new ApiPrincipal(subject));
        });
    return new StaticTokenAuthenticator(m);
  }

  @Override
  public Optional<Principal> authenticate(HttpHeaders headers) {
    Optional<String> token = Authenticator.bearerToken(headers);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = token.get().getBytes(StandardCharsets.UTF_8);
    Principal found = null;
    for (Map.Entry<String, ApiPrincipal> e : tokens.entrySet()) {
      if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }
}

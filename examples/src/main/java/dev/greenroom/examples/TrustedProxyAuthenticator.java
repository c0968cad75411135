package dev.greenroom.examples;

import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * A custom {@link Authenticator} for hosts behind a single-sign-on proxy (oauth2-proxy, an
 * ingress with OIDC): the proxy has logged the user in and passes the user's ref in {@code
 * X-Forwarded-User} and group refs in {@code X-Forwarded-Groups}, plus a shared secret in {@code
 * X-Proxy-Secret} that proves the request came through it. Without the secret, nobody gets in
 * (401), so a client that reaches the backend directly cannot claim to be anyone.
 *
 * <p>The secret is compared in constant time. Thread-safe.
 */
public final class TrustedProxyAuthenticator implements Authenticator {
  /** Who the caller is, and the groups the proxy reported. */
  public record ProxyUser(String name, Set<String> groups) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  private final byte[] secret;

  /** An authenticator that trusts requests carrying {@code secret}. */
  public TrustedProxyAuthenticator(String secret) {
    if (secret.length() < 16) {
      throw new IllegalArgumentException("the proxy secret must be at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<Principal> authenticate(HttpHeaders headers) {
    Optional<String> given = headers.firstValue("X-Proxy-Secret");
    if (given.isEmpty()
        || !MessageDigest.isEqual(secret, given.get().getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    Optional<String> user = headers.firstValue("X-Forwarded-User").map(String::strip)
        .filter(u -> !u.isEmpty());
    if (user.isEmpty()) {
      return Optional.of(ApiPrincipal.ANONYMOUS); // a service behind the proxy, not a person
    }
    Set<String> groups = Set.copyOf(headers.allValues("X-Forwarded-Groups").stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip).filter(g -> !g.isEmpty()).toList());
    return Optional.of(new ProxyUser(user.get(), groups));
  }
}

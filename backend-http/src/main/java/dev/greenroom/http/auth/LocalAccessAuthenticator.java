package dev.greenroom.http.auth;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "no auth" local development mode: every caller on this machine is let in as {@link
 * ApiPrincipal#ANONYMOUS}, and nobody else, for a server that listens on a loopback address only.
 *
 * <p>Listening on loopback keeps other machines out, but not web pages in the developer's own
 * browser. Two checks close that door:
 *
 * <ul>
 *   <li>the {@code Host} header must name a loopback host ({@code localhost}, {@code *.localhost},
 *       {@code 127.0.0.0/8}, {@code [::1]}), which refuses DNS-rebinding pages whose own host name
 *       resolves to 127.0.0.1;
 *   <li>an {@code Origin} header, when the browser sends one, must be a loopback origin too (a
 *       Backstage app on {@code http://localhost:3000}), which refuses cross-site requests from
 *       any other page.
 * </ul>
 *
 * Requests that fail either check carry no credentials Greenroom accepts and are answered 401.
 */
public final class LocalAccessAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAccessAuthenticator.class);
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]");

  // one warning a minute at most: a hostile page can send many requests
  private final java.util.concurrent.atomic.AtomicLong lastWarning =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 120_000_000_000L);

  private final java.util.function.Predicate<String> alsoAllowedOrigins;

  private LocalAccessAuthenticator(java.util.function.Predicate<String> alsoAllowedOrigins) {
    this.alsoAllowedOrigins = alsoAllowedOrigins;
  }

  /** The authenticator: loopback hosts and origins only. */
  public static LocalAccessAuthenticator create() {
    return new LocalAccessAuthenticator(o -> false);
  }

  /**
   * The authenticator, also letting in pages of origins the deployer allowed (those of {@code
   * backend.cors}).
   */
  public static LocalAccessAuthenticator create(
      java.util.function.Predicate<String> alsoAllowedOrigins) {
    return new LocalAccessAuthenticator(java.util.Objects.requireNonNull(alsoAllowedOrigins));
  }

  /**
   * Wraps an authenticator for a server that listens on loopback: requests whose {@code Host}
   * names another host (DNS rebinding) are refused before {@code inner} is asked.
   */
  public static Authenticator requireLoopbackHost(Authenticator inner) {
    LocalAccessAuthenticator warnings = create();
    return headers -> {
      String host = headers.firstValue("Host").orElse(null);
      if (host != null && !isLoopbackHost(stripPort(host))) {
        warnings.warn("Refused a request for host '{}': a server on loopback serves loopback"
            + " hosts only (listen on another address to serve other names)", host);
        return Optional.empty();
      }
      return inner.authenticate(headers);
    };
  }

  @Override
  public Optional<Principal> authenticate(HttpHeaders headers) {
    String host = headers.firstValue("Host").orElse(null);
    if (host != null && !isLoopbackHost(stripPort(host))) {
      warn("Refused a request for host '{}': without auth only loopback hosts are served"
          + " (configure backend.auth to serve other hosts)", host);
      return Optional.empty();
    }
    String origin = headers.firstValue("Origin").orElse(null);
    if (origin != null && !isLoopbackOrigin(origin) && !alsoAllowedOrigins.test(origin)) {
      warn("Refused a request from origin '{}': without auth only pages on this machine may call"
          + " (add the origin to backend.cors, or configure backend.auth)", origin);
      return Optional.empty();
    }
    return Optional.of(ApiPrincipal.ANONYMOUS);
  }

  /** Whether a host name (no port; IPv6 with or without brackets) is a loopback name or address. */
  public static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (LOOPBACK_NAMES.contains(h) || h.endsWith(".localhost")) {
      return true;
    }
    // 127.0.0.0/8 written as four decimal parts; other spellings (127.1, 0x7f.1) are not names a
    // browser sends in Host for a loopback page.
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopbackOrigin(String origin) {
    if (origin.equals("null")) {
      return false; // sandboxed frames and file: pages
    }
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      return host != null
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && isLoopbackHost(host);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private void warn(String message, String value) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last > 60_000_000_000L && lastWarning.compareAndSet(last, now)) {
      LOG.warn(message, abbreviate(value));
    }
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
      return host.substring(0, colon);
    }
    return host;
  }

  private static String abbreviate(@Nullable String s) {
    if (s == null) {
      return "";
    }
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
  }
}

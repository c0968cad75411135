package dev.greenroom.http.auth;

import java.security.Principal;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes short-lived user tokens on behalf of a caller: the token a scaffolder task receives as
 * {@code secrets.backstageToken} (the caller's own credential is never handed to a template,
 * which may send its secrets anywhere), and the {@code backstage-auth} cookie that lets a browser
 * load TechDocs images and styles ({@code /.backstage/auth/v1/cookie}).
 */
@FunctionalInterface
public interface UserTokenIssuer {
  /**
   * A token that authenticates as {@code caller} for at most {@code lifetime}, or empty when no
   * token can be made for this caller (a task then runs without {@code backstageToken}; no cookie
   * is set).
   */
  Optional<String> issueFor(Principal caller, Duration lifetime);
}

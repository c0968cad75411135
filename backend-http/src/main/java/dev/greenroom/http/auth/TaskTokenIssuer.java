package dev.greenroom.http.auth;

import java.security.Principal;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the short-lived token a scaffolder task receives as {@code secrets.backstageToken}, on
 * behalf of the caller who created the task. The caller's own credential is never handed to a
 * template: a template may send its secrets anywhere.
 */
@FunctionalInterface
public interface TaskTokenIssuer {
  /**
   * A token that authenticates as {@code caller} for at most {@code lifetime}, or empty when no
   * token can be made for this caller (a task then runs without {@code backstageToken}).
   */
  Optional<String> issueFor(Principal caller, Duration lifetime);
}

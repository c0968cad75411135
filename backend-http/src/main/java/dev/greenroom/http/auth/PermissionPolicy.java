package dev.greenroom.http.auth;

import java.security.Principal;

/**
 * Decides what a caller may do; consulted on every catalog read and write, after authentication.
 * Must be thread-safe and quick (it runs on the request thread).
 */
@FunctionalInterface
public interface PermissionPolicy {
  /**
   * The decision for one permission.
   *
   * @param principal the authenticated caller
   * @param permission what the call needs
   */
  PermissionDecision decide(Principal principal, Permission permission);

  /** Allows everything. */
  static PermissionPolicy allowAll() {
    return (principal, permission) -> PermissionDecision.allow();
  }
}

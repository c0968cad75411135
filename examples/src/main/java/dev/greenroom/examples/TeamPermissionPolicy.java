package dev.greenroom.examples;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import java.security.Principal;
import java.util.List;

/**
 * A custom {@link PermissionPolicy}, as an organisation with a platform team might write it:
 *
 * <ul>
 *   <li>members of the admin group may do everything;
 *   <li>people ({@link TrustedProxyAuthenticator.ProxyUser}) may read every entity and refresh the
 *       entities their groups own (a conditional decision: {@code relations.ownedBy} is one of
 *       their groups), but not register or delete;
 *   <li>anyone else (services without a user) may read Components and APIs only.
 * </ul>
 *
 * <p>Conditional decisions are filters the catalog applies itself (in lists, counts and single
 * reads), as Backstage's conditional permission decisions. Thread-safe.
 */
public final class TeamPermissionPolicy implements PermissionPolicy {
  private final String adminGroup;

  /** A policy whose administrators are the members of {@code adminGroup} ({@code group:default/platform}). */
  public TeamPermissionPolicy(String adminGroup) {
    this.adminGroup = adminGroup;
  }

  @Override
  public PermissionDecision decide(Principal principal, Permission permission) {
    if (principal instanceof TrustedProxyAuthenticator.ProxyUser user) {
      if (user.groups().contains(adminGroup)) {
        return PermissionDecision.allow();
      }
      if (permission.equals(Permission.ENTITY_READ)
          || permission.equals(Permission.LOCATION_READ)
          || permission.equals(Permission.ENTITY_VALIDATE)) {
        return PermissionDecision.allow();
      }
      if (permission.equals(Permission.ENTITY_REFRESH)) {
        return user.groups().isEmpty()
            ? PermissionDecision.deny()
            : PermissionDecision.conditional(
                EntityPredicate.in("relations.ownedBy", List.copyOf(user.groups())));
      }
      return PermissionDecision.deny();
    }
    if (permission.equals(Permission.ENTITY_READ)) {
      return PermissionDecision.conditional(EntityPredicate.in("kind", List.of("component", "api")));
    }
    return PermissionDecision.deny();
  }
}

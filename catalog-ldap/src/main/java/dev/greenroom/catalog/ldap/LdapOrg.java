package dev.greenroom.catalog.ldap;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.schedule.ScheduledOrgEntityProvider;
import java.util.List;

/**
 * What one read of the directory found: User and Group entities with their memberships resolved
 * ({@code spec.memberOf}, {@code spec.parent}, {@code spec.children}), each sorted by name, as
 * Backstage's {@code readLdapOrg} answers.
 *
 * @param users the User entities
 * @param groups the Group entities
 */
public record LdapOrg(List<Entity> users, List<Entity> groups)
    implements ScheduledOrgEntityProvider.Org {
  public LdapOrg {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }
}

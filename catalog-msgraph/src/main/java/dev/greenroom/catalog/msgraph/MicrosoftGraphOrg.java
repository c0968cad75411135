package dev.greenroom.catalog.msgraph;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.schedule.ScheduledOrgEntityProvider;
import java.util.List;

/**
 * What one read of a tenant found: User entities and Group entities (the organization's root
 * group among them) with {@code spec.memberOf}, {@code spec.parent} and {@code spec.children}
 * resolved, each sorted by name, as Backstage's {@code readMicrosoftGraphOrg} answers.
 *
 * @param users the User entities
 * @param groups the Group entities
 */
public record MicrosoftGraphOrg(List<Entity> users, List<Entity> groups)
    implements ScheduledOrgEntityProvider.Org {
  public MicrosoftGraphOrg {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }
}

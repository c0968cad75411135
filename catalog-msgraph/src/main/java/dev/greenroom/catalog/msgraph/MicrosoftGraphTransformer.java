package dev.greenroom.catalog.msgraph;

import dev.greenroom.catalog.model.Entity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's {@code UserTransformer}, {@code GroupTransformer} and {@code
 * OrganizationTransformer}: turns one Graph object (a user, a group, the organization) into the
 * entity the catalog gets, given what the default transformer made of it. Called on the read's
 * thread, once per object.
 *
 * <p>Keep the {@code graph.microsoft.com/user-id}, {@code group-id} or {@code tenant-id}
 * annotation of {@code standard} (or set it): memberships are resolved through them after all
 * objects are read, and {@code spec.memberOf}, {@code spec.parent} and {@code spec.children} are
 * written then (so keep {@code spec.memberOf} of a User and {@code spec.children} of a Group as
 * lists).
 */
@FunctionalInterface
public interface MicrosoftGraphTransformer {
  /**
   * The entity for {@code object}.
   *
   * @param object the object as Graph answered it (with the fields asked for in {@code select})
   * @param standard what Backstage's default transformer makes of it (a user's photo included);
   *     {@code null} when the default leaves the object out (no {@code id} or {@code
   *     displayName})
   * @return the entity, or {@code null} to leave the object out
   */
  @Nullable Entity transform(JsonNode object, @Nullable Entity standard);
}

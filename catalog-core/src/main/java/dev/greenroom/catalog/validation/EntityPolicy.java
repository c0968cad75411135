package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.model.Entity;

/**
 * One step of the policy chain (Backstage's {@code EntityPolicy}), run in order on every entity
 * after the envelope check. A policy returns the entity, or a changed one (made with {@link
 * Entity#edit}, which copies the tree once, or a {@code with...} method, which copies only what it
 * changes), or throws {@link PolicyViolation}; the first violation
 * stops the chain and becomes the problem {@code Policy check failed for <ref>; caused by ...}.
 * Policies must be thread-safe.
 */
@FunctionalInterface
public interface EntityPolicy {
  /**
   * Checks and possibly edits an entity.
   *
   * @param entity the entity so far (the envelope check has passed)
   * @return the entity to pass on: {@code entity} itself when nothing changes
   * @throws PolicyViolation when the entity is not acceptable
   */
  Entity enforce(Entity entity);
}

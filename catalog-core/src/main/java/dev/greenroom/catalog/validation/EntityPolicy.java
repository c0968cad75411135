package dev.greenroom.catalog.validation;

import tools.jackson.databind.node.ObjectNode;

/**
 * One step of the policy chain (Backstage's {@code EntityPolicy}), run in order on every entity
 * after the envelope check. A policy returns the entity, possibly edited (it may edit the given
 * tree in place: it is a private copy), or throws {@link PolicyViolation}; the first violation
 * stops the chain and becomes the problem {@code Policy check failed for <ref>; caused by ...}.
 * Policies must be thread-safe.
 */
@FunctionalInterface
public interface EntityPolicy {
  /**
   * Checks and possibly edits an entity.
   *
   * @param entity the entity so far; an object with string {@code apiVersion}, {@code kind} and
   *     {@code metadata.name} (the envelope check has passed)
   * @return the entity to pass on
   * @throws PolicyViolation when the entity is not acceptable
   */
  ObjectNode enforce(ObjectNode entity);
}

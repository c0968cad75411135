package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.model.Entity;

/**
 * Validates entities of one kind (Backstage's {@code validateEntityKind} of a processor). Every
 * registered validator sees every entity that passed the policies; at least one must accept it,
 * and any that answers {@link KindCheck.Invalid} fails it. Must be cheap when the entity is not
 * its kind, must not throw, and must be thread-safe. {@link SchemaKindValidator} implements it with
 * a JSON schema; the built-in kinds use the same class.
 */
public interface KindValidator {
  /**
   * The processor name Backstage would print in {@code Processor <name> threw an error while
   * validating the entity ...}, such as {@code BuiltinKindsEntityProcessor}.
   */
  String processorName();

  /**
   * Checks an entity after the policies (namespace already defaulted). The entity is the one the
   * policies passed on; reading it copies nothing but what its accessors document as copies.
   */
  KindCheck check(Entity entity);
}

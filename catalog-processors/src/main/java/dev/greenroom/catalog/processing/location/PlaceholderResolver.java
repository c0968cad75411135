package dev.greenroom.catalog.processing.location;

import tools.jackson.databind.JsonNode;

/**
 * Resolves one kind of placeholder, named by its key without the dollar: {@code text} for
 * {@code $text: ./README.md}. The placeholder processor calls it for every object in an entity
 * whose only key is {@code $<name>}, and puts the returned value in the object's place.
 *
 * <p>Built-ins are in {@link PlaceholderResolvers}; hosts add their own (Backstage's
 * {@code $openapi}, {@code $asyncapi}) by name. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PlaceholderResolver {
  /**
   * The value to put in the placeholder's place.
   *
   * @param context the placeholder's key and value, the entity's location, and reading helpers
   *     that resolve, confine, size-limit and record the read (a refresh key per read)
   * @throws dev.greenroom.catalog.processing.ProcessingException to fail with a named error;
   *     anything else becomes an {@code InputError} with the exception's message
   */
  JsonNode resolve(PlaceholderContext context) throws Exception;
}

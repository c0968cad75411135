package dev.greenroom.scaffolder.template;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user who starts a run: templates see it as {@code user.ref} and {@code user.entity}.
 *
 * @param ref the user's entity ref (e.g. {@code user:default/jane}), or null when anonymous
 * @param entity the user's catalog entity as JSON, or null when unknown
 */
public record TemplateUser(@Nullable String ref, @Nullable ObjectNode entity) {
  private static final TemplateUser ANONYMOUS = new TemplateUser(null, null);

  /** No known user. */
  public static TemplateUser anonymous() {
    return ANONYMOUS;
  }

  /** A user known only by ref. */
  public static TemplateUser of(String ref) {
    return new TemplateUser(ref, null);
  }
}

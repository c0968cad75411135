package dev.greenroom.scaffolder.action;

import java.util.Objects;

/**
 * An example of an action's use, listed by {@code GET /v2/actions}.
 *
 * @param description what the example shows
 * @param example a YAML snippet of a template step
 */
public record ActionExample(String description, String example) {
  public ActionExample {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(example, "example");
  }
}

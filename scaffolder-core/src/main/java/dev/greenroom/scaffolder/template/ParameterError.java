package dev.greenroom.scaffolder.template;

import java.util.Objects;

/**
 * One problem with the submitted parameters.
 *
 * @param field the field's path in the values, dotted ({@code name}, {@code repo.owner}, {@code
 *     tags[1]}); empty for the values object itself
 * @param message what is wrong, e.g. {@code is required} or {@code does not match pattern ...}
 * @param keyword the JSON Schema keyword that failed ({@code required}, {@code type}, {@code
 *     pattern}, ...)
 * @param step the index of the parameter step (form page) whose schema failed, 0-based
 */
public record ParameterError(String field, String message, String keyword, int step) {
  public ParameterError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(keyword, "keyword");
  }

  @Override
  public String toString() {
    return (field.isEmpty() ? "(values)" : field) + ": " + message;
  }
}

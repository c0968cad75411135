package dev.greenroom.catalog.validation;

/**
 * A field-format rule: true if a value is acceptable. Used by the field-format policy for one
 * {@link FieldFormat}; replace the default with {@link EntityValidator.Builder#fieldValidator}.
 */
@FunctionalInterface
public interface FieldValidator {
  /** Whether {@code value} is valid; must not throw. */
  boolean isValid(String value);
}

package dev.greenroom.catalog.validation;

/**
 * The answer of a {@link KindValidator}: the entity is of its kind and valid, not of its kind, or
 * of its kind and invalid. Built with the static factories; matched with {@code instanceof}.
 */
public sealed interface KindCheck {
  /** The entity is of this validator's kind and valid. */
  record Accepted() implements KindCheck {}

  /** The entity is not of this validator's kind (foreign kind or apiVersion). */
  record NotMine() implements KindCheck {}

  /**
   * The entity is of this validator's kind but invalid.
   *
   * @param field dotted path of the offending field ({@code spec.owner})
   * @param message the error text as Backstage would print it after {@code caused by TypeError: },
   *     e.g. {@code /spec must have required property 'owner' - missingProperty: owner}
   * @param errorName the JavaScript error name Backstage prints, usually {@code TypeError}
   */
  record Invalid(String field, String message, String errorName) implements KindCheck {}

  /** The entity is accepted. */
  static KindCheck accepted() {
    return new Accepted();
  }

  /** The entity is not of this kind. */
  static KindCheck notMine() {
    return new NotMine();
  }

  /** The entity is of this kind and invalid; the error name is {@code TypeError}. */
  static KindCheck invalid(String field, String message) {
    return new Invalid(field, message, "TypeError");
  }
}

package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.CatalogException;

/**
 * Thrown by an {@link EntityPolicy} that rejects an entity. The message is the text Backstage's
 * policy would throw (for example {@code Unknown field status}); {@link #errorName()} is the
 * JavaScript error name Backstage would print before it ({@code Error} for every built-in policy).
 */
public final class PolicyViolation extends CatalogException {
  private final String field;
  private final String rule;
  private final String errorName;

  /** A violation of {@code rule} at dotted {@code field} (empty for the root). */
  public PolicyViolation(String field, String rule, String message) {
    this(field, rule, message, "Error");
  }

  /** A violation with an explicit JavaScript error name for the Backstage message. */
  public PolicyViolation(String field, String rule, String message, String errorName) {
    super(message);
    this.field = field;
    this.rule = rule;
    this.errorName = errorName;
  }

  /** The dotted field path, such as {@code metadata.tags.1}; empty for the root. */
  public String field() {
    return field;
  }

  /** A short rule id, such as {@code field-format} or {@code foreign-root-field}. */
  public String rule() {
    return rule;
  }

  /** The JavaScript error name Backstage prints, such as {@code Error} or {@code TypeError}. */
  public String errorName() {
    return errorName;
  }
}

package dev.greenroom.catalog.validation;

import org.jspecify.annotations.Nullable;

/**
 * The replaceable field-format rules of Backstage's {@code makeValidator()}, each with its default
 * {@link FieldValidator} and the expectation text Backstage prints for that default.
 */
public enum FieldFormat {
  /** {@code apiVersion}: prefix/suffix; prefix a DNS subdomain, suffix {@code [a-zA-Z0-9]{1,63}}. */
  API_VERSION(FieldValidators::isValidApiVersion, "a valid prefix and/or suffix"),
  /** {@code kind}: {@code [a-zA-Z][a-z0-9A-Z]*}, at most 63. */
  KIND(
      FieldValidators::isValidKind,
      "a string that is a sequence of [a-zA-Z][a-z0-9A-Z], at most 63 characters in total"),
  /** {@code metadata.name}: Kubernetes object name. */
  ENTITY_NAME(FieldValidators::isValidObjectName, FieldValidators.OBJECT_NAME_EXPECTATION),
  /** {@code metadata.namespace}: DNS label (lower case). */
  NAMESPACE(
      FieldValidators::isValidDnsLabel,
      "a string that is sequences of [a-z0-9] separated by [-], at most 63 characters in total"),
  /** Label keys: prefix/suffix; prefix a DNS subdomain, suffix an object name. */
  LABEL_KEY(FieldValidators::isValidLabelKey, "a valid prefix and/or suffix"),
  /** Label values: empty or an object name. */
  LABEL_VALUE(FieldValidators::isValidLabelValue, FieldValidators.OBJECT_NAME_EXPECTATION),
  /** Annotation keys: as label keys. */
  ANNOTATION_KEY(FieldValidators::isValidLabelKey, "a valid prefix and/or suffix"),
  /** Annotation values: any string. */
  ANNOTATION_VALUE(v -> true, "a string"),
  /** Tags: {@code [a-z0-9:+#]+} runs separated by single {@code -}, at most 63. */
  TAG(
      FieldValidators::isValidTag,
      "a string that is sequences of [a-z0-9+#] separated by [-], at most 63 characters in total");

  private final FieldValidator defaultValidator;
  private final String expectation;

  FieldFormat(FieldValidator defaultValidator, String expectation) {
    this.defaultValidator = defaultValidator;
    this.expectation = expectation;
  }

  /** Backstage's default rule. */
  public FieldValidator defaultValidator() {
    return defaultValidator;
  }

  /**
   * The expectation text Backstage prints for the default rule. For a replaced rule Backstage
   * prints none (it keys the text on the function's name), and so do we unless one is given.
   */
  public @Nullable String expectation() {
    return expectation;
  }
}

package dev.greenroom.scaffolder.template;

import java.util.List;

/**
 * The submitted parameters do not match the template's schemas (Backstage answers 400 {@code
 * {errors: [...]}}). {@link #errors()} lists every problem, per field.
 */
public class ParameterValidationException extends TemplateException {
  private final List<ParameterError> errors;

  /**
   * @param template the template's ref, for the message
   * @param errors the problems, at least one
   */
  public ParameterValidationException(String template, List<ParameterError> errors) {
    super("Invalid parameters for " + template + ": "
        + String.join("; ", errors.stream().map(ParameterError::toString).toList()));
    this.errors = List.copyOf(errors);
  }

  /** The problems, per field. */
  public List<ParameterError> errors() {
    return errors;
  }
}

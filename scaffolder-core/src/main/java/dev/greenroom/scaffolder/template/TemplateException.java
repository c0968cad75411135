package dev.greenroom.scaffolder.template;

import dev.greenroom.scaffolder.ScaffolderException;

/**
 * A template that cannot be used: an unsupported {@code apiVersion}, a wrong kind, a missing or
 * malformed field. The message names the template and the field.
 */
public class TemplateException extends ScaffolderException {
  /** An error with a message naming template and field. */
  public TemplateException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.greenroom.scaffolder;

/**
 * Root of every exception the scaffolder throws. Messages name the template, step, action or field
 * concerned, and never contain a secret value.
 */
public class ScaffolderException extends RuntimeException {
  /** An error with a message. */
  public ScaffolderException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public ScaffolderException(String message, Throwable cause) {
    super(message, cause);
  }
}

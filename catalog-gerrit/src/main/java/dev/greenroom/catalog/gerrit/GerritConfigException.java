package dev.greenroom.catalog.gerrit;

/**
 * A {@code catalog.providers.gerrit} config that cannot be used. The message names the key
 * ({@code catalog.providers.gerrit.main.query}) and never a secret.
 */
public class GerritConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public GerritConfigException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public GerritConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

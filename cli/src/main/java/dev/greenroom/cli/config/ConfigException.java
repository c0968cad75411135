package dev.greenroom.cli.config;

/**
 * A configuration file that cannot be read or holds a value of the wrong shape. The message names
 * the key and the file, as Backstage's config reader does.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public ConfigException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.greenroom.usersettings;

/** A store failure (the database is unreachable, a value cannot be read back). */
public class UserSettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its cause. */
  public UserSettingsException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure. */
  public UserSettingsException(String message) {
    super(message);
  }
}

package dev.greenroom.scaffolder.action;

import dev.greenroom.scaffolder.ScaffolderException;

/**
 * An action refuses its input or fails (Backstage's {@code InputError} and friends). The message
 * names the action and the offending input field or path; the runner masks secrets in it.
 */
public class ActionException extends ScaffolderException {
  /** An error with a message naming action and field. */
  public ActionException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public ActionException(String message, Throwable cause) {
    super(message, cause);
  }
}

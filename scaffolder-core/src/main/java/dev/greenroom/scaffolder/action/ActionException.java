package dev.greenroom.scaffolder.action;

import dev.greenroom.scaffolder.ScaffolderException;

/**
 * An action refuses its input or fails (Backstage's {@code InputError} and friends). The message
 * names the action and the offending input field or path; the runner masks secrets in it.
 */
public class ActionException extends ScaffolderException {
  /**
   * What kind of failure this is, as Backstage's error names tell it; a dry run answers with the
   * matching status (Backstage's error handler maps the name to the status).
   */
  public enum Kind {
    /** Bad input ({@code InputError}, 400): the default. */
    INPUT,
    /** A path or URL that leaves where it may go ({@code NotAllowedError}, 403). */
    NOT_ALLOWED,
    /** Something named that does not exist ({@code NotFoundError}, 404). */
    NOT_FOUND,
    /** Anything else, such as a file system error ({@code Error}, 500). */
    ERROR
  }

  private final Kind kind;

  /** An error with a message naming action and field. */
  public ActionException(String message) {
    this(Kind.INPUT, message);
  }

  /** An error with a message and its cause. */
  public ActionException(String message, Throwable cause) {
    super(message, cause);
    this.kind = Kind.INPUT;
  }

  /** An error of a given kind. */
  public ActionException(Kind kind, String message) {
    super(message);
    this.kind = java.util.Objects.requireNonNull(kind);
  }

  /** An error of a given kind with its cause. */
  public ActionException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind);
  }

  /** What kind of failure this is. */
  public Kind kind() {
    return kind;
  }
}

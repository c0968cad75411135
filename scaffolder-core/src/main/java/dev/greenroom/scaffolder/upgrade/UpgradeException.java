package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.scaffolder.ScaffolderException;

/** An upgrade cannot be computed or applied; the message names the entity, template or file. */
public class UpgradeException extends ScaffolderException {
  /** Why. */
  public enum Reason {
    /** The input is wrong (a malformed ref or URL, no recorded values). */
    INPUT,
    /** The entity, template, repository or template version was not found. */
    NOT_FOUND,
    /** Reading or writing the repository failed. */
    REPOSITORY
  }

  private final Reason reason;

  /** An exception of the given kind. */
  public UpgradeException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** An exception of the given kind with a cause. */
  public UpgradeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the upgrade failed. */
  public Reason reason() {
    return reason;
  }
}

package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.ScaffolderException;

/** A task store could not read or write; after a failed write the previous state is intact. */
public class TaskStoreException extends ScaffolderException {
  private static final long serialVersionUID = 1L;

  public TaskStoreException(String message) {
    super(message);
  }

  public TaskStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.ScaffolderException;

/**
 * Thrown by {@link CancellationSignal#throwIfCancelled()} when a running task must stop: a caller
 * cancelled it, its worker pool is closing, or another worker took it over.
 */
public class TaskCancelledException extends ScaffolderException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String message) {
    super(message);
  }
}

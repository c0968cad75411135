package dev.greenroom.scaffolder.task;

import java.util.Locale;

/** A task's status, with Backstage's wire names ({@code open}, {@code processing}, ...). */
public enum TaskStatus {
  /** Waiting for a worker (new, retried or recovered). */
  OPEN,
  /** Claimed by a worker that heartbeats it. */
  PROCESSING,
  /**
   * Parked by a step until a decision from outside (an approval); held by no worker, resumed to
   * {@code open} or failed by the decision or its timeout.
   */
  WAITING,
  /** Ran to the end. */
  COMPLETED,
  /** A step failed, or the worker died and the task was not recovered. */
  FAILED,
  /** Cancelled by a caller. */
  CANCELLED;

  /** The wire name, for example {@code processing}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for completed, failed and cancelled. */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * The status of a wire name.
   *
   * @throws IllegalArgumentException naming the value when it is not a task status
   */
  public static TaskStatus parse(String wire) {
    for (TaskStatus s : values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown task status '" + wire + "'; expected open, processing, waiting, completed, failed or cancelled");
  }
}

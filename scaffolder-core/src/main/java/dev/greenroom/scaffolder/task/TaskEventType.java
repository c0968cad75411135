package dev.greenroom.scaffolder.task;

import java.util.Locale;

/** The kinds of task events, with Backstage's wire names. */
public enum TaskEventType {
  /** A log line, optionally about a step ({@code stepId}) and its status. */
  LOG,
  /** The run ended; the body says with which status, and carries the output or the error. */
  COMPLETION,
  /** A caller cancelled the task. */
  CANCELLED,
  /** The task was put back in the queue (retry, or recovery after its worker died). */
  RECOVERED;

  /** The wire name, for example {@code completion}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type of a wire name.
   *
   * @throws IllegalArgumentException naming the value when it is not an event type
   */
  public static TaskEventType parse(String wire) {
    for (TaskEventType t : values()) {
      if (t.wire().equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown task event type '" + wire + "'");
  }
}

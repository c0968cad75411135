package dev.greenroom.scaffolder.task;

import org.jspecify.annotations.Nullable;

/**
 * What happens to a task whose worker stopped heartbeating (Backstage's {@code
 * EXPERIMENTAL_recovery.EXPERIMENTAL_strategy}, read from the task spec).
 */
public enum RecoveryStrategy {
  /** The task fails ("marked as stale"). Backstage's default. */
  NONE("none"),
  /** The task goes back to the queue with a {@code recovered} event and runs again. */
  START_OVER("startOver");

  /** The spec's spelling. */
  public final String wire;

  RecoveryStrategy(String wire) {
    this.wire = wire;
  }

  /** The strategy of a spec value; null or unknown values give {@code fallback}. */
  public static RecoveryStrategy of(@Nullable String wire, RecoveryStrategy fallback) {
    for (RecoveryStrategy s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    return fallback;
  }
}

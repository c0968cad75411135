package dev.greenroom.scaffolder.run;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives what happens during a run, as it happens, on the running thread. Every message is
 * already masked (secrets replaced by {@code ***}). The task layer turns these into stored
 * events; all methods default to doing nothing.
 *
 * <p>Order for one step: {@code stepStarted}, then any {@code log} lines with its id, then exactly
 * one of {@code stepCompleted} or {@code stepFailed}. A step that does not run gets only {@code
 * stepSkipped}. Runner lines without a step (e.g. rendering the output) have a null step id.
 */
public interface RunListener {
  /** A listener that ignores everything. */
  RunListener NONE = new RunListener() {};

  /**
   * A log line.
   *
   * @param stepId the step it belongs to, or null for lines of the run itself
   * @param message the masked message
   */
  default void log(@Nullable String stepId, String message) {}

  /** A step begins (Backstage logs "Beginning step &lt;name&gt;"). */
  default void stepStarted(String stepId, String name) {}

  /**
   * A step finished.
   *
   * @param output the step's output object (for {@code each} steps, each key holds an array of
   *     the iterations' values); outputs are data and are passed as the action set them
   */
  default void stepCompleted(String stepId, JsonNode output) {}

  /**
   * A step failed; the run stops after this.
   *
   * @param message the masked error message
   */
  default void stepFailed(String stepId, String message) {}

  /**
   * A step did not run: its {@code if} was falsy, it completed in a previous run (its stored
   * output is used), or it was skipped in a dry run.
   *
   * @param reason a short masked reason
   */
  default void stepSkipped(String stepId, String reason) {}
}

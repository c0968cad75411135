package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.run.RunListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the runner's {@link RunListener} calls into the log events Backstage's runner writes, one
 * event per line: {@code "Beginning step <name>"} with status {@code processing}, the action's
 * lines with the step id only, {@code "Finished step <name>"} with {@code completed}, the error
 * with {@code failed}, skip lines with {@code skipped} (or {@code completed} for a step completed in
 * an earlier run, as Backstage's resume does). The runner also reports its begin, finish and skip
 * lines as plain log lines; those are folded into the status events instead of appearing twice.
 * Used for task events ({@link TemplateTaskHandler}) and the dry-run log.
 */
public final class BackstageRunEvents implements RunListener {
  /** Receives one event body's parts. */
  @FunctionalInterface
  public interface Sink {
    /**
     * One event.
     *
     * @param message the (masked) message
     * @param stepId the step, or null
     * @param status the step's new status, or null for a plain line
     */
    void event(String message, @Nullable String stepId, @Nullable String status);
  }

  private final Sink sink;
  private final @Nullable BiConsumer<String, JsonNode> onCompleted;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> skipLines = new HashMap<>();

  /**
   * @param sink where the events go
   * @param onCompleted called with a step's id and output when it completes, before its "Finished"
   *     event (to save the step state), or null
   */
  public BackstageRunEvents(Sink sink, @Nullable BiConsumer<String, JsonNode> onCompleted) {
    this.sink = Objects.requireNonNull(sink);
    this.onCompleted = onCompleted;
  }

  /** Names steps ahead of the run, for the "Finished" line of steps started in another run. */
  public BackstageRunEvents stepName(String stepId, String name) {
    names.put(stepId, name);
    return this;
  }

  private String name(String stepId) {
    return names.getOrDefault(stepId, stepId);
  }

  @Override
  public void log(@Nullable String stepId, String message) {
    if (stepId != null) {
      String n = name(stepId);
      if (message.equals("Beginning step " + n) || message.equals("Finished step " + n)) {
        return; // written with its status by stepStarted / stepCompleted
      }
      if (message.startsWith("Skipping step " + stepId + " because") || message.startsWith("Skipping because ")) {
        skipLines.put(stepId, message);
        return; // written with its status by stepSkipped
      }
    }
    sink.event(message, stepId, null);
  }

  @Override
  public void stepStarted(String stepId, String name) {
    names.put(stepId, name);
    sink.event("Beginning step " + name, stepId, TaskStatus.PROCESSING.wire());
  }

  @Override
  public void stepCompleted(String stepId, JsonNode output) {
    if (onCompleted != null) {
      onCompleted.accept(stepId, output);
    }
    sink.event("Finished step " + name(stepId), stepId, TaskStatus.COMPLETED.wire());
  }

  @Override
  public void stepFailed(String stepId, String message) {
    sink.event(message, stepId, TaskStatus.FAILED.wire());
  }

  @Override
  public void stepSkipped(String stepId, String reason) {
    String line = skipLines.remove(stepId);
    if (line == null) {
      line = "Skipping step " + name(stepId) + ": " + reason;
    }
    boolean resumed = reason.contains("previous run");
    sink.event(line, stepId, resumed ? TaskStatus.COMPLETED.wire() : "skipped");
  }
}

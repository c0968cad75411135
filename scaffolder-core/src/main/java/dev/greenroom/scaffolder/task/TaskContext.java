package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.SecretMasker;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@link TaskHandler} gets for one run of one task: the task, its secrets, the cancellation
 * signal, and the ways to write events, step states, checkpoints and a workspace snapshot. Every
 * event body written here has the task's secrets masked. Once the signal fired for a reason other
 * than a caller's cancel (the pool is closing, or another worker took the task over), writes are
 * dropped, so a stale run cannot disturb the next one.
 *
 * <p>Limits keep a runaway action from filling the database: a run writes at most {@link
 * TaskWorkerPool.Builder#maxLogEvents} log events (then one line saying the log was cut), and
 * messages longer than {@link TaskWorkerPool.Builder#maxMessageChars} are cut.
 */
public final class TaskContext {
  private final TaskBroker broker;
  private final TaskRecord task;
  private final Map<String, String> secrets;
  private final SecretMasker masker;
  private final CancellationSignal signal;
  private final int maxLogEvents;
  private final int maxMessageChars;
  private int logEvents;

  TaskContext(
      TaskBroker broker,
      TaskRecord task,
      Map<String, String> secrets,
      CancellationSignal signal,
      int maxLogEvents,
      int maxMessageChars) {
    this.broker = broker;
    this.maxLogEvents = maxLogEvents;
    this.maxMessageChars = maxMessageChars;
    this.task = task;
    this.secrets = Map.copyOf(secrets);
    this.masker = SecretMasker.of(secrets);
    this.signal = signal;
  }

  /** The task as claimed: spec, creator, run count, and step states and checkpoints so far. */
  public TaskRecord task() {
    return task;
  }

  /** The task's secrets (empty when none were given). */
  public Map<String, String> secrets() {
    return secrets;
  }

  /** Masks the task's secrets. */
  public SecretMasker masker() {
    return masker;
  }

  /** Fires when the run must stop. */
  public CancellationSignal signal() {
    return signal;
  }

  /** The clock of the task system. */
  public Clock clock() {
    return broker.clock();
  }

  private boolean dropWrites() {
    CancellationSignal.Reason r = signal.reason();
    return r == CancellationSignal.Reason.SHUTDOWN || r == CancellationSignal.Reason.LOST;
  }

  /**
   * Writes a {@code log} event {@code {message, stepId?, status?}}.
   *
   * @param stepId the step it is about, or null
   * @param status the step's new status, or null for a plain log line
   */
  public void log(String message, @Nullable String stepId, @Nullable String status) {
    ObjectNode body = Json.object();
    body.put("message", message);
    if (stepId != null) {
      body.put("stepId", stepId);
    }
    if (status != null) {
      body.put("status", status);
    }
    event(TaskEventType.LOG, body);
  }

  /** Writes a plain log line. */
  public void log(String message) {
    log(message, null, null);
  }

  /**
   * Writes an event with a body of the handler's making (secrets masked, a long {@code message}
   * cut). Log events beyond the run's limit are dropped.
   */
  public void event(TaskEventType type, ObjectNode body) {
    if (dropWrites()) {
      return;
    }
    ObjectNode masked = masker.mask(body);
    tools.jackson.databind.JsonNode m = masked.get("message");
    if (m != null && m.isString() && m.asString().length() > maxMessageChars) {
      masked.put(
          "message",
          m.asString().substring(0, maxMessageChars)
              + "... (" + (m.asString().length() - maxMessageChars) + " more characters cut)");
    }
    if (type == TaskEventType.LOG) {
      synchronized (this) {
        logEvents++;
        if (logEvents > maxLogEvents + 1) {
          return;
        }
        if (logEvents == maxLogEvents + 1) {
          masked = Json.object();
          masked.put(
              "message",
              "The log of this run exceeded " + maxLogEvents + " lines; later lines are not kept");
        }
      }
    }
    broker.store().appendEvent(task.id(), new EventDraft(type, masked), broker.clock().instant());
    broker.changed();
  }

  /**
   * Saves the state of a step, for example {@code {status: "completed", output}}, with the task's
   * secrets masked (step states are part of the task that {@code GET /v2/tasks/:id} returns).
   */
  public void saveStep(String stepId, JsonNode state) {
    if (!dropWrites()) {
      broker.store().saveStep(task.id(), stepId, masker.mask(state));
    }
  }

  /** Saves a checkpoint value, with the task's secrets masked. */
  public void saveCheckpoint(String key, JsonNode value) {
    if (!dropWrites()) {
      broker.store().saveCheckpoint(task.id(), key, masker.mask(value));
    }
  }

  /** Forgets the saved step states, so that a later run starts at the first step. */
  public void clearSteps() {
    if (!dropWrites()) {
      broker.store().clearSteps(task.id());
    }
  }

  /** Saves (or with null removes) the workspace snapshot. */
  public void saveWorkspace(byte @Nullable [] snapshot) {
    if (!dropWrites()) {
      broker.store().saveWorkspace(task.id(), snapshot);
    }
  }

  /** The workspace snapshot saved by an earlier run, if any. */
  public Optional<byte[]> workspace() {
    return broker.store().workspace(task.id());
  }
}

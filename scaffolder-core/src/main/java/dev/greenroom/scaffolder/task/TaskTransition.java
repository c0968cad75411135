package dev.greenroom.scaffolder.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A guarded status change with the events that go with it, applied atomically by {@link
 * TaskStore#transition}: it happens only when the task is in one of {@code from} (and, when given,
 * held by {@code expectedWorker} with a heartbeat older than {@code heartbeatBefore}); otherwise
 * nothing changes. Completion, cancel, retry and recovery are all transitions, built by the
 * factories here.
 *
 * @param from the statuses the task must be in
 * @param expectedWorker the worker that must hold the task, or null for any
 * @param heartbeatBefore the task's heartbeat must be older than this, or null for no check
 * @param to the new status; the worker is released unless it is {@code processing}
 * @param clearSecrets remove the task's secrets
 * @param newSecrets replace the task's secrets with these, or null to keep them
 * @param deleteEvents event types to delete from the log first (retry drops the old completion)
 * @param events events to append, in order
 * @param at the time of the change
 * @param checkpoints checkpoint values to save with the change (a decision the resumed run reads)
 */
public record TaskTransition(
    Set<TaskStatus> from,
    @Nullable String expectedWorker,
    @Nullable Instant heartbeatBefore,
    TaskStatus to,
    boolean clearSecrets,
    @Nullable Map<String, String> newSecrets,
    Set<TaskEventType> deleteEvents,
    List<EventDraft> events,
    Instant at,
    Map<String, JsonNode> checkpoints) {

  public TaskTransition {
    checkpoints = Map.copyOf(checkpoints);
    from = Set.copyOf(from);
    Objects.requireNonNull(to, "to");
    newSecrets = newSecrets == null ? null : Map.copyOf(newSecrets);
    deleteEvents = Set.copyOf(deleteEvents);
    events = List.copyOf(events);
    Objects.requireNonNull(at, "at");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("a transition needs at least one source status");
    }
  }

  /** A transition that saves no checkpoint. */
  public TaskTransition(Set<TaskStatus> from, @Nullable String expectedWorker,
      @Nullable Instant heartbeatBefore, TaskStatus to, boolean clearSecrets,
      @Nullable Map<String, String> newSecrets, Set<TaskEventType> deleteEvents,
      List<EventDraft> events, Instant at) {
    this(from, expectedWorker, heartbeatBefore, to, clearSecrets, newSecrets, deleteEvents, events,
        at, Map.of());
  }

  /** The same transition, also saving {@code values} as checkpoints. */
  public TaskTransition withCheckpoints(Map<String, JsonNode> values) {
    return new TaskTransition(from, expectedWorker, heartbeatBefore, to, clearSecrets, newSecrets,
        deleteEvents, events, at, values);
  }

  /** A worker ends its run: {@code processing} held by {@code worker} to a terminal status. */
  public static TaskTransition complete(
      String worker, TaskStatus to, List<EventDraft> events, Instant at) {
    if (!to.terminal()) {
      throw new IllegalArgumentException("a run completes with a terminal status, not " + to.wire());
    }
    return new TaskTransition(
        Set.of(TaskStatus.PROCESSING), worker, null, to, true, null, Set.of(), events, at);
  }

  /** A caller cancels an open, running or waiting task. */
  public static TaskTransition cancel(List<EventDraft> events, Instant at) {
    return new TaskTransition(
        Set.of(TaskStatus.OPEN, TaskStatus.PROCESSING, TaskStatus.WAITING),
        null,
        null,
        TaskStatus.CANCELLED,
        true,
        null,
        Set.of(),
        events,
        at);
  }

  /**
   * A worker parks its run until a decision ({@code processing} held by {@code worker} to {@code
   * waiting}); the worker is released and the secrets are kept for the resumed run.
   */
  public static TaskTransition suspend(String worker, List<EventDraft> events, Instant at) {
    return new TaskTransition(
        Set.of(TaskStatus.PROCESSING), worker, null, TaskStatus.WAITING, false, null, Set.of(),
        events, at);
  }

  /** A decision resumes a waiting task: back to {@code open}, for a worker to claim. */
  public static TaskTransition resume(List<EventDraft> events, Instant at) {
    return new TaskTransition(
        Set.of(TaskStatus.WAITING), null, null, TaskStatus.OPEN, false, null, Set.of(), events,
        at);
  }

  /** A decision (a rejection) or its timeout fails a waiting task; the secrets are removed. */
  public static TaskTransition failWaiting(List<EventDraft> events, Instant at) {
    return new TaskTransition(
        Set.of(TaskStatus.WAITING), null, null, TaskStatus.FAILED, true, null, Set.of(), events,
        at);
  }

  /**
   * A caller retries a failed or cancelled task: back to {@code open}, its completion and
   * cancelled events dropped, optionally with new secrets.
   */
  public static TaskTransition retry(
      @Nullable Map<String, String> secrets, List<EventDraft> events, Instant at) {
    return new TaskTransition(
        Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED),
        null,
        null,
        TaskStatus.OPEN,
        false,
        secrets,
        Set.of(TaskEventType.COMPLETION, TaskEventType.CANCELLED),
        events,
        at);
  }

  /**
   * A task whose worker stopped heartbeating is put back in the queue ({@code to} open) or failed
   * ({@code to} failed, secrets removed).
   */
  public static TaskTransition recover(
      String deadWorker, Instant heartbeatBefore, TaskStatus to, List<EventDraft> events, Instant at) {
    if (to != TaskStatus.OPEN && to != TaskStatus.FAILED) {
      throw new IllegalArgumentException("recovery re-opens or fails a task, not " + to.wire());
    }
    return new TaskTransition(
        Set.of(TaskStatus.PROCESSING),
        deadWorker,
        heartbeatBefore,
        to,
        to == TaskStatus.FAILED,
        null,
        Set.of(),
        events,
        at);
  }
}

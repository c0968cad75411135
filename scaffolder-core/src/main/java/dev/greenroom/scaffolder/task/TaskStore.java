package dev.greenroom.scaffolder.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where tasks live (Backstage's {@code TaskStore}): tasks with their spec and status, their secrets
 * (apart, removed when the task ends), the ordered event log, per-step state and checkpoints, and
 * an optional workspace snapshot. The {@link TaskBroker} and the {@link TaskWorkerPool} are its
 * only callers; every method is thread-safe, and several processes may share one database.
 *
 * <p>Implementations: {@link dev.greenroom.scaffolder.task.memory.MemoryTaskStore} (one process)
 * and {@link dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore} (H2, PostgreSQL).
 *
 * <p>Any method throws {@link TaskStoreException} when the storage fails.
 */
public interface TaskStore extends AutoCloseable {

  /** Stores a new {@code open} task with a fresh UUID, created at {@code now}. */
  TaskRecord create(NewTask task, Instant now);

  /** The task, or empty when there is none with this id. */
  Optional<TaskRecord> get(String taskId);

  /** A page of tasks. */
  TaskPage list(TaskQuery query);

  /** The task's secrets; empty once removed or when the task does not exist. */
  Map<String, String> secrets(String taskId);

  /**
   * Claims the oldest {@code open} task for {@code workerId}: it becomes {@code processing}, held
   * by that worker, with heartbeat {@code now} and one more run. Two callers never claim the same
   * task.
   *
   * @return the claimed task, or empty when none is open
   */
  Optional<TaskRecord> claim(String workerId, Instant now);

  /**
   * Records a heartbeat of the worker holding a task.
   *
   * @return false when the task is no longer {@code processing} or is held by another worker (it
   *     was cancelled or recovered): the worker must stop
   */
  boolean heartbeat(String taskId, String workerId, Instant now);

  /**
   * Applies a guarded change atomically (see {@link TaskTransition}).
   *
   * @return true when the guard held and the change was made; false when nothing changed
   */
  boolean transition(String taskId, TaskTransition transition);

  /**
   * Appends one event to a task's log, giving it the next serial id.
   *
   * @return the stored event
   * @throws java.util.NoSuchElementException when the task does not exist
   */
  TaskEvent appendEvent(String taskId, EventDraft event, Instant now);

  /**
   * The task's events with an id above {@code after}, in id order, not older than the task's last
   * {@code recovered} event (so a retried task shows its current run; Backstage trims the same
   * way). Empty when the task does not exist.
   */
  List<TaskEvent> events(String taskId, long after);

  /**
   * The tasks in {@code processing} whose heartbeat is older than {@code heartbeatBefore}, oldest
   * first, at most {@code limit}.
   */
  List<TaskRecord> stale(Instant heartbeatBefore, int limit);

  /** Saves (replaces) the state of one step, for example {@code {status: "completed", output}}. */
  void saveStep(String taskId, String stepId, JsonNode state);

  /** Saves (replaces) one checkpoint value. */
  void saveCheckpoint(String taskId, String key, JsonNode value);

  /** Forgets every step state (not checkpoints), so that the next run starts at the first step. */
  void clearSteps(String taskId);

  /** Saves (replaces) the task's workspace snapshot, or removes it when {@code snapshot} is null. */
  void saveWorkspace(String taskId, byte @org.jspecify.annotations.Nullable [] snapshot);

  /** The task's workspace snapshot, if one was saved. */
  Optional<byte[]> workspace(String taskId);

  /** Releases the store's own resources (not a data source the host passed in). */
  @Override
  void close();
}

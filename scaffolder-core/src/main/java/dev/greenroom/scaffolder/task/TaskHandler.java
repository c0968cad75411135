package dev.greenroom.scaffolder.task;

import tools.jackson.databind.JsonNode;

/**
 * What a worker does with a claimed task (the template runner, through {@link
 * TemplateTaskHandler}; tests use handlers of their own). Called on one of the pool's executor
 * threads, once per claim; a retried or recovered task is handed over again, with the step states
 * and checkpoints of earlier runs in {@link TaskContext#task()}.
 */
@FunctionalInterface
public interface TaskHandler {
  /**
   * Runs the task to its end.
   *
   * @return the task output, stored in the completion event ({@code body.output})
   * @throws Exception to fail the task; the message (masked) goes to the completion event. After
   *     the context's {@link TaskContext#signal() signal} fired, the outcome is ignored: the task
   *     is already cancelled, or belongs to another worker.
   */
  JsonNode run(TaskContext context) throws Exception;
}

package dev.greenroom.scaffolder.task;

import tools.jackson.databind.node.ObjectNode;

/**
 * Told when a task starts waiting for a decision (an approval), for example to notify the people
 * who may decide. Called on the worker's thread after the task is stored as {@code waiting}; an
 * exception is logged and does not change the task.
 */
@FunctionalInterface
public interface WaitingListener {
  /**
   * @param task the task as it was claimed
   * @param waiting what it waits for: {@code {stepId, message, since, details}}; for an approval,
   *     {@code details} holds {@code approvers}, {@code reason} and {@code deadline}
   */
  void waiting(TaskRecord task, ObjectNode waiting);
}

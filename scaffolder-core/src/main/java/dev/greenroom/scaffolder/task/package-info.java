/**
 * Durable scaffolder tasks: the storage SPI {@link dev.greenroom.scaffolder.task.TaskStore} (with
 * memory and JDBC implementations in sub-packages), the {@link
 * dev.greenroom.scaffolder.task.TaskBroker} that creates, lists, cancels and retries tasks and
 * serves their event log, and the {@link dev.greenroom.scaffolder.task.TaskWorkerPool} that claims
 * open tasks, heartbeats them, recovers tasks whose worker died and runs each with a {@link
 * dev.greenroom.scaffolder.task.TaskHandler}.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.task;

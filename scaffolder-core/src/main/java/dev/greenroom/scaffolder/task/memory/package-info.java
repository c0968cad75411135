/** The in-memory {@link dev.greenroom.scaffolder.task.TaskStore}, for tests and single-process hosts. */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.task.memory;

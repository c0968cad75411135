package dev.greenroom.scaffolder.task;

import java.util.List;

/**
 * One page of tasks.
 *
 * @param tasks the tasks of the page, in the query's order
 * @param totalTasks how many tasks match the filters, ignoring limit and offset
 */
public record TaskPage(List<TaskRecord> tasks, long totalTasks) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}

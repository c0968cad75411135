package dev.greenroom.scaffolder.task;

import java.util.List;
import java.util.Objects;

/**
 * Which tasks to list ({@code GET /v2/tasks}): all filters AND-ed, values of one filter OR-ed.
 *
 * @param createdBy creators to keep; empty keeps all
 * @param statuses statuses to keep; empty keeps all
 * @param order sort keys, first one first; empty means {@code created_at} newest first
 * @param limit at most this many tasks; 0 or less means no limit
 * @param offset tasks to skip
 */
public record TaskQuery(
    List<String> createdBy, List<TaskStatus> statuses, List<Order> order, int limit, int offset) {

  /** The fields tasks can be sorted by. */
  public enum Field {
    /** Creation time ({@code created_at}). */
    CREATED_AT("created_at"),
    /** Last heartbeat ({@code last_heartbeat_at}). */
    LAST_HEARTBEAT_AT("last_heartbeat_at"),
    /** Creator ({@code created_by}). */
    CREATED_BY("created_by"),
    /** Status. */
    STATUS("status"),
    /** Task id. */
    ID("id");

    /** The column name, as Backstage's {@code order} parameter names it. */
    public final String column;

    Field(String column) {
      this.column = column;
    }

    /**
     * The field of a column name; Backstage's camel-case spellings are accepted too.
     *
     * @throws IllegalArgumentException naming the field when unknown
     */
    public static Field parse(String name) {
      for (Field f : values()) {
        if (f.column.equals(name) || f.column.replace("_", "").equalsIgnoreCase(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown task order field '" + name + "'; expected created_at, last_heartbeat_at, created_by, status or id");
    }
  }

  /**
   * One sort key.
   *
   * @param field the field
   * @param ascending true for ascending
   */
  public record Order(Field field, boolean ascending) {
    public Order {
      Objects.requireNonNull(field, "field");
    }
  }

  public TaskQuery {
    createdBy = List.copyOf(createdBy);
    statuses = List.copyOf(statuses);
    order = List.copyOf(order);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
  }

  /** Every task, newest first. */
  public static TaskQuery all() {
    return new TaskQuery(List.of(), List.of(), List.of(), 0, 0);
  }
}

package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of a task's event log (Backstage's {@code SerializedTaskEvent}).
 *
 * @param id serial id, increasing in the order the events were written; the cursor of {@code
 *     after} queries
 * @param taskId the task
 * @param type the kind of event
 * @param body {@code {message, stepId?, status?, ...}}; never holds secrets
 * @param createdAt when it was written
 */
public record TaskEvent(long id, String taskId, TaskEventType type, ObjectNode body, Instant createdAt) {
  public TaskEvent {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Backstage's JSON form: {@code {id, taskId, type, body, createdAt}}. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("taskId", taskId);
    n.put("type", type.wire());
    n.set("body", body.deepCopy());
    n.put("createdAt", createdAt.toString());
    return n;
  }
}

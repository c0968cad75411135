package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored task, without its secrets (which only a claiming worker reads).
 *
 * @param id the task id (a UUID)
 * @param spec the task spec ({@code TaskSpecV1beta3}: apiVersion, parameters, steps, output,
 *     templateInfo, user, ...)
 * @param status the status
 * @param createdAt when it was created
 * @param lastHeartbeatAt the last heartbeat of the worker that holds or held it, or null when
 *     never claimed
 * @param createdBy the user entity ref of the creator, or null
 * @param workerId the worker that holds it while {@code processing}, else null
 * @param runs how many times a worker claimed it
 * @param checkpoints the run's checkpoints by key ({@code ctx.checkpoint})
 * @param steps per-step state by step id, for example {@code {status: "completed", output}}
 */
public record TaskRecord(
    String id,
    ObjectNode spec,
    TaskStatus status,
    Instant createdAt,
    @Nullable Instant lastHeartbeatAt,
    @Nullable String createdBy,
    @Nullable String workerId,
    int runs,
    ObjectNode checkpoints,
    ObjectNode steps) {

  public TaskRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(steps, "steps");
  }

  /** The state as Backstage's task {@code state} column shows it: {@code {checkpoints, steps}}. */
  public ObjectNode state() {
    ObjectNode n = Json.object();
    n.set("checkpoints", checkpoints.deepCopy());
    n.set("steps", steps.deepCopy());
    return n;
  }

  /**
   * Backstage's {@code SerializedTask}: {@code {id, spec, status, createdAt, lastHeartbeatAt?,
   * createdBy?, state}}. Secrets are not part of a record, so never part of this.
   */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.set("spec", spec.deepCopy());
    n.put("status", status.wire());
    n.put("createdAt", createdAt.toString());
    if (lastHeartbeatAt != null) {
      n.put("lastHeartbeatAt", lastHeartbeatAt.toString());
    }
    if (createdBy != null) {
      n.put("createdBy", createdBy);
    }
    n.set("state", state());
    return n;
  }

  /** The step state saved for a step, or null. */
  public @Nullable JsonNode step(String stepId) {
    JsonNode n = steps.get(stepId);
    return n == null || n.isNull() ? null : n;
  }
}

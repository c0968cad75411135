package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.run.RunSuspendedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code approval:request}: the task waits until one of {@code approvers} (users or groups, by
 * entity ref) approves it through {@code POST /api/scaffolder/v2/tasks/:id/approve}; a rejection
 * or no decision within {@code timeout} (default seven days) fails the task. While it waits the
 * task is {@code waiting}, held by no worker, and stays so across restarts; when approved it runs
 * on from this step (earlier steps are not run again). Not run in dry runs.
 *
 * <pre>{@code
 * - id: approve
 *   action: approval:request
 *   input:
 *     approvers: [group:default/platform-leads]
 *     reason: Creates a production database
 *     timeout: { hours: 48 }
 * }</pre>
 *
 * Outputs {@code approvedBy}, {@code approvedAt} and the approver's {@code comment}.
 */
public final class ApprovalRequestAction extends BuiltinAction {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofDays(7);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(90);
  private static final int MAX_APPROVERS = 100;

  private final Clock clock;

  /** The action, timing requests on the system clock. */
  public ApprovalRequestAction() {
    this(Clock.systemUTC());
  }

  /** The action, timing requests on {@code clock}. */
  public ApprovalRequestAction(Clock clock) {
    super("approval:request", "Waits until one of the approvers approves the task; a rejection"
        + " or no decision before the timeout fails it.", """
        {"type":"object","required":["approvers"],"properties":{
          "approvers":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Entity refs of the users and groups who may approve, for example group:default/platform-leads."},
          "reason":{"type":"string","description":"Why the approval is needed, shown to the approvers."},
          "timeout":{"type":["string","object","number"],"description":"How long to wait for a decision: an ISO-8601 duration (P2D) or {hours: 48}. Default seven days, at most 90."}}}""",
        """
        {"type":"object","properties":{
          "approvedBy":{"type":"string"},
          "approvedAt":{"type":"string"},
          "comment":{"type":"string"}}}""");
    this.clock = clock;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    List<String> approvers = approvers(ctx);
    String reason = text(ctx, "reason");
    Duration timeout = timeout(ctx);
    JsonNode request = ctx.checkpoint("request", () -> {
      Instant now = clock.instant();
      ObjectNode r = Json.object();
      approvers.forEach(r.putArray("approvers")::add);
      if (reason != null) {
        r.put("reason", reason);
      }
      r.put("requestedAt", now.toString());
      r.put("deadline", now.plus(timeout).toString());
      return r;
    });
    JsonNode decision = ctx.checkpoint("decision", () -> {
      ObjectNode details = Json.object();
      details.put("kind", "approval");
      details.setAll((ObjectNode) request);
      String who = String.join(", ", approvers);
      throw new RunSuspendedException(ctx.stepId(), "Waiting for approval by " + who
          + (reason == null || reason.isBlank() ? "" : ": " + reason)
          + " (until " + request.path("deadline").asString("") + ")", details);
    });
    if (!decision.path("approved").asBoolean(false)) {
      throw new ActionException("approval:request: rejected by "
          + decision.path("by").asString("someone"));
    }
    ctx.output("approvedBy", decision.path("by").asString(""));
    ctx.output("approvedAt", decision.path("at").asString(""));
    if (decision.hasNonNull("comment")) {
      ctx.output("comment", decision.path("comment").asString(""));
    }
    ctx.log("Approved by " + decision.path("by").asString(""));
  }

  private static List<String> approvers(ActionContext ctx) {
    List<String> raw = strings(ctx, "approvers");
    if (raw.isEmpty() || raw.size() > MAX_APPROVERS) {
      throw new ActionException("approval:request: approvers must list 1 to " + MAX_APPROVERS
          + " user or group refs");
    }
    List<String> refs = new ArrayList<>();
    for (String r : raw) {
      EntityRef ref;
      try {
        ref = EntityRef.parse(r, "group", null);
      } catch (InvalidEntityRefException e) {
        throw new ActionException("approval:request: approvers: '" + r
            + "' is not an entity ref: " + e.getMessage());
      }
      String kind = ref.kind().toLowerCase(Locale.ROOT);
      if (!kind.equals("user") && !kind.equals("group")) {
        throw new ActionException("approval:request: approvers: '" + r
            + "' is neither a user nor a group");
      }
      refs.add(ref.toString());
    }
    return refs;
  }

  private static Duration timeout(ActionContext ctx) {
    JsonNode t = ctx.input().get("timeout");
    if (t == null || t.isNull()) {
      return DEFAULT_TIMEOUT;
    }
    Duration d;
    try {
      d = TaskSchedule.duration("approval:request: timeout", t);
    } catch (IllegalArgumentException e) {
      throw new ActionException(e.getMessage());
    }
    if (d.compareTo(MAX_TIMEOUT) > 0) {
      throw new ActionException("approval:request: timeout is longer than 90 days");
    }
    return d;
  }
}

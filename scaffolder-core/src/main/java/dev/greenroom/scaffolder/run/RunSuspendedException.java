package dev.greenroom.scaffolder.run;

import dev.greenroom.scaffolder.ScaffolderException;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * An action asks to park its task until a decision comes from outside the run (an approval): the
 * runner stops without failing the step, and a task worker sets the task {@code waiting} and
 * releases it. When the task is resumed, completed steps are skipped and the action runs again; it
 * then finds the decision in its {@linkplain dev.greenroom.scaffolder.action.ActionContext#checkpoint
 * checkpoints}. Thrown inside {@code ctx.checkpoint(...)}, nothing is stored for that key.
 */
public class RunSuspendedException extends ScaffolderException {
  private final String stepId;
  private final ObjectNode details;

  /**
   * @param stepId the step that waits
   * @param message what the task waits for, for the task's log
   * @param details what a decider needs to know (for an approval: approvers, reason, deadline)
   */
  public RunSuspendedException(String stepId, String message, ObjectNode details) {
    super(message);
    this.stepId = Objects.requireNonNull(stepId, "stepId");
    this.details = details.deepCopy();
  }

  /** The step that waits. */
  public String stepId() {
    return stepId;
  }

  /** What a decider needs to know. */
  public ObjectNode details() {
    return details.deepCopy();
  }
}

package dev.greenroom.scaffolder.run;

import dev.greenroom.scaffolder.ScaffolderException;
import dev.greenroom.scaffolder.action.ActionException;

/** A step failed; the message (masked) names the step and the action. */
public class StepFailedException extends ScaffolderException {
  private final String stepId;
  private final ActionException.Kind kind;

  /**
   * @param stepId the failed step's id
   * @param message the masked message
   */
  public StepFailedException(String stepId, String message) {
    this(stepId, message, ActionException.Kind.INPUT);
  }

  /**
   * @param stepId the failed step's id
   * @param message the masked message
   * @param kind what kind of failure, as Backstage's error names tell it (a dry run answers with
   *     its status: an unknown action 404, a path leaving its folder 403, a file system or
   *     template rendering error 500, bad input 400)
   */
  public StepFailedException(String stepId, String message, ActionException.Kind kind) {
    super(message);
    this.stepId = stepId;
    this.kind = kind;
  }

  /** What kind of failure. */
  public ActionException.Kind kind() {
    return kind;
  }

  /** The failed step's id. */
  public String stepId() {
    return stepId;
  }
}

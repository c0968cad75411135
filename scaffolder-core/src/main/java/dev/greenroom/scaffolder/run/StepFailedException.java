package dev.greenroom.scaffolder.run;

import dev.greenroom.scaffolder.ScaffolderException;

/** A step failed; the message (masked) names the step and the action. */
public class StepFailedException extends ScaffolderException {
  private final String stepId;

  /**
   * @param stepId the failed step's id
   * @param message the masked message
   */
  public StepFailedException(String stepId, String message) {
    super(message);
    this.stepId = stepId;
  }

  /** The failed step's id. */
  public String stepId() {
    return stepId;
  }
}

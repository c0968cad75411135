package dev.greenroom.scaffolder.run;

import dev.greenroom.scaffolder.ScaffolderException;
import org.jspecify.annotations.Nullable;

/**
 * The run was cancelled through {@link RunRequest#cancelled()}; the message is Backstage's "Step
 * &lt;id&gt; (&lt;name&gt;) of task &lt;taskId&gt; has been cancelled."
 */
public class RunCancelledException extends ScaffolderException {
  private final @Nullable String stepId;

  /**
   * @param stepId the step that was running or about to run, or null
   * @param message the message
   */
  public RunCancelledException(@Nullable String stepId, String message) {
    super(message);
    this.stepId = stepId;
  }

  /** The step that was running or about to run, or null. */
  public @Nullable String stepId() {
    return stepId;
  }
}

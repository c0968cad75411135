package dev.greenroom.scaffolder.run;

/**
 * Runs one template (Backstage's {@code NunjucksWorkflowRunner}): renders each step's {@code if},
 * {@code each} and {@code input}, validates the input against the action's schema, calls the
 * action (once per {@code each} item), collects step outputs, then renders {@code output}.
 *
 * <p>Obtain one from {@link dev.greenroom.scaffolder.Scaffolder#runner()}. Implementations are
 * thread-safe: one runner serves many concurrent runs, each with its own {@link RunRequest}.
 *
 * <p>Semantics the task layer relies on:
 *
 * <ul>
 *   <li>Parameters are validated against the template's schemas first; invalid parameters throw
 *       {@link dev.greenroom.scaffolder.template.ParameterValidationException} before any step.
 *   <li>Steps run in order in {@link RunRequest#workspace()} (created if missing, never deleted by
 *       the runner). A step whose id is in {@link RunRequest#completedSteps()} is not run again: its
 *       stored output is used and {@link RunListener#stepSkipped} is called with reason {@code
 *       "completed in a previous run"}.
 *   <li>The cancellation signal is checked before and after each step (and actions may poll it);
 *       when it is set the run throws {@link RunCancelledException}.
 *   <li>A failing step calls {@link RunListener#stepFailed} and the run throws {@link
 *       StepFailedException} naming the step; later steps do not run.
 *   <li>Every message given to the listener or put in an exception has the request's secrets
 *       masked as {@code ***}.
 *   <li>In a dry run actions that do not support dry runs are skipped with a log line, their
 *       output taken from their output schema's examples/defaults; the result lists the files
 *       left in the workspace.
 * </ul>
 */
public interface TemplateRunner {

  /**
   * Runs the request to completion on the calling thread.
   *
   * @param request what to run and with which values
   * @param listener receives step events and log lines as they happen (masked)
   * @return the rendered output and every step's output
   * @throws dev.greenroom.scaffolder.template.ParameterValidationException when the parameters do
   *     not match the template's schemas
   * @throws StepFailedException when a step fails
   * @throws RunCancelledException when the request's cancellation signal is set
   */
  RunResult run(RunRequest request, RunListener listener);

  /** Runs the request without a listener. */
  default RunResult run(RunRequest request) {
    return run(request, RunListener.NONE);
  }
}

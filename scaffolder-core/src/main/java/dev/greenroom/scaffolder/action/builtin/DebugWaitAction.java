package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import java.time.Duration;

/**
 * {@code debug:wait}: waits a while (at most {@link #maxWait()}), ending early when the task is
 * cancelled.
 */
public final class DebugWaitAction extends BuiltinAction {
  private final Duration max;

  /** The action, waiting at most 10 minutes. */
  public DebugWaitAction() {
    this(Duration.ofMinutes(10));
  }

  /** The action with another longest wait. */
  public DebugWaitAction(Duration max) {
    super("debug:wait", "Waits for a certain period of time.", """
        {"type":"object","properties":{
          "minutes":{"type":"number","description":"Waiting period in minutes."},
          "seconds":{"type":"number","description":"Waiting period in seconds."},
          "milliseconds":{"type":"number","description":"Waiting period in milliseconds."}}}""",
        null);
    this.max = max;
  }

  /** The longest wait accepted. */
  public Duration maxWait() {
    return max;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    double ms = ctx.input().path("minutes").asDouble(0) * 60_000
        + ctx.input().path("seconds").asDouble(0) * 1000
        + ctx.input().path("milliseconds").asDouble(0);
    if (ms > max.toMillis()) {
      throw new ActionException("debug:wait: waiting duration is longer than the maximum threshold"
          + " of " + max.toMinutes() + " minutes");
    }
    long end = System.nanoTime() + (long) (ms * 1_000_000);
    while (System.nanoTime() < end) {
      if (ctx.isCancelled()) {
        ctx.log("Waiting ended early: the task was cancelled");
        return;
      }
      long left = (end - System.nanoTime()) / 1_000_000;
      Thread.sleep(Math.max(1, Math.min(left, 50)));
    }
  }
}

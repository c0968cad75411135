package dev.greenroom.scaffolder.task;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "stop now" signal of one running task (Backstage's {@code AbortSignal}). Actions poll {@link
 * #isCancelled()} or register {@link #onCancel(Runnable)} callbacks; the signal fires once.
 */
public final class CancellationSignal {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationSignal.class);

  /** Why a task was told to stop. */
  public enum Reason {
    /** A caller cancelled the task; its status is {@code cancelled}. */
    CANCELLED,
    /** The worker pool is closing; the task stays {@code processing} until it is recovered. */
    SHUTDOWN,
    /** The task is no longer held by this worker (recovered elsewhere, or gone). */
    LOST
  }

  private final List<Runnable> callbacks = new ArrayList<>();
  private @Nullable Reason reason;
  private @Nullable String message;

  /** True once the signal fired. */
  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Why the signal fired, or null while it has not. */
  public synchronized @Nullable Reason reason() {
    return reason;
  }

  /** The message given when the signal fired, or null. */
  public synchronized @Nullable String message() {
    return message;
  }

  /** Runs {@code callback} when the signal fires (at once if it has already). */
  public void onCancel(Runnable callback) {
    synchronized (this) {
      if (reason == null) {
        callbacks.add(callback);
        return;
      }
    }
    run(callback);
  }

  /**
   * Throws when the signal has fired.
   *
   * @throws TaskCancelledException with the signal's message
   */
  public void throwIfCancelled() {
    String m;
    synchronized (this) {
      if (reason == null) {
        return;
      }
      m = message;
    }
    throw new TaskCancelledException(m == null ? "the task was cancelled" : m);
  }

  /**
   * Fires the signal (only the first call counts) and runs the callbacks on the calling thread.
   *
   * @return true when this call fired it
   */
  public boolean cancel(Reason why, String text) {
    List<Runnable> run;
    synchronized (this) {
      if (reason != null) {
        return false;
      }
      reason = why;
      message = text;
      run = new ArrayList<>(callbacks);
      callbacks.clear();
    }
    run.forEach(CancellationSignal::run);
    return true;
  }

  private static void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("a cancellation callback failed", e);
    }
  }
}

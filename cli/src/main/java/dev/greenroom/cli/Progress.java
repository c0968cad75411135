package dev.greenroom.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, for long runs in a terminal only: it is drawn when
 * {@link System#console()} is attached and the run has lasted more than half a second, redrawn
 * at most ten times a second, and erased at the end. Thread-safe.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_NANOS = 500_000_000L;
  private static final long INTERVAL_NANOS = 100_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final int total;
  private final String unit;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int done;
  private boolean drawn;

  Progress(PrintStream err, boolean enabled, int total, String unit) {
    this.err = err;
    this.enabled = enabled && total > 0;
    this.total = total;
    this.unit = unit;
  }

  /** A bar that draws only when a console is attached. */
  static Progress forTerminal(int total, String unit) {
    return new Progress(System.err, System.console() != null, total, unit);
  }

  /** One more unit done. */
  synchronized void step() {
    done++;
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - start >= DELAY_NANOS && (now - lastDraw >= INTERVAL_NANOS || done == total)) {
      lastDraw = now;
      drawn = true;
      err.print('\r' + render(done, total, 30, unit));
      err.flush();
    }
  }

  /**
   * Runs {@code print}, which writes lines to the same terminal, with the bar erased meanwhile and
   * drawn again after, so output and bar do not mix.
   */
  synchronized void above(Runnable print) {
    if (!drawn) {
      print.run();
      return;
    }
    String bar = render(done, total, 30, unit);
    err.print('\r' + " ".repeat(bar.length()) + '\r');
    err.flush();
    print.run();
    err.print(bar);
    err.flush();
  }

  /** The bar's text: {@code [#######.......]  523/1000 files  52%}. */
  static String render(int done, int total, int width, String unit) {
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    StringBuilder sb = new StringBuilder("[");
    sb.append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
    String t = Integer.toString(total);
    sb.append(" ".repeat(Math.max(0, t.length() - Integer.toString(done).length())))
        .append(done).append('/').append(t).append(' ').append(unit)
        .append(String.format(" %3d%%", total == 0 ? 100 : done * 100L / total));
    return sb.toString();
  }

  @Override
  public synchronized void close() {
    if (drawn) {
      err.print('\r' + " ".repeat(render(total, total, 30, unit).length()) + '\r');
      err.flush();
    }
  }
}

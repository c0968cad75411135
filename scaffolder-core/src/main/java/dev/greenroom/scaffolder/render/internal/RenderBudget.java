package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.scaffolder.render.RenderLimitException;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one render may still spend. Design: a render ({@code TemplateRenderer.render}, one whole
 * {@code renderValue}, one skeleton file) installs a budget on its thread; every operator, filter
 * and function of the sandbox charges it before or while it builds a value:
 *
 * <ul>
 *   <li>a <b>deadline</b> (wall clock), checked as work is charged and at every loop iteration, so
 *       a render that runs long stops with an error whatever it is doing;
 *   <li>a <b>size cap</b> on every string a template builds (concatenations, filter results,
 *       printed and dumped values), checked <i>before</i> the string is allocated, so no filter can
 *       ask the heap for more than the cap;
 *   <li>a <b>work budget</b>: every character and collection element produced counts, so a loop
 *       that copies a large string at each iteration runs out of budget quickly even when each
 *       string stays under the cap (the loop-iteration budget alone counted iterations, not what
 *       each one did);
 *   <li>the <b>loop iterations</b> of one template evaluation;
 *   <li>the thread's <b>interrupt</b> flag: a host that gives up on a render (a dry run past its
 *       deadline) interrupts its thread and the render stops at its next charge.
 * </ul>
 *
 * <p>Errors are {@link RenderLimitException}s that name the limit; the sandbox adds the template's
 * name. Not thread-safe: one budget belongs to one thread's render.
 */
public final class RenderBudget {
  /** Most loop iterations one template evaluation may run (all loops together). */
  public static final long MAX_LOOP_ITERATIONS = 1_000_000;

  /** Work units a collection element costs (it is at least a reference and often an object). */
  static final int ELEMENT_COST = 8;

  private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

  /** Used when no render is running (filters called directly): limits without a deadline. */
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final Duration timeout;
  private final long deadline;
  private final int maxChars;
  private final long maxWork;
  private long work;
  private long iterations;
  private int calls;

  private RenderBudget(Duration timeout, int maxChars, long maxWork) {
    this.timeout = timeout;
    long now = System.nanoTime();
    long nanos = timeout.toNanos();
    this.deadline = nanos >= NO_DEADLINE - now ? NO_DEADLINE : now + nanos;
    this.maxChars = maxChars;
    this.maxWork = maxWork;
  }

  /**
   * Runs {@code body} under a new budget unless one is running on this thread already (a nested
   * render shares its caller's deadline and work budget).
   */
  public static <T> T within(Duration timeout, int maxChars, long maxWork,
      java.util.function.Supplier<T> body) {
    if (CURRENT.get() != null) {
      return body.get();
    }
    CURRENT.set(new RenderBudget(timeout, maxChars, maxWork));
    try {
      return body.get();
    } finally {
      CURRENT.remove();
    }
  }

  /** The running render's budget; a fresh one with default limits when none is running. */
  static RenderBudget current() {
    RenderBudget b = CURRENT.get();
    return b != null ? b : new RenderBudget(Duration.ofNanos(NO_DEADLINE), 20 * 1024 * 1024,
        Long.MAX_VALUE);
  }

  /** The largest string a template may build. */
  int maxChars() {
    return maxChars;
  }

  /** Iterations used so far; the sandbox restores it around nested evaluations. */
  long iterations() {
    return iterations;
  }

  void iterations(long used) {
    this.iterations = used;
  }

  /** Counts {@code n} loop iterations (and their elements as work). */
  void countIterations(long n) {
    iterations += n;
    if (iterations > MAX_LOOP_ITERATIONS) {
      throw new RenderLimitException("more than " + MAX_LOOP_ITERATIONS
          + " loop iterations in one template");
    }
    charge(n * ELEMENT_COST);
  }

  /** Charges {@code units} of work (characters, or elements times {@link #ELEMENT_COST}). */
  void charge(long units) {
    work += units;
    if (work > maxWork || work < 0) {
      throw new RenderLimitException("the template did more work than the limit of " + maxWork
          + " characters produced (a loop building large strings?)");
    }
    if (units >= 4096 || (++calls & 0xff) == 0) {
      checkTime();
    }
  }

  /** Throws when past the deadline or interrupted. */
  void checkTime() {
    if (Thread.currentThread().isInterrupted()) {
      throw new RenderLimitException("rendering was stopped (interrupted)");
    }
    if (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0) {
      throw new RenderLimitException("rendering took longer than the limit of "
          + describe(timeout));
    }
  }

  /** Checks that a string of {@code length} characters may be built, and charges it. */
  void reserve(long length, String what) {
    if (length > maxChars) {
      throw new RenderLimitException(what + " would be " + length
          + " characters long; the limit is " + maxChars);
    }
    charge(length);
  }

  /** Checks and charges a string that was built. */
  String string(String s, String what) {
    reserve(s.length(), what);
    return s;
  }

  /** Charges a value a filter or function returned: a string's length, a collection's size. */
  @Nullable Object result(@Nullable Object v, String what) {
    if (v instanceof String s) {
      string(s, what);
    } else if (v instanceof Collection<?> c) {
      charge((long) c.size() * ELEMENT_COST);
    } else if (v instanceof Map<?, ?> m) {
      charge((long) m.size() * ELEMENT_COST);
    }
    return v;
  }

  /** {@code a + b} as one string, refused before it is built when too long. */
  String concat(String a, String b, String what) {
    reserve((long) a.length() + b.length(), what);
    return a.concat(b);
  }

  /** A string builder bounded by this budget. */
  Text text(String what) {
    return new Text(this, what);
  }

  /**
   * A list whose iteration checks the deadline at each element, for the loops of a template
   * ({@code for} reads a collection through its iterator).
   */
  <T> List<T> timed(List<T> list) {
    return new TimedList<>(list, this);
  }

  private static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** A {@link StringBuilder} that refuses to grow past the budget's cap and charges its work. */
  static final class Text {
    private final RenderBudget budget;
    private final String what;
    private final StringBuilder sb = new StringBuilder();

    private Text(RenderBudget budget, String what) {
      this.budget = budget;
      this.what = what;
    }

    Text append(CharSequence s) {
      grow(s.length());
      sb.append(s);
      return this;
    }

    Text append(CharSequence s, int start, int end) {
      grow(end - start);
      sb.append(s, start, end);
      return this;
    }

    Text append(char c) {
      grow(1);
      sb.append(c);
      return this;
    }

    int length() {
      return sb.length();
    }

    private void grow(int n) {
      if ((long) sb.length() + n > budget.maxChars) {
        throw new RenderLimitException(what + " longer than the limit of " + budget.maxChars
            + " characters");
      }
      budget.charge(n);
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }

  private static final class TimedList<T> extends AbstractList<T> {
    private final List<T> list;
    private final RenderBudget budget;

    TimedList(List<T> list, RenderBudget budget) {
      this.list = list;
      this.budget = budget;
    }

    @Override
    public T get(int index) {
      budget.checkTime();
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}

package dev.greenroom.scaffolder.render.internal;

import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.attributes.ResolvedAttribute;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JavaScript methods templates call on strings, arrays and numbers ({@code
 * values.name.split(",")}, {@code .replace("a", "b")}, {@code nums.at(-1)}, {@code
 * (n).toPrecision(3)}), as Backstage's template engine runs them on JavaScript values. Backstage
 * 1.56's scaffolder renders with nunjitsu 0.7, which allows a fixed list of methods and answers
 * every other name as undefined ({@code Template value "x.replaceAll" resolved to undefined and
 * cannot be called}). This implements that whole list, each method with its JavaScript meaning:
 * strings {@code charAt charCodeAt concat endsWith includes indexOf lastIndexOf replace slice split
 * startsWith substring toLowerCase toUpperCase trim trimEnd trimStart}; arrays {@code at concat
 * copyWithin fill flat includes indexOf join lastIndexOf pop push reverse shift slice sort splice
 * unshift}; numbers {@code toExponential toFixed toPrecision toString} (formatting in {@link
 * JsNumbers}). Methods outside the list ({@code replaceAll}, {@code padStart}, {@code map}...), and
 * every call on a boolean, an object, null or undefined, fail the render as they fail Backstage's;
 * Java methods are never reached. Calls with too few or too many arguments fail with nunjitsu's
 * words.
 *
 * <p>Mutating array methods ({@code push}, {@code sort}, {@code splice}...) change the array for
 * the rest of the render, as nunjitsu's do; nunjitsu renders on a detached copy of the context,
 * so {@link #beginRender()}/{@link #endRender} restore every array changed once the render ends:
 * the caller's values, shared by the leaves of one step, never change. Results and growth are
 * charged to the render's budget.
 */
final class JsMethods implements AttributeResolver {

  @Override
  public @Nullable ResolvedAttribute resolve(Object instance, Object attributeNameValue,
      Object[] argumentValues, ArgumentsNode args, EvaluationContextImpl context, String filename,
      int lineNumber) {
    if (argumentValues == null || !(attributeNameValue instanceof String name)) {
      return null; // a property, not a call
    }
    Object[] a = argumentValues;
    Object result;
    if (instance instanceof String s) {
      arity(name, STRING_ARITY, a);
      result = string(s, name, a);
    } else if (instance instanceof List<?> l) {
      arity(name, ARRAY_ARITY, a);
      result = array(l, name, a);
    } else if (instance instanceof Number n) {
      arity(name, NUMBER_ARITY, a);
      result = number(n, name, a);
    } else if (instance == null || instance == JsNull.INSTANCE || instance instanceof Boolean
        || instance instanceof Map<?, ?>) {
      // undefined, null, booleans and objects have no callable members in nunjitsu
      result = NOT_A_METHOD;
    } else {
      return null; // Pebble's own loop variable: its getters, behind the sandbox's validator
    }
    if (result == NOT_A_METHOD) {
      // nunjitsu's words: the name is undefined on the value, and undefined cannot be called
      throw new PebbleException(null, "Template value \"" + name
          + "\" resolved to undefined and cannot be called", lineNumber, filename);
    }
    return new ResolvedAttribute(RenderBudget.current().result(result, name + "() result"));
  }

  /** Fewest and most arguments of each allowed method; a name missing here is not allowed. */
  private static final Map<String, int[]> STRING_ARITY = Map.ofEntries(
      Map.entry("replace", new int[] {2, 2}), Map.entry("split", new int[] {0, 2}),
      Map.entry("includes", new int[] {1, 2}), Map.entry("startsWith", new int[] {1, 2}),
      Map.entry("endsWith", new int[] {1, 2}), Map.entry("indexOf", new int[] {1, 2}),
      Map.entry("lastIndexOf", new int[] {1, 2}), Map.entry("slice", new int[] {0, 2}),
      Map.entry("substring", new int[] {0, 2}), Map.entry("charAt", new int[] {0, 1}),
      Map.entry("charCodeAt", new int[] {0, 1}), Map.entry("concat", new int[] {0, Integer.MAX_VALUE}),
      Map.entry("trim", new int[] {0, 0}), Map.entry("trimStart", new int[] {0, 0}),
      Map.entry("trimEnd", new int[] {0, 0}), Map.entry("toLowerCase", new int[] {0, 0}),
      Map.entry("toUpperCase", new int[] {0, 0}));
  private static final Map<String, int[]> ARRAY_ARITY = Map.ofEntries(
      Map.entry("at", new int[] {1, 1}), Map.entry("includes", new int[] {1, 2}),
      Map.entry("indexOf", new int[] {1, 2}), Map.entry("lastIndexOf", new int[] {1, 2}),
      Map.entry("copyWithin", new int[] {1, 3}), Map.entry("fill", new int[] {1, 3}),
      Map.entry("flat", new int[] {0, 1}), Map.entry("join", new int[] {0, 1}),
      Map.entry("slice", new int[] {0, 2}), Map.entry("pop", new int[] {0, 0}),
      Map.entry("shift", new int[] {0, 0}), Map.entry("sort", new int[] {0, 0}),
      Map.entry("reverse", new int[] {0, 0}), Map.entry("concat", new int[] {0, Integer.MAX_VALUE}),
      Map.entry("push", new int[] {0, Integer.MAX_VALUE}),
      Map.entry("unshift", new int[] {0, Integer.MAX_VALUE}),
      Map.entry("splice", new int[] {0, Integer.MAX_VALUE}));
  private static final Map<String, int[]> NUMBER_ARITY = Map.of(
      "toExponential", new int[] {0, 1}, "toFixed", new int[] {0, 1},
      "toPrecision", new int[] {0, 1}, "toString", new int[] {0, 1});

  /** Refuses a call with a number of arguments nunjitsu refuses (an unknown name passes on). */
  private static void arity(String name, Map<String, int[]> table, Object[] a) {
    int[] bounds = table.get(name);
    if (bounds == null || (a.length >= bounds[0] && a.length <= bounds[1])) {
      return;
    }
    String range = bounds[0] == bounds[1] ? String.valueOf(bounds[0])
        : bounds[1] == Integer.MAX_VALUE ? "at least " + bounds[0] : bounds[0] + " to " + bounds[1];
    throw new PebbleException(null, "Template intrinsic " + name + " requires " + range
        + " positional arguments");
  }

  private static final Object NOT_A_METHOD = new Object();

  private static Object string(String s, String name, Object[] a) {
    int len = s.length();
    return switch (name) {
      case "toUpperCase" -> s.toUpperCase(Locale.ROOT);
      case "toLowerCase" -> s.toLowerCase(Locale.ROOT);
      case "trim" -> s.strip();
      case "trimStart" -> s.stripLeading();
      case "trimEnd" -> s.stripTrailing();
      case "split" -> split(s, a);
      case "replace" -> replace(s, str(a, 0), replacement(a));
      case "includes" -> s.indexOf(str(a, 0), clamp(integer(a, 1, 0), 0, len)) >= 0;
      case "startsWith" -> s.startsWith(str(a, 0), clamp(integer(a, 1, 0), 0, len));
      case "endsWith" -> {
        int end = clamp(integer(a, 1, len), 0, len);
        yield s.substring(0, end).endsWith(str(a, 0));
      }
      case "indexOf" -> (long) s.indexOf(str(a, 0), clamp(integer(a, 1, 0), 0, len));
      case "lastIndexOf" -> (long) s.lastIndexOf(str(a, 0), clamp(integer(a, 1, len), 0, len));
      case "slice" -> {
        int from = relative(integer(a, 0, 0), len);
        int to = relative(integer(a, 1, len), len);
        yield from < to ? s.substring(from, to) : "";
      }
      case "substring" -> {
        int from = clamp(integer(a, 0, 0), 0, len);
        int to = clamp(integer(a, 1, len), 0, len);
        yield s.substring(Math.min(from, to), Math.max(from, to));
      }
      case "charAt" -> {
        long i = integer(a, 0, 0);
        yield i >= 0 && i < len ? String.valueOf(s.charAt((int) i)) : "";
      }
      case "charCodeAt" -> {
        long i = integer(a, 0, 0);
        yield i >= 0 && i < len ? (Object) (long) s.charAt((int) i) : (Object) Double.NaN;
      }
      case "concat" -> {
        RenderBudget.Text t = RenderBudget.current().text("concat() result");
        t.append(s);
        for (Object o : a) {
          t.append(JsValues.jsString(o, true));
        }
        yield t.toString();
      }
      default -> NOT_A_METHOD;
    };
  }

  private static Object array(List<?> list, String name, Object[] a) {
    int len = list.size();
    @SuppressWarnings("unchecked")
    List<@Nullable Object> l = (List<@Nullable Object>) list;
    return switch (name) {
      case "join" -> {
        String sep = a.length == 0 || a[0] == null ? "," : JsValues.jsString(a[0], true);
        RenderBudget.Text t = RenderBudget.current().text("join() result");
        for (int i = 0; i < len; i++) {
          if (i > 0) {
            t.append(sep);
          }
          Object x = l.get(i);
          t.append(x == null || x == JsNull.INSTANCE ? "" : JsValues.jsString(x, false));
        }
        yield t.toString();
      }
      case "includes" -> indexOf(l, a[0], relative(integer(a, 1, 0), len), true) >= 0;
      case "indexOf" -> (long) indexOf(l, a[0], relative(integer(a, 1, 0), len), false);
      case "lastIndexOf" -> {
        long from = integer(a, 1, len - 1L);
        long k = from >= 0 ? Math.min(from, len - 1L) : len + from;
        for (long i = k; i >= 0; i--) {
          if (strictEquals(l.get((int) i), a[0], false)) {
            yield i;
          }
        }
        yield -1L;
      }
      case "slice" -> {
        int from = relative(integer(a, 0, 0), len);
        int to = relative(integer(a, 1, len), len);
        yield from < to ? new ArrayList<>(l.subList(from, to)) : new ArrayList<>();
      }
      case "at" -> {
        long i = integer(a, 0, 0);
        long at = i < 0 ? len + i : i;
        yield at >= 0 && at < len ? l.get((int) at) : null;
      }
      case "concat" -> {
        List<@Nullable Object> out = new ArrayList<>(l);
        for (Object o : a) {
          if (o instanceof Collection<?> c) {
            RenderBudget.current().charge((long) c.size() * RenderBudget.ELEMENT_COST);
            out.addAll(c);
          } else {
            out.add(o);
          }
        }
        yield out;
      }
      case "flat" -> {
        long depth = a.length == 0 || a[0] == null ? 1 : Math.max(0, integer(a, 0, 1));
        List<@Nullable Object> out = new ArrayList<>();
        flatten(l, depth, out);
        yield out;
      }
      case "push" -> {
        List<@Nullable Object> m = mutable(l);
        m.addAll(Arrays.asList(a));
        yield (long) m.size();
      }
      case "unshift" -> {
        List<@Nullable Object> m = mutable(l);
        m.addAll(0, Arrays.asList(a));
        yield (long) m.size();
      }
      case "pop" -> len == 0 ? null : mutable(l).remove(len - 1);
      case "shift" -> len == 0 ? null : mutable(l).remove(0);
      case "reverse" -> {
        List<@Nullable Object> m = mutable(l);
        Collections.reverse(m);
        yield m;
      }
      case "sort" -> {
        // no comparator: by JavaScript string, undefined last; a stable sort, as JavaScript's
        List<@Nullable Object> m = mutable(l);
        m.sort((x, y) -> x == null ? (y == null ? 0 : 1) : y == null ? -1
            : JsValues.jsString(x, true).compareTo(JsValues.jsString(y, true)));
        yield m;
      }
      case "splice" -> {
        if (a.length == 0) {
          yield new ArrayList<>(); // splice() removes nothing
        }
        int start = relative(integer(a, 0, 0), len);
        int count = a.length < 2 ? len - start : clamp(integer(a, 1, 0), 0, len - start);
        List<@Nullable Object> m = mutable(l);
        List<@Nullable Object> window = m.subList(start, start + count);
        List<@Nullable Object> removed = new ArrayList<>(window);
        window.clear();
        if (a.length > 2) {
          m.addAll(start, Arrays.asList(a).subList(2, a.length));
        }
        yield removed;
      }
      case "fill" -> {
        int from = relative(integer(a, 1, 0), len);
        int to = relative(integer(a, 2, len), len);
        List<@Nullable Object> m = mutable(l);
        for (int i = from; i < to; i++) {
          m.set(i, a[0]);
        }
        yield m;
      }
      case "copyWithin" -> {
        int target = relative(integer(a, 0, 0), len);
        int from = relative(integer(a, 1, 0), len);
        int to = relative(integer(a, 2, len), len);
        int count = Math.min(to - from, len - target);
        List<@Nullable Object> m = mutable(l);
        if (count > 0) {
          List<@Nullable Object> source = new ArrayList<>(m.subList(from, from + count));
          for (int i = 0; i < count; i++) {
            m.set(target + i, source.get(i));
          }
        }
        yield m;
      }
      default -> NOT_A_METHOD;
    };
  }

  private static void flatten(List<?> l, long depth, List<@Nullable Object> out) {
    RenderBudget budget = RenderBudget.current();
    for (Object x : l) {
      budget.charge(RenderBudget.ELEMENT_COST);
      if (depth > 0 && x instanceof List<?> inner) {
        flatten(inner, depth - 1, out);
      } else {
        out.add(x);
      }
    }
  }

  private static Object number(Number n, String name, Object[] a) {
    double d = n.doubleValue();
    @Nullable Double arg = a.length == 0 || a[0] == null ? null : toNumberOrNaN(a[0]);
    return switch (name) {
      case "toFixed" -> {
        long digits = arg == null ? 0 : integerOf(arg);
        if (digits < 0 || digits > 100) {
          throw rangeError("toFixed() digits argument must be between 0 and 100");
        }
        if (!Double.isFinite(d) || Math.abs(d) >= 1e21) {
          yield JsValues.number(n);
        }
        yield JsNumbers.toFixed(d, (int) digits);
      }
      case "toExponential" -> {
        long digits = arg == null ? -1 : integerOf(arg);
        if (!Double.isFinite(d)) {
          yield JsValues.number(n);
        }
        if (arg != null && (digits < 0 || digits > 100)) {
          throw rangeError("toExponential() argument must be between 0 and 100");
        }
        yield JsNumbers.toExponential(d, arg == null ? -1 : (int) digits);
      }
      case "toPrecision" -> {
        if (arg == null || !Double.isFinite(d)) {
          yield JsValues.number(n);
        }
        long precision = integerOf(arg);
        if (precision < 1 || precision > 100) {
          throw rangeError("toPrecision() argument must be between 1 and 100");
        }
        yield JsNumbers.toPrecision(d, (int) precision);
      }
      case "toString" -> {
        long radix = arg == null ? 10 : integerOf(arg);
        if (radix < 2 || radix > 36) {
          throw rangeError("toString() radix argument must be between 2 and 36");
        }
        if (radix == 10 || !Double.isFinite(d)) {
          yield JsValues.number(n);
        }
        yield JsNumbers.toRadix(d, (int) radix);
      }
      default -> NOT_A_METHOD;
    };
  }

  /** JavaScript's ToNumber for an argument; NaN where it has no number. */
  private static double toNumberOrNaN(Object o) {
    Double d = JsValues.toNumber(o);
    return d == null ? Double.NaN : d;
  }

  /** ToIntegerOrInfinity, infinities kept out of every allowed range. */
  private static long integerOf(double d) {
    if (Double.isNaN(d)) {
      return 0;
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
    }
    return (long) d;
  }

  /**
   * The list itself when it can change (then remembered so {@link #endRender} can undo it), else
   * a copy: lists a filter returned read-only change only in the method's own result.
   */
  private static List<@Nullable Object> mutable(List<@Nullable Object> l) {
    if (!(l instanceof ArrayList<?>)) {
      return new ArrayList<>(l);
    }
    IdentityHashMap<List<?>, List<?>> changed = CHANGED.get();
    if (changed != null) {
      changed.computeIfAbsent(l, ArrayList::new);
    }
    RenderBudget.current().charge((long) l.size() * RenderBudget.ELEMENT_COST);
    return l;
  }

  /** Arrays changed during the running render, with their contents before the first change. */
  private static final ThreadLocal<@Nullable IdentityHashMap<List<?>, List<?>>> CHANGED =
      new ThreadLocal<>();

  /**
   * Starts remembering the arrays a render changes.
   *
   * @return what to pass to {@link #endRender} (the enclosing render's log, if any)
   */
  static @Nullable Object beginRender() {
    IdentityHashMap<List<?>, List<?>> outer = CHANGED.get();
    CHANGED.set(new IdentityHashMap<>());
    return outer;
  }

  /** Puts back every array the render changed, and the enclosing render's log. */
  @SuppressWarnings("unchecked")
  static void endRender(@Nullable Object outer) {
    IdentityHashMap<List<?>, List<?>> changed = CHANGED.get();
    if (changed != null) {
      for (Map.Entry<List<?>, List<?>> e : changed.entrySet()) {
        List<Object> l = (List<Object>) e.getKey();
        l.clear();
        l.addAll(e.getValue());
      }
    }
    if (outer == null) {
      CHANGED.remove();
    } else {
      CHANGED.set((IdentityHashMap<List<?>, List<?>>) outer);
    }
  }

  private static List<String> split(String s, Object[] a) {
    long limit = a.length > 1 && a[1] != null ? integer(a, 1, Long.MAX_VALUE) : Long.MAX_VALUE;
    List<String> out = new ArrayList<>();
    if (limit == 0) {
      return out;
    }
    if (a.length == 0 || a[0] == null) {
      out.add(s);
      return out;
    }
    String sep = JsValues.jsString(a[0], true);
    if (sep.isEmpty()) {
      for (int i = 0; i < s.length() && out.size() < limit; i++) {
        out.add(String.valueOf(s.charAt(i)));
      }
      return out;
    }
    int from = 0;
    while (out.size() < limit) {
      int at = s.indexOf(sep, from);
      if (at < 0) {
        out.add(s.substring(from));
        break;
      }
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    RenderBudget.current().charge(out.size());
    return out;
  }

  /** {@code String.prototype.replace} with a string pattern: the first match only. */
  private static String replace(String s, String pattern, String with) {
    RenderBudget.Text t = RenderBudget.current().text("replace() result");
    int at = s.indexOf(pattern); // an empty pattern matches before the first character
    if (at < 0) {
      return t.append(s).toString();
    }
    t.append(s, 0, at);
    substitute(t, with, s, at, pattern.length());
    return t.append(s, at + pattern.length(), s.length()).toString();
  }

  /** JavaScript's replacement patterns: {@code $$}, {@code $&}, {@code $`} and {@code $'}. */
  private static void substitute(RenderBudget.Text t, String with, String s, int at, int length) {
    for (int i = 0; i < with.length(); i++) {
      char c = with.charAt(i);
      if (c == '$' && i + 1 < with.length()) {
        char next = with.charAt(i + 1);
        switch (next) {
          case '$' -> {
            t.append('$');
            i++;
            continue;
          }
          case '&' -> {
            t.append(s, at, at + length);
            i++;
            continue;
          }
          case '`' -> {
            t.append(s, 0, at);
            i++;
            continue;
          }
          case '\'' -> {
            t.append(s, at + length, s.length());
            i++;
            continue;
          }
          default -> { }
        }
      }
      t.append(c);
    }
  }

  private static int indexOf(List<?> l, @Nullable Object x, int from, boolean sameValueZero) {
    for (int i = Math.max(0, from); i < l.size(); i++) {
      if (strictEquals(l.get(i), x, sameValueZero)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code ===} ({@code includes} also finds NaN, as SameValueZero has it). */
  private static boolean strictEquals(@Nullable Object a, @Nullable Object b, boolean nanEqual) {
    if (a instanceof Number x && b instanceof Number y) {
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      return dx == dy || (nanEqual && Double.isNaN(dx) && Double.isNaN(dy));
    }
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof String || a instanceof Boolean || a == JsNull.INSTANCE) {
      return a.equals(b);
    }
    return a == b; // objects and arrays compare by identity
  }

  /** JavaScript's RangeError, reported by the sandbox as a render error. */
  private static PebbleException rangeError(String message) {
    return new PebbleException(null, "RangeError: " + message);
  }

  private static String str(Object[] a, int i) {
    return JsValues.jsString(i < a.length ? a[i] : null, true);
  }

  private static String replacement(Object[] a) {
    return str(a, 1);
  }

  /** JavaScript's ToIntegerOrInfinity, with {@code dflt} for a missing argument. */
  private static long integer(Object[] a, int i, long dflt) {
    if (i >= a.length || a[i] == null) {
      return dflt;
    }
    Double d = JsValues.toNumber(a[i]);
    if (d == null || d.isNaN()) {
      return 0;
    }
    if (d.isInfinite()) {
      return d > 0 ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
    }
    return (long) (double) d;
  }

  private static int clamp(long v, int lo, int hi) {
    return (int) Math.max(lo, Math.min(hi, v));
  }

  /** A relative index (negative counts from the end), clamped to {@code [0, len]}. */
  private static int relative(long i, int len) {
    return clamp(i < 0 ? len + i : i, 0, len);
  }
}

package dev.greenroom.scaffolder.render.internal;

import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.attributes.ResolvedAttribute;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The JavaScript methods templates call on strings, arrays and numbers ({@code
 * values.name.split(",")}, {@code .replace("a", "b")}, {@code .toUpperCase()}), as Backstage's
 * template engine runs them on JavaScript values. Backstage 1.56's scaffolder renders with
 * nunjitsu 0.7, which allows a fixed list of methods and answers every other name as undefined
 * ({@code Template value "x.replaceAll" resolved to undefined and cannot be called}): of that list
 * this implements the string methods {@code charAt charCodeAt concat endsWith includes indexOf
 * lastIndexOf replace slice split startsWith substring toLowerCase toUpperCase trim trimEnd
 * trimStart}, the array methods {@code at concat includes indexOf join slice} and the number
 * methods {@code toFixed toString}, each with its JavaScript meaning. Methods outside nunjitsu's
 * list ({@code replaceAll}, {@code padStart}, {@code repeat}, {@code substr}...), and every method
 * called on a boolean, fail the render as they fail Backstage's; Java methods are never reached. Results are charged
 * to the render's budget.
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
      result = string(s, name, a);
    } else if (instance instanceof List<?> l) {
      result = array(l, name, a);
    } else if (instance instanceof Number n) {
      result = number(n, name, a);
    } else if (instance instanceof Boolean) {
      result = NOT_A_METHOD;
    } else {
      return null;
    }
    if (result == NOT_A_METHOD) {
      // nunjitsu's words: the name is undefined on the value, and undefined cannot be called
      throw new PebbleException(null, "Template value \"" + name
          + "\" resolved to undefined and cannot be called", lineNumber, filename);
    }
    return new ResolvedAttribute(RenderBudget.current().result(result, name + "() result"));
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

  private static Object array(List<?> l, String name, Object[] a) {
    int len = l.size();
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
      case "includes" -> indexOf(l, a.length == 0 ? null : a[0], 0, true) >= 0;
      case "indexOf" -> (long) indexOf(l, a.length == 0 ? null : a[0],
          relative(integer(a, 1, 0), len), false);
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
        List<Object> out = new ArrayList<>(l);
        for (Object o : a) {
          if (o instanceof Collection<?> c) {
            out.addAll(c);
          } else {
            out.add(o);
          }
        }
        yield out;
      }
      default -> NOT_A_METHOD;
    };
  }

  private static Object number(Number n, String name, Object[] a) {
    return switch (name) {
      case "toFixed" -> {
        long digits = integer(a, 0, 0);
        if (digits < 0 || digits > 100) {
          throw rangeError("toFixed() digits argument must be between 0 and 100");
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 1e21) {
          yield JsValues.number(n);
        }
        yield new BigDecimal(d).setScale((int) digits, RoundingMode.HALF_UP).toPlainString();
      }
      case "toString" -> {
        long radix = integer(a, 0, 10);
        if (radix < 2 || radix > 36) {
          throw rangeError("toString() radix must be between 2 and 36");
        }
        double d = n.doubleValue();
        if (radix == 10 || d != Math.rint(d) || Double.isInfinite(d)) {
          yield JsValues.number(n);
        }
        yield Long.toString((long) d, (int) radix);
      }
      default -> NOT_A_METHOD;
    };
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
